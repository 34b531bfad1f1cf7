"""Mermaid flowchart: one line per node and per edge, ids safe for Mermaid and unique."""

from __future__ import annotations

import re

from painkg.views.build import build_view
from painkg.views.formats.mermaid import mermaid_ids, write_mermaid
from support.views import fixture_store


def test_mermaid_draws_every_node_and_edge() -> None:
    view = build_view(fixture_store(), "interventions")
    text = write_mermaid(view).decode("utf-8")
    ids = mermaid_ids(view)
    assert "\nflowchart LR\n" in text and text.startswith("%% painkg view interventions")
    assert len(set(ids.values())) == len(view.nodes)
    assert all(re.fullmatch(r"[A-Za-z0-9_]+", i) for i in ids.values())
    for node in view.nodes:
        assert re.search(rf"\b{ids[node.id]}[\[({{]", text), node.id  # shape by family
    arrows = re.findall(r'^  (\w+) \S+\|"[^"]*"\| (\w+)$', text, re.M)
    assert sorted(arrows) == sorted((ids[e.source], ids[e.target]) for e in view.edges)
