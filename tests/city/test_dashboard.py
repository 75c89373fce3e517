"""The city dashboard: the figures against a hand count of the drills sent, the read-only
login, Chinese first with English, the statistics table by jurisdiction as XLSX and DOCX,
each drill's report and journal, the units imported from a spreadsheet; and the page in
headless Chromium (signed in through the form), with zh and en screenshots and the
downloads fetched in the browser's session."""

from __future__ import annotations

import copy
import io
import os
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from sim.city.app import create_app
from sim.city.payload import build, canonical, parse
from sim.city.store import City, Unit
from sim.city.units import UnitsError, read_units
from sim.records.history import History
from tests.city import cdp
from tests.city.helpers import live_server, make_laptop

UNITS = [
    Unit("甲化工有限公司", "zone", "临港产业集聚区", "危险化学品"),
    Unit("乙化纤厂", "zone", "临港产业集聚区", "化纤"),
    Unit("丙机械制造厂", "town", "城关镇", "机械制造"),
    Unit("丁物流公司", "town", "城关镇", "交通运输"),
    Unit("戊商场", "town", "东湖街道", "商贸"),
    Unit("己酒店", "department", "文化和旅游局", "住宿餐饮"),
]

TODAY = date.today()


def saturday_of(day: date) -> date:
    """The Saturday that starts the Saturday-to-Friday week of ``day``."""
    return day - timedelta(days=(day.weekday() - 5) % 7)


# Each drill: (unit, days before today, index of the laptop drill it copies).
PLAN: list[tuple[str, int, int]] = [
    ("甲化工有限公司", 0, 0),
    ("甲化工有限公司", 3, 1),
    ("甲化工有限公司", 35, 2),
    ("乙化纤厂", 1, 3),
    ("丙机械制造厂", 9, 4),
    ("丙机械制造厂", 70, 5),
    ("己酒店", 100, 0),
]


