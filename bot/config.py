"""Deployment settings for the bot floor: `Settings` itself lives in `domain.settings` (so dialogs and reminders
read it from below) and is re-exported here; what only the command line needs stays here."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.settings import TELEGRAM_API as TELEGRAM_API
from domain.settings import Settings as Settings
from locales import LOCALES


class LocaleSetting(BaseSettings):
    """DEFAULT_LOCALE alone, read as `Settings` reads it: for `gridbot --help`, which must not fail on another
    setting (the command then reports that one)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    default_locale: str = LOCALES[0]


def database_label(url: str) -> str:
    """Where the data is, for people: the file for SQLite (the default path is relative: where it really is),
    otherwise the URL with its password as ***."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # not a URL SQLAlchemy reads (the command fails on it anyway): nothing of it is said
        return "?"
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return str(Path(parsed.database).resolve())
    return parsed.render_as_string(hide_password=True)


def misspelled_settings(
    environ: Mapping[str, str], env_file: Path | None = Path(".env")
) -> list[tuple[str, str]]:
    """(the name given, the setting it is spelled like) for each variable in `environ` or `env_file` that is not one
    of the settings but nearly is: pydantic-settings ignores unknown names, so `BOT_TOKN=…` would quietly open the
    sandbox instead of connecting to Telegram."""
    known = {name.upper() for name in Settings.model_fields}
    names = set(environ)
    if env_file is not None and env_file.is_file():
        from dotenv import dotenv_values  # pydantic-settings reads .env with python-dotenv

        names |= set(dotenv_values(env_file))
    found = []
    for name in sorted(names):
        if name.upper() in known:
            continue
        close = difflib.get_close_matches(name.upper(), known, n=1, cutoff=0.85)
        if close:
            found.append((name, close[0]))
    return found
