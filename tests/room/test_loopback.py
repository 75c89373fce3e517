"""A host and six seats (the hotel's five roles and the projector) on real sockets on
127.0.0.1 play the hotel drill to the debrief (issue 13, "Loopback test")."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from sim.records import read_journal
from tests.room.conftest import CODE, HOTEL, ROLES, until
from tests.scenario_runs import playbook
from tui.room.client import JoinRefused, RemoteLink
from tui.room.host import RoomHost
from tui.room.link import SeatView
from tui.room.protocol import PROTOCOL_VERSION, encode

GOLDEN = Path(__file__).parent.parent / "golden" / f"{HOTEL}.ideal.json"


def caught_up(link: RemoteLink, host: RoomHost) -> bool:
    v = link.view
    return (
        v.connected
        and v.t_s == round(host.session.drill.now_s, 3)
        and (v.finished == host.session.finished)
    )


def same_as_host(view: SeatView, host: RoomHost) -> None:
    """The seat's view says what the host would show that role now."""
    want = host.role_view(view.role, view.lang)
    assert [e.index for e in view.feed] == [e.index for e in want.feed]
    assert [e.data for e in view.feed] == [e.data for e in want.feed]
    assert [p.inject for p in view.prompts] == [p.inject for p in want.prompts]
    assert [a.id for a in view.actions] == [a.id for a in want.actions]
    assert view.cards == want.cards


async def test_six_seats_play_the_hotel_drill_to_the_debrief(host: RoomHost) -> None:
    addr = host.address
    assert addr is not None and addr[0] == "127.0.0.1"
    seats = {r: await RemoteLink.connect(addr, CODE, role=r) for r in ROLES}
    display = await RemoteLink.connect(addr, CODE.lower(), display=True, lang="zh")
    assert len([s for s in host.seats() if s.connected]) == 6
    host.start_drill()
    prompts_seen: dict[str, set[str]] = {r: set() for r in ROLES}
    for role, link in seats.items():
        link.subscribe(lambda v, role=role: prompts_seen[role].update(p.inject for p in v.prompts))

    acted: list[tuple[str, str]] = []
    steps = sorted(playbook(HOTEL, "ideal"), key=lambda s: s.at_s)
    dropped = False
    compared = 0
    open_before: set[str] = set()
    for i, step in enumerate(steps):
        host.run_to(step.at_s)
        if step.action is not None:
            assert step.by is not None
            out = await seats[step.by].act(step.action, step.params)
            assert out.ok, (step.action, out.reason)
            acted.append((step.action, step.by))
        elif step.inject is not None:
            assert host.inject(step.inject).ok
        elif step.facilitator is not None:
            assert host.message(step.facilitator, step.to_role).ok
        if i == len(steps) // 2 and not dropped:
            # A seat acting as another role is refused, and nothing reaches the journal.
            other = await seats["front_desk"].act("report_gm", {"elements": ["unit"]})
            assert not other.ok and other.reason is not None
            assert other.reason.key == "room_action_not_for_role"
            posing = await seats["front_desk"].act("call_120", {}, by="duty_manager")
            assert not posing.ok and posing.reason is not None
            assert posing.reason.key == "room_not_your_role"
            # The security seat's connection drops (reset), the drill goes on without it.
            writer = seats["security"]._writer
            assert writer is not None
            writer.transport.abort()
            await until(lambda: not seats["security"].view.connected)
            host.run_to(step.at_s + 1.0)
            # It comes back by itself and catches up with what it missed.
            await until(lambda: seats["security"].connected)
            await until(lambda: caught_up(seats["security"], host))
            assert seats["security"].reconnects == 1
            same_as_host(seats["security"].view, host)
            dropped = True
        open_now = {p.inject for p in host.session.prompts()}
        if open_now != open_before:
            # Whenever prompts open or close, each seat shows exactly its own role's share.
            for link in [*seats.values(), display]:
                await until(lambda link=link: caught_up(link, host))
                same_as_host(link.view, host)
            compared += 1
            open_before = open_now
    host.run_to(host.session.duration_s)
    assert host.session.finished
    for link in [*seats.values(), display]:
        await until(lambda link=link: caught_up(link, host))
        same_as_host(link.view, host)

    # Each seat saw only its own role's card, prompts and actions.
    sc = host.scenario
    assert compared >= 3 and sum(len(p) for p in prompts_seen.values()) >= 3
    for role, link in seats.items():
        v = link.view
        assert [c.role for c in v.cards] == [role]
        assert all(role in a.roles for a in v.actions)
        addressed = {i.id: i.to for i in sc.injects if i.prompt}
        assert all(addressed[p] in (role, None) for p in prompts_seen[role]), role
        assert all(e.data.get("by") in (role, None) for e in v.feed if e.data["kind"] == "action")
        assert link.scenario.expectations == []
    # The projector: a clock, the map and the public feed; no card, no action, no prompt.
    dv = display.view
    assert dv.role is None and dv.cards == [] and dv.actions == [] and dv.prompts == []
    assert dv.lang == "zh" and dv.finished
    assert {e.index for e in dv.feed} < {e.index for e in seats["duty_manager"].view.feed}
    assert len(dv.snapshot().node_ids) == len(sc.site.nodes)

    # Every acknowledged action is journaled, in the order the seats took them; the refused
    # ones (another role's action) never reached the drill.
    journal = host.session.journal_path
    assert journal is not None
    inputs = read_journal(journal).inputs
    journaled = [(i.args["action"], i.args["by"]) for i in inputs if i.op == "act"]
    assert journaled == acted
    # The room played the same drill as the batch run of the same playbook and seed.
    golden = json.loads(GOLDEN.read_text())
    assert host.session.result()["score"]["total"] == golden["score"]["total"]
    for link in [*seats.values(), display]:
        await link.close()
    await until(lambda: not any(s.connected for s in host.seats()))


