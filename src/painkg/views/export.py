"""Exporting a view in a format: the library function behind ``painkg export``.

``mappings`` is a view of another kind: it is delegated to :mod:`painkg.publish.mappings` (the
SSSOM table of links to standard identifiers), which owns its format.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from painkg.errors import UsageError

if TYPE_CHECKING:
    from painkg.store import GraphStore

__all__ = ["export_view", "MAPPINGS_VIEW", "KGX_VIEW", "kgx_export", "export_kgx"]

MAPPINGS_VIEW = "mappings"
#: ``painkg export kgx -o DIR``: the full view as KGX TSV (nodes.tsv, edges.tsv) in a folder.
KGX_VIEW = "kgx"


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
    if view == KGX_VIEW:
        raise UsageError("The 'kgx' export is two files (nodes.tsv, edges.tsv): name the folder "
                         "with -o DIR.")
    from painkg.views.build import build_view
    from painkg.views.formats import get_format

    writer = get_format(fmt or "graphml").load()
    return writer(build_view(store, view))


def kgx_export(store: GraphStore) -> dict[str, bytes]:
    """The full view as KGX TSV files (:mod:`painkg.views.formats.kgx`), by file name."""
    from painkg.namespaces import SSSOM_PREFIXES, shorten_iri
    from painkg.traversal.projection import internal_query
    from painkg.views.build import build_view
    from painkg.views.formats.kgx import kgx_files

    xrefs: dict[str, list[str]] = {}
    articles: list[str] = []
    for row in store.select(internal_query("kgx-provenance")):
        if "article" in row:
            articles.append(shorten_iri(str(row["article"])))
        else:
            xrefs.setdefault(str(row["node"]), []).append(
                shorten_iri(str(row["xref"]), SSSOM_PREFIXES))
    return kgx_files(build_view(store, "full"), xrefs, sorted(articles))


def export_kgx(store: GraphStore, folder: Path) -> list[Path]:
    """Write :func:`kgx_export` into ``folder`` (created if missing), each file atomically;
    returns the paths written."""
    from painkg.atomic import write_bytes_atomic

    files = kgx_export(store)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            write_bytes_atomic(folder / name, data)
    except OSError as exc:
        raise UsageError(f"Cannot write into {folder}: {exc.strerror or exc}") from exc
    return [folder / name for name in sorted(files)]
