"""The parsed locale files are kept beside them (locales.parsed, issue 14: a start reads them instead of parsing
0.1–0.2 s a locale) and are never served stale, damaged or foreign."""

from __future__ import annotations

import logging
import pickle
import shutil
from pathlib import Path

import pytest
from fluent.runtime import FluentBundle
from fluent.syntax import FluentParser, ast

import locales


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the locale files with no cache yet, read by locales.parsed in place of the real ones."""
    copy = tmp_path / "locales"
    shutil.copytree(locales.LOCALES_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    monkeypatch.setattr(locales, "LOCALES_DIR", copy)
    return copy


def text(resources: list[ast.Resource], msg_id: str) -> str:
    bundle = FluentBundle(["zh-CN"], use_isolating=False)
    for resource in resources:
        bundle.add_resource(resource)
    rendered, errors = bundle.format_pattern(bundle.get_message(msg_id).value)
    assert not errors
    return rendered


def same(a: list[ast.Resource], b: list[ast.Resource]) -> bool:
    return len(a) == len(b) and all(x.equals(y) for x, y in zip(a, b, strict=True))


def fresh(folder: Path, locale: str) -> list[ast.Resource]:
    parser = FluentParser(with_spans=False)
    return [parser.parse(p.read_text(encoding="utf-8")) for p in sorted((folder / locale).glob("*.ftl"))]


def cache_files(folder: Path, locale: str) -> list[Path]:
    return sorted((folder / "__pycache__").glob(f"{locale}.*.fluent.pickle"))


def test_parsed_once_then_read_from_the_cache(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = locales.parsed("zh-CN")
    assert same(first, fresh(folder, "zh-CN"))
    assert len(cache_files(folder, "zh-CN")) == 1 and cache_files(folder, "en") == []

    def no_parsing(self: FluentParser, source: str) -> ast.Resource:
        raise AssertionError("parsed again although the files did not change")

    monkeypatch.setattr(FluentParser, "parse", no_parsing)
    again = locales.parsed("zh-CN")
    assert same(again, first)
    assert text(again, "cmd-log") == "填写网格工作纪实表"


def test_a_changed_file_is_parsed_again_and_the_old_cache_removed(folder: Path) -> None:
    locales.parsed("zh-CN")
    old = cache_files(folder, "zh-CN")
    core = folder / "zh-CN" / "core.ftl"
    core.write_text(
        core.read_text(encoding="utf-8").replace("填写网格工作纪实表", "填写纪实表"), encoding="utf-8"
    )

    changed = locales.parsed("zh-CN")
    assert text(changed, "cmd-log") == "填写纪实表"
    assert same(locales.parsed("zh-CN"), changed)  # the new text is what is cached now
    now = cache_files(folder, "zh-CN")
    assert len(now) == 1 and now != old


@pytest.mark.parametrize("content", [b"\x80\x05 not a pickle", pickle.dumps({"cmd-log": "伪造"})])
def test_a_damaged_or_foreign_cache_is_parsed_again_and_replaced(
    folder: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    locales.parsed("zh-CN")
    [cached] = cache_files(folder, "zh-CN")
    cached.write_bytes(content)

    with caplog.at_level(logging.WARNING, logger="gridbot.locales"):
        resources = locales.parsed("zh-CN")
    assert same(resources, fresh(folder, "zh-CN"))
    assert text(resources, "cmd-log") == "填写网格工作纪实表"
    assert same(pickle.loads(cached.read_bytes()), resources)  # replaced by a good one
    if content.startswith(b"\x80\x05 not"):
        assert "unreadable" in caplog.text


def test_a_cache_that_cannot_be_written_only_costs_the_parse(folder: Path) -> None:
    (folder / "__pycache__").write_text("a file where the cache folder would be")  # as a read-only install
    resources = locales.parsed("en")
    assert same(resources, fresh(folder, "en"))
    assert (folder / "__pycache__").read_text() == "a file where the cache folder would be"


def test_a_write_cut_short_leaves_no_partial_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(locales.os, "replace", disk_full)
    resources = locales.parsed("zh-CN")
    assert text(resources, "cmd-log") == "填写网格工作纪实表"
    assert list((folder / "__pycache__").iterdir()) == []