@pytest.fixture(scope="module")
def laptop_drills(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The payloads of six real drills of a laptop (made once for the module)."""
    folder = make_laptop(tmp_path_factory.mktemp("laptop") / "home", 6)
    h = History(folder / "history.sqlite3")
    before = os.environ.get("DRILLSIM_HOME")
    os.environ["DRILLSIM_HOME"] = str(folder)
    try:
        return [build(h, r) for r in h.sessions(oldest_first=True)]
    finally:
        if before is None:
            del os.environ["DRILLSIM_HOME"]
        else:
            os.environ["DRILLSIM_HOME"] = before


def fill_city(url: str, drills: list[dict[str, Any]]) -> tuple[City, list[dict[str, Any]]]:
    """A city with :data:`UNITS` and the drills of :data:`PLAN`; the payloads sent."""
    city = City(History(url=url))
    city.import_units(UNITS)
    city.add_viewer("市应急局", "correct horse")
    sent = []
    for n, (unit, days, source) in enumerate(PLAN):
        payload = copy.deepcopy(drills[source])
        day = TODAY - timedelta(days=days)
        sid = f"{day:%Y%m%d}-0900{n:02d}-{n:06x}"
        payload["session"]["id"] = sid
        payload["session"]["started"] = f"{day.isoformat()}T09:00:{n:02d}+08:00"
        if n != 0:  # the first keeps its journal (its header names the original id)
            payload["journal"] = None
        else:
            sid = drills[source]["session"]["id"]
            payload["session"]["id"] = sid
        assert city.receive(unit, parse(canonical(payload), sid)) == "new"
        sent.append(payload)
    return city, sent


def signed_in(app: Any) -> Any:
    from starlette.testclient import TestClient

    client = TestClient(app)
    done = client.post(
        "/login", data={"name": "市应急局", "password": "correct horse"}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == "/"
    return client


def test_the_figures_are_the_drills_counted_by_hand(
    database: str, laptop_drills: list[dict[str, Any]]
) -> None:
    from sim.city.stats import overview

    city, sent = fill_city(database, laptop_drills)
    ov = overview(city.history, TODAY)
    saturday = saturday_of(TODAY)
    days = [TODAY - timedelta(days=d) for _, d, _ in PLAN]
    week = sum(saturday <= d <= saturday + timedelta(days=6) for d in days)
    month = sum(d.year == TODAY.year and d.month == TODAY.month for d in days)
    assert ov.week == (saturday, saturday + timedelta(days=6))
    assert (ov.city.units, ov.city.drilled_units, ov.city.drills) == (6, 4, 7)
    assert (ov.city.drills_week, ov.city.drills_month) == (week, month)
    totals = [p["session"]["total"] for p in sent]
    assert ov.city.mean_score == pytest.approx(sum(totals) / len(totals))
    names = [len(p["participants"]) for p in sent]  # every drill named its two people
    assert ov.city.participants == sum(names) == 14
    by_place = {(j.kind, j.name): j.figures for j in ov.jurisdictions}
    assert [(j.kind, j.name) for j in ov.jurisdictions] == [
        ("zone", "临港产业集聚区"), ("town", "东湖街道"), ("town", "城关镇"),
        ("department", "文化和旅游局"),
    ]  # fmt: skip
    zone = by_place[("zone", "临港产业集聚区")]
    assert (zone.units, zone.drilled_units, zone.drills) == (2, 2, 4)
    town = by_place[("town", "城关镇")]
    assert (town.units, town.drilled_units, town.drills, town.not_drilled) == (2, 1, 2, 1)
    assert [u.name for u in ov.not_drilled] == ["戊商场", "丁物流公司"]
    assert sum(m.drills for m in ov.months) == 7
    assert sum(ov.grades.values()) == 7
    assert [d.session for d in ov.recent][:1] == [sent[0]["session"]["id"]]


def test_the_dashboard_needs_a_login_and_changes_nothing(
    database: str, laptop_drills: list[dict[str, Any]]
) -> None:
    from starlette.testclient import TestClient

    city, sent = fill_city(database, laptop_drills)
    app = create_app(city.history, secret_key="k" * 40)
    anonymous = TestClient(app)
    for path in ("/", "/stats.xlsx", "/stats.docx", f"/drills/{sent[0]['session']['id']}"):
        done = anonymous.get(path, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"].startswith("/login")
    wrong = anonymous.post("/login", data={"name": "市应急局", "password": "guess"})
    assert wrong.status_code == 200 and "账号或密码不正确" in wrong.text
    assert anonymous.get("/", follow_redirects=False).status_code == 303
    client = signed_in(app)
    page = client.get("/")
    assert page.status_code == 200
    for said in ("应急演练专题行动看板", "临港产业集聚区", "尚未开展演练的单位（2个）", "戊商场"):
        assert said in page.text
    english = client.get("/?lang=en").text
    assert "Emergency drill campaign dashboard" in english
    assert "Units that have not drilled yet (2)" in english
    assert "Development zone" in english
    assert "Emergency drill campaign dashboard" in client.get("/").text  # remembered
    assert client.put("/", content=b"x").status_code == 405
    assert client.post("/stats.xlsx").status_code == 405
    before = [r.id for r in city.history.sessions()]
    client.get("/logout")
    assert client.get("/", follow_redirects=False).status_code == 303
    assert [r.id for r in city.history.sessions()] == before


def test_the_statistics_table_by_jurisdiction_downloads(
    database: str, laptop_drills: list[dict[str, Any]]
) -> None:
    import docx
    import openpyxl

    city, _sent = fill_city(database, laptop_drills)
    client = signed_in(create_app(city.history, secret_key="k" * 40))
    done = client.get("/stats.xlsx?period=all")
    assert done.status_code == 200
    assert "attachment" in done.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(done.content))
    assert book.sheetnames == ["按辖区汇总", "临港产业集聚区", "东湖街道", "城关镇", "文化和旅游局"]
    summary = [r for r in book["按辖区汇总"].iter_rows(min_row=5, values_only=True)]
    assert [(r[0], r[1], r[2], r[3], r[5]) for r in summary] == [
        ("产业集聚区", "临港产业集聚区", 2, 2, 4), ("镇街", "东湖街道", 1, 0, 0),
        ("镇街", "城关镇", 2, 1, 2), ("行业部门", "文化和旅游局", 1, 1, 1),
    ]  # fmt: skip
    zone = book["临港产业集聚区"]
    assert zone.cell(row=3, column=2).value == "单位"
    units = [zone.cell(row=r, column=2).value for r in range(4, 8)]
    assert sorted(units) == ["乙化纤厂", "甲化工有限公司", "甲化工有限公司", "甲化工有限公司"]
    assert zone.cell(row=4, column=3).value == "二车间 乙班"
    month = client.get("/stats.xlsx?period=month&lang=en")
    book = openpyxl.load_workbook(io.BytesIO(month.content))
    in_month = sum(
        (TODAY - timedelta(days=d)).month == TODAY.month
        and (TODAY - timedelta(days=d)).year == TODAY.year
        for _, d, _ in PLAN
    )
    assert book.sheetnames[0] == "Summary by jurisdiction"
    rows = [r for r in book.worksheets[0].iter_rows(min_row=5, values_only=True)]
    assert sum(r[5] for r in rows) == in_month
    word = client.get("/stats.docx?period=all&lang=zh")
    assert word.status_code == 200
    document = docx.Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "应急演练统计表（按辖区）" in text and "镇街 东湖街道" in text
    assert len(document.tables) == 1 + 3  # the summary, then the three places with drills
    cells = [c.text for row in document.tables[1].rows for c in row.cells]
    assert cells.count("甲化工有限公司") == 3 and "乙化纤厂" in cells
    assert client.get("/stats.pdf").status_code == 404


def test_each_drills_report_and_journal(
    database: str, laptop_drills: list[dict[str, Any]], home: Path
) -> None:
    city, sent = fill_city(database, laptop_drills)
    client = signed_in(create_app(city.history, secret_key="k" * 40))
    first = sent[0]["session"]["id"]
    report = client.get(f"/drills/{first}")
    assert report.status_code == 200
    assert "应急演练评估报告" in report.text and "车间疏散演练" in report.text
    assert "<svg" in report.text  # the hazard chart: the journal was replayed
    journal = client.get(f"/drills/{first}/journal")
    assert journal.text == sent[0]["journal"]["text"]
    assert client.get("/drills/nope").status_code == 404
    assert client.get(f"/drills/{sent[1]['session']['id']}/journal").status_code == 404
    english = client.get(f"/drills/{sent[1]['session']['id']}?lang=en")
    assert english.status_code == 200 and "Workshop evacuation drill" in english.text


def test_units_are_read_from_a_spreadsheet(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["序号", "单位名称", "辖区类别", "所属辖区", "行业"])
    ws.append([1, "甲化工有限公司", "产业集聚区", "临港产业集聚区", "危险化学品"])
    ws.append([2, " 乙机械制造厂 ", "镇街", "城关镇", None])
    ws.append([3, None, None, None, None])
    ws.append([4, "丙酒店", "department", "文化和旅游局", "住宿餐饮"])
    book.save(tmp_path / "units.xlsx")
    got = read_units(tmp_path / "units.xlsx")
    assert got == [
        Unit("甲化工有限公司", "zone", "临港产业集聚区", "危险化学品"),
        Unit("乙机械制造厂", "town", "城关镇", ""),
        Unit("丙酒店", "department", "文化和旅游局", "住宿餐饮"),
    ]
    (tmp_path / "units.csv").write_text(
        "name,kind,jurisdiction\n甲,镇街,城关镇\n乙,县城,城关镇\n", encoding="utf-8"
    )
    with pytest.raises(UnitsError) as exc:
        read_units(tmp_path / "units.csv")
    assert exc.value.key == "err_units_bad_kind" and exc.value.args_["row"] == 3
    (tmp_path / "units.ods").write_bytes(b"x")
    with pytest.raises(UnitsError):
        read_units(tmp_path / "units.ods")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(UnitsError) as broken:
        read_units(tmp_path / "broken.xlsx")
    assert broken.value.key == "err_units_unreadable"


# --- in a browser -----------------------------------------------------------------------------


@pytest.mark.skipif(
    cdp.chromium() is None,
    reason="headless Chromium is not installed (apt-get install -y chromium fonts-noto-cjk)",
)
def test_the_dashboard_in_headless_chromium(
    laptop_drills: list[dict[str, Any]], tmp_path: Path
) -> None:
    """Signs in through the form, takes a screenshot in zh and in en (DRILLSIM_SCREENSHOTS=
    folder keeps them), and fetches both downloads in the browser's session."""
    import docx
    import openpyxl

    city, sent = fill_city(f"sqlite+pysqlite:///{tmp_path / 'city.sqlite3'}", laptop_drills)
    keep = os.environ.get("DRILLSIM_SCREENSHOTS")
    with live_server(create_app(city.history)) as url:
        browser = cdp.Browser(tmp_path / "profile")
        try:
            browser.goto(url + "/")
            assert browser.evaluate("location.pathname") == "/login"
            browser.evaluate(
                "document.getElementById('name').value = '市应急局';"
                "document.getElementById('password').value = 'correct horse';"
                "document.querySelector('form').submit()",
                wait_load=True,
            )
            assert browser.evaluate("location.pathname") == "/"
            shots = {}
            for lang in ("zh", "en"):
                browser.goto(f"{url}/?lang={lang}")
                heading = browser.evaluate("document.querySelector('h1').textContent")
                assert heading == ("应急演练专题行动看板" if lang == "zh" else
                                   "Emergency drill campaign dashboard")  # fmt: skip
                assert browser.evaluate("document.getElementById('n-drills').textContent") == "7"
                assert browser.evaluate("document.querySelectorAll('#over-time svg rect').length")
                # CJK text is laid out with a real font: a line of 12 characters is wider
                # than a dozen pixels.
                width = browser.evaluate(
                    "document.querySelector('h1').getBoundingClientRect().width"
                )
                assert width > 150
                shot = tmp_path / f"dashboard-{lang}.png"
                browser.screenshot(shot)
                assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
                assert shot.stat().st_size > 30_000
                shots[lang] = shot
            status, kind, body = browser.fetch("/stats.xlsx?period=all")
            assert status == 200 and kind.startswith("application/vnd.openxmlformats")
            assert (
                openpyxl.load_workbook(io.BytesIO(body)).sheetnames[0] == "Summary by jurisdiction"
            )
            status, kind, body = browser.fetch("/stats.docx?period=week")
            assert status == 200 and "wordprocessingml" in kind
            assert "Emergency drill statistics by jurisdiction" in "\n".join(
                p.text for p in docx.Document(io.BytesIO(body)).paragraphs
            )
            status, _, body = browser.fetch(f"/drills/{sent[0]['session']['id']}")
            assert status == 200 and b"<svg" in body
        finally:
            browser.close()
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for shot in shots.values():
            shutil.copy(shot, Path(keep) / shot.name)
