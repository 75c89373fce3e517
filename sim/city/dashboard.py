"""The campaign dashboard of the city server: one page behind a read-only login, in Chinese
first with English a click away, the statistics table by jurisdiction to download (XLSX,
DOCX), and each drill's report.

Routes (every one but the login asks for a signed-in viewer, else redirects to the login):

- ``GET /`` the dashboard (:func:`sim.city.stats.overview`); ``?lang=zh|en`` switches the
  language and remembers it;
- ``GET|POST /login``, ``GET /logout``;
- ``GET /stats.xlsx|/stats.docx?period=week|month|all`` (:mod:`sim.city.tables`);
- ``GET /drills/<id>`` the drill's after-action report as HTML (:mod:`sim.records.report`,
  replayed from the journal the unit sent); ``GET /drills/<id>/journal`` the journal.

The login is a signed cookie (Starlette's SessionMiddleware, itsdangerous) holding the
viewer's name; viewers are added with ``drillsim server viewer add NAME``. Nothing on these
routes writes to the database.
"""

from __future__ import annotations

import secrets
import urllib.parse
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from sim.city import tables
from sim.city.stats import GRADES, Overview, month_of, overview, report_week
from sim.city.store import City
from sim.city.strings import t
from sim.i18n import grade_label
from sim.records.errors import RecordsError
from sim.text import Lang

TEMPLATES = Path(__file__).with_name("templates")
SESSION_MAX_AGE_S = 12 * 3600
"""How long a login lasts."""
NOT_DRILLED_SHOWN = 200
"""Units without a drill listed on the page (the rest are counted)."""
LOGIN_FORM_BYTES = 4096

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _lang(request: Request) -> Lang:
    asked = request.query_params.get("lang")
    if asked in ("zh", "en"):
        request.session["lang"] = asked
        return "zh" if asked == "zh" else "en"
    return "en" if request.session.get("lang") == "en" else "zh"


def chart_svg(ov: Overview, lang: Lang) -> str:
    """Drills per month as bars and the mean score as a line, as an inline SVG."""
    months = ov.months[-12:]
    width, height, pad = 640, 220, 36
    if not months:
        return ""
    most = max(m.drills for m in months) or 1
    step = (width - 2 * pad) / len(months)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(t("dash_chart_label", lang))}">'
    ]
    points = []
    for i, m in enumerate(months):
        x = pad + i * step
        h = (height - 2 * pad) * m.drills / most
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{height - pad - h:.1f}" width="{step * 0.7:.1f}" '
            f'height="{h:.1f}" fill="#8fb3d9"><title>{m.month}: {m.drills}</title></rect>'
        )
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{height - pad + 14}" font-size="11" '
            f'text-anchor="middle">{m.month}</text>'
        )
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{height - pad - h - 4:.1f}" font-size="11" '
            f'text-anchor="middle">{m.drills}</text>'
        )
        if m.mean_score is not None:
            y = height - pad - (height - 2 * pad) * m.mean_score / 100
            points.append(f"{x + step / 2:.1f},{y:.1f}")
    if points:
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="#c0392b" stroke-width="2"/>'
        )
        for point in points:
            cx, cy = point.split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="#c0392b"/>')
    parts.append(
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#555"/></svg>'
    )
    return "".join(parts)


