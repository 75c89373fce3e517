"""The evaluator's forms for a session in the history: a note, an item of the improvement
plan (issue, corrective action, responsible, due date), and exporting the after-action
report to a file. Each form writes through ``sim.records.History`` (or the report builder)
itself and shows a problem (a date that is not a date, a folder that cannot be written) in
red in the form, so the evaluator can fix it. Once done it is dismissed with :class:`Saved`
(with the file an export wrote), or with None when cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from sim import Lang, Phrase
from sim.i18n import tr
from tui import bindings
from tui.results import FORMATS, SLOW, default_report_path, export_report, format_of
from tui.screens.base import DrillsimModal
from tui.widgets.common import CancelButton


def _problem(exc: Exception, lang: Lang) -> str:
    from sim import OutputError, RecordsError

    if isinstance(exc, RecordsError | OutputError):
        return exc.render(lang)
    return str(exc)


@dataclass(frozen=True)
class Saved:
    """A record form's answer once it has done its work."""

    written: Path | None = None
    """The file an export wrote (None for a note or an item, and for an export that runs on
    in the background and says when it is written)."""


class RecordForm(DrillsimModal[Saved | None]):
    """What the three forms share: a title, fields, a line for problems, two buttons."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.RECORD_FORM]
    HELP_SECTION = "help_record_form"
    RECOMPOSE_ON_LANGUAGE = True
    TITLE_KEY = ""
    SUBMIT_KEY = "form_save"

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.written: Path | None = None
        """The file the form wrote (the export form), given back in :class:`Saved`."""
        self.problem: str | None = None
        """The problem shown in the form (shown again when F2 draws the form anew)."""

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog record-form"):
            yield Static(Text(tr(self.TITLE_KEY, lang), Style(bold=True, color="cyan")))
            with VerticalScroll(classes="record-form-fields"):
                yield from self.fields(lang)
            yield Static(id="record-form-problem")
            with Horizontal(classes="dialog-buttons"):
                yield CancelButton(tr("cancel", lang), id="record-form-cancel", compact=True)
                yield Button(
                    tr(self.SUBMIT_KEY, lang),
                    id="record-form-submit",
                    variant="primary",
                    compact=True,
                )

    def fields(self, lang: Lang) -> ComposeResult:
        """The form's own fields."""
        yield from ()

    def on_mount(self) -> None:
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()

    def value(self, widget_id: str) -> str:
        """What an input holds, stripped."""
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def after_recompose(self) -> None:
        if self.problem is not None:
            self.show_problem(self.problem)

    def show_problem(self, text: str) -> None:
        """Say in the form what is wrong."""
        self.problem = text
        self.query_one("#record-form-problem", Static).update(
            Text(text, Style(color="red", bold=True))
        )

    def save(self) -> bool:
        """Write what the form holds; False (with the problem shown) if it cannot."""
        return True

    def action_submit(self) -> None:
        """Save and close."""
        if self.save():
            self.dismiss(Saved(self.written))

    @on(Button.Pressed, "#record-form-submit")
    def _submit(self) -> None:
        self.action_submit()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_submit()
        else:
            self.focus_next()

    @on(Button.Pressed, "#record-form-cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


class NoteForm(RecordForm):
    """An evaluator's note on a session."""

    TITLE_KEY = "note_form_title"

    def fields(self, lang: Lang) -> ComposeResult:
        yield Label(tr("note_form_text", lang))
        yield Input(id="note-form-text", compact=True)
        yield Label(tr("note_form_author", lang))
        yield Input(id="note-form-author", compact=True)

    def save(self) -> bool:
        from sim.records import History

        lang = self.lang
        text = self.value("note-form-text")
        if not text:
            self.show_problem(tr("note_form_empty", lang))
            return False
        try:
            History().add_note(self.session_id, text, author=self.value("note-form-author"))
        except Exception as exc:  # a records or database problem: shown, never a crash
            self.show_problem(_problem(exc, lang))
            return False
        return True


IMPROVEMENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("issue", "plan_issue"),
    ("action", "plan_action"),
    ("responsible", "plan_responsible"),
    ("due_date", "plan_due"),
    ("capability", "plan_capability"),
)
"""The improvement item's fields and their labels, in the order the form asks."""


