"""Cytoscape.js JSON: one element per node and edge, the evidence on the edges."""

from __future__ import annotations

import json

from painkg.views.build import build_view
from painkg.views.formats.jsongraph import cy_elements, write_cyjs
from support.views import fixture_store


def test_cyjs_elements_are_the_view() -> None:
    view = build_view(fixture_store(), "full")
    doc = json.loads(write_cyjs(view))
    elements = doc["elements"]
    assert elements == cy_elements(view)
    assert sorted(n["data"]["id"] for n in elements["nodes"]) == sorted(n.id for n in view.nodes)
    pairs = sorted((e["data"]["source"], e["data"]["target"]) for e in elements["edges"])
    assert pairs == sorted((e.source, e.target) for e in view.edges)
    assert {e["data"]["best_tier"] for e in elements["edges"]} == {e.best_tier for e in view.edges}
