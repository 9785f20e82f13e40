"""The dashboard: server-rendered pages over the same `muster.queries` builders as the API.

A page asked for with `Accept: application/json` (or the operation and article pages with a
`.json` suffix) answers with the very model it renders, so a shared URL also serves programs.
Map and chart are drawn here as SVG; JavaScript only adds conveniences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from muster import queries
from muster.catalogue import operations
from muster.queries import OperationDetail
from muster.store import StoredFact
from muster.web.chart import chart_legend, draw_chart
from muster.web.deps import (
    KINDS,
    AtQuery,
    EngineDep,
    FiltersDep,
    country_code,
    day,
    operation_filter,
    operation_or_404,
)
from muster.web.highlight import highlight, spans_of
from muster.web.mapsvg import draw_map, legend

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
FACT_ORDER = ("established", "mandate", "objective", "task", "official", "engagement", "ceremony")
FACT_TITLES = {
    "established": "Established", "mandate": "Mandate", "objective": "Objectives",
    "task": "Tasks", "official": "Officials", "engagement": "Engagements",
    "ceremony": "Ceremonies",
}  # fmt: skip


def wants_json(request: Request) -> bool:
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _render(request: Request, name: str, context: dict[str, Any],
            model: BaseModel | None = None) -> Response:  # fmt: skip
    if model is not None and wants_json(request):
        return JSONResponse(model.model_dump(mode="json"))
    templates: Jinja2Templates = request.app.state.templates
    context.setdefault("operations", operations())
    return templates.TemplateResponse(request, name, context)


def _strip_json(identifier: str) -> str:
    return identifier.removesuffix(".json")


@router.get("/")
@router.get("/operations")
def home(request: Request, engine: EngineDep, at: AtQuery = None) -> Response:
    summary = queries.operations_summary(engine, day(at))
    return _render(request, "home.html", {"summary": summary, "title": "Operations"}, summary)


@dataclass
class FactLine:
    """One fact as the page lists it, with every article that states it."""

    value: str
    details: str
    sources: list[StoredFact] = field(default_factory=list)


_HIDDEN_ATTRS = frozenset({"lat", "lon"})


def _facts_by_type(facts: list[StoredFact]) -> list[tuple[str, list[FactLine]]]:
    grouped: dict[str, dict[str, FactLine]] = {}
    for fact in facts:
        lines = grouped.setdefault(fact.type, {})
        key = " ".join(fact.value.lower().split())
        if key not in lines:
            shown = [
                f"{k}: {v}"
                for k, v in fact.attrs.items()
                if k not in _HIDDEN_ATTRS and v not in (None, "") and v != fact.value
            ]
            lines[key] = FactLine(fact.value, ", ".join(shown))
        lines[key].sources.append(fact)
    order: Callable[[str], tuple[int, str]] = lambda t: (  # noqa: E731
        FACT_ORDER.index(t) if t in FACT_ORDER else len(FACT_ORDER),
        t,
    )
    return [
        (FACT_TITLES.get(t, t.title()), list(grouped[t].values()))
        for t in sorted(grouped, key=order)
    ]


def _operation_context(detail: OperationDetail) -> dict[str, Any]:
    book = detail.ledger
    conflicts_by_nation: dict[str | None, list[Any]] = {}
    for conflict in book.conflicts:
        conflicts_by_nation.setdefault(conflict.contributor, []).append(conflict)
    return {
        "detail": detail,
        "book": book,
        "map": draw_map(detail.operation, book.rows),
        "map_legend": legend(),
        "chart": draw_chart(detail.strength, detail.at),
        "chart_legend": chart_legend(detail.strength),
        "facts": _facts_by_type(detail.facts),
        "conflicts_by_nation": conflicts_by_nation,
        "title": f"{detail.operation.id} · {detail.operation.name}",
    }


@router.get("/operations/{operation_id}")
def operation_page(
    operation_id: str, request: Request, engine: EngineDep, at: AtQuery = None
) -> Response:
    op = operation_or_404(_strip_json(operation_id))
    detail = queries.operation_detail(engine, op.id, day(at))
    assert detail is not None
    return _render(request, "operation.html", _operation_context(detail), detail)


@router.get("/records")
def records_page(
    request: Request,
    engine: EngineDep,
    filters: FiltersDep,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    page = queries.records_page(engine, **filters.store_kwargs(), limit=PAGE_SIZE, offset=offset)
    context = {
        "page": page, "filters": filters, "params": filters.params(), "offset": offset,
        "size": PAGE_SIZE, "kinds": KINDS, "title": "Records",
    }  # fmt: skip
    return _render(request, "records.html", context, page)


@router.get("/articles")
def articles_page(
    request: Request,
    engine: EngineDep,
    q: str | None = None,
    operation: str | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    op = operation_filter(operation)
    text = q.strip() if q and q.strip() else None
    page = queries.articles_page(engine, text=text, operation=op, limit=PAGE_SIZE, offset=offset)
    params = {"q": text, "operation": op}
    context = {"page": page, "params": params, "offset": offset, "size": PAGE_SIZE,
               "title": "Articles"}  # fmt: skip
    return _render(request, "articles.html", context, page)


@router.get("/articles/{article_id:path}")
def article_page(
    article_id: str, request: Request, engine: EngineDep, hl: str | None = None
) -> Response:
    view = queries.article_view(engine, article_id)
    if view is None and article_id.endswith(".json"):
        view = queries.article_view(engine, _strip_json(article_id))
    if view is None:
        raise HTTPException(404, f"unknown article {article_id!r}")
    text = view.article.text
    spans = spans_of(view.records, view.facts, len(text))
    context = {"view": view, "text": highlight(text, spans, hl), "selected": hl,
               "title": view.article.title or view.article.id}  # fmt: skip
    return _render(request, "article.html", context, view)


@router.get("/figures")
def figures_page(
    request: Request,
    engine: EngineDep,
    operation: str | None = None,
    contributor: str | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    op = operation.strip().upper() if operation and operation.strip() else None
    code = contributor.strip().upper() if contributor and contributor.strip() else None
    if code != "TOTAL":
        code = country_code(code, "contributor")
    page = queries.figures_page(engine, op, code, limit=PAGE_SIZE, offset=offset)
    params = {"operation": op, "contributor": code}
    context = {"page": page, "params": params, "offset": offset, "size": PAGE_SIZE,
               "title": "Official figures"}  # fmt: skip
    return _render(request, "figures.html", context, page)


@router.get("/search")
def search_page(request: Request, engine: EngineDep, q: str = "") -> Response:
    text = q.strip()
    results = queries.search(engine, text, limit=PAGE_SIZE) if text else None
    context = {"results": results, "q": text, "title": f"Search: {text}" if text else "Search"}
    return _render(request, "search.html", context, results)


@router.get("/api/v1/docs")
def api_docs(request: Request) -> Response:
    schema = request.app.openapi()
    endpoints = [
        (path, method.upper(), spec)
        for path, methods in schema["paths"].items()
        for method, spec in methods.items()
    ]
    context = {"endpoints": endpoints, "schema": schema, "title": "API"}
    return _render(request, "docs.html", context)
