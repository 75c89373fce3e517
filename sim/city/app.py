"""The city server as an ASGI app (Starlette): the push API, and the dashboard
(:mod:`sim.city.dashboard`).

Push API:

- ``PUT /api/v1/drills/<id>`` with ``Authorization: Bearer <unit token>`` and a JSON body
  (:mod:`sim.city.payload`). Answers (JSON ``{"ok", "session", "stored"}`` or
  ``{"ok": false, "error", "detail"}``):

  - 201 ``stored: "new"``; 200 ``stored: "updated"`` or ``"unchanged"`` (sent before);
  - 401 ``bad_token``: no token, or one the city did not issue (the body is not read);
  - 409 ``other_unit``: the drill id is another unit's drill;
  - 413 ``too_large``: the body is over the limit (the upload stops being read there);
  - 415 ``not_json``; 400 ``malformed``: the body is not a drill (``detail`` says where);
  - 503 ``unavailable``: the database could not be reached (nothing stored; send again).

  Nothing is stored unless the answer is 200 or 201.
- ``GET /api/v1/whoami`` with the token: ``{"ok": true, "unit": ...}`` (a laptop checks its
  token).
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sim.city.payload import MAX_BODY_BYTES, Malformed, parse
from sim.city.store import City, CityError
from sim.records.errors import RecordsError
from sim.records.history import History


def _fail(status: int, error: str, detail: str = "") -> JSONResponse:
    return JSONResponse({"ok": False, "error": error, "detail": detail}, status_code=status)


def _bearer(request: Request) -> str:
    value = request.headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


class PushApi:
    """The push endpoints over one city database."""

    def __init__(self, city: City, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.city = city
        self.max_body_bytes = max_body_bytes

    async def _unit(self, request: Request) -> str | None:
        token = _bearer(request)
        if not token:
            return None
        unit: str | None = await run_in_threadpool(self.city.unit_of_token, token)
        return unit

    async def whoami(self, request: Request) -> Response:
        """Which unit the token belongs to."""
        try:
            unit = await self._unit(request)
        except RecordsError as exc:
            return _fail(503, "unavailable", exc.render("en"))
        if unit is None:
            return _fail(401, "bad_token")
        return JSONResponse({"ok": True, "unit": unit})

    async def put_drill(self, request: Request) -> Response:
        """Store one drill."""
        session_id = str(request.path_params["session_id"])
        try:
            unit = await self._unit(request)
        except RecordsError as exc:
            return _fail(503, "unavailable", exc.render("en"))
        if unit is None:
            return _fail(401, "bad_token")
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/json":
            return _fail(415, "not_json", "Content-Type must be application/json")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            return _fail(413, "too_large", f"the limit is {self.max_body_bytes} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.max_body_bytes:
                return _fail(413, "too_large", f"the limit is {self.max_body_bytes} bytes")
        try:
            drill = await run_in_threadpool(parse, bytes(body), session_id)
        except Malformed as exc:
            return _fail(400, "malformed", str(exc))
        try:
            stored = await run_in_threadpool(self.city.receive, unit, drill)
        except CityError as exc:
            return _fail(409, "other_unit", exc.key)
        except RecordsError as exc:
            return _fail(503, "unavailable", exc.render("en"))
        return JSONResponse(
            {"ok": True, "session": session_id, "stored": stored},
            status_code=201 if stored == "new" else 200,
        )

    def routes(self) -> list[Route]:
        """The API's routes."""
        return [
            Route("/api/v1/drills/{session_id:str}", self.put_drill, methods=["PUT"]),
            Route("/api/v1/whoami", self.whoami, methods=["GET"]),
        ]


def create_app(
    history: History,
    *,
    max_body_bytes: int = MAX_BODY_BYTES,
    secret_key: str | None = None,
    dashboard: bool = True,
    https: bool = False,
) -> Starlette:
    """The city server's app over a history database (``secret_key`` signs the dashboard's
    login cookie; a random one is made when none is given, so logins end with the
    process; ``https``: the login cookie is sent over HTTPS only)."""
    city = City(history)
    api = PushApi(city, max_body_bytes)
    routes: list[Any] = api.routes()
    middleware: list[Any] = []
    if dashboard:
        from sim.city.dashboard import Dashboard

        board = Dashboard(city, secret_key, https=https)
        routes += board.routes()
        middleware += board.middleware()
    app = Starlette(routes=routes, middleware=middleware)
    app.state.city = city
    return app
