"""What the `gridbot` commands share: reading the settings, and the lines they say to the operator.

Below `bot.cli` and the command modules it adds (`bot.calendar_cli`, `bot.sandbox_runner`), so those import it
rather than the CLI that imports them. Light imports only: the digest charts' worker processes import the `gridbot`
script's module again.
"""

from __future__ import annotations

import html
import os
import re
import sys

from bot.config import Settings, database_label, misspelled_settings
from locales import LOCALES, tr_text


def load_settings() -> Settings:
    """The settings, or the reason they cannot be read (in both languages) and exit 2; a misspelled name is said."""
    try:
        settings = Settings()
    except Exception as exc:  # pydantic's message names the variable, which is what the operator needs
        # No settings, so no DEFAULT_LOCALE to go by: say it in both languages.
        for locale in LOCALES:
            print(tr_text(locale, "cli-config-error", error=str(exc)), file=sys.stderr)
        raise SystemExit(2) from exc
    # A misspelled name is ignored by the settings: say so before anything starts (the sandbox, for a BOT_TOKN).
    for given, meant in misspelled_settings(os.environ):
        print(
            tr_text(settings.default_locale, "cli-misspelled-setting", given=given, meant=meant),
            file=sys.stderr,
        )
    return settings


def plain(text: str) -> str:
    """A message rendered as HTML (the chat's form), as the terminal should show it: tags dropped, entities back."""
    return html.unescape(re.sub(r"<[^>]+>", "", str(text)))


def say(settings: Settings, msg_id: str, **args: object) -> None:
    """A line for the operator, in DEFAULT_LOCALE; flushed, since it is often read through a pipe. Plain text: a
    terminal shows no HTML (a name with an apostrophe is printed as written, not as &#39;)."""
    print(tr_text(settings.default_locale, msg_id, **args), flush=True)


def say_database(settings: Settings, *, sandbox: bool = False) -> None:
    """An admin command's first line: the database it acts on (password masked), on stderr so that what the command
    prints (an invite link) stays alone on stdout. The sandbox's is named as such: it never uses DATABASE_URL."""
    url = settings.sandbox_database_url if sandbox else settings.database_url
    msg_id = "cli-database-sandbox" if sandbox else "cli-database"
    print(tr_text(settings.default_locale, msg_id, database=database_label(url)), file=sys.stderr, flush=True)
