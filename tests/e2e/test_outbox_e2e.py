"""The outbox sender against Telegram's answers over HTTP: 429 (wait as told, lose nothing) and 403 (blocked)."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from storage import outbox
from tests.e2e.harness import E2E, bot_messages, new_menu

RETRY_AFTER = 2  # seconds a 429 asks for: longer than the bot's own 1 s per-chat pacing, so waiting shows


async def test_burst_under_429_waits_as_told_and_loses_nothing(e2e: E2E) -> None:
    busy, *others = (e2e.user(name) for name in ("李娜", "王芳", "何涛", "唐杰", "罗琳"))
    # Telegram's limits (30 msg/s, 1 msg/s per chat with a burst of 3) plus 429s thrown in. The seed fixes which
    # calls fail: of the first ten sendMessage calls, the 2nd and the 8th get a 429.
    await e2e.sandbox.configure(
        limits={"enabled": True},
        faults={
            "enabled": True,
            "seed": 0,
            "rate_429": 0.3,
            "retry_after": RETRY_AFTER,
            "methods": ["sendMessage"],
        },
    )
    await e2e.sandbox.reset_stats()
    calls = e2e.record_calls()
    expected = {busy.user_id: [f"📣 通知 {n}/4" for n in range(1, 5)]}
    expected.update({user.user_id: ["📣 通知 1/1"] for user in others})
    await e2e.enqueue([(chat, text) for chat, texts in expected.items() for text in texts])

    rows = await e2e.outbox_settled()
    assert [row.status for row in rows] == [outbox.SENT] * 8, [(r.status, r.error) for r in rows]

    # What the users see: every notification exactly once.
    for user in (busy, *others):
        assert Counter(bot_messages(await user.messages())) == Counter(expected[user.user_id])

    stats = await e2e.sandbox.stats()
    served_429 = stats["served_429"]
    assert served_429 >= 1, "the scenario must actually be throttled"
    assert set(stats["errors"]) == {"429"}, stats["errors"]
    sends = {int(chat): times for chat, times in stats["sends"].items()}
    assert {chat: len(times) for chat, times in sends.items()} == {c: len(t) for c, t in expected.items()}
    # 1 msg/s per chat: the bot paces itself; the emulator would have allowed a burst of 3.
    gaps = [later - earlier for earlier, later in pairwise(sends[busy.user_id])]
    assert min(gaps) >= 0.95, gaps
    # Waits as told: after each 429 the bot sends nothing at all for RETRY_AFTER seconds.
    sends_in_order = [call for call in calls if call.method == "sendmessage"]
    refused = [call for call in sends_in_order if call.error_code == 429]
    assert len(refused) == served_429
    for call in refused:
        after = [later for later in sends_in_order if later.started > call.ended]
        assert after, "a refused message must be sent again"
        assert after[0].started - call.ended >= RETRY_AFTER - 0.05, (call, after[0])


async def test_blocked_person_is_marked_inactive_and_the_others_get_theirs(e2e: E2E) -> None:
    blocked, reachable = e2e.user("李娜"), e2e.user("何涛")
    await e2e.onboard("李娜")
    await e2e.onboard("何涛")
    await blocked.block()
    await e2e.enqueue([(blocked.user_id, "📣 通知：请查收"), (reachable.user_id, "📣 通知：请查收")])

    rows = {row.chat_id: row for row in await e2e.outbox_settled()}
    assert rows[blocked.user_id].status == outbox.FAILED
    assert (rows[blocked.user_id].error or "").startswith("403")
    assert rows[reachable.user_id].status == outbox.SENT
    await reachable.wait_message(lambda m: m.text == "📣 通知：请查收")
    assert "📣 通知：请查收" not in bot_messages(await blocked.messages())
    assert not (await e2e.person("李娜")).active
    assert (await e2e.person("何涛")).active

    # Writing to the bot again unblocks it (as in the apps), and the bot counts the person as reachable again.
    await blocked.send_command("start")
    await blocked.wait_message(new_menu)
    assert (await e2e.person("李娜")).active
