"""Pausing Python's cyclic garbage collector while a large order is parsed and checked.

A parsed D-TRO is a tree of dicts, lists and strings: it holds no reference cycles, so the
collector's passes find nothing in it. Yet they are triggered by allocation counts, and a 10 MB
order allocates about a million objects: each pass walks every object alive, so on such an
order the passes cost as much as the parse itself. Pausing the collector for the duration
leaves any cycles made elsewhere meanwhile to the first pass after it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_paused_by_us = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off. Nesting and threads are safe: the
    collector comes back on when the last block ends, and only if it was on before the first."""
    global _depth, _paused_by_us
    with _lock:
        if _depth == 0:
            _paused_by_us = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _paused_by_us:
                _paused_by_us = False
                gc.enable()
