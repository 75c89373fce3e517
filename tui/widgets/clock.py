"""The drill clock: the scenario's wall time, the time elapsed, the speed or pause, and the
people counts; on a large terminal (a projector) big digits and a progress bar as well."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Digits

from sim import Lang, Snapshot, terminal
from sim.i18n import tr
from tui.cells import mmss
from tui.lang import lang_of
from tui.widgets.common import follow_language


class ClockStatus(Widget):
    """The clock's text, drawn at its own width."""

    DEFAULT_CSS = """
    ClockStatus {
        width: 1fr;
        height: 1;
        padding: 0 1;
    }
    """

    def __init__(self, title: str, duration_s: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = terminal(title)
        self.duration_s = duration_s
        self.state: tuple[Snapshot, float, bool] | None = None
        self.large = False

    def render(self) -> Text:
        if self.state is None:
            return Text()
        snap, speed, paused = self.state
        return status_text(
            snap,
            speed,
            paused,
            self.duration_s,
            lang_of(self),
            large=self.large,
            width=self.content_size.width,
            title=self.title,
        )


def status_text(
    snap: Snapshot,
    speed: float,
    paused: bool,
    duration_s: float,
    lang: Any,
    *,
    large: bool = False,
    width: int = 80,
    title: str = "",
) -> Text:
    """One line (wall clock unless large, elapsed/total, speed or pause, people), and on a
    large terminal a progress bar and the scenario's title below."""
    line = Text(no_wrap=True, overflow="ellipsis")
    if not large:
        line.append(f" {snap.clock} ", Style(bold=True, reverse=True))
        line.append(" ")
    line.append(f"{mmss(snap.t_s)}/{mmss(duration_s)}  ", Style(bold=True))
    if snap.finished:
        line.append(tr("clock_over", lang), Style(bold=True, color="red"))
    elif paused:
        line.append(f"❚❚ {tr('clock_paused', lang)}", Style(bold=True, color="yellow"))
    else:
        line.append(f"▶ {speed:g}×", Style(bold=True, color="green"))
    c = snap.counts
    line.append(
        "  "
        + tr(
            "clock_people",
            lang,
            safe=c.get("safe", 0),
            total=c.get("total", 0),
            moving=c.get("moving", 0),
        )
    )
    harm = c.get("injured", 0) + c.get("casualties", 0)
    if harm:
        line.append("  " + tr("clock_harm", lang, n=harm), Style(color="red", bold=True))
    if not large:
        return line
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append_text(line)
    out.append("\n")
    out.append_text(progress_bar(snap.t_s, duration_s, max(10, width)))
    out.append("\n" + title, Style(dim=True))
    return out


class ClockBar(Horizontal):
    """Big digits (large terminals only) and the clock's status."""

    DEFAULT_CSS = """
    ClockBar {
        height: auto;
        background: $boost;
    }
    ClockBar Digits {
        display: none;
        width: auto;
        margin: 0 2;
        color: $accent;
    }
    ClockBar.-large Digits {
        display: block;
    }
    ClockBar.-large ClockStatus {
        height: 3;
    }
    """

    def __init__(self, title: str, duration_s: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._title = title
        self.duration_s = duration_s

    def compose(self) -> ComposeResult:
        yield Digits("00:00:00", id="clock-digits")
        yield ClockStatus(self._title, self.duration_s, id="clock-status")

    def on_mount(self) -> None:
        follow_language(self, self._language_changed)

    def _language_changed(self, lang: Lang) -> None:
        self.query_one(ClockStatus).refresh()

    def set_title(self, title: str) -> None:
        """The scenario's title (shown under the bar on a large terminal)."""
        self._title = title
        self.query_one(ClockStatus).title = terminal(title)

    def show(self, snap: Snapshot, speed: float, paused: bool) -> None:
        """Redraw for this snapshot, speed and pause state."""
        status = self.query_one(ClockStatus)
        status.state = (snap, speed, paused)
        if status.large:
            self.query_one(Digits).update(snap.clock)
        status.refresh()

    def set_large(self, large: bool) -> None:
        """Big digits (projector) or one line."""
        status = self.query_one(ClockStatus)
        if large == status.large:
            return
        status.large = large
        self.set_class(large, "-large")
        if status.state is not None:
            self.query_one(Digits).update(status.state[0].clock)
        status.refresh()


def progress_bar(t_s: float, total_s: float, width: int) -> Text:
    """A bar of the drill's progress."""
    frac = 0.0 if total_s <= 0 else max(0.0, min(1.0, t_s / total_s))
    full = int(frac * width)
    out = Text()
    out.append("█" * full, Style(color="green"))
    out.append("░" * (width - full), Style(dim=True))
    return out
