"""`python -m bot` is `gridbot`."""

from bot.cli import main

raise SystemExit(main())
