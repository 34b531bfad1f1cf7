"""Pausing Python's cyclic garbage collector around bulk work on many small objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the body with the cyclic collector off; it is restored afterwards, even on error.

    Building hundreds of thousands of lists and tuples (a dump's lines split into terms, a
    query's rows) sets off full collections that scan every live object again and again:
    at 1,000 articles the dump's statistics took 0.97 s with the collector on, 0.55 s off.
    Reference counting still frees everything; cycles made meanwhile are collected once the
    collector runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
