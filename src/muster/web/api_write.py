"""The write side of the API: ingest articles, import official figures. Both need the token.

Articles go through the same library path as `muster ingest` (`muster.ingest.ingest_articles`),
so a posted article is extracted, stored and re-extracted only when it changed. The spaCy
pipeline is built on the first write and then kept by the app; a lock runs one ingest at a
time, since the pipeline is not meant to be shared between threads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from muster.figures import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, FigureError, parse_figures_csv
from muster.sources import make_article
from muster.store import import_figures
from muster.web.deps import EngineDep, SettingsDep, require_token

router = APIRouter(dependencies=[Depends(require_token)])
MAX_ARTICLES = 1000
_extractor_lock = threading.Lock()


class ArticleIn(BaseModel):
    """An article to ingest; `text` is the body (the title is put in front of it)."""

    id: str | None = Field(default=None, max_length=300, description="default: content hash")
    title: str = Field(default="", max_length=1000)
    text: str = Field(min_length=1)
    published: dt.date | None = None
    url: str | None = Field(default=None, max_length=2000)
    lang: str | None = Field(default=None, max_length=20)


class IngestResult(BaseModel):
    read: int
    new: int
    unchanged: int
    replaced: int
    records: int
    facts: int
    articles: list[str]


class FiguresResult(BaseModel):
    received: int
    added: int
    warnings: list[str]


def _extractor(request: Request) -> Any:
    state = request.app.state
    with _extractor_lock:
        if getattr(state, "extractor", None) is None:
            from muster.extract.pipeline import Extractor  # builds spaCy: only on first write

            state.extractor = Extractor()
    return state.extractor


def _batch(payload: Any) -> list[ArticleIn]:
    """One article or a list of them, each checked with a message that names it."""
    items = payload if isinstance(payload, list) else [payload]
    batch = []
    for index, item in enumerate(items):
        try:
            batch.append(ArticleIn.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"]) or "article"
            raise HTTPException(422, f"article {index}: {field}: {first['msg']}") from None
    return batch


_ARTICLE_SCHEMA = ArticleIn.model_json_schema()
_ARTICLES_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"oneOf": [_ARTICLE_SCHEMA, {"type": "array", "items": _ARTICLE_SCHEMA}]}
            }
        },
    }
}


@router.post("/articles", response_model=IngestResult, status_code=201, tags=["articles"],
             openapi_extra=_ARTICLES_BODY)  # fmt: skip
def post_articles(
    payload: Annotated[Any, Body()], request: Request, engine: EngineDep, settings: SettingsDep
) -> IngestResult:
    """Ingest one article or a list of them: extract records and facts and store them.

    Each article is `{id, title, text, published, url, lang}`; only `text` (the body) is needed.
    """
    from muster.ingest import ingest_articles

    batch = _batch(payload)
    if not batch or len(batch) > MAX_ARTICLES:
        raise HTTPException(422, f"send between 1 and {MAX_ARTICLES} articles")
    for index, item in enumerate(batch):
        if len(item.text.encode("utf-8")) > settings.max_bytes:
            raise HTTPException(422, f"article {index}: text is over {settings.max_bytes:,} bytes")
    articles = [
        make_article(id=i.id, title=i.title, body=i.text, published=i.published, url=i.url,
                     lang=i.lang, source="api")
        for i in batch
    ]  # fmt: skip
    extractor = _extractor(request)
    with request.app.state.ingest_lock:
        report = ingest_articles(engine, articles, extractor=extractor)
    return IngestResult(
        read=report.read, new=report.new, unchanged=report.unchanged, replaced=report.replaced,
        records=report.records, facts=report.facts, articles=[a.id for a in articles],
    )  # fmt: skip


def _rows_to_csv(rows: Any) -> str:
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise HTTPException(422, "JSON figures must be a list of objects, one per row")
    columns = list(REQUIRED_COLUMNS) + list(OPTIONAL_COLUMNS)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        cells = {k: ("" if row.get(k) is None else row[k]) for k in columns}
        writer.writerow({**cells, "personnel_type": cells["personnel_type"] or "total"})
    return buffer.getvalue()


def _problems(problems: list[FigureError]) -> list[dict[str, Any]]:
    return [p.model_dump() | {"message": str(p)} for p in problems]


_FIGURES_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
        },
    }
}


@router.post("/figures", response_model=FiguresResult, status_code=201, tags=["figures"],
             openapi_extra=_FIGURES_BODY)  # fmt: skip
async def post_figures(request: Request, engine: EngineDep) -> FiguresResult:
    """Import official figures: a CSV file (`text/csv`) or JSON rows with the same columns.

    Columns: as_of, operation, contributor, personnel, source, and optionally personnel_type.
    The rows are checked like `muster figures import`: any error and nothing is stored (422).
    """
    raw = (await request.body()).decode("utf-8", errors="replace")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            text = _rows_to_csv(json.loads(raw))
        except json.JSONDecodeError as exc:
            raise HTTPException(422, f"body is not JSON: {exc.msg} (line {exc.lineno})") from None
    elif kind in ("text/csv", "text/plain", "application/csv"):
        text = raw
    else:
        raise HTTPException(415, "send text/csv or application/json")
    figures, problems = parse_figures_csv(text, source_name="request")
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        detail = f"{len(errors)} problem(s), nothing stored: " + "; ".join(map(str, errors[:5]))
        raise HTTPException(422, {"message": detail, "problems": _problems(errors)})
    added = await run_in_threadpool(import_figures, engine, figures)
    warnings = [str(p) for p in problems]
    return FiguresResult(received=len(figures), added=added, warnings=warnings)
