"""Shared by the view, format and browser tests: the synthetic graph in tests/cases/views."""

from __future__ import annotations

from pathlib import Path

from painkg.namespaces import graph_iri
from painkg.store import OxigraphStore, open_store

__all__ = ["FIXTURE", "fixture_store"]

FIXTURE = Path(__file__).resolve().parents[1] / "cases" / "views" / "fixture.ttl"


def fixture_store() -> OxigraphStore:
    """A fresh in-memory store holding only the fixture (its own copy of the tiers)."""
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    store.load(FIXTURE, graph_iri("central-sensitization"))
    return store

