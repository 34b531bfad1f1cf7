"""Shared by several test modules: the synthetic traversal graph, the evidence fixture on top
of the real document layer, and a census of child processes read from /proc."""

from __future__ import annotations

import os
from pathlib import Path

from painkg.namespaces import PKR, graph_iri
from painkg.resources import data_dir, ontology_files
from painkg.store import OxigraphStore, open_store
from painkg.store.load import ONTOLOGY_GRAPH

__all__ = ["TESTS", "CASES", "GOLDEN", "REPO", "TRAVERSE_CASES", "TRAVERSE_GRAPH",
           "EVIDENCE_FIXTURE", "load_traverse_fixture", "traverse_store", "load_evidence_fixture",
           "child_pids"]

#: The tests folder, its data-driven cases and its golden results.
TESTS = Path(__file__).resolve().parents[1]
CASES = TESTS / "cases"
GOLDEN = TESTS / "golden"
#: The source checkout (tests read committed files from it).
REPO = TESTS.parent
#: The synthetic traversal fixture (vocabulary, document and curated layer) and its graph.
TRAVERSE_CASES = CASES / "traverse"
TRAVERSE_GRAPH = str(PKR["graph/synthetic-fixture"])
#: A three-relation curated layer in the contract's reification pattern, over the real article.
EVIDENCE_FIXTURE = CASES / "evidence" / "curated-fixture.ttl"


def load_traverse_fixture(store: OxigraphStore, *extra: Path) -> OxigraphStore:
    """Load the synthetic traversal fixture (then ``extra`` .ttl/.nt files) into ``store``."""
    for path in [*sorted(TRAVERSE_CASES.glob("*.ttl")), *extra]:
        store.load(path, TRAVERSE_GRAPH, "ntriples" if path.suffix == ".nt" else "turtle")
    return store


def traverse_store(*extra: Path) -> OxigraphStore:
    """A fresh in-memory store with the synthetic traversal fixture (plus ``extra`` files)."""
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    return load_traverse_fixture(store, *extra)


def load_evidence_fixture(store: OxigraphStore) -> OxigraphStore:
    """Load the ontology, the real document layer and the curated evidence fixture."""
    for path in ontology_files():
        store.load(path, ONTOLOGY_GRAPH)
    graph = graph_iri("central-sensitization")
    store.load(data_dir() / "graph" / "central-sensitization.document.trig", graph, "trig")
    store.load(EVIDENCE_FIXTURE, graph)
    return store


def child_pids(parent: int | None = None) -> list[int]:
    """Sorted ids of the processes (live or zombie) whose parent is ``parent`` (default: this
    process), read from /proc."""
    parent = os.getpid() if parent is None else parent
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended while we looked
        # The command name in parentheses may hold spaces; the parent id follows the state.
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
            found.append(int(entry.name))
    return sorted(found)
