"""Keeping CPython's cyclic garbage collector out of the way of a history build.

A history of a large operation is millions of small objects made in a few seconds and then
kept. The collector runs every few hundred allocations and, as young objects pile up, walks the
older generations as well, so it would walk everything built so far again and again: on the
API benchmark's 138,620 KFOR records that was half the build's time. The ledger's objects form
no reference cycles, so reference counting frees them whenever they are dropped; the collector
has nothing to find among them. It is paused while a build runs.

A history that is kept (the per-process cache in `muster.queries`) is then moved out of the
collector's sight altogether (`gc.freeze`): one full collection over a kept KFOR history took
0.7 s, which a later request would otherwise pay at a moment nobody chose. Frozen objects are
still freed by reference counting when the cache drops them.

The collector is global to the process while builds run in several threads (a server's warm-up
and its requests), so pauses are counted and it is resumed only when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_resume = False
_freeze = False


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block; with `freeze`, what is alive after it is frozen.

    Nested or concurrent pauses share one: the collector resumes (if it was on before the first
    one) when the last ends, freezing first if any of them asked to.
    """
    global _depth, _resume, _freeze
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            _freeze = False
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _freeze = _freeze or freeze
            _depth -= 1
            if _depth == 0:
                if _freeze:
                    gc.freeze()
                if _resume:
                    gc.enable()
