"""How the pages write numbers, dates, nations and sources: one place, so every table agrees.

Numbers get thousands separators, dates are ISO, nations show their English name beside the
ISO code. These are registered as Jinja filters by `muster.web.app`.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

QUALIFIER_MARKS = {"approx": "≈", "min": "≥", "max": "≤"}


@cache
def _country_names() -> dict[str, str]:
    raw = resources.files("muster.data").joinpath("countries.json").read_text(encoding="utf-8")
    return {row["iso3"]: row["name"] for row in json.loads(raw)["countries"]}


def nation(code: str | None) -> str:
    """ "Italy" for ITA; the whole force for None; an unknown code as it is."""
    if code is None:
        return "whole force"
    if code == "TOTAL":
        return "total"
    try:
        return _country_names().get(code, code)
    except (FileNotFoundError, KeyError, ValueError):
        return code


def number(value: int | float | None, qualifier: str | None = None) -> str:
    """1258 → "1,258"; a qualifier prefixes its sign ("≈ 300"); None is an em dash."""
    if value is None:
        return "—"
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    mark = QUALIFIER_MARKS.get(qualifier or "")
    return f"{mark} {text}" if mark else text


def signed(value: int | None) -> str:
    if value is None:
        return "—"
    return f"+{value:,}" if value > 0 else f"−{abs(value):,}" if value < 0 else "±0"


def iso(value: dt.date | dt.datetime | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def host_of(url: str | None) -> str:
    """The site a source URL points to, for a compact source column."""
    if not url:
        return ""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def query(params: dict[str, object], **changes: object) -> str:
    """A query string from `params` with `changes` applied; empty values are left out."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "")}
    return urlencode(kept)


def article_href(article_id: str | None, key: str | None = None) -> str:
    """The article page, scrolled to and marking one record (`r12`) or fact (`f3`)."""
    if not article_id:
        return ""
    base = f"/articles/{quote(article_id, safe='')}"
    return f"{base}?hl={key}#ev-{key}" if key else base


def source_href(source: Any) -> str:
    """Where a ledger source's evidence is: the highlighted sentence, or the official page."""
    if getattr(source, "kind", None) == "news" and source.article:
        key = f"r{source.record_id}" if source.record_id is not None else None
        return article_href(source.article, key)
    return getattr(source, "url", None) or ""


FILTERS = {
    "article_href": article_href,
    "source_href": source_href,
    "nation": nation,
    "number": number,
    "signed": signed,
    "iso": iso,
    "host_of": host_of,
}
