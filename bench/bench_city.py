"""The city server under load, on a PostgreSQL this script starts in a temporary folder
(initdb and pg_ctl from Debian's postgresql package):

1. Pushes: ``--units`` units (500) each send ``--drills`` drills (20) at the same time, one
   HTTP client per unit, into one ``drillsim server`` process. Every drill must be stored
   exactly once, with its journal; then every unit sends its drills again and each must come
   back "unchanged".
2. The dashboard: a city of ``--city-units`` units (1,000) and ``--city-drills`` drills
   (50,000), written straight into the database, then the dashboard page fetched
   ``--repeat`` times by a signed-in viewer; the figure is the page's latency.

Each drill is a real drill (the bundled workshop evacuation, played late) with its own id,
date and unit; its journal is the real drill's with the header's session id changed (the
server checks that the header names the drill; it does not check the journal's CRCs).

Usage: ``.venv/bin/python bench/bench_city.py [--units 500 --drills 20] [--city-units 1000
--city-drills 50000] [--repeat 20]``. Prints the figures; exits 1 if anything was lost or
duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.city import pg  # noqa: E402  (the same throwaway PostgreSQL the tests use)
from tests.city.helpers import free_port, make_laptop  # noqa: E402


def template_drill(folder: Path) -> dict[str, Any]:
    """The payload of one real drill."""
    import contextlib
    import io

    from sim.city.payload import build
    from sim.records.history import History

    os.environ["DRILLSIM_HOME"] = str(folder)
    with contextlib.redirect_stdout(io.StringIO()):
        make_laptop(folder, 1)
    h = History(folder / "history.sqlite3")
    return build(h, h.sessions()[0])


def drill_payload(base: dict[str, Any], sid: str, day: date, n: int) -> bytes:
    """A copy of the template as another drill (its id, date and journal header)."""
    from sim.city.payload import canonical

    payload = copy.deepcopy(base)
    payload["session"]["id"] = sid
    payload["session"]["started"] = f"{day.isoformat()}T09:{n // 60 % 60:02d}:{n % 60:02d}+08:00"
    text = payload["journal"]["text"]
    first, rest = text.split("\n", 1)
    header = json.loads(first)
    header["session"] = sid
    text = (
        json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n" + rest
    )
    import hashlib

    payload["journal"] = {"text": text, "sha256": hashlib.sha256(text.encode()).hexdigest()}
    return canonical(payload)


def start_server(url: str, home: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``drillsim server`` on a free port; (process, base URL)."""
    port = free_port()
    env = {**os.environ, "DRILLSIM_DATABASE_URL": url, "DRILLSIM_HOME": str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())",
         "server", "--listen", f"127.0.0.1:{port}", "--secret-file", str(home / "secret")],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    import urllib.request

    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {proc.stderr.read()!r}") from None
            time.sleep(0.2)
    return proc, f"http://127.0.0.1:{port}"


async def push_all(
    base_url: str, tokens: dict[str, str], bodies: dict[str, list[tuple[str, bytes]]]
) -> tuple[Counter_t, list[float]]:
    """Every unit sends its drills, one after another, all units at once; (status counts,
    request latencies in s)."""
    import httpx

    counts: dict[str, int] = {}
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=len(tokens) + 10)
    async with httpx.AsyncClient(base_url=base_url, timeout=600, limits=limits) as client:

        async def unit_push(unit: str) -> None:
            headers = {
                "Authorization": f"Bearer {tokens[unit]}",
                "Content-Type": "application/json",
            }
            for sid, body in bodies[unit]:
                t0 = time.perf_counter()
                for attempt in range(5):
                    try:
                        r = await client.put(f"/api/v1/drills/{sid}", content=body, headers=headers)
                        break
                    except httpx.TransportError:
                        if attempt == 4:
                            raise
                        await asyncio.sleep(1)
                latencies.append(time.perf_counter() - t0)
                key = f"{r.status_code} {r.json().get('stored') or r.json().get('error')}"
                counts[key] = counts.get(key, 0) + 1

        await asyncio.gather(*(unit_push(u) for u in tokens))
    return counts, latencies


Counter_t = dict[str, int]


