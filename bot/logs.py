"""Logging that keeps personal data out: exception messages can carry what a person typed, or a phone number from a
failed SQL statement, so tracebacks are written as the exception's type and code locations only."""

from __future__ import annotations

import logging
import traceback


def redacted_traceback(exc: BaseException) -> str:
    """The exception's type and where it happened (file, line, function); no message, no source text."""
    frames = "\n".join(
        f"  {f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(exc.__traceback__)
    )
    return f"{type(exc).__module__}.{type(exc).__qualname__} (message withheld)\n{frames}"


class SafeFormatter(logging.Formatter):
    """Every logger's tracebacks (aiogram's, SQLAlchemy's, ours) go through `redacted_traceback`."""

    def format(self, record: logging.LogRecord) -> str:
        cached, record.exc_text = record.exc_text, None  # another handler may have cached the full traceback
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        return redacted_traceback(ei[1]) if ei[1] is not None else ""


def setup_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=getattr(logging, level.upper(), logging.INFO), handlers=[handler], force=True)
    # aiogram logs every handled update, Alembic every plugin and step, and APScheduler every job it adds and runs,
    # at INFO: noise on every start and every minute. LOG_LEVEL=DEBUG shows them all.
    quiet = logging.NOTSET if level.upper() == "DEBUG" else logging.WARNING
    for name in ("aiogram.event", "alembic", "apscheduler"):
        logging.getLogger(name).setLevel(quiet)
