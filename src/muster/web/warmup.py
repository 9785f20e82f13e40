"""Building the ledger histories of a starting server before anyone asks for them.

The first ledger, timeline or conflicts request for an operation builds its history from every
record it has: seconds for the largest operation of a store of a million records. A server
started with warm-up on builds them in a daemon thread, largest first, through the same
`queries.ledger_history` the requests use, so a request arriving meanwhile for the operation
being built waits on that build's lock and gets its result instead of building it a second time.

Warm-up must never harm the server: an error is logged and ends it (the requests then build as
they would have without it), a stop asked at shutdown is honoured between two operations, and
the thread, a daemon, never holds the process open. Its progress is served by
`GET /api/v1/health`, so that a client or a benchmark can tell when it is over.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import Engine

from muster import queries

logger = logging.getLogger(__name__)

WarmState = Literal["off", "pending", "running", "done", "stopped", "failed"]


class WarmUp(BaseModel):
    """How far the warm-up of the ledger cache has got."""

    state: WarmState = Field(
        description="off (not asked for), pending (the server has not started), running, "
        "done, stopped (at shutdown) or failed (see error; requests build as they come)"
    )
    planned: list[str] = Field(default_factory=list, description="operations, largest first")
    built: list[str] = Field(default_factory=list, description="operations whose history is kept")
    seconds: float | None = Field(default=None, description="time spent so far, or in all")
    error: str | None = None


class Warmer:
    """The warm-up thread of one app, and what it reports."""

    def __init__(self, engine: Engine, enabled: bool) -> None:
        self._engine = engine
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._status = WarmUp(state="pending" if enabled else "off")
        self._started: float | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start building in the background (once; nothing when warm-up is off)."""
        if self._status.state != "pending" or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="muster-warm-up", daemon=True)
        self._started = time.perf_counter()
        self._update(state="running")
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to stop after the build in progress; does not wait for it."""
        self._stop.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; whether it has (True when there is none)."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def status(self) -> WarmUp:
        with self._lock:
            status = self._status.model_copy(deep=True)
        if status.state == "running" and self._started is not None:
            status.seconds = round(time.perf_counter() - self._started, 3)
        return status

    def _update(self, **changes: object) -> None:
        with self._lock:
            self._status = self._status.model_copy(update=changes)

    def _finish(self, state: WarmState, error: str | None = None) -> None:
        started = self._started if self._started is not None else time.perf_counter()
        seconds = round(time.perf_counter() - started, 3)
        self._update(state=state, error=error, seconds=seconds)

    def _run(self) -> None:
        try:
            planned = queries.warm_up_order(self._engine)
            self._update(planned=planned)
            # the home page first: it takes every operation's ledger, more than the cache
            # keeps, so the histories the requests need most are built after it
            queries.operations_summary(self._engine)
            for operation in planned:
                if self._stop.is_set():
                    self._finish("stopped")
                    return
                queries.ledger_history(self._engine, operation)
                with self._lock:
                    self._status.built.append(operation)
        except Exception as exc:  # a failed warm-up must never take the server down
            if self._stop.is_set():  # the server is shutting down under it: not an error
                self._finish("stopped")
                return
            logger.exception("ledger warm-up failed; histories will be built on request")
            self._finish("failed", f"{type(exc).__name__}: {exc}")
            return
        self._finish("done")
