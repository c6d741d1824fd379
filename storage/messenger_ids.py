"""Integer ids for a second messenger's string ids (issue 19): Feishu's open_id, message_id… get a row in
`messenger_ids` and the bot uses `FEISHU_ID_BASE + row id`. Telegram's ids stay below 2**52, so the two ranges never
meet and any id tells its messenger (`is_feishu_id`). Both directions are cached in the process: a row never changes.
"""

from __future__ import annotations

from sqlalchemy import select

from storage.db import Database, insert_for
from storage.models import MessengerId

FEISHU = "feishu"
FEISHU_ID_BASE = 8_000_000_000_000_000_000
USER, MESSAGE = "user", "message"


def is_feishu_id(value: int | None) -> bool:
    return value is not None and value >= FEISHU_ID_BASE


class MessengerIds:
    """get-or-create and reverse, for one messenger, over one database."""

    def __init__(self, db: Database, messenger: str = FEISHU, base: int = FEISHU_ID_BASE) -> None:
        self.db, self.messenger, self.base = db, messenger, base
        self._ints: dict[tuple[str, str], int] = {}
        self._externals: dict[int, tuple[str, str]] = {}

    def _remember(self, kind: str, external: str, row_id: int) -> int:
        number = self.base + row_id
        self._ints[(kind, external)] = number
        self._externals[number] = (kind, external)
        return number

    async def number(self, kind: str, external: str) -> int:
        """The integer id of this external id (made on first sight)."""
        if (hit := self._ints.get((kind, external))) is not None:
            return hit
        where = (
            MessengerId.messenger == self.messenger,
            MessengerId.kind == kind,
            MessengerId.external == external,
        )
        async with self.db.session() as session:
            row_id = await session.scalar(select(MessengerId.id).where(*where))
            if row_id is None:
                insert = insert_for(self.db.dialect)
                await session.execute(
                    insert(MessengerId)
                    .values(messenger=self.messenger, kind=kind, external=external)
                    .on_conflict_do_nothing(index_elements=["messenger", "kind", "external"])
                )
                row_id = await session.scalar(select(MessengerId.id).where(*where))
        assert row_id is not None
        return self._remember(kind, external, row_id)

    async def external(self, number: int, kind: str | None = None) -> str | None:
        """The external id behind an integer id (of `kind` when given), or None when there is none."""
        hit = self._externals.get(number)
        if hit is None and number >= self.base:
            async with self.db.session() as session:
                row = (
                    await session.execute(
                        select(MessengerId.kind, MessengerId.external).where(
                            MessengerId.id == number - self.base, MessengerId.messenger == self.messenger
                        )
                    )
                ).first()
            if row is not None:
                self._remember(row.kind, row.external, number - self.base)
                hit = (row.kind, row.external)
        if hit is None or (kind is not None and hit[0] != kind):
            return None
        return hit[1]
