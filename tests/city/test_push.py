"""``drillsim push`` and the push API: every drill arrives once with its journal, pushing
again or after a kill -9 duplicates nothing, a wrong token or another unit's token is
refused, an oversized or malformed upload is refused with nothing stored, and a laptop
offline keeps its drills queued."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sim.city.app import create_app
from sim.city.client import push, server_key
from sim.city.payload import build, canonical
from sim.city.store import City
from sim.records.db.tables import pushes
from sim.records.history import History
from tests.city.helpers import (
    city_with_units,
    copy_laptop,
    drillsim,
    free_port,
    live_server,
    make_laptop,
    run,
)

A, B = "甲化工有限公司", "乙机械制造厂"


@pytest.fixture(scope="module")
def laptop_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A laptop's records folder with six real drills (made once for the module)."""
    return make_laptop(tmp_path_factory.mktemp("laptop") / "home", 6)


@pytest.fixture
def laptop(laptop_template: Path, home: Path) -> History:
    """This test's copy of the laptop's records (its DRILLSIM_HOME)."""
    copy_laptop(laptop_template, home)
    return History()


def server_state(url: str) -> dict[str, Any]:
    """Everything the server holds of each drill, for comparing."""
    h = History(url=url)
    city = City(h)
    out = {}
    for rec in h.sessions():
        full = h.session(rec.id)
        out[rec.id] = {
            "record": full,
            "result": h.result(rec.id),
            "notes": [(n.author, n.text) for n in h.notes(rec.id)],
            "plan": [(i.issue, i.action, i.due_date) for i in h.improvements(rec.id)],
            "journal": city.journal(rec.id),
            "unit": city.drill_unit(rec.id),
        }
    return out


def test_push_sends_every_drill_with_its_journal_and_again_duplicates_nothing(
    database: str, laptop: History, home: Path
) -> None:
    city, tokens = city_with_units(database)
    local = laptop.sessions(oldest_first=True)
    with live_server(create_app(city.history, dashboard=False)) as url:
        report = push(laptop, url, tokens[A])
        assert report.sent == [r.id for r in local] and report.stopped is None
        state = server_state(database)
        assert set(state) == {r.id for r in local}
        for rec in local:
            got = state[rec.id]
            assert got["unit"] == A
            assert got["record"].team == rec.team and got["record"].total == rec.total
            assert got["record"].participants == rec.participants
            assert got["record"].expectations == laptop.session(rec.id).expectations
            assert got["result"] == laptop.result(rec.id)
            journal = (home / "journals" / f"{rec.id}.jsonl").read_text(encoding="utf-8")
            assert got["journal"] == journal  # the city can replay it
        first = local[0].id
        assert state[first]["notes"] == [("赵", "警报晚了 35 s")]
        assert state[first]["plan"] == [("Late alarm", "Drill the alarm card", "2026-07-15")]

        # Again: the queue is empty, nothing is sent.
        again = push(laptop, url, tokens[A])
        assert again.sent == again.unchanged == [] and again.refused == []
        # The local marks lost (a restored backup): everything is sent, nothing changes.
        with laptop.transaction(write=True) as conn:
            conn.execute(pushes.delete())
        lost = push(laptop, url, tokens[A])
        assert lost.unchanged == [r.id for r in local] and lost.sent == []
        assert server_state(database) == state
        # A note added after the push sends that drill again; it replaces, never adds.
        laptop.add_note(first, "Headcount was slow")
        edited = push(laptop, url, tokens[A])
        assert edited.sent == [first]
        after = server_state(database)
        assert after[first]["notes"] == [("赵", "警报晚了 35 s"), ("", "Headcount was slow")]
        assert {k: v for k, v in after.items() if k != first} == {
            k: v for k, v in state.items() if k != first
        }


def test_a_wrong_token_is_refused_and_the_drills_stay_queued(
    laptop: History, home: Path, tmp_path: Path
) -> None:
    database = f"sqlite+pysqlite:///{tmp_path / 'city.sqlite3'}"
    city, tokens = city_with_units(database)
    with live_server(create_app(city.history, dashboard=False)) as url:
        for token in ("dst_" + "x" * 43, "not-a-token", tokens[A][:-1]):
            code, out, err = run("push", url, "--token", token, home=home)
            assert code == 1, err
            assert f"{server_key(url)} does not accept this token" in err
        assert History(url=database).sessions() == []
        code, out, err = run("push", url, "--token", tokens[A], "--pending", "--json", home=home)
        assert code == 0 and len(json.loads(out)["pending"]) == 6


