"""Small helpers the extraction tests share: one article from a title and body, and the
scored fields of its records."""

from __future__ import annotations

import datetime as dt

from muster.extract.pipeline import Extractor
from muster.models import Record
from muster.sources import make_article


def records(
    extractor: Extractor,
    title: str,
    body: str = "",
    published: dt.date | None = dt.date(2024, 5, 21),
) -> list[Record]:
    article = make_article(id="t", title=title, body=body, published=published)
    return extractor.records(article)


def keys(found: list[Record]) -> set[tuple[object, ...]]:
    return {(r.kind, r.contributor, r.operation, r.host, r.personnel, r.qualifier) for r in found}
