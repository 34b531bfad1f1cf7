"""Mermaid flowchart writer, for diagrams embedded in Markdown (GitHub renders them).

Node ids are the CURIEs made safe for Mermaid (``pkr_kinesiophobia``). Edges say predicate
and evidence in their label; ``==>`` (thick) for a best tier of T1, ``-.->`` (dotted) for
LLM-only or unsupported edges, ``-->`` otherwise; a ``linkStyle`` line per edge sets the
pen width by tier. Classes get a ``classDef`` with their colour, and nodes their family's shape
(the same as in the other drawings, see ``style``).
"""

from __future__ import annotations

import re

from painkg.views.build import ViewGraph
from painkg.views.formats.style import (
    PEN_WIDTH,
    class_order_key,
    colour,
    evidence_text,
    line_style,
    shape,
    text_colour,
)

__all__ = ["write_mermaid", "mermaid_ids"]


def mermaid_ids(view: ViewGraph) -> dict[str, str]:
    """A Mermaid-safe, unique id for each node id."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for node in view.nodes:
        base = re.sub(r"[^A-Za-z0-9]+", "_", node.id).strip("_") or "node"
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}_{n}", n + 1
        taken.add(candidate)
        ids[node.id] = candidate
    return ids


def _text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")


def write_mermaid(view: ViewGraph) -> bytes:
    """The view as a Mermaid ``flowchart LR``."""
    ids = mermaid_ids(view)
    out = [f"%% painkg view {view.name}: {_text(view.title)}\n",
           "%% edges: thick = stated by a T1 source, dotted = LLM-only, implied only or "
           "unsupported\n",
           "flowchart LR\n"]
    for node in view.nodes:
        before, after = shape(node.cls, "mermaid").split(" ")
        out.append(f'  {ids[node.id]}{before}"{_text(node.label)}"{after}:::{node.cls}\n')
    styles = []
    for i, edge in enumerate(view.edges):
        arrow = "-->"
        if line_style(edge) != "solid":
            arrow = "-.->"
        elif edge.best_tier == "T1":
            arrow = "==>"
        out.append(f'  {ids[edge.source]} {arrow}|"{_text(edge.label)} · '
                   f'{_text(evidence_text(edge))}"| {ids[edge.target]}\n')
        dash = ",stroke-dasharray:5 4" if line_style(edge) != "solid" else ""
        styles.append(f"  linkStyle {i} stroke-width:{PEN_WIDTH[edge.best_tier]}px{dash}\n")
    out.extend(styles)
    for cls in sorted({n.cls for n in view.nodes}, key=class_order_key):
        out.append(f"  classDef {cls} fill:{colour(cls)},stroke:#444444,"
                   f"color:{text_colour(colour(cls))}\n")
    return "".join(out).encode("utf-8")
