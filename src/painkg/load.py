"""Building painkg's graph in a store from the packaged files or from user files.

Layout of named graphs (queries see their union as the default graph):
``pkr:graph/ontology`` the OWL vocabulary; ``pkr:graph/<article-slug>`` one article's
document layer and curated layer (``data/graph/<slug>.<layer>.ttl``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import InputError
from .namespaces import PKR, graph_iri
from .resources import data_dir, ontology_files
from .store import GraphStore, OxigraphStore, open_store

__all__ = ["ONTOLOGY_GRAPH", "packaged_files", "load_packaged", "load_files", "expand_paths",
           "graph_for_file"]

ONTOLOGY_GRAPH = str(PKR["graph/ontology"])

_FORMATS = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig"}


def graph_for_file(path: Path) -> str:
    """The named graph a data file goes to: ``<slug>.<layer>.ttl`` -> the article's graph."""
    return graph_iri(path.name.split(".", 1)[0])


def packaged_files() -> list[tuple[Path, str]]:
    """The ontology and data files of the packaged graph, each with its target graph, sorted."""
    files = [(p, ONTOLOGY_GRAPH) for p in ontology_files()]
    graph_dir = data_dir() / "graph"
    for path in sorted(graph_dir.glob("*")):
        if path.suffix in _FORMATS:
            files.append((path, graph_for_file(path)))
    return files


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and RDF files found (recursively) in named folders, sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in _FORMATS))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError("no such file or folder", path=str(path))
    return found


def load_files(store: OxigraphStore, files: Iterable[tuple[Path, str]]) -> None:
    """Parse each file into its graph; a syntax error raises InputError naming line and column."""
    for path, graph in files:
        fmt = _FORMATS.get(path.suffix)
        if fmt is None:
            raise InputError(
                "is not an RDF file painkg reads (use .ttl, .nt, .nq or .trig)", path=str(path)
            )
        store.load(path, graph, fmt)


def load_packaged(store: GraphStore | None = None) -> OxigraphStore:
    """A store holding the packaged ontology and data (a fresh in-memory one by default)."""
    target = store if store is not None else open_store("memory")
    assert isinstance(target, OxigraphStore), "only Oxigraph stores can be loaded"
    load_files(target, packaged_files())
    return target
