"""Uploads, file ids and downloads (sendPhoto/sendDocument/sendMediaGroup/editMessageMedia/getFile)."""

from __future__ import annotations

import struct
import zlib

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InputMediaDocument, InputMediaPhoto
from conftest import ZHANG

from sandbox import SandboxClient


def png(width: int, height: int) -> bytes:
    """A valid one-colour PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x80\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


XLSX = b"PK\x03\x04 not really a workbook"


async def test_send_photo_upload_and_download(bot: Bot, sandbox: SandboxClient) -> None:
    data = png(40, 30)
    sent = await bot.send_photo(
        ZHANG, BufferedInputFile(data, "map.png"), caption="<i>网格图</i>", parse_mode="HTML"
    )
    assert sent.photo and (sent.photo[-1].width, sent.photo[-1].height) == (40, 30)
    assert sent.caption == "网格图" and sent.caption_entities and sent.caption_entities[0].type == "italic"
    file = await bot.get_file(sent.photo[-1].file_id)
    assert file.file_size == len(data) and file.file_path
    downloaded = await bot.download(file)
    assert downloaded is not None and downloaded.read() == data
    again = await bot.send_photo(ZHANG, sent.photo[-1].file_id)
    assert again.photo and again.photo[-1].file_id == sent.photo[-1].file_id
    last = await sandbox.user(ZHANG).last_message()
    assert last and last.photo and last.photo["url"].startswith("/sandbox/files/")


async def test_send_document_keeps_name_and_type(bot: Bot, sandbox: SandboxClient) -> None:
    sent = await bot.send_document(ZHANG, BufferedInputFile(XLSX, "走访台账.xlsx"), caption="导出")
    doc = sent.document
    assert doc and doc.file_name == "走访台账.xlsx"
    assert doc.mime_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    last = await sandbox.user(ZHANG).last_message()
    assert last and last.document and last.text == "导出"
    assert await sandbox.download(last.document["url"]) == XLSX


async def test_bad_file_references(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest) as info:
        await bot.send_photo(ZHANG, "no-such-file-id")
    assert info.value.message == "Bad Request: wrong file identifier/HTTP URL specified"
    with pytest.raises(TelegramBadRequest, match="invalid file_id"):
        await bot.get_file("no-such-file-id")
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_photo(ZHANG, BufferedInputFile(png(1, 1), "p.png"), caption="长" * 1025)


async def test_media_group(bot: Bot) -> None:
    album = await bot.send_media_group(
        ZHANG,
        [
            InputMediaPhoto(media=BufferedInputFile(png(2, 2), "a.png"), caption="一"),
            InputMediaPhoto(media=BufferedInputFile(png(3, 3), "b.png")),
        ],
    )
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
    assert album[0].caption == "一" and album[1].photo and album[1].photo[-1].width == 3


async def test_edit_media_and_caption(bot: Bot, sandbox: SandboxClient) -> None:
    sent = await bot.send_photo(ZHANG, BufferedInputFile(png(5, 5), "a.png"), caption="旧")
    edited = await bot.edit_message_media(
        InputMediaDocument(media=BufferedInputFile(XLSX, "报表.xlsx"), caption="新"),
        chat_id=ZHANG,
        message_id=sent.message_id,
    )
    assert (
        not isinstance(edited, bool) and edited.document and edited.photo is None and edited.caption == "新"
    )
    recaptioned = await bot.edit_message_caption(chat_id=ZHANG, message_id=sent.message_id, caption="再改")
    assert not isinstance(recaptioned, bool) and recaptioned.caption == "再改"
    text = await bot.send_message(ZHANG, "文字")
    with pytest.raises(TelegramBadRequest, match="there is no caption in the message to edit"):
        await bot.edit_message_caption(chat_id=ZHANG, message_id=text.message_id, caption="x")
    with pytest.raises(TelegramBadRequest, match="there is no text in the message to edit"):
        await bot.edit_message_text("x", chat_id=ZHANG, message_id=sent.message_id)


async def test_user_photo_reaches_the_bot_and_downloads(bot: Bot, sandbox: SandboxClient) -> None:
    data = png(64, 48)
    await sandbox.user(ZHANG).send_photo(data, caption="现场照片")
    [update] = await bot.get_updates(timeout=0)
    assert update.message and update.message.photo and update.message.caption == "现场照片"
    photo = update.message.photo[-1]
    assert (photo.width, photo.height) == (64, 48)
    downloaded = await bot.download(photo.file_id)
    assert downloaded is not None and downloaded.read() == data
