"""Feishu's error codes the stand-in answers with, and the exception its handlers raise.

Every error is answered in Feishu's shape: ``{"code": <int>, "msg": "...", "data": {}, "error": {"log_id": ...}}``.
The codes and texts are Feishu's own (open.feishu.cn → server-docs: 通用错误码 / im-v1 message create & patch
"错误码" tables).
"""

from __future__ import annotations

# Authentication (通用错误码)
TOKEN_MISSING = 99991661  # "Missing access token for authorization"
TOKEN_INVALID = 99991663  # "Invalid access token for authorization" (unknown, or expired)
APP_INVALID = 10003  # tenant_access_token/internal: "invalid param" (app_id/app_secret not known)
APP_SECRET_INVALID = 10014  # "app secret invalid"
RATE_LIMITED = 99991400  # "request trigger frequency limit" (HTTP 429, header x-ogw-ratelimit-reset)
NO_PERMISSION = 99991672  # "Access denied. One of the following scopes is required: …"

# im/v1 messages
INVALID_PARAM = 230001  # "Your request contains an invalid request parameter." (also: PATCH of a non-card)
NOT_IN_CHAT = 230002  # "The bot can not be outside the group."
MESSAGE_RECALLED = 230011  # "The message is recalled."
NO_AVAILABILITY = 230013  # "Bot has NO availability to this user."
FREQUENCY_LIMIT = 230020  # "This operation triggers the frequency limit." (PATCH: 5 QPS per message)
CONTENT_TOO_LONG = (
    230025  # "The length of the message content reaches its limit." (text 150 KB; card/post 30 KB)
)
CARD_INVALID = 230099  # "Failed to create card content."
MESSAGE_NOT_FOUND = 230005  # (stand-in) the message id is not one of this app's chats
RESOURCE_NOT_FOUND = 234003  # "File not in msg." (messages/:id/resources/:key)
IMAGE_INVALID = 234011  # "Can't recognize image format."
FILE_EMPTY = 234010  # "File's size can't be 0."
USER_NOT_FOUND = 41050  # contact/v3: "no user authority error" / no such user in the app's range

# The stand-in's own (not Feishu's): an endpoint it does not implement.
UNKNOWN_ENDPOINT = 404


class FeishuError(Exception):
    """Raised by a handler: answered as Feishu would, with ``status`` and body ``{"code", "msg"}``."""

    def __init__(
        self,
        code: int,
        msg: str,
        *,
        status: int = 400,
        headers: dict[str, str] | None = None,
        rule: bool = True,
    ) -> None:
        super().__init__(f"{code}: {msg}")
        self.code = code
        self.msg = msg
        self.status = status
        self.headers = headers or {}
        # rule=True: the request broke a documented rule (strict mode records it as an error of the bot);
        # rule=False: a refusal a correct client must expect and handle (rate limits), recorded only in `refusals`.
        self.rule = rule
