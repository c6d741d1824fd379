"""Routers that a button press passes over at the cost of a look-up.

aiogram hands every update to each router in turn, and each router it passes costs a dozen microseconds however
little it holds (its middleware chain is built, the update's data, dozens of values, is copied several times), so
the routers in front of the dialogs were a tenth of a button press. A `LeanRouter` returns at once, as "not handled",
for an update that nothing inside it could take:
- an update of a kind no router inside it handles (a press, for the routers of commands and /start);
- with a `gate`, an update of the gated kind the gate refuses (a dialog's press, for the notification buttons'
  routers, whose prefixes it does not carry).
That is what aiogram would conclude after the walk, and nothing inside runs on the way for such an update: the
kinds are those with no handler, no outer middleware and no router-wide filter anywhere inside, and a gate is the
router-wide filter the router would apply first (it has no outer middleware of that kind). The kinds are read at
the first update: routers are complete by then (as aiogram's own polling assumes when it asks which kinds to fetch).
An update it does pass on, of a kind it has no handler and no outer middleware of itself (a container such as the
members' router), goes to the routers inside after its router-wide filters, as aiogram would hand it on, without
the empty middleware chain and the copies of the update's data aiogram makes at each router.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject

Gate = Callable[[Any], Awaitable[bool]]


class LeanRouter(Router):
    def __init__(self, *, name: str | None = None, gate: tuple[str, Gate] | None = None) -> None:
        """`gate`: (kind of update, filter): that kind reaches the routers inside only when the filter passes; the
        filter is also this router's own filter for that kind, as `router.<kind>.filter(...)` would make it."""
        super().__init__(name=name)
        self._gate = gate
        if gate is not None:
            self.observers[gate[0]].filter(gate[1])
        self._handled: frozenset[str] | None = None

    async def propagate_event(self, update_type: str, event: TelegramObject, **kwargs: Any) -> Any:
        if self._handled is None:
            self._handled = handled_kinds(self)
        if update_type not in self._handled:
            return UNHANDLED
        if self._gate is not None and update_type == self._gate[0] and not await self._gate[1](event):
            return UNHANDLED
        observer = self.observers.get(update_type)
        if observer is None or observer.handlers or observer.outer_middleware:
            return await super().propagate_event(update_type, event, **kwargs)
        # Nothing of its own for this kind (no handler, no outer middleware): what aiogram's walk does, without
        # building an empty middleware chain and copying the update's data at each step of it.
        kwargs["event_router"] = self
        if observer._handler.filters:
            passed, data = await observer.check_root_filters(event, **kwargs)
            if not passed:
                return UNHANDLED
            kwargs.update(data)
        for router in self.sub_routers:
            response = await router.propagate_event(update_type=update_type, event=event, **kwargs)
            if response is not UNHANDLED:
                return response
        return UNHANDLED


def handled_kinds(router: Router) -> frozenset[str]:
    """The kinds of update that something in `router` or the routers inside it acts on: a handler, an outer
    middleware or a router-wide filter."""
    kinds: set[str] = set()
    for inner in router.chain_tail:
        for kind, observer in inner.observers.items():
            if observer.handlers or getattr(observer, "outer_middleware", None) or observer._handler.filters:
                kinds.add(kind)
    return frozenset(kinds)
