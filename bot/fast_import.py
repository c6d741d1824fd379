"""aiogram's pydantic types build their schemas on first use, not at import: in the bot process only (issue 14).

aiogram already sets pydantic's `defer_build` on `TelegramObject`, but `aiogram/types/__init__.py` then calls
`model_rebuild()` on each of its ~450 types to resolve their forward references, which builds every schema at import:
about 80 % of importing aiogram (1.5–2.5 s here) and ~100 MB, each type generating its not yet built neighbours
again. `install()` (called first thing by `python -m bot` and `gridbot`) puts an import hook in front of three
aiogram modules:

- `aiogram.types`: during its import, that loop's `model_rebuild(_types_namespace=…)` only keeps the namespace;
- `aiogram.types.base`: `TelegramObject.model_rebuild` passes that namespace whenever pydantic builds one of those
  types later (on first validation or serialization, through its mock validator), so a deferred build resolves the
  same names as aiogram's own loop would have;
- `aiogram.methods.base`: the Bot API methods (`TelegramMethod`) and the answers' `Response[...]` get `defer_build`
  too and build with the same namespace (built at import, they would generate the deferred types inside them).

The schemas are the same as built eagerly (same JSON schema for every type and method); only the moment differs, so
the first update, the first call of each method cost a few milliseconds more, once. A process that imported aiogram
before `install()` (the test suite) keeps aiogram's eager build: the hook only acts on an import still to come.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

_HOOKED = ("aiogram.types", "aiogram.types.base", "aiogram.methods.base")


class _State:
    collecting = False  # inside aiogram.types' own import: its model_rebuild loop is deferred
    namespace: dict[str, Any] | None = None  # the namespace that loop passes
    deferred: set[type] = set()  # the types that loop would have built
    methods_deferred = False


_state = _State()


def active() -> bool:
    """aiogram was imported with the deferral: its types and methods build on first use."""
    return _state.namespace is not None and _state.methods_deferred


def _model_rebuild(original: Any) -> Any:
    def model_rebuild(cls: Any, **kwargs: Any) -> bool | None:
        if (
            _state.collecting
            and kwargs.get("_types_namespace") is not None
            and not kwargs.get("force")
            and cls.__module__.startswith("aiogram.types.")
        ):
            _state.namespace = kwargs["_types_namespace"]
            _state.deferred.add(cls)
            return None
        if kwargs.get("_types_namespace") is None and _state.namespace is not None:
            # Any deferred subclass, aiogram's or another library's (aiogram-dialog's ReplyCallbackQuery), is built
            # with aiogram's names as well as its own module's (no name differs between the two today).
            kwargs["_types_namespace"] = _state.namespace
        # One frame more than pydantic expects: the caller's namespace is the same frame as without this wrapper.
        kwargs["_parent_namespace_depth"] = kwargs.get("_parent_namespace_depth", 2) + 1
        return original(cls, **kwargs)

    return classmethod(model_rebuild)


def _after(name: str, module: ModuleType) -> None:
    if name == "aiogram.types.base":
        base = module.TelegramObject
        base.model_rebuild = _model_rebuild(base.model_rebuild.__func__)
    elif name == "aiogram.methods.base" and _state.namespace is not None:
        for base in (module.TelegramMethod, module.Response):
            base.model_config["defer_build"] = True  # inherited by the classes defined from now on
            base.model_rebuild = _model_rebuild(base.model_rebuild.__func__)
        _state.methods_deferred = True


class _Hook(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in _HOOKED:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        loader = spec.loader if spec is not None else None
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        exec_module = loader.exec_module

        def exec_and_adjust(module: ModuleType) -> None:
            collecting = fullname == "aiogram.types"  # not its submodules, imported while it runs
            _state.collecting = _state.collecting or collecting
            try:
                exec_module(module)
            finally:
                if collecting:
                    _state.collecting = False
            _after(fullname, module)
            if fullname == _HOOKED[-1]:
                _uninstall()

        loader.exec_module = exec_and_adjust  # type: ignore[method-assign]  # this spec's own loader only
        return spec


def _uninstall() -> None:
    sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, _Hook)]


def install() -> None:
    """Defer aiogram's schemas if aiogram is still to be imported in this process; otherwise nothing."""
    if "aiogram" in sys.modules or any(isinstance(finder, _Hook) for finder in sys.meta_path):
        return
    sys.meta_path.insert(0, _Hook())
