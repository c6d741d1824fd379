"""`python -m bot` is `gridbot`."""

from bot.fast_import import install

install()  # before anything imports aiogram: its types build their schemas on first use (bot/fast_import.py)

from bot.cli import main  # noqa: E402

raise SystemExit(main())
