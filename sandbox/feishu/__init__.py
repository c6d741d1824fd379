"""A local stand-in for the Feishu (飞书/Lark) Open API and its event callbacks, for tests.

It imports nothing from the bot: it is what Feishu would be. See ``server.FeishuStandIn`` and docs/messengers.md.
"""

from .content import Button, Seen
from .events import Delivery
from .limits import Limits
from .server import FeishuStandIn, free_port
from .world import FeishuUser, Message

__all__ = ["Button", "Delivery", "FeishuStandIn", "FeishuUser", "Limits", "Message", "Seen", "free_port"]
