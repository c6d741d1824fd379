"""The SQL statements a piece of code sends, for tests that hold a query count down."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from storage.db import Database


@contextmanager
def executed(db: Database) -> Iterator[list[str]]:
    """Every statement `db` sends to the database while the block runs, in order."""
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", note)
