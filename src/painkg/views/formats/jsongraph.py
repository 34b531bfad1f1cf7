"""Cytoscape.js JSON (``.cyjs``), which Cytoscape desktop imports as well.

``{"data": {...}, "elements": {"nodes": [{"data": ...}], "edges": [{"data": ...}]}}``;
edge data carry ``best_tier`` (the stated tier), ``stated_tier``, ``implied_tier``,
``implied_only``, ``tier_rank``, ``n_claims``, ``llm_only`` and ``claims``.
Keys sorted, two-space indent: byte-identical for the same view.
"""

from __future__ import annotations

import json
from typing import Any

from painkg.views.build import ViewGraph
from painkg.views.formats.style import PEN_WIDTH, colour, line_style

__all__ = ["write_cyjs", "cy_elements"]


def cy_elements(view: ViewGraph) -> dict[str, list[dict[str, Any]]]:
    """The view as Cytoscape.js elements (also embedded in the HTML page)."""
    nodes = [{"data": {
        **n.attrs, "id": n.id, "iri": n.iri, "label": n.label, "class": n.cls,
        "colour": colour(n.cls),
        "n_claims": len({c for _, ids in n.evidence for c in ids}),
    }} for n in view.nodes]
    edges = [{"data": {
        "id": e.id, "source": e.source, "target": e.target, "predicate": e.predicate,
        "label": e.label, "best_tier": e.best_tier, "tier_rank": e.tier_rank,
        "stated_tier": e.stated_tier, "implied_tier": e.implied_tier,
        "implied_only": e.implied_only, "review": e.review,
        "n_claims": e.n_claims, "llm_only": e.llm_only, "claims": list(e.claims),
        "width": PEN_WIDTH[e.best_tier], "line_style": line_style(e),
    }} for e in view.edges]
    return {"nodes": nodes, "edges": edges}


def write_cyjs(view: ViewGraph) -> bytes:
    """The view as Cytoscape.js JSON."""
    from painkg import __version__

    doc = {
        "format_version": "1.0", "generated_by": f"painkg-{__version__}",
        "target_cytoscapejs_version": "~3.34",
        "data": {"name": view.name, "title": view.title},
        "elements": cy_elements(view),
    }
    return (json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
