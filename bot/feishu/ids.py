"""Which messenger an integer id belongs to (storage.messenger_ids), and the Feishu bot's own aiogram token."""

from __future__ import annotations

from storage.messenger_ids import FEISHU_ID_BASE as FEISHU_ID_BASE
from storage.messenger_ids import is_feishu_id

# The aiogram Bot that speaks Feishu needs a token of Telegram's shape; its id (the part before the colon) is the
# Feishu bot's id in the update inbox and the dialog storage, apart from the Telegram bot's.
FEISHU_BOT_TOKEN = "9000000001:feishu"


def is_feishu(chat_id: int | None) -> bool:
    return is_feishu_id(chat_id)
