"""A progress bar on stderr for long operations, only when stderr is a terminal.

Piped or redirected output stays quiet: no bar, no label, nothing for scripts to filter.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

import click

__all__ = ["progress_bar"]


@contextlib.contextmanager
def progress_bar(total: int, label: str, *,
                 minimum: int = 2) -> Iterator[Callable[[int], None] | None]:
    """Yield a callback advancing a bar by N, or None when stderr is not a TTY (or there are
    fewer than ``minimum`` steps, too few to be worth a bar)."""
    stream = sys.stderr
    if total < minimum or not (hasattr(stream, "isatty") and stream.isatty()):
        yield None
        return
    with click.progressbar(length=total, label=label, file=stream,
                           show_pos=True, show_eta=True) as bar:
        yield bar.update
