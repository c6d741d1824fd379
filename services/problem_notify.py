"""The old path of `services.problems.notify` (notifications about problems), kept for its importers."""

from services.problems.notify import ACK_DATA as ACK_DATA
from services.problems.notify import OPEN_DATA as OPEN_DATA
from services.problems.notify import REGISTER_DATA as REGISTER_DATA
from services.problems.notify import Render as Render
from services.problems.notify import card_key as card_key
from services.problems.notify import cards as cards
from services.problems.notify import keyboard as keyboard
from services.problems.notify import reachable as reachable
from services.problems.notify import send as send
