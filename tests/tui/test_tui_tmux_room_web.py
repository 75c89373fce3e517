"""The training room with nothing installed at the seats: ``drillsim host --ssh-port P
--web-port W`` in a real terminal (tmux), the shift leader's seat in headless Chromium through
the web gateway, the floor warden's seat through OpenSSH's ``ssh``. The leader sounds the alarm
by typing in the browser; the facilitator's console shows it, the warden's SSH seat does not
get the leader's prompt, and once the facilitator ends the drill the browser seat says it is
over. Skipped (saying which) without tmux, ssh or Chromium; CI installs all three."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sim.records import History, read_journal
from tests.city import cdp
from tests.room.gateway_helpers import SeatPage
from tests.terminal import (
    DRILLSIM,
    Terminal,
    Tmux,
    askpass,
    drill_env,
    free_port,
    needs_ssh,
    needs_tmux,
    ssh_argv,
)

pytestmark = [
    needs_tmux,
    needs_ssh,
    pytest.mark.skipif(
        cdp.chromium() is None,
        reason="headless Chromium is not installed (apt-get install -y chromium fonts-noto-cjk)",
    ),
]

CODE = "GW7K3P"


@pytest.fixture
def room(tmp_path: Path) -> Iterator[tuple[Terminal, Terminal, SeatPage, int]]:
    env = drill_env(tmp_path)
    addr = f"127.0.0.1:{free_port()}"
    ssh_port, web_port = free_port(), free_port()
    page: SeatPage | None = None
    with Tmux() as tmux:
        try:
            host = tmux.open(
                "host",
                [
                    *(str(DRILLSIM), "host", "workshop-evacuation", "--listen", addr),
                    *("--code", CODE, "--seed", "1", "--speed", "10", "--team", "T9"),
                    *("--lang", "en", "--ssh-port", str(ssh_port), "--web-port", str(web_port)),
                ],
                env,
            )
            host.wait_for("Join code", CODE)
            ssh_env = {**env, **askpass(tmp_path / "askpass", CODE)}
            warden = tmux.open("ssh", ssh_argv(ssh_port, "warden", None), ssh_env)
            page = SeatPage(tmp_path / "profile")
            yield host, warden, page, web_port
        finally:
            if page is not None:
                page.close()


def test_a_browser_seat_and_an_ssh_seat_in_a_hosted_drill(
    room: tuple[Terminal, Terminal, SeatPage, int], tmp_path: Path
) -> None:
    host, warden, page, web_port = room
    assert page.join(f"http://127.0.0.1:{web_port}", "leader", CODE.lower()) == "/seat?lang=en"
    page.wait_for("Response card: Shift leader", "Waiting for the facilitator")
    screen = warden.wait_for("Response card: Floor warden", "Waiting for the facilitator")
    assert "Response card: Shift leader" not in screen
    host.wait_for("Seats (2 connected)", "Shift leader", "Floor warden")
    host.keys("Enter")
    # At 10x the leader's prompt opens 2 s after the start; the leader answers in the browser.
    page.wait_for("Shift leader: The alarm panel")
    page.press("a")
    page.wait_for("Take action (Ctrl+S)")
    page.press("s", ctrl=True)
    page.wait_for("Started: Sound the alarm")
    host.wait_for("Shift leader: Sound the alarm")
    screen = warden.screen()
    assert "The alarm panel" not in screen  # the leader's prompt is not the warden's
    assert "Traceback" not in screen
    host.keys("Escape")
    host.wait_for("End the drill now?")
    host.keys("y")
    host.wait_for("Total", "Grade", "/ 100", timeout_s=60)
    page.wait_for("The drill is over")
    warden.wait_for("The drill is over")
    history = History(tmp_path / "home" / "history.sqlite3")
    (rec,) = history.sessions()
    assert read_journal(rec.journal).finished
    result = history.result(rec.id)
    assert result is not None
    acts = [(e["id"], e["by"]) for e in result["events"] if e["kind"] == "action"]
    assert acts == [("alarm", "leader")]
    # The host key the SSH seat was offered is the one kept in the records folder.
    key = tmp_path / "home" / "ssh_host_ed25519_key"
    assert key.exists() and os.stat(key).st_mode & 0o077 == 0