class ImprovementForm(RecordForm):
    """One row of the improvement plan: issue, corrective action, responsible, due date."""

    TITLE_KEY = "plan_form_title"

    def __init__(self, session_id: str, issue: str = "") -> None:
        super().__init__(session_id)
        self.issue = issue

    def fields(self, lang: Lang) -> ComposeResult:
        for name, label in IMPROVEMENT_FIELDS:
            yield Label(tr(label, lang))
            yield Input(
                self.issue if name == "issue" else "",
                placeholder=tr("plan_due_placeholder", lang) if name == "due_date" else "",
                id=f"plan-{name}",
                compact=True,
            )

    def save(self) -> bool:
        from sim.records import History

        lang = self.lang
        values = {name: self.value(f"plan-{name}") for name, _ in IMPROVEMENT_FIELDS}
        if not values["issue"]:
            self.show_problem(tr("plan_form_no_issue", lang))
            return False
        try:
            History().add_improvement(self.session_id, **values)
        except Exception as exc:  # a bad date or a database problem: shown, never a crash
            self.show_problem(_problem(exc, lang))
            return False
        return True


class ExportForm(RecordForm):
    """The after-action report to a file: the format and the path (the default is in the
    drillsim home folder's ``reports``)."""

    TITLE_KEY = "export_form_title"
    SUBMIT_KEY = "export_form_write"

    def __init__(self, session_id: str) -> None:
        super().__init__(session_id)
        self.replace: Path | None = None
        """A file the user agreed to replace."""

    def fields(self, lang: Lang) -> ComposeResult:
        yield Label(tr("export_form_format", lang))
        yield Select(
            [(tr(f"format_{f}", lang), f) for f in FORMATS],
            value="html",
            allow_blank=False,
            id="export-format",
            compact=True,
        )
        yield Label(tr("fact_file", lang))
        yield Input(
            str(default_report_path(self.session_id, "html")), id="export-path", compact=True
        )

    @on(Select.Changed, "#export-format")
    def _format(self, event: Select.Changed) -> None:
        """A new format: the default path follows it (a path the user typed keeps its
        folder and name)."""
        path = self.query_one("#export-path", Input)
        fmt = str(event.value)
        defaults = {str(default_report_path(self.session_id, f)) for f in FORMATS}
        if not path.value.strip() or path.value.strip() in defaults:
            path.value = str(default_report_path(self.session_id, fmt))
            return
        current = Path(path.value.strip())
        suffix = FORMATS.get(fmt, fmt)
        if current.suffix or suffix:
            current = current.with_suffix("." + suffix if suffix else "")
        path.value = str(current)

    def _in_background(self, path: str, fmt: str, lang: Lang, *, force: bool = False) -> None:
        """Replay and draw the drill in a thread; say when the file is written."""
        app = self.app
        session_id = self.session_id

        def work() -> None:
            try:
                written = export_report(session_id, path, lang, fmt, force=force)
            except Exception as exc:  # a records problem or a path that cannot be written
                message = tr("export_failed", lang, error=_problem(exc, lang))
                app.call_from_thread(app.notify, message, severity="error", timeout=10)
                return
            app.call_from_thread(
                app.notify, tr("export_written", lang, path=str(written)), timeout=10
            )

        app.notify(tr("export_started", lang, path=path), timeout=6)
        app.run_worker(work, thread=True, group="paperwork", exit_on_error=False)

    def save(self) -> bool:
        lang = self.lang
        text = self.value("export-path")
        if not text:
            self.show_problem(tr("export_form_no_path", lang))
            return False
        fmt = self.query_one("#export-format", Select).value
        chosen = str(fmt) if isinstance(fmt, str) else format_of(text)
        target = Path(text).expanduser()
        if target.exists() and self.replace != target:
            from tui.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self.replace = target
                    self.action_submit()

            self.app.push_screen(ConfirmScreen(Phrase("export_replace", path=text)), answered)
            return False
        if chosen in SLOW:
            self._in_background(text, chosen, lang, force=self.replace == target)
            return True
        try:
            self.written = export_report(
                self.session_id, text, lang, chosen, force=self.replace == target
            )
        except Exception as exc:  # a records problem or a path that cannot be written
            self.show_problem(tr("export_failed", lang, error=_problem(exc, lang)))
            return False
        self.app.notify(tr("export_written", lang, path=str(self.written)), timeout=8)
        return True
