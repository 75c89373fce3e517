"""The README's city set-up, command by command, in child processes: units imported from a
spreadsheet, a token and a dashboard login made, ``drillsim server`` started, a laptop's
drills pushed, the dashboard signed in to; and the commands' one-line errors."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.city.helpers import copy_laptop, drillsim, free_port, make_laptop, run


@pytest.fixture(scope="module")
def laptop_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A laptop's records folder with two real drills."""
    return make_laptop(tmp_path_factory.mktemp("laptop") / "home", 2)


def test_a_city_set_up_in_a_few_commands(laptop_template: Path, tmp_path: Path) -> None:
    import httpx

    server_home = tmp_path / "server"
    db = ["--database", f"sqlite+pysqlite:///{tmp_path / 'city.sqlite3'}"]
    units = tmp_path / "units.csv"
    units.write_text(
        "单位名称,辖区类别,所属辖区,行业\n甲化工有限公司,产业集聚区,临港产业集聚区,危险化学品\n"
        "乙机械制造厂,镇街,城关镇,机械制造\n",
        encoding="utf-8",
    )
    code, out, err = run("server", "units", "import", str(units), *db, home=server_home)
    assert (code, out.strip()) == (0, "imported 2 new unit(s), updated 0 (2 in all)"), err
    code, out, err = run("server", "units", "list", "--json", *db, home=server_home)
    assert [u["name"] for u in json.loads(out)] == ["甲化工有限公司", "乙机械制造厂"]
    code, out, err = run("server", "token", "add", "甲化工有限公司", *db, home=server_home)
    assert code == 0 and "push token issued for '甲化工有限公司'" in err
    token = out.strip().splitlines()[-1]
    assert token.startswith("dst_") and len(token) > 40
    code, out, err = run("server", "token", "add", "丙", *db, home=server_home)
    assert (code, out) == (1, "")
    assert err.strip() == (
        "no unit '丙' in the city's list; import the list first (drillsim server units import FILE)"
    )
    code, out, err = run("server", "viewer", "add", "市应急局", *db, home=server_home)
    password = out.strip().splitlines()[-1]
    assert code == 0 and len(password) >= 12

    port = free_port()
    server = drillsim("server", "--listen", f"127.0.0.1:{port}", *db, home=server_home)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/login", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.communicate()
                assert time.monotonic() < deadline
                time.sleep(0.2)
        laptop = copy_laptop(laptop_template, tmp_path / "laptop")
        code, out, err = run("push", url, "--token", token, home=laptop)
        assert code == 0, err
        assert out.strip() == "sent 2, already there 0, refused 0, still queued 0"
        code, out, err = run(
            "--lang", "zh", "push", url, home=laptop, env={"DRILLSIM_PUSH_TOKEN": token}
        )  # the token from the environment
        assert (code, out.strip()) == (0, "没有需要发送的演练")
        with httpx.Client(base_url=url) as client:
            client.post("/login", data={"name": "市应急局", "password": password})
            page = client.get("/")
            assert page.status_code == 200 and "临港产业集聚区" in page.text
            assert "尚未开展演练的单位（1个）" in page.text and "乙机械制造厂" in page.text
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_database_before_any_command_chooses_the_history(
    laptop_template: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.sqlite3"
    copy_laptop(laptop_template, tmp_path / "laptop")
    url = f"sqlite+pysqlite:///{tmp_path / 'laptop' / 'history.sqlite3'}"
    code, out, err = run("--database", url, "history", "--json", home=tmp_path / "empty")
    assert code == 0, err
    assert len(json.loads(out)) == 2
    code, out, err = run(
        "--database", f"sqlite+pysqlite:///{other}", "history", "--json", home=tmp_path / "empty"
    )
    assert (code, json.loads(out)) == (0, [])
    assert other.exists() and not (tmp_path / "empty" / "history.sqlite3").exists()


def test_the_commands_say_what_is_wrong_in_one_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code, out, err = run("server", "--listen", "nowhere", home=home)
    assert (code, out, err.strip()) == (2, "", "'nowhere' is not ADDRESS:PORT")
    code, out, err = run("push", "http://127.0.0.1:1", home=home)
    assert (code, out, err.strip()) == (
        2,
        "",
        "no push token: give --token, or set DRILLSIM_PUSH_TOKEN",
    )
    code, out, err = run("push", "ftp://example.org", "--token", "x", home=home)
    assert (code, out) == (1, "")
    assert err.strip() == "'ftp://example.org' is not an http:// or https:// address"
    bad = tmp_path / "units.csv"
    bad.write_text("unit,where\nA,B\n", encoding="utf-8")
    code, out, err = run("server", "units", "import", str(bad), home=home)
    assert (code, out) == (1, "")
    assert err.strip().startswith(f"{bad}: the first row must name the columns")
    code, out, err = run(
        "push", "https://127.0.0.1:1", "--token", "x", "--cacert", str(tmp_path / "none.pem"),
        home=home,
    )  # fmt: skip
    assert (code, out) == (1, "") and err.strip().startswith("cannot read the certificate")
    code, out, err = run(
        "--lang", "zh", "history", home=home,
        env={"DRILLSIM_DATABASE_URL": f"postgresql+psycopg://x@/none?host={tmp_path}"},
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err.strip().startswith("无法连接历史数据库 postgresql+psycopg://x@/none")
