"""Administrator: the roster by file in the chat (issue 17) — the template, a file's preview, ✅ 确认导入, and the
deactivation of people the file no longer names. Validation and writing are `services.roster_chat`'s, which runs the
code `gridbot roster import` runs and checks the administrator role itself."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from aiogram.enums import ContentType
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, SwitchTo
from aiogram_dialog.widgets.text import Format
from markupsafe import Markup

from dialogs.guard import StaleGuard
from dialogs.states import AdminRoster
from dialogs.widgets import L, actor_of, answer_callback, capped_lines, hint_input, now_of
from domain.roles import Action
from domain.roster_file import render_errors
from domain.roster_io import write_template
from locales import Html, tr, tr_text
from services.roster_chat import (
    NotAllowed,
    Preview,
    StaleRoster,
    confirm_roster,
    deactivate_missing,
    preview_roster,
)

MAX_BYTES = 10 * 1024 * 1024
_SUFFIXES = (".xlsx", ".xlsm", ".csv")


def _locale(manager: DialogManager) -> str:
    return actor_of(manager).locale


def _db(manager: DialogManager) -> Any:
    return manager.middleware_data["db"]


async def _refuse(message: Message, manager: DialogManager) -> None:
    locale = _locale(manager)
    await message.answer(tr(locale, "no-permission", action=tr(locale, "action-roster")))
    manager.show_mode = ShowMode.DELETE_AND_SEND


def _errors_text(locale: str, errors: Any) -> Html:
    return capped_lines(
        locale, [tr(locale, "roster-chat-errors", count=len(errors)), *render_errors(errors, locale)]
    )


def _preview_text(locale: str, preview: Preview) -> Html:
    lines = [
        tr(
            locale,
            "roster-chat-preview",
            new=preview.new,
            changed=len(preview.changed),
            unchanged=preview.unchanged,
            missing=len(preview.missing),
        )
    ]
    for change in preview.changed:
        what = tr_text(locale, "roster-chat-sep").join(
            tr_text(locale, f"roster-chat-what-{w}") for w in change.what
        )
        lines.append(tr(locale, "roster-chat-changed", name=change.name, phone=change.phone, what=what))
    lines.extend(_missing_lines(locale, preview.missing))
    return capped_lines(locale, lines)


def _missing_lines(locale: str, missing: Any) -> list[Html]:
    """Who is in the database but not in the file (phones masked), under its heading; nothing when nobody is."""
    if not missing:
        return []
    return [
        tr(locale, "roster-chat-missing-head", count=len(missing)),
        *(tr(locale, "roster-chat-person", name=m.name, phone=m.phone) for m in missing),
    ]


async def _not_admin(callback: CallbackQuery, locale: str) -> None:
    await answer_callback(callback, tr_text(locale, "no-permission", action=tr_text(locale, "action-roster")))


async def on_template(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    locale = _locale(manager)
    if not actor_of(manager).can(Action.ROSTER):
        await _not_admin(callback, locale)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / tr_text(locale, "roster-chat-template-file")
        write_template(path, locale)
        data = path.read_bytes()
    assert callback.message is not None
    await callback.message.answer_document(
        BufferedInputFile(data, filename=path.name), caption=tr(locale, "roster-chat-template-caption")
    )
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_document(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    locale = _locale(manager)
    actor = actor_of(manager)
    if not actor.can(Action.ROSTER):
        await _refuse(message, manager)
        return
    document = message.document
    assert document is not None
    suffix = Path(document.file_name or "").suffix.lower()
    manager.show_mode = ShowMode.DELETE_AND_SEND
    if suffix not in _SUFFIXES:
        await message.answer(tr(locale, "roster-chat-wrong-file", file=document.file_name or ""))
        return
    if document.file_size and document.file_size > MAX_BYTES:
        await message.answer(tr(locale, "roster-chat-too-big"))
        return
    settings = manager.middleware_data["settings"]
    stamp = now_of(manager).strftime("%Y%m%dT%H%M%S")
    safe = "".join(ch for ch in document.file_unique_id if ch.isalnum() or ch in "-_") or "roster"
    path = Path(settings.media_dir) / "rosters" / f"{stamp}-{safe}{suffix}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        await message.bot.download(document.file_id, destination=path)  # type: ignore[union-attr]
    except Exception:  # network, expired file, full disk: the person may send it again
        path.unlink(missing_ok=True)
        await message.answer(tr(locale, "roster-chat-download-failed"))
        return
    try:
        preview = await preview_roster(_db(manager), actor, path)
    except NotAllowed:
        await _refuse(message, manager)
        return
    if preview.errors:
        manager.dialog_data.update(body=str(_errors_text(locale, preview.errors)))
        await manager.switch_to(AdminRoster.upload)
        return
    manager.dialog_data.update(
        body=str(_preview_text(locale, preview)),
        path=str(path),
        fingerprint=preview.fingerprint,
        missing=len(preview.missing),
    )
    await manager.switch_to(AdminRoster.preview)


async def on_not_document(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await message.answer(tr(_locale(manager), "roster-chat-send-file"))
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def _stale(callback: CallbackQuery, manager: DialogManager) -> None:
    await answer_callback(callback, tr_text(_locale(manager), "roster-chat-stale"))
    manager.dialog_data.clear()
    manager.dialog_data["body"] = str(tr(_locale(manager), "roster-chat-stale"))
    await manager.switch_to(AdminRoster.upload)


async def on_confirm(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    locale = _locale(manager)
    data = manager.dialog_data
    if "path" not in data:
        await _stale(callback, manager)
        return
    actor = actor_of(manager)
    path = Path(data["path"])
    try:
        result = await confirm_roster(_db(manager), actor, path, data["fingerprint"], now=now_of(manager))
    except NotAllowed:
        await _not_admin(callback, locale)
        return
    except StaleRoster:
        await _stale(callback, manager)
        return
    if result.errors:
        data.clear()
        data["body"] = str(_errors_text(locale, result.errors))
        await manager.switch_to(AdminRoster.upload)
        return
    body = [
        tr(
            locale,
            "roster-import-summary",
            created=result.created,
            updated=result.updated,
            communities=result.communities,
            grids=result.grids,
        )
    ]
    # After the import the roster is new: the people the file leaves out are offered against this new state.
    after = await preview_roster(_db(manager), actor, path)
    body.extend(_missing_lines(locale, after.missing))
    data.update(
        body=str(capped_lines(locale, body)), fingerprint=after.fingerprint, missing=len(after.missing)
    )
    await manager.switch_to(AdminRoster.done)


async def on_deactivate(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    locale = _locale(manager)
    data = manager.dialog_data
    if "path" not in data:
        await _stale(callback, manager)
        return
    try:
        count = await deactivate_missing(
            _db(manager), actor_of(manager), Path(data["path"]), data["fingerprint"], now=now_of(manager)
        )
    except NotAllowed:
        await _not_admin(callback, locale)
        return
    except StaleRoster:
        await _stale(callback, manager)
        return
    data.clear()
    data["body"] = str(tr(locale, "roster-chat-deactivated", count=count))
    await manager.switch_to(AdminRoster.upload)


async def body_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    return {
        "body": Markup(data.get("body", "")),  # noqa: S704 (rendered by `tr` above, escaped there)
        "count": data.get("missing", 0),
        "has_missing": bool(data.get("missing")),
    }


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("roster-chat-upload"),
            Format("{body}"),
            Button(L("roster-chat-btn-template"), id="template", on_click=on_template),
            Cancel(L("btn-back")),
            MessageInput(on_document, content_types=[ContentType.DOCUMENT]),
            MessageInput(on_not_document),
            StaleGuard(),
            getter=body_getter,
            state=AdminRoster.upload,
        ),
        Window(
            Format("{body}"),
            Button(L("roster-chat-btn-confirm"), id="confirm", on_click=on_confirm),
            SwitchTo(L("roster-chat-btn-resend"), id="resend", state=AdminRoster.upload),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=body_getter,
            state=AdminRoster.preview,
        ),
        Window(
            Format("{body}"),
            SwitchTo(
                L("roster-chat-btn-deactivate"), id="ask", state=AdminRoster.deactivate, when="has_missing"
            ),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=body_getter,
            state=AdminRoster.done,
        ),
        Window(
            L("roster-chat-deactivate-ask"),
            Button(L("roster-chat-btn-deactivate-yes"), id="deactivate", on_click=on_deactivate),
            SwitchTo(L("btn-back"), id="no", state=AdminRoster.done),
            hint_input(),
            StaleGuard(),
            getter=body_getter,
            state=AdminRoster.deactivate,
        ),
    )