async def test_a_wrong_code_or_an_unknown_role_is_refused(host: RoomHost) -> None:
    assert host.address is not None
    with pytest.raises(JoinRefused) as wrong:
        await RemoteLink.connect(host.address, "NOPE99", role="security")
    assert wrong.value.reason.key == "room_wrong_code"
    assert wrong.value.reason.render("zh") == "加入码不正确"
    for role in ("janitor", "*"):
        with pytest.raises(JoinRefused) as unknown:
            await RemoteLink.connect(host.address, CODE, role=role)
        assert unknown.value.reason.key == "room_unknown_role_of"
        # The refusal names the roles one may join as (the seat knows the code already).
        assert all(r in unknown.value.reason.render("en") for r in host.role_ids())
    assert host.seats() == []


async def raw(host: RoomHost) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    assert host.address is not None
    return await asyncio.open_connection(*host.address, limit=16 * 1024 * 1024)


async def closed(reader: asyncio.StreamReader) -> list[dict[str, object]]:
    """Everything the host sends until it closes the connection."""
    data = await asyncio.wait_for(reader.read(), 10.0)
    return [json.loads(x) for x in data.splitlines() if x.strip()]


async def test_malformed_and_oversized_messages_close_only_their_connection(
    host: RoomHost,
) -> None:
    host.start_drill()
    good = await RemoteLink.connect(host.address or ("", 0), CODE, role="front_desk")
    hello = encode("hello", v=PROTOCOL_VERSION, code=CODE, role="security")
    cases = [
        hello + b'{"kind": "act", "seq": "one", "action": "x", "params": {}}\n',
        hello + b"this is not json\n",
        hello + b'{"kind": "hello", "v": 1, "code": "ROOM42", "role": "security"}\n',
        hello + b'{"kind": "act", "seq": 1, "action": "x", "params": {}, "by": 5}\n',
        hello + encode("act", seq=1, action="call_119", params={"pad": "x" * 70_000}),
        hello + b"x" * 200_000,  # no newline at all
        b'{"kind": "welcome", "seat": "s1", "view": {}, "scenario": {}}\n',
        b"\x00\xff" * 10 + b"\n",
    ]
    for payload in cases:
        reader, writer = await raw(host)
        writer.write(payload)
        await writer.drain()
        got = await closed(reader)
        assert got, payload[:60]
        assert got[-1]["kind"] in ("error", "refused"), got[-1]
        writer.close()
        # The host is fine and so is the good seat.
        out = await good.act("call_119", {})
        assert out.ok or (out.reason is not None and out.reason.key == "refuse_done_already")
        assert good.connected
    assert [s.role for s in host.seats() if s.connected] == ["front_desk"]
    await good.close()


async def test_a_flood_of_connections_is_capped_and_idle_ones_time_out(
    host: RoomHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.room.connection.HELLO_TIMEOUT_S", 3.0)
    host.start_drill()
    good = await RemoteLink.connect(host.address or ("", 0), CODE, role="security")
    flood = await asyncio.gather(*(raw(host) for _ in range(30)))
    results = await asyncio.gather(*(closed(r) for r, _ in flood))
    full = [r for r in results if r and r[-1].get("reason", {}).get("key") == "room_full"]
    timed_out = [
        r for r in results if r and r[-1].get("reason", {}).get("key") == "room_hello_timeout"
    ]
    # 12 connections at most: the good seat and 11 idle ones, which time out; the rest are
    # turned away at once.
    assert len(timed_out) == host.max_seats - 1
    assert len(full) == 30 - (host.max_seats - 1)
    for _, w in flood:
        w.close()
    host.run_to(30.0)
    await until(lambda: caught_up(good, host))
    assert (await good.act("verify", {})).ok
    await good.close()


async def test_seats_let_go_once_the_drill_is_over_and_the_host_stops(host: RoomHost) -> None:
    assert host.address is not None
    seat = await RemoteLink.connect(host.address, CODE, role="floor_staff")
    host.run_to(host.session.duration_s)
    await until(lambda: seat.view.finished)
    await host.stop()
    await until(lambda: not seat.view.connected)
    assert seat.reconnect is False and seat.refused is None
    await seat.close()


async def test_a_seat_screen_that_fails_does_not_stop_the_drill(host: RoomHost) -> None:
    broken = host.local_link("security")

    def fail(_view: SeatView) -> None:
        raise RuntimeError("a screen's bug")

    broken.subscribe(fail)
    other = await RemoteLink.connect(host.address or ("", 0), CODE, role="front_desk")
    host.start_drill()
    host.run_to(120.0)
    await until(lambda: caught_up(other, host))
    assert (await other.act("call_119", {})).ok
    await other.close()
