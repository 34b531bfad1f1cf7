"""How evidence and classes look, shared by every format that draws (dot, svg, mermaid, html).

Pen width grows with the stated tier behind an edge (the best tier among the sentences that
state the relation; T1 thickest); an edge whose every claim is LLM-tagged is dashed and red;
an edge whose claims only imply it (no sentence states it) is dashed and purple; an edge no
claim supports is dotted. Colours are fixed per class.
"""

from __future__ import annotations

from painkg.views.build import CLASS_ORDER, Edge

__all__ = ["CLASS_COLOURS", "PEN_WIDTH", "WEIGHT", "colour", "line_style", "evidence_text",
           "LEGEND_EDGES", "LLM_COLOUR", "IMPLIED_COLOUR", "edge_colour"]

#: Fill colours per class (a colour-blind-safe palette), grey for anything else.
CLASS_COLOURS: dict[str, str] = {
    "Construct": "#e69f00", "Condition": "#d55e00", "ClinicalSign": "#cc79a7",
    "Mechanism": "#f0e442", "Intervention": "#56b4e9", "ProblemForWork": "#009e73",
    "Resource": "#a6d854", "SmartObjective": "#8da0cb", "Misconception": "#fc8d62",
    "Caution": "#e78ac3", "Person": "#b3b3b3", "Organization": "#999999",
    "Contribution": "#ffd92f", "KeyTerm": "#e5c494", "ReflectiveQuestion": "#c7e9c0",
    "IllustrativeExample": "#fdd0a2", "Statement": "#dddddd",
    "Claim": "#ffffff", "Source": "#66c2a5", "LLMTag": "#ff6666",
}
assert set(CLASS_COLOURS) == set(CLASS_ORDER)

#: Colour of LLM-only edges (everywhere an edge can be coloured).
LLM_COLOUR = "#d6604d"
#: Colour of implied-only edges: claims support the relation but none states it.
IMPLIED_COLOUR = "#7570b3"
#: Colour of every other edge.
EDGE_COLOUR = "#555555"
#: Pen width (px) by stated tier.
PEN_WIDTH: dict[str, float] = {"T1": 3.5, "T2": 2.5, "T3": 1.5, "none": 1.0}
#: Edge weight for Gephi/igraph-style tools: 3 for T1 down to 1 for T3; 0.5 without a source.
WEIGHT: dict[str, float] = {"T1": 3.0, "T2": 2.0, "T3": 1.0, "none": 0.5}

#: (description, stated tier, line style, colour) rows of every legend.
LEGEND_EDGES: tuple[tuple[str, str, str, str], ...] = (
    ("stated by a T1 source (peer-reviewed)", "T1", "solid", EDGE_COLOUR),
    ("stated by a T2 source (professional body)", "T2", "solid", EDGE_COLOUR),
    ("stated by a T3 source (tertiary)", "T3", "solid", EDGE_COLOUR),
    ("LLM-only (no cited source)", "none", "dashed", LLM_COLOUR),
    ("implied only (no sentence states it)", "none", "dashed", IMPLIED_COLOUR),
    ("no supporting claim", "none", "dotted", EDGE_COLOUR),
)


def colour(cls: str) -> str:
    """The fill colour of a class."""
    return CLASS_COLOURS.get(cls, "#cccccc")


def line_style(edge: Edge) -> str:
    """``solid``, ``dashed`` (LLM-only or implied only) or ``dotted`` (no supporting claim)."""
    if edge.llm_only or edge.implied_only:
        return "dashed"
    return "solid" if edge.n_claims else "dotted"


def edge_colour(edge: Edge) -> str:
    """Red for LLM-only edges, purple for implied-only ones, grey otherwise."""
    if edge.llm_only:
        return LLM_COLOUR
    return IMPLIED_COLOUR if edge.implied_only else EDGE_COLOUR


def evidence_text(edge: Edge) -> str:
    """A short evidence summary: ``T1 · 2 claims``, ``T3 · implied T1 · 2 claims`` (stated
    tier first, implied beside it), ``implied T1 · 1 claim`` or ``LLM only · 1 claim``."""
    count = f"{edge.n_claims} claim{'s' if edge.n_claims != 1 else ''}"
    if edge.llm_only:
        return f"LLM only · {count}"
    if not edge.n_claims:
        return "no claim"
    if edge.implied_only:
        return f"implied {edge.implied_tier} · {count}"
    implied = f" · implied {edge.implied_tier}" if edge.implied_tier != "none" else ""
    return f"{edge.best_tier}{implied} · {count}"