def test_another_units_token_cannot_replace_a_units_drill(database: str, laptop: History) -> None:
    """Unit B's laptop holding copies of unit A's drills (same ids) is refused for each, and
    A's drills on the server stay as A sent them."""
    city, tokens = city_with_units(database)
    with live_server(create_app(city.history, dashboard=False)) as url:
        push(laptop, url, tokens[A])
        before = server_state(database)
        first = laptop.sessions(oldest_first=True)[0].id
        laptop.add_note(first, "B's version")
        with laptop.transaction(write=True) as conn:
            conn.execute(pushes.delete())
        report = push(laptop, url, tokens[B])
        assert report.sent == [] and report.unchanged == []
        assert {r.error for r in report.refused} == {"other_unit"}
        assert len(report.refused) == 6
        assert server_state(database) == before


def test_oversized_and_malformed_uploads_are_refused_and_nothing_is_stored(
    database: str, laptop: History
) -> None:
    from starlette.testclient import TestClient

    city, tokens = city_with_units(database)
    rec = laptop.sessions(oldest_first=True)[0]
    good = build(laptop, rec)
    body = canonical(good)
    small = create_app(city.history, max_body_bytes=len(body) - 1, dashboard=False)
    auth = {"Authorization": f"Bearer {tokens[A]}", "Content-Type": "application/json"}
    path = f"/api/v1/drills/{rec.id}"
    with TestClient(small) as client:
        done = client.put(path, content=body, headers=auth)
        assert (done.status_code, done.json()["error"]) == (413, "too_large")

        def chunks() -> Any:  # no Content-Length: the server counts as it reads
            for i in range(0, len(body), 1000):
                yield body[i : i + 1000]

        done = client.put(path, content=chunks(), headers=auth)
        assert (done.status_code, done.json()["error"]) == (413, "too_large")

    def variant(**change: Any) -> bytes:
        payload = json.loads(body)
        for dotted, value in change.items():
            target = payload
            *parents, last = dotted.split("__")
            for p in parents:
                target = target[int(p)] if isinstance(target, list) else target[p]
            if value is KeyError:
                del target[last]
            else:
                target[last] = value
        return json.dumps(payload, ensure_ascii=False).encode()

    deep: Any = 1
    for _ in range(40):
        deep = [deep]
    malformed: list[tuple[bytes, str]] = [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "UTF-8"),
        (b"[]", "body must be an object"),
        (variant(format="other"), "format must be"),
        (variant(session__id="20990101-000000-000000"), "differs from the drill id"),
        (variant(session__status="running"), "only finished drills"),
        (variant(session__total="lots"), "session.total must be a number"),
        (variant(session__seed=1.5), "session.seed must be an integer"),
        (variant(session__started="June"), "session.started does not start with a date"),
        (variant(session__team=KeyError), "missing ['team']"),
        (variant(session__extra=1), "unknown ['extra']"),
        (variant(participants="Wang"), "participants must be a list"),
        (variant(participants__0__name=None), "participants[0].name must be text"),
        (variant(expectations__0__credit=None), "expectations[0].credit must be a number"),
        (variant(improvements__0__status="someday"), "improvements[0].status"),
        (variant(result=deep), "nested more than"),
        (variant(journal__text="{}\n"), "journal.sha256 does not match"),
        (variant(result__score__total=float("nan")), "NaN"),
        (variant(result__note="a\x00b"), "NUL character"),
    ]
    app = create_app(city.history, dashboard=False)
    with TestClient(app) as client:
        for bad, said in malformed:
            done = client.put(path, content=bad, headers=auth)
            assert done.status_code == 400, (said, done.text)
            assert said in done.json()["detail"], (said, done.json())
        done = client.put(path, content=body, headers={**auth, "Content-Type": "text/plain"})
        assert done.status_code == 415
        done = client.put("/api/v1/drills/..%2Fetc", content=body, headers=auth)
        assert done.status_code in (400, 404)
        assert History(url=database).sessions() == []
        # The good one goes in, once.
        assert client.put(path, content=body, headers=auth).status_code == 201
        assert client.put(path, content=body, headers=auth).json()["stored"] == "unchanged"
        assert [r.id for r in History(url=database).sessions()] == [rec.id]


