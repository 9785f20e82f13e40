"""The read side of the JSON API (`/api/v1`): thin routes over `muster.queries`.

Every list answers `{data, count}` where `count` is the number matching in all, so a client can
page with `limit`/`offset` through a stable order. The dashboard pages call the same builders.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response
from pydantic import BaseModel

from muster import queries
from muster.ledger import Conflict, Ledger, TimelineEntry
from muster.queries import (
    ArticlesPage,
    ArticleView,
    FiguresPage,
    OperationDetail,
    OperationsPage,
    PlacePoint,
    RecordsPage,
    SearchResults,
)
from muster.web.deps import (
    AtQuery,
    EngineDep,
    FiltersDep,
    LimitQuery,
    OffsetQuery,
    country_code,
    day,
    operation_filter,
    operation_or_404,
    partial_date,
)
from muster.web.exports import Format, download, ledger_body, records_body

router = APIRouter()
EXPORT_LIMIT = 100_000


class TimelinePage(BaseModel):
    data: list[TimelineEntry]
    count: int


class ConflictsPage(BaseModel):
    data: list[Conflict]
    count: int


class PlacesPage(BaseModel):
    data: list[PlacePoint]
    count: int


@router.get("/operations", response_model=OperationsPage, tags=["operations"])
def list_operations(engine: EngineDep, at: AtQuery = None) -> OperationsPage:
    """Operations with data: the ledger's total and nations on `at`, and the latest event."""
    return queries.operations_summary(engine, day(at))


@router.get("/operations/{operation_id}", response_model=OperationDetail, tags=["operations"])
def get_operation(operation_id: str, engine: EngineDep, at: AtQuery = None) -> OperationDetail:
    """Catalogue entry, stored facts, latest records, ledger on `at` and strength over time."""
    op = operation_or_404(operation_id)
    detail = queries.operation_detail(engine, op.id, day(at))
    assert detail is not None
    return detail


@router.get("/operations/{operation_id}/ledger", response_model=Ledger, tags=["ledger"])
def get_ledger(operation_id: str, engine: EngineDep, at: AtQuery = None) -> Ledger:
    """Each nation's best estimate on `at` (default today), with its basis and sources."""
    op = operation_or_404(operation_id)
    return queries.operation_ledger(engine, op.id, day(at))


@router.get("/operations/{operation_id}/ledger.{fmt}", tags=["ledger", "exports"])
def export_ledger(
    operation_id: str, fmt: Format, engine: EngineDep, at: AtQuery = None
) -> Response:
    """The ledger as CSV, JSONL (one row per line) or GeoJSON (points at the HQ)."""
    op = operation_or_404(operation_id)
    book = queries.operation_ledger(engine, op.id, day(at))
    return download(ledger_body(book, fmt), fmt, f"{op.id}-ledger-{book.at.isoformat()}")


@router.get("/operations/{operation_id}/timeline", response_model=TimelinePage, tags=["ledger"])
def get_timeline(
    operation_id: str,
    engine: EngineDep,
    contributor: Annotated[str | None, Query(description="ISO3, or TOTAL for the force")] = None,
) -> TimelinePage:
    """Every level, change and event, oldest first, each with the estimate it leaves."""
    op = operation_or_404(operation_id)
    code = "TOTAL" if contributor == "TOTAL" else country_code(contributor, "contributor")
    entries = queries.operation_timeline(engine, op.id, code)
    return TimelinePage(data=entries, count=len(entries))


@router.get("/operations/{operation_id}/conflicts", response_model=ConflictsPage, tags=["ledger"])
def get_conflicts(operation_id: str, engine: EngineDep) -> ConflictsPage:
    """Pairs of figures for one nation that disagree, side by side with their sources."""
    op = operation_or_404(operation_id)
    found = queries.operation_conflicts(engine, op.id)
    return ConflictsPage(data=found, count=len(found))


@router.get("/places", response_model=PlacesPage, tags=["operations"])
def list_places(
    engine: EngineDep,
    operation: Annotated[str | None, Query(description="Operation id")] = None,
) -> PlacesPage:
    """Headquarters of operations, and places named by stored facts when they can be placed."""
    found = queries.operation_places(engine, operation_filter(operation))
    return PlacesPage(data=found, count=len(found))


@router.get("/records", response_model=RecordsPage, tags=["records"])
def list_records(
    engine: EngineDep, filters: FiltersDep, limit: LimitQuery = 100, offset: OffsetQuery = 0
) -> RecordsPage:
    """Records oldest first (undated last), one page of them, and how many match."""
    return queries.records_page(engine, **filters.store_kwargs(), limit=limit, offset=offset)


@router.get("/records.{fmt}", tags=["records", "exports"])
def export_records(fmt: Format, engine: EngineDep, filters: FiltersDep) -> Response:
    """Every matching record (up to 100,000) as CSV, JSONL or GeoJSON."""
    page = queries.records_page(engine, **filters.store_kwargs(), limit=EXPORT_LIMIT)
    return download(records_body(page.data, fmt), fmt, "muster-records")


@router.get("/articles", response_model=ArticlesPage, tags=["articles"])
def list_articles(
    engine: EngineDep,
    q: Annotated[str | None, Query(description="Text in the title")] = None,
    operation: Annotated[str | None, Query(description="Articles about this operation")] = None,
    since: Annotated[str | None, Query(description="Published from YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, Query(description="Published up to YYYY[-MM[-DD]]")] = None,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> ArticlesPage:
    """Articles newest first, with how many records and facts each gave."""
    return queries.articles_page(
        engine, text=q or None, operation=operation_filter(operation),
        since=partial_date(since, "since"), until=partial_date(until, "until"),
        limit=limit, offset=offset,
    )  # fmt: skip


@router.get("/articles/{article_id:path}", response_model=ArticleView, tags=["articles"])
def get_article(article_id: str, engine: EngineDep) -> ArticleView:
    """One article with its records and facts; evidence spans index the article's `text`."""
    view = queries.article_view(engine, article_id)
    if view is None:
        raise HTTPException(404, f"unknown article {article_id!r}")
    return view


@router.get("/figures", response_model=FiguresPage, tags=["figures"])
def list_figures(
    engine: EngineDep,
    operation: Annotated[str | None, Query(description="Operation id")] = None,
    contributor: Annotated[str | None, Query(description="ISO3, or TOTAL")] = None,
    until: Annotated[str | None, Query(description="Snapshots up to YYYY[-MM[-DD]]")] = None,
    personnel_type: Annotated[str | None, Query(description="total, troops, police...")] = None,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
) -> FiguresPage:
    """Official figures in date order."""
    code = "TOTAL" if contributor == "TOTAL" else country_code(contributor, "contributor")
    op = operation.strip().upper() if operation and operation.strip() else None
    return queries.figures_page(
        engine, op, code, partial_date(until, "until"), personnel_type or None, limit, offset
    )


@router.get("/search", response_model=SearchResults, tags=["records", "articles"])
def search(
    engine: EngineDep,
    q: Annotated[str, Query(min_length=1, description="Text to look for")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> SearchResults:
    """Records whose evidence and articles whose title contain `q`."""
    return queries.search(engine, q.strip(), limit)