class Dashboard:
    """The dashboard's routes over one city."""

    def __init__(self, city: City, secret_key: str | None = None, *, https: bool = False) -> None:
        self.city = city
        self.https = https
        self.secret_key = secret_key or secrets.token_urlsafe(48)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )

    def middleware(self) -> list[Middleware]:
        """The signed login cookie (sent over HTTPS only when the server speaks HTTPS)."""
        return [
            Middleware(
                SessionMiddleware,
                secret_key=self.secret_key,
                session_cookie="drillsim_city",
                max_age=SESSION_MAX_AGE_S,
                same_site="lax",
                https_only=self.https,
            )
        ]

    def routes(self) -> list[Route]:
        """The dashboard's routes."""
        return [
            Route("/", self.index, methods=["GET"]),
            Route("/login", self.login, methods=["GET", "POST"]),
            Route("/logout", self.logout, methods=["GET"]),
            Route("/stats.{fmt:str}", self.download, methods=["GET"]),
            Route("/drills/{session_id:str}", self.report, methods=["GET"]),
            Route("/drills/{session_id:str}/journal", self.journal, methods=["GET"]),
        ]

    def _page(self, name: str, lang: Lang, **context: Any) -> HTMLResponse:
        template = self.env.get_template(name)

        def tr(key: str, **kw: Any) -> str:
            return t(key, lang, **kw)

        html = template.render(lang=lang, tr=tr, **context)
        return HTMLResponse(html)

    @staticmethod
    def _viewer(request: Request) -> str | None:
        name = request.session.get("viewer")
        return name if isinstance(name, str) else None

    @staticmethod
    def _to_login(request: Request) -> RedirectResponse:
        return RedirectResponse(
            "/login?next=" + urllib.parse.quote(request.url.path, safe=""), status_code=303
        )

    async def login(self, request: Request) -> Response:
        """The login form, and signing in."""
        lang = _lang(request)
        error = ""
        nxt = request.query_params.get("next", "/")
        if not nxt.startswith("/") or nxt.startswith("//"):
            nxt = "/"
        if request.method == "POST":
            body = b""
            async for chunk in request.stream():
                body += chunk
                if len(body) > LOGIN_FORM_BYTES:
                    return Response(status_code=413)
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            name = (form.get("name") or [""])[0]
            password = (form.get("password") or [""])[0]
            ok = await run_in_threadpool(self.city.check_viewer, name, password)
            if ok:
                request.session["viewer"] = name
                return RedirectResponse(nxt, status_code=303)
            error = t("dash_bad_login", lang)
        return self._page("login.html", lang, error=error, next=nxt)

    async def logout(self, request: Request) -> Response:
        """Sign out."""
        request.session.pop("viewer", None)
        return RedirectResponse("/login", status_code=303)

    async def index(self, request: Request) -> Response:
        """The dashboard page."""
        lang = _lang(request)
        viewer = self._viewer(request)
        if viewer is None:
            return self._to_login(request)
        ov = await run_in_threadpool(overview, self.city.history, date.today())
        return self._page(
            "dashboard.html",
            lang,
            viewer=viewer,
            ov=ov,
            grades=GRADES,
            grade_label=lambda g: grade_label(g, lang),
            kind_label=lambda k: t(f"kind_{k}", lang) if k else "",
            chart=chart_svg(ov, lang),
            shown_not_drilled=ov.not_drilled[:NOT_DRILLED_SHOWN],
            other_lang="en" if lang == "zh" else "zh",
        )

    async def download(self, request: Request) -> Response:
        """The statistics table by jurisdiction."""
        lang = _lang(request)
        if self._viewer(request) is None:
            return self._to_login(request)
        fmt = str(request.path_params["fmt"])
        if fmt not in ("xlsx", "docx"):
            return Response(status_code=404)
        period = request.query_params.get("period", "month")
        today = date.today()
        since: date | None
        until: date | None
        if period == "week":
            since, until = report_week(today)
        elif period == "all":
            since = until = None
        else:
            period = "month"
            since, until = month_of(today)
        make = tables.xlsx if fmt == "xlsx" else tables.docx
        data = await run_in_threadpool(make, self.city, lang, since, until)
        name = f"drills-{period}-{today.isoformat()}.{fmt}"
        return Response(
            data,
            media_type=XLSX if fmt == "xlsx" else DOCX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    async def report(self, request: Request) -> Response:
        """A drill's after-action report."""
        lang = _lang(request)
        if self._viewer(request) is None:
            return self._to_login(request)
        sid = str(request.path_params["session_id"])
        if self.city.drill_unit(sid) is None:
            return HTMLResponse(t("dash_not_found", lang), status_code=404)
        html = await run_in_threadpool(self._report_html, sid, lang)
        return HTMLResponse(html)

    def _report_html(self, sid: str, lang: Lang) -> str:
        from sim.records.report import build_report, gather, render

        self.city.journal_file(sid)
        try:
            inp = gather(sid, history=self.city.history)
        except RecordsError as exc:
            return f"<p>{escape(exc.render(lang))}</p>"
        return render(build_report(inp, lang), "html")

    async def journal(self, request: Request) -> Response:
        """A drill's journal (JSON Lines), to replay it with ``drillsim replay``."""
        lang = _lang(request)
        if self._viewer(request) is None:
            return self._to_login(request)
        sid = str(request.path_params["session_id"])
        text = await run_in_threadpool(self.city.journal, sid)
        if text is None:
            return HTMLResponse(t("dash_not_found", lang), status_code=404)
        return Response(
            text,
            media_type="application/jsonl; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{sid}.jsonl"'},
        )
