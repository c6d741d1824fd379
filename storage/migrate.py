"""Alembic migrations, run programmatically (`gridbot db upgrade`, and on every start).

Alembic is imported only when a migration runs: on every start the schema is usually current, which is told without
it, by comparing the revision stored in `alembic_version` with the head of the revision files (`head_revision`)."""

from __future__ import annotations

import ast
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from storage.db import READ_ONLY, Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
VERSIONS = MIGRATIONS / "versions"
MIGRATION_LOCK_KEY = 0x6772_6964  # "grid"
VERSION_TABLE = "alembic_version"  # alembic's default; env.py keeps it


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def revisions(url: str = "sqlite://") -> list[str]:
    """All revisions, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(url))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


async def _run(db: Database, fn, revision: str) -> None:
    cfg = alembic_config(db.url)

    def _in_sync(connection: Connection) -> None:
        cfg.attributes["connection"] = connection
        fn(cfg, revision)

    async with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several instances starting at once migrate one after the other (released at commit); SQLite's
            # BEGIN IMMEDIATE already does the same.
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        await connection.run_sync(_in_sync)


async def upgrade(db: Database, revision: str = "head") -> None:
    if revision == "head" and await is_current(db):
        return  # what alembic would find too, without importing it
    from alembic import command

    await _run(db, command.upgrade, revision)


async def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    await _run(db, command.downgrade, revision)


def _literal(tree: ast.Module, name: str) -> object:
    """The value of a module-level `name = <literal>` (the last one, as Python would have it); KeyError when there is
    none, ValueError when it is not a literal."""
    found: list[ast.expr | None] = []
    for node in tree.body:
        value: ast.expr | None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        else:
            continue
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            found.append(value)
    if not found:
        raise KeyError(name)
    if found[-1] is None:
        raise ValueError(name)
    return ast.literal_eval(found[-1])


def head_revision() -> str | None:
    """The one head of the revision files, read from their `revision = "…"` and `down_revision = …` lines (parsed,
    not imported: no alembic, no SQLAlchemy operations). None whenever this cannot be told for sure — a file that
    does not spell these as literals, a branch label, a dependency, a merge, two heads, a missing parent — and then
    alembic decides. The files are the ones alembic reads: every `*.py` in versions/ but `__init__.py`."""
    parents: dict[str, tuple[str, ...]] = {}
    try:
        for path in sorted(VERSIONS.glob("*.py")):
            if path.name.startswith(("__init__", ".#")):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            revision = _literal(tree, "revision")
            down = _literal(tree, "down_revision")
            for optional in ("branch_labels", "depends_on"):
                try:
                    if _literal(tree, optional) is not None:
                        return None
                except KeyError:
                    pass
            if not isinstance(revision, str) or revision in parents:
                return None
            if down is None:
                parents[revision] = ()
            elif isinstance(down, str):
                parents[revision] = (down,)
            else:
                return None  # a merge (a tuple of parents): alembic's to judge
    except (OSError, SyntaxError, ValueError, KeyError):
        return None
    if sum(1 for down in parents.values() if not down) != 1:
        return None  # no base, or several
    if any(down not in parents for downs in parents.values() for down in downs):
        return None
    heads = set(parents) - {down for downs in parents.values() for down in downs}
    return heads.pop() if len(heads) == 1 else None


async def stored_revisions(db: Database) -> set[str] | None:
    """The revisions recorded in the database's `alembic_version`; None when it has no such table."""

    def read(connection: Connection) -> set[str] | None:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        return {row[0] for row in connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))}

    async with db.engine.connect() as connection:
        reader = await connection.execution_options(**{READ_ONLY: True})  # SQLite: no write lock for a read
        return await reader.run_sync(read)


async def is_current(db: Database) -> bool:
    """Whether the database is at the head revision, told without alembic; False when unsure (alembic then looks)."""
    head = head_revision()
    return head is not None and await stored_revisions(db) == {head}


@asynccontextmanager
async def migrated_database(url: str) -> AsyncIterator[Database]:
    """A database brought up to the newest revision, disposed on the way out: what every CLI command starts with."""
    db = Database(url)
    try:
        await upgrade(db)
        yield db
    finally:
        await db.dispose()
