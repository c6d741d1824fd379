"""Every message the code renders by a literal id is given the variables it uses, in both locales (issue 15: the
work log's content step showed "（{ $min }–{ $max } 字）" because its caller passed neither).

Read from the source, so a message on a path no test walks is checked too: each `tr(locale, "msg-id", name=…)` and
`Msg("msg-id", {"name": …})` with a literal id and literal argument names. Calls that pass `**values` or build the
id at run time are left to the run-time check (`locales.STRICT`, set for every test in tests/conftest.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from locales import LOCALES, _compiled, message_ids

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "dialogs", "services", "reminders", "reports", "domain", "storage", "locales")


def _calls() -> list[tuple[str, str, set[str]]]:
    """(where, message id, argument names) of every checkable call."""
    found = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                where = f"{path.relative_to(REPO)}:{node.lineno}"
                if name == "tr" and len(node.args) >= 2:
                    msg_id = node.args[1]
                    if any(k.arg is None for k in node.keywords):  # **values
                        continue
                    names = {k.arg for k in node.keywords if k.arg}
                elif name == "Msg" and node.args:
                    msg_id = node.args[0]
                    args = node.args[1] if len(node.args) > 1 else None
                    if args is None:
                        names = set()
                    elif isinstance(args, ast.Dict) and all(isinstance(k, ast.Constant) for k in args.keys):
                        names = {k.value for k in args.keys if isinstance(k, ast.Constant)}
                    else:
                        continue
                else:
                    continue
                if isinstance(msg_id, ast.Constant) and isinstance(msg_id.value, str):
                    found.append((where, msg_id.value, names))
    return found


CALLS = _calls()


def test_the_source_has_calls_to_check():
    assert len(CALLS) > 200, len(
        CALLS
    )  # the walk found the code's calls (a broken walk would pass vacuously)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_literal_message_gets_its_variables(locale):
    problems = []
    for where, msg_id, names in CALLS:
        if msg_id not in message_ids(locale):
            problems.append(f"{where}: {msg_id} does not exist in {locale}")
            continue
        compiled = _compiled(locale, msg_id)
        variables = compiled[2] if compiled else frozenset()
        if missing := sorted(variables - names):
            problems.append(f"{where}: {msg_id} ({locale}) uses {', '.join(missing)}, not given")
    assert not problems, "\n".join(problems)
