"""The attribute columns every tabular or XML export writes, in one fixed order.

On every node: its label, class, IRI and view attributes; on every edge: its predicate and
evidence, ``best_tier`` (T1-T3 or none; the stated tier), ``stated_tier`` (the same: the
best tier among the sentences that state the relation), ``implied_tier`` (the best among
those that only imply it, never merged), ``tier_rank`` (1-3, 0 for none), ``n_claims``,
``llm_only`` and the supporting ``claims`` (space-separated ids).
"""

from __future__ import annotations

from collections.abc import Callable

from painkg.views.build import Edge, Node, ViewGraph
from painkg.views.formats.style import WEIGHT

__all__ = ["node_columns", "edge_columns", "node_values", "edge_values", "typed"]


def node_columns(view: ViewGraph) -> list[tuple[str, str]]:
    """(name, type) of every node attribute written, in a fixed order."""
    extra = sorted({k for n in view.nodes for k in n.attrs} - {"label", "class", "iri"})
    return [("label", "string"), ("class", "string"), ("iri", "string"),
            ("n_claims", "int")] + [(k, "string") for k in extra]


def edge_columns() -> list[tuple[str, str]]:
    """(name, type) of every edge attribute written, in a fixed order."""
    return [("predicate", "string"), ("label", "string"), ("best_tier", "string"),
            ("stated_tier", "string"), ("implied_tier", "string"), ("tier_rank", "int"),
            ("n_claims", "int"), ("llm_only", "boolean"),
            ("weight", "double"), ("claims", "string"), ("review", "string")]


def node_values(node: Node) -> dict[str, str]:
    """A node's attribute values as text, by column name."""
    n_claims = len({c for _, ids in node.evidence for c in ids})
    return {**node.attrs, "label": node.label, "class": node.cls, "iri": node.iri,
            "n_claims": str(n_claims)}


def edge_values(edge: Edge) -> dict[str, str]:
    """An edge's evidence and predicate as text, by column name."""
    return {"predicate": edge.predicate, "label": edge.label, "best_tier": edge.best_tier,
            "stated_tier": edge.stated_tier, "implied_tier": edge.implied_tier,
            "tier_rank": str(edge.tier_rank), "n_claims": str(edge.n_claims),
            "llm_only": "true" if edge.llm_only else "false",
            "weight": repr(WEIGHT[edge.best_tier] if not edge.llm_only else WEIGHT["none"]),
            "claims": " ".join(edge.claims), "review": edge.review}


def _boolean(text: str) -> bool:
    return text == "true"


_PARSE: dict[str, Callable[[str], object]] = {"int": int, "double": float, "boolean": _boolean}


def typed(values: dict[str, str], columns: list[tuple[str, str]]) -> dict[str, object]:
    """``values`` of ``columns`` (in column order, absent ones left out) as Python values of
    their column type, for writers (networkx's) that take the XML type from the value's."""
    out: dict[str, object] = {}
    for name, kind in columns:
        if name in values:
            parse = _PARSE.get(kind)
            out[name] = parse(values[name]) if parse is not None else values[name]
    return out
