"""The read side of the JSON API (`/api/v1`): thin routes over `muster.queries`.

Every list answers `{data, count}` where `count` is the number matching in all, so a client can
page with `limit`/`offset` through a stable order; the timeline and the conflicts, paged later,
answer `{data, count, total}` with `count` the entries on the page and `total` those matching in
all. The dashboard pages call the same builders.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import BaseModel

from muster import __version__, queries
from muster.ledger import Ledger
from muster.queries import (
    ArticlesPage,
    ArticleView,
    ConflictsPage,
    FiguresPage,
    OperationDetail,
    OperationsPage,
    PlacePoint,
    RecordsPage,
    SearchResults,
    TimelinePage,
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
from muster.web.warmup import Warmer, WarmUp

router = APIRouter()
EXPORT_LIMIT = 100_000


class PlacesPage(BaseModel):
    data: list[PlacePoint]
    count: int


class Health(BaseModel):
    status: str = "ok"
    version: str
    warm_up: WarmUp


ContributorQuery = Annotated[str | None, Query(description="ISO3, or TOTAL for the force")]


def _contributor(value: str | None) -> str | None:
    return "TOTAL" if value == "TOTAL" else country_code(value, "contributor")


@router.get("/health", response_model=Health, tags=["server"])
def health(request: Request) -> Health:
    """The server answers; how far it has got building the ledger histories ahead of requests."""
    warmer: Warmer = request.app.state.warmer
    return Health(version=__version__, warm_up=warmer.status())


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
    contributor: ContributorQuery = None,
    since: Annotated[str | None, Query(description="From this date: YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, Query(description="Up to this date: YYYY[-MM[-DD]]")] = None,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
) -> TimelinePage:
    """Levels, changes and events, oldest first, each with the estimate it leaves; one page."""
    op = operation_or_404(operation_id)
    return queries.timeline_page(
        engine, op.id, _contributor(contributor),
        partial_date(since, "since"), partial_date(until, "until"), limit, offset,
    )  # fmt: skip


@router.get("/operations/{operation_id}/conflicts", response_model=ConflictsPage, tags=["ledger"])
def get_conflicts(
    operation_id: str,
    engine: EngineDep,
    contributor: ContributorQuery = None,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
) -> ConflictsPage:
    """Pairs of figures for one nation that disagree, side by side with their sources; one page."""
    op = operation_or_404(operation_id)
    return queries.conflicts_page(engine, op.id, _contributor(contributor), limit, offset)


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
