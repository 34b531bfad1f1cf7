"""Exporting a view in a format: the library function behind ``painkg export``.

``mappings`` is a view of another kind: it is delegated to :mod:`painkg.publish.mappings` (the
SSSOM table of links to standard identifiers), which owns its format.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from painkg.errors import UsageError

if TYPE_CHECKING:
    from painkg.store import GraphStore

__all__ = ["export_view", "MAPPINGS_VIEW"]

MAPPINGS_VIEW = "mappings"


def _export_mappings(store: GraphStore, fmt: str | None) -> bytes:
    try:
        mappings = importlib.import_module("painkg.publish.mappings")
    except ModuleNotFoundError:
        raise UsageError("The 'mappings' export is not available in this build.") from None
    if fmt not in (None, "sssom", "tsv"):
        raise UsageError(f"The 'mappings' view is written as SSSOM TSV only, not {fmt!r}.")
    writer = getattr(mappings, "sssom_tsv", None)
    if writer is None:
        raise UsageError("The 'mappings' export is not available in this build.")
    result = writer(store=store)
    return result.encode("utf-8") if isinstance(result, str) else bytes(result)


def export_view(store: GraphStore, view: str, fmt: str | None = None) -> bytes:
    """The bytes of ``view`` (a view name, ``ego:NAME[:DEPTH]`` or ``mappings``) in ``fmt``.

    ``fmt`` defaults to ``graphml``; for ``mappings`` it defaults to SSSOM TSV.
    """
    if view == MAPPINGS_VIEW:
        return _export_mappings(store, fmt)
    from painkg.views.build import build_view
    from painkg.views.formats import get_format

    writer = get_format(fmt or "graphml").load()
    return writer(build_view(store, view))
