"""How evidence and classes look, shared by every format that draws (dot, svg, mermaid, html).

Pen width grows with the stated tier behind an edge (the best tier among the sentences that
state the relation; T1 thickest); an edge whose every claim is LLM-tagged is dashed and red;
an edge whose claims only imply it (no sentence states it) is dashed and purple; an edge no
claim supports is dotted. Colours and shapes are fixed per class: a colour-blind-safe
palette, and one shape per family of classes.
"""

from __future__ import annotations

from painkg.views.build import CLASS_ORDER, Edge

__all__ = ["OKABE_ITO", "CLASS_FAMILY", "FAMILY_SHAPES", "CLASS_COLOURS", "PEN_WIDTH", "WEIGHT",
           "colour", "shape", "text_colour", "line_style", "evidence_text", "LEGEND_EDGES",
           "LLM_COLOUR", "IMPLIED_COLOUR", "edge_colour", "class_order_key"]

#: Okabe & Ito's colour-blind-safe qualitative palette ("Color Universal Design", 2008),
#: without its black. Under simulated protanopia, deuteranopia and tritanopia (Machado 2009)
#: every pair stays at least 10.9 apart in CIEDE2000 (tests/views/test_style_palette.py).
OKABE_ITO: dict[str, str] = {
    "orange": "#e69f00", "sky_blue": "#56b4e9", "bluish_green": "#009e73", "yellow": "#f0e442",
    "blue": "#0072b2", "vermillion": "#d55e00", "reddish_purple": "#cc79a7",
}

#: Families of classes, each drawn with its own node shape. Twenty classes are more than any
#: palette keeps apart for colour-blind readers (published safe palettes stop at 7 to 10
#: colours), so shape is the second channel: within a family no two classes share a colour,
#: and a colour reused across families comes with another shape.
CLASS_FAMILY: dict[str, str] = {
    "Construct": "concept", "Condition": "concept", "ClinicalSign": "concept",
    "Mechanism": "concept", "Intervention": "concept", "ProblemForWork": "concept",
    "Resource": "teaching", "SmartObjective": "teaching", "Misconception": "teaching",
    "Caution": "teaching", "KeyTerm": "teaching", "ReflectiveQuestion": "teaching",
    "IllustrativeExample": "teaching",
    "Person": "agent", "Organization": "agent", "Contribution": "agent",
    "Statement": "evidence", "Claim": "evidence", "Source": "evidence", "LLMTag": "evidence",
}

#: Node shape of each family, as Cytoscape.js and Graphviz name it, and as Mermaid writes it
#: (the brackets before and after the label, separated by a space).
FAMILY_SHAPES: dict[str, dict[str, str]] = {
    "concept": {"cytoscape": "ellipse", "graphviz": "ellipse", "mermaid": "([ ])"},
    "teaching": {"cytoscape": "rectangle", "graphviz": "box", "mermaid": "[ ]"},
    "agent": {"cytoscape": "hexagon", "graphviz": "hexagon", "mermaid": "{{ }}"},
    "evidence": {"cytoscape": "diamond", "graphviz": "diamond", "mermaid": "{ }"},
}

_O = OKABE_ITO
#: Fill colours per class, from :data:`OKABE_ITO`; grey for anything else.
CLASS_COLOURS: dict[str, str] = {
    "Construct": _O["orange"], "Condition": _O["vermillion"],
    "ClinicalSign": _O["reddish_purple"], "Mechanism": _O["yellow"],
    "Intervention": _O["sky_blue"], "ProblemForWork": _O["bluish_green"],
    "Resource": _O["bluish_green"], "SmartObjective": _O["blue"],
    "Misconception": _O["vermillion"], "Caution": _O["yellow"], "KeyTerm": _O["sky_blue"],
    "ReflectiveQuestion": _O["reddish_purple"], "IllustrativeExample": _O["orange"],
    "Person": _O["orange"], "Organization": _O["blue"], "Contribution": _O["yellow"],
    "Statement": _O["sky_blue"], "Claim": _O["bluish_green"], "Source": _O["blue"],
    "LLMTag": _O["vermillion"],
}
assert set(CLASS_COLOURS) == set(CLASS_ORDER) == set(CLASS_FAMILY)

def class_order_key(cls: str) -> tuple[int, str]:
    """Sort key of a class in legends and class definitions: the palette's order, then any
    class the palette does not name (e.g. a SourceDescription, drawn in the fallback colour)."""
    order = list(CLASS_COLOURS)
    return (order.index(cls) if cls in order else len(order), cls)


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


def shape(cls: str, tool: str) -> str:
    """The node shape of a class in ``tool`` (``cytoscape``, ``graphviz`` or ``mermaid``)."""
    return FAMILY_SHAPES[CLASS_FAMILY.get(cls, "concept")][tool]


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (for labels drawn inside it)."""
    lum = _luminance(fill)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


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
