"""What routes share: the engine, the settings, the write token, and checked query parameters.

Parameters are checked here with messages an analyst can act on ("since: '2023-13' is not a
date ..."), raised as 422s; unknown operations and articles are 404s.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Query, Request
from sqlalchemy import Engine

from muster.catalogue import get_operation
from muster.ledger import parse_partial_date
from muster.models import Operation
from muster.settings import Settings

KINDS = ("deploy", "withdraw", "presence")
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_CODE = re.compile(r"[A-Za-z]{3}")


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def invalid(message: str) -> HTTPException:
    return HTTPException(status_code=422, detail=message)


def require_token(
    settings: SettingsDep,
    authorization: Annotated[str | None, Header(description="Bearer <MUSTER_API_TOKEN>")] = None,
) -> None:
    """Writes need the configured token; with none configured they are switched off (403)."""
    if not settings.api_token:
        raise HTTPException(403, "writes are disabled: start the server with MUSTER_API_TOKEN set")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), settings.api_token.encode()
    ):
        raise HTTPException(
            401,
            "missing or wrong token: send 'Authorization: Bearer <MUSTER_API_TOKEN>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


def partial_date(value: str | None, name: str) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD string, checked to be a real date; blank is None."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not _PARTIAL_DATE.fullmatch(value) or parse_partial_date(value) is None:
        raise invalid(f"{name}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return value


def day(value: str | None, name: str = "at") -> dt.date | None:
    """A full date (YYYY-MM-DD); blank is None (the caller's default, usually today)."""
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise invalid(f"{name}: {value!r} is not a date written YYYY-MM-DD") from None


def country_code(value: str | None, name: str) -> str | None:
    if value is None or not value.strip():
        return None
    if not _CODE.fullmatch(value.strip()):
        raise invalid(f"{name}: {value!r} is not an ISO 3166-1 alpha-3 code such as ITA")
    return value.strip().upper()


def operation_or_404(operation_id: str) -> Operation:
    op = get_operation(operation_id)
    if op is None:
        raise HTTPException(404, f"unknown operation {operation_id!r}")
    return op


def operation_filter(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    op = get_operation(value.strip())
    if op is None:
        raise invalid(f"operation: {value!r} is not an operation id (see /api/v1/operations)")
    return op.id


AtQuery = Annotated[
    str | None, Query(description="Date of the estimate, YYYY-MM-DD; default today")
]


@dataclass(frozen=True)
class RecordFilters:
    """The record filters of the records page, the records API and its exports."""

    operation: str | None = None
    contributor: str | None = None
    host: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None
    q: str | None = None

    def store_kwargs(self) -> dict[str, Any]:
        values = {**self.params(), "text": self.q}
        values.pop("q", None)
        return values

    def params(self) -> dict[str, str | None]:
        return {
            "operation": self.operation,
            "contributor": self.contributor,
            "host": self.host,
            "kind": self.kind,
            "since": self.since,
            "until": self.until,
            "q": self.q,
        }


def record_filters(
    operation: Annotated[str | None, Query(description="Operation id, e.g. KFOR")] = None,
    contributor: Annotated[str | None, Query(description="Contributing nation, ISO3")] = None,
    host: Annotated[str | None, Query(description="Host country, ISO3 (Kosovo is XKX)")] = None,
    kind: Annotated[str | None, Query(description="deploy, withdraw or presence")] = None,
    since: Annotated[str | None, Query(description="From this date: YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, Query(description="Up to this date: YYYY[-MM[-DD]]")] = None,
    q: Annotated[str | None, Query(description="Text in the evidence sentence")] = None,
) -> RecordFilters:
    if kind is not None and kind.strip() and kind.strip() not in KINDS:
        raise invalid(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    return RecordFilters(
        operation=operation_filter(operation),
        contributor=country_code(contributor, "contributor"),
        host=country_code(host, "host"),
        kind=kind.strip() if kind and kind.strip() else None,
        since=partial_date(since, "since"),
        until=partial_date(until, "until"),
        q=q.strip() if q and q.strip() else None,
    )


FiltersDep = Annotated[RecordFilters, Depends(record_filters)]
LimitQuery = Annotated[int, Query(ge=1, le=1000, description="Page size (1-1000)")]
OffsetQuery = Annotated[int, Query(ge=0, description="Rows to skip")]
