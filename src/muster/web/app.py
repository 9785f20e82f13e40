"""The app factory: one FastAPI app serving the JSON API under /api/v1 and the dashboard.

`create_app` takes the settings (or just a database URL) so each test and each `muster serve`
chooses its database; the engine lives on `app.state` and is disposed of at shutdown. Errors
come back as JSON `{"detail": "..."}` under /api and as a small HTML page elsewhere, always
with a message a person can act on.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from muster import __version__, queries
from muster.settings import Settings
from muster.store import ensure_schema, make_engine
from muster.web import api, api_write, pages
from muster.web.format import FILTERS, query
from muster.web.warmup import Warmer

API_PREFIX = "/api/v1"


def _settings(settings_or_url: Settings | str | None) -> Settings:
    if isinstance(settings_or_url, Settings):
        return settings_or_url
    if isinstance(settings_or_url, str):
        return Settings(database_url=settings_or_url)
    return Settings()


def _package_dir(name: str) -> Path:
    return Path(str(resources.files("muster.web").joinpath(name)))


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_package_dir("templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(FILTERS)
    env.globals["version"] = __version__
    env.globals["query"] = query
    return Jinja2Templates(env=env)


def create_app(settings_or_url: Settings | str | None = None, *, warm: bool = False) -> FastAPI:
    """Build the app on the database the settings name (created and migrated if needed).

    With `warm`, starting the app (its lifespan) starts building the ledger histories in the
    background (`muster.web.warmup`). Off unless asked: `muster serve` asks, while tests and
    embedding code that start an app get no thread they did not ask for.
    """
    settings = _settings(settings_or_url)
    engine = make_engine(settings.resolved_database_url())
    ensure_schema(engine)
    queries.HISTORIES.max_records = settings.ledger_cache_records
    warmer = Warmer(engine, enabled=warm)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        warmer.start()
        yield
        warmer.stop()
        engine.dispose()

    app = FastAPI(
        title="Muster API",
        version=__version__,
        description="A sourced, dated ledger of national contributions to multinational "
        "military operations. Lists answer {data, count}; writes need a bearer token.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.warmer = warmer
    app.state.templates = _templates()
    app.state.ingest_lock = threading.Lock()
    app.state.extractor = None
    app.mount("/static", StaticFiles(directory=_package_dir("static")), name="static")
    app.include_router(api.router, prefix=API_PREFIX)
    app.include_router(api_write.router, prefix=API_PREFIX)
    app.include_router(pages.router)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX) or pages.wants_json(request)


def _error(
    request: Request,
    status: int,
    message: str,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message, **(extra or {})}, status, headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    context = {"status": status, "message": message, "title": f"Error {status}"}
    return templates.TemplateResponse(request, "error.html", context, status, headers=headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail: Any = exc.detail
    extra: dict[str, Any] = {}
    if isinstance(detail, dict):
        extra = {k: v for k, v in detail.items() if k != "message"}
        detail = detail.get("message", "")
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"nothing at {request.url.path}"
    return _error(request, exc.status_code, str(detail), extra, getattr(exc, "headers", None))


def _place(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "header")]
    if parts and parts[0] == "body":
        return "body" + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in parts[1:])
    return ".".join(parts)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": _place(tuple(e.get("loc", ()))), "message": e.get("msg", "invalid")}
        for e in exc.errors()
    ]
    message = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
    return _error(request, 422, message, {"errors": errors})