def fill_city(url: str, units: int, drills: int, base: dict[str, Any]) -> None:
    """``units`` units and ``drills`` drills written straight into the database."""
    import sqlalchemy as sa

    from sim.city.store import Unit
    from sim.records.db.tables import city_drills, participants, sessions
    from sim.records.db.tables import units as units_t
    from sim.records.history import History

    h = History(url=url)
    h.schema_version()
    kinds = ("zone", "town", "department")
    rng = random.Random(7)
    rows_units = [
        Unit(f"单位{i:04d}", kinds[i % 3], f"辖区{i % 40:02d}", f"行业{i % 12:02d}")
        for i in range(units)
    ]
    today = date.today()
    s = base["session"]
    result_text = json.dumps(base["result"], ensure_ascii=False)
    with h.transaction(write=True) as conn:
        conn.execute(
            units_t.insert(),
            [{"name": u.name, "jurisdiction_kind": u.jurisdiction_kind,
              "jurisdiction": u.jurisdiction, "industry": u.industry, "contact": "",
              "imported": "2026-06-01T00:00:00+08:00"} for u in rows_units],
        )  # fmt: skip
        batch_s: list[dict[str, Any]] = []
        batch_c: list[dict[str, Any]] = []
        batch_p: list[dict[str, Any]] = []
        drilled = rows_units[: int(units * 0.9)]  # a tenth of the units have not drilled
        for n in range(drills):
            unit = drilled[n % len(drilled)]
            day = today - timedelta(days=rng.randrange(0, 180))
            sid = f"{day:%Y%m%d}-{n:06d}-{n:06x}"
            total = round(rng.uniform(30, 100), 2)
            grade = (
                "优" if total >= 90 else "良" if total >= 80 else "一般" if total >= 60 else "差"
            )
            batch_s.append({
                "id": sid, "journal": "", "unit": "二车间", "team": "甲班",
                "scenario_id": s["scenario_id"], "scenario_title_zh": s["scenario_title"]["zh"],
                "scenario_title_en": s["scenario_title"]["en"],
                "scenario_category": s["scenario_category"], "scenario_sha256": "",
                "started": f"{day.isoformat()}T09:00:00+08:00", "ended": None,
                "duration_s": 1200.0, "sim_s": 600.0, "seed": n, "lang": "zh", "speed": 1.0,
                "engine": "2", "status": "finished", "total": total, "grade": grade,
                "result": result_text, "participants_count": None, "drill_level": "team",
                "drill_kind": "",
            })  # fmt: skip
            batch_c.append({"session_id": sid, "unit": unit.name, "digest": "x" * 64,
                            "received": "2026-06-01T00:00:00+08:00",
                            "started_date": day.isoformat(), "participants": 2 + n % 7})  # fmt: skip
            batch_p += [{"session_id": sid, "seq": 0, "name": "王伟", "role": "leader"},
                        {"session_id": sid, "seq": 1, "name": "李娜", "role": "warden"}]  # fmt: skip
            if len(batch_s) == 2000 or n == drills - 1:
                conn.execute(sessions.insert(), batch_s)
                conn.execute(city_drills.insert(), batch_c)
                conn.execute(participants.insert(), batch_p)
                batch_s, batch_c, batch_p = [], [], []
        conn.execute(sa.text("ANALYZE"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=500)
    ap.add_argument("--drills", type=int, default=20)
    ap.add_argument("--city-units", type=int, default=1000)
    ap.add_argument("--city-drills", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    reason = pg.missing_reason()
    if reason:
        print(f"skipped: {reason}")
        return 0
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-city-") as tmp, pg.server() as srv:
        folder = Path(tmp)
        base = template_drill(folder / "laptop")
        from sim.city.store import City, Unit
        from sim.records.history import History

        # --- 1. pushes -----------------------------------------------------------------
        url = srv.new_database()
        city = City(History(url=url))
        units = [Unit(f"单位{i:04d}", "town", f"镇{i % 20:02d}", "") for i in range(args.units)]
        city.import_units(units)
        tokens = {u.name: city.add_token(u.name) for u in units}
        today = date.today()
        bodies = {
            u.name: [
                (sid, drill_payload(base, sid, today - timedelta(days=k), i * args.drills + k))
                for k in range(args.drills)
                for sid in [f"{today - timedelta(days=k):%Y%m%d}-{i:06d}-{k:06x}"]
            ]
            for i, u in enumerate(units)
        }
        size = sum(len(b) for v in bodies.values() for _, b in v)
        server, base_url = start_server(url, folder / "server")
        try:
            t0 = time.perf_counter()
            counts, lat = asyncio.run(push_all(base_url, tokens, bodies))
            wall = time.perf_counter() - t0
            t0 = time.perf_counter()
            again, _ = asyncio.run(push_all(base_url, tokens, bodies))
            wall2 = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait(timeout=30)
        total = args.units * args.drills
        import sqlalchemy as sa

        engine = sa.create_engine(url)
        with engine.connect() as conn:
            stored = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
                      for t in ("sessions", "city_drills", "journals")}  # fmt: skip
            per_unit = conn.execute(
                sa.text(
                    "SELECT min(n), max(n) FROM (SELECT count(*) AS n FROM city_drills GROUP BY unit) x"
                )
            ).one()
        engine.dispose()
        print(f"push: {args.units} units x {args.drills} drills = {total} drills, "
              f"{size / 1e6:.1f} MB, all units at once")  # fmt: skip
        print(f"  first push: {wall:.1f} s ({total / wall:.0f} drills/s); answers {counts}")
        print(f"  latency per drill: median {statistics.median(lat) * 1000:.0f} ms, "
              f"p95 {statistics.quantiles(lat, n=20)[-1] * 1000:.0f} ms")  # fmt: skip
        print(f"  second push: {wall2:.1f} s; answers {again}")
        print(f"  stored: {stored}; drills per unit min/max {tuple(per_unit)}")
        if counts != {"201 new": total} or again != {"200 unchanged": total}:
            ok = False
        if set(stored.values()) != {total} or tuple(per_unit) != (args.drills, args.drills):
            ok = False

        # --- 2. the dashboard -----------------------------------------------------------
        url = srv.new_database()
        t0 = time.perf_counter()
        fill_city(url, args.city_units, args.city_drills, base)
        print(f"dashboard: {args.city_units} units, {args.city_drills} drills "
              f"(written in {time.perf_counter() - t0:.0f} s)")  # fmt: skip
        City(History(url=url)).add_viewer("bench", "bench password")
        server, base_url = start_server(url, folder / "server2")
        try:
            import httpx

            with httpx.Client(base_url=base_url, timeout=120) as client:
                client.post("/login", data={"name": "bench", "password": "bench password"})
                times = []
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    page = client.get("/")
                    times.append(time.perf_counter() - t0)
                    assert page.status_code == 200 and "辖区00" in page.text
                t0 = time.perf_counter()
                xlsx = client.get("/stats.xlsx?period=week")
                xlsx_s = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"  page: median {statistics.median(times) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms over {args.repeat} loads "
              f"({len(page.content) / 1e3:.0f} kB)")  # fmt: skip
        print(
            f"  this week's statistics table (XLSX, {len(xlsx.content) / 1e3:.0f} kB): {xlsx_s:.1f} s"
        )
        from sim.records import db

        db.dispose_all()
    print("OK" if ok else "FAILED: drills were lost or duplicated")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
