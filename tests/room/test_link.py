"""SeatView and the map's snapshot travel as JSON and come back the same."""

from __future__ import annotations

import json

import numpy as np

from sim import Label, LangText, Phrase
from tests.room.conftest import hotel_session
from tui.room.host import RoomHost
from tui.room.link import (
    SeatLink,
    SeatView,
    phrase_from_json,
    phrase_to_json,
    snapshot_from_json,
    snapshot_to_json,
)


def busy_host() -> RoomHost:
    host = RoomHost(hotel_session(), code="ABC234", mode="coaching")
    host.start_drill()
    host.inject("guest_reports")
    host.local_link("front_desk")
    host.session.act("call_119", "front_desk", {})
    host.session.act("call_119", "front_desk", {})  # refused: busy (a phrase with labels)
    host.run_to(400.0)
    return host


def test_a_seat_view_survives_json_exactly() -> None:
    host = busy_host()
    for role in ("front_desk", "*", None):
        view = host.role_view(role, "zh")
        assert view.feed and (role is None or view.actions)
        text = json.dumps(view.to_json(), allow_nan=False, ensure_ascii=False)
        back = SeatView.from_json(json.loads(text))
        assert back == view
    reasons = [a.reason for a in host.role_view("*").actions if a.reason is not None]
    assert reasons, "some actions are unavailable at 400 s, each with its reason"


def test_phrases_travel_with_their_arguments_and_render_in_either_language() -> None:
    busy = Phrase(
        "refuse_busy",
        role=Label(LangText(zh="前台接待", en="Front desk clerk")),
        current=Label(LangText(zh="拨打 119 报警", en="Call 119")),
        until="02:11:00",
    )
    back = phrase_from_json(json.loads(json.dumps(phrase_to_json(busy))))
    for lang in ("zh", "en"):
        assert back.render(lang) == busy.render(lang)
    assert "前台接待" in back.render("zh") and "Front desk clerk" in back.render("en")


def test_the_map_snapshot_survives_json() -> None:
    host = busy_host()
    snap = host.session.snapshot()
    back = snapshot_from_json(json.loads(json.dumps(snapshot_to_json(snap), allow_nan=False)))
    assert back.node_ids == snap.node_ids and back.clock == snap.clock
    assert np.array_equal(back.people, snap.people)
    assert np.array_equal(back.severities, snap.severities)
    assert np.allclose(back.levels, snap.levels, atol=1e-6)
    assert [(t.id, t.value) for t in back.thresholds] == [(t.id, t.value) for t in snap.thresholds]
    assert [(r.id, r.status, r.eta_s) for r in back.responders] == [
        (r.id, r.status, r.eta_s) for r in snap.responders
    ]
    assert [(r.id, r.current, r.busy_until_s) for r in back.roles] == [
        (r.id, r.current, r.busy_until_s) for r in snap.roles
    ]
    assert back.counts == snap.counts
    assert any(r.status != "idle" for r in back.responders)


def test_a_local_link_is_a_seat_link() -> None:
    host = busy_host()
    link = host.local_link("security", lang="zh")
    assert isinstance(link, SeatLink)
    role = host.scenario.role("security")
    assert not isinstance(role.name, str)
    assert link.view.lang == "zh" and link.view.cards[0].name == role.name.zh
