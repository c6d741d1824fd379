"""The one sender of everything the bot says on its own initiative: it drains the outbox within Telegram's limits.

Limits: about 30 messages a second overall and one a second per chat (settings SEND_RATE_PER_SECOND and
SEND_CHAT_INTERVAL: a Bot API server of one's own or a paid broadcast tier has others), paced evenly so that no
one-second window ever holds more than the limit (`RateLimiter`). A 429 is waited out for as long as Telegram
says (`retry_after`), all sending paused meanwhile, and the message stays queued; transient errors (5xx, network) are retried with backoff; a 403
marks the person inactive and drops the message; other 400s are recorded as failed, except for edits: "message is not
modified" counts as done, and an edit of a message gone from the chat is sent as a new message when its row asks
for that (`or_send`, `outbox.send_anew`).

A message is claimed right before its call to Telegram, never earlier, and marked sent right after, each in its own
short transaction, never across the call; what is merely due stays queued, free for any sender. The claim is a lease
(`LEASE_MARGIN` longer than the call's timeout), and the call is given up after `SEND_TIMEOUT` (`UPLOAD_TIMEOUT` for
a file): a sender that dies holds back only the messages it was sending, until their lease runs out; a call that
hangs holds up only its own chat (the next chats' calls start beside it after `overlap_after`), and is retried (a
possible duplicate, counted: `uncertain_retries`, and marked on the row). Each chat's messages go one at a time, in
order, on every sender; a chat that had its message this second waits for its turn without holding up the others.

One module a concern: `payload` (an outbox row as Bot API parameters), `rate` (the limits), `outbox_sender` (the
sender). Everything is re-exported here.
"""

from __future__ import annotations

from bot.sender.outbox_sender import EDIT_TARGET_GONE as EDIT_TARGET_GONE
from bot.sender.outbox_sender import LEASE_MARGIN as LEASE_MARGIN
from bot.sender.outbox_sender import MAX_ATTEMPTS as MAX_ATTEMPTS
from bot.sender.outbox_sender import SEND_TIMEOUT as SEND_TIMEOUT
from bot.sender.outbox_sender import UPLOAD_TIMEOUT as UPLOAD_TIMEOUT
from bot.sender.outbox_sender import OutboxSender as OutboxSender
from bot.sender.outbox_sender import log as log
from bot.sender.payload import telegram_payload as telegram_payload
from bot.sender.rate import RateLimiter as RateLimiter
from bot.sender.rate import Slot as Slot
