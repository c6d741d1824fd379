"""sandbox: a local Telegram Bot API emulator with a web chat, for tests and demos.

It imports nothing from the bot. See docs/emulator.md.
"""

from .client import CallbackAnswer, Message, SandboxClient, SandboxError, SandboxUser
from .emulator import Emulator

__all__ = ["CallbackAnswer", "Emulator", "Message", "SandboxClient", "SandboxError", "SandboxUser"]