def test_kill_9_mid_push_loses_and_duplicates_nothing(
    database: str, laptop: History, home: Path
) -> None:
    """The push is killed (SIGKILL) right after the server stored a drill and before the
    laptop noted it; the next push completes, and the server holds each drill once."""
    city, tokens = city_with_units(database)
    local = [r.id for r in laptop.sessions(oldest_first=True)]
    with live_server(create_app(city.history, dashboard=False)) as url:
        proc = drillsim("push", url, "--token", tokens[A], "--pace-s", "2", home=home)
        deadline = time.monotonic() + 120
        while len(History(url=database).sessions()) < 2:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        on_server = {r.id for r in History(url=database).sessions()}
        noted = set(laptop.pushed(server_key(url)))
        assert noted < on_server  # at least one drill was stored but not noted
        report = push(laptop, url, tokens[A])
        assert set(report.unchanged) == on_server - noted
        assert set(report.sent) == set(local) - on_server
        state = server_state(database)
        assert sorted(state) == sorted(local)
        assert state[local[0]]["notes"] == [("赵", "警报晚了 35 s")]
        engine = sa.create_engine(database)
        with engine.connect() as conn:
            for table in ("sessions", "city_drills", "journals"):
                count = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                assert count == len(local), table
            assert conn.execute(sa.text("SELECT count(*) FROM notes")).scalar() == 1
        engine.dispose()
        assert push(laptop, url, tokens[A]).sent == []


def test_offline_the_drills_stay_queued_until_the_server_answers(
    laptop: History, home: Path, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    code, out, err = run("push", url, "--token", "dst_whatever", home=home)
    assert code == 3, err
    assert "stay queued" in err and "still queued 6" in out
    database = f"sqlite+pysqlite:///{tmp_path / 'city.sqlite3'}"
    city, tokens = city_with_units(database)
    with live_server(create_app(city.history, dashboard=False)) as live:
        code, out, err = run("push", live, "--token", tokens[A], home=home)
        assert code == 0, err
        assert "sent 6, already there 0, refused 0, still queued 0" in out
        code, out, err = run("push", live, "--token", tokens[A], home=home)
        assert (code, out.strip()) == (0, "nothing to send")
    assert len(History(url=database).sessions()) == 6


def test_https_with_the_city_certificate(laptop: History, tmp_path: Path) -> None:
    """A server with its own certificate: trusted with --cacert, refused without."""
    import shutil

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    database = f"sqlite+pysqlite:///{tmp_path / 'city.sqlite3'}"
    city, tokens = city_with_units(database)
    app = create_app(city.history, dashboard=False)
    with live_server(app, ssl_certfile=str(cert), ssl_keyfile=str(key)) as url:
        refused = push(laptop, url, tokens[A])
        assert refused.stopped is not None and refused.stopped.key == "unreachable"
        assert "CERTIFICATE_VERIFY_FAILED" in refused.stopped.detail
        assert History(url=database).sessions() == []
        report = push(laptop, url, tokens[A], cacert=cert)
        assert len(report.sent) == 6 and report.stopped is None


def test_two_units_racing_for_one_drill_id_leave_it_to_one(database: str, laptop: History) -> None:
    """Eight uploads of one drill id at the same moment, half with each unit's token: one
    unit's is stored (once), the other unit's are all refused."""
    import threading

    from sim.city.payload import parse
    from sim.city.store import CityError

    city, _ = city_with_units(database)
    rec = laptop.sessions(oldest_first=True)[0]
    body = canonical(build(laptop, rec))
    answers: list[str] = []
    go = threading.Barrier(8)

    def upload(unit: str) -> None:
        drill = parse(body, rec.id)
        go.wait()
        try:
            answers.append(f"{unit} {City(History(url=database)).receive(unit, drill)}")
        except CityError as exc:
            answers.append(f"{unit} {exc.key}")

    threads = [threading.Thread(target=upload, args=(u,)) for u in [A, B] * 4]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    owner = city.drill_unit(rec.id)
    other = B if owner == A else A
    assert sorted(answers) == sorted(
        [f"{owner} new", *[f"{owner} unchanged"] * 3, *[f"{other} err_other_unit"] * 4]
    )
    assert [r.id for r in History(url=database).sessions()] == [rec.id]
