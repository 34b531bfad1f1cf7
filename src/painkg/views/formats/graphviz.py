"""Graphviz writers: DOT text, and SVG drawn by the ``dot`` program (Debian: graphviz).

Nodes are filled and shaped by class; an edge's pen width grows with its best tier, it is
dashed when LLM-only and dotted when no claim supports it, and its label says predicate and
evidence. The evidence is also kept as plain DOT attributes (``best_tier``, ``n_claims``,
``llm_only``) and as SVG classes. Nodes without an edge sit in one small grid per class.
The legend is a cluster that draws its samples: a node per class present and an edge per
line style; its nodes and edges carry the class ``legend`` (ids start ``_legend_``).
"""

from __future__ import annotations

import math
import shutil
import subprocess

from painkg.errors import ServiceError
from painkg.views.build import CLASS_ORDER, ViewGraph
from painkg.views.formats.style import (
    IMPLIED_COLOUR,
    LEGEND_EDGES,
    LLM_COLOUR,
    PEN_WIDTH,
    class_order_key,
    colour,
    edge_colour,
    evidence_text,
    line_style,
    shape,
    text_colour,
)

__all__ = ["write_dot", "write_svg", "dot_program"]

_FONT = "Helvetica"


def _q(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _node_line(node_id: str, label: str, cls: str, extra: str) -> str:
    fill = colour(cls)
    return (f"  {_q(node_id)} [label={_q(label)}, shape={shape(cls, 'graphviz')}, "
            f"fillcolor={_q(fill)}, fontcolor={_q(text_colour(fill))}{extra}];\n")


def _legend(view: ViewGraph) -> list[str]:
    """A legend cluster that draws what it explains: one node per class present (its shape
    and colour), one sample edge per line style. Its nodes and edges carry class "legend"."""
    present = sorted({n.cls for n in view.nodes}, key=class_order_key)
    out = ['  subgraph "cluster_legend" {\n',
           '    graph [label="Legend", labeljust=l, style="rounded", color="#999999", '
           'fontsize=11];\n']
    for cls in present:
        out.append("  " + _node_line(f"_legend_{cls}", cls, cls, ', class="legend"'))
    for i, (text, tier, style, line_colour) in enumerate(LEGEND_EDGES):
        ends = (f"_legend_edge{i}_from", f"_legend_edge{i}_to")
        for end in ends:
            out.append(f'    {_q(end)} [shape=point, width=0.05, color="#555555", '
                       f'class="legend"];\n')
        drawn = (f", color={_q(line_colour)}, fontcolor={_q(line_colour)}"
                 if line_colour in (LLM_COLOUR, IMPLIED_COLOUR) else "")
        out.append(f"    {_q(ends[0])} -> {_q(ends[1])} [label={_q(text)}, "
                   f"penwidth={PEN_WIDTH[tier]}, style={style}{drawn}, weight=100, "
                   f"class=\"legend\"];\n")
    out.append("  }\n")
    return out


def _unconnected(view: ViewGraph) -> list[str]:
    """Nodes without an edge, grouped by class in small grids (Graphviz would otherwise stack
    them in one long column at the first rank)."""
    linked = {e.source for e in view.edges} | {e.target for e in view.edges}
    groups: dict[str, list[str]] = {}
    for node in view.nodes:
        if node.id not in linked:
            groups.setdefault(node.cls, []).append(node.id)
    out: list[str] = []
    for cls in sorted(groups, key=lambda c: (CLASS_ORDER.index(c) if c in CLASS_ORDER else 99, c)):
        ids = sorted(groups[cls])
        rows = max(1, math.ceil(len(ids) / math.ceil(math.sqrt(len(ids)))))
        out.append(f"  subgraph {_q('cluster_unconnected_' + cls)} {{\n"
                   f"    graph [label={_q(cls + ': no relation in this view')}, labeljust=l, "
                   f'style="rounded,dashed", color="#999999", fontsize=10];\n')
        out.extend(f"    {_q(i)};\n" for i in ids)
        # Invisible edges put each node one column right of the node a row-count before it.
        out.extend(f"    {_q(ids[k])} -> {_q(ids[k + rows])} [style=invis];\n"
                   for k in range(len(ids) - rows))
        out.append("  }\n")
    return out


def write_dot(view: ViewGraph) -> bytes:
    """The view as a styled Graphviz digraph."""
    out = [f"digraph {_q(view.name)} {{\n",
           f'  graph [rankdir=LR, fontname="{_FONT}", fontsize=12, labelloc=t, '
           f"labeljust=l, nodesep=0.3, ranksep=0.6, label={_q(view.title)}];\n",
           f'  node [style="filled", fontname="{_FONT}", fontsize=11, '
           'color="#444444", penwidth=1];\n',
           f'  edge [fontname="{_FONT}", fontsize=9, color="#555555", arrowsize=0.7];\n']
    for node in view.nodes:
        out.append(_node_line(node.id, node.label, node.cls,
                              f", class={_q(node.cls)}, "
                              f"tooltip={_q(f'{node.cls}: {node.iri}')}"))
    for edge in view.edges:
        style = line_style(edge)
        label = f"{edge.label}\n{evidence_text(edge)}"
        classes = (f"{edge.label} tier-{edge.best_tier}" + (" llm-only" if edge.llm_only else "")
                   + (" implied-only" if edge.implied_only else ""))
        colour_attr = (f", color={_q(edge_colour(edge))}, fontcolor={_q(edge_colour(edge))}"
                       if edge.llm_only or edge.implied_only else "")
        out.append(
            f"  {_q(edge.source)} -> {_q(edge.target)} [label={_q(label)}, "
            f"penwidth={PEN_WIDTH[edge.best_tier]}, style={style}{colour_attr}, "
            f"class={_q(classes)}, "
            f"tooltip={_q(f'{edge.predicate}: {evidence_text(edge)}')}, "
            f"best_tier={_q(edge.best_tier)}, stated_tier={_q(edge.stated_tier)}, "
            f"implied_tier={_q(edge.implied_tier)}, n_claims={edge.n_claims}, "
            f"llm_only={'true' if edge.llm_only else 'false'}];\n")
    out.extend(_unconnected(view))
    out.extend(_legend(view))
    out.append("}\n")
    return "".join(out).encode("utf-8")


def dot_program() -> str:
    """The path of Graphviz's ``dot`` (ServiceError naming the package when it is missing)."""
    found = shutil.which("dot")
    if found is None:
        raise ServiceError(
            "SVG export needs Graphviz's 'dot' program, which was not found on PATH: install "
            "it (Debian/Ubuntu: apt-get install graphviz), or export -f dot and draw it elsewhere."
        )
    return found


#: Seconds ``dot`` may take to lay out a view: a whole wiki's view can take Graphviz far longer.
DOT_TIMEOUT_S = 120.0


def write_svg(view: ViewGraph) -> bytes:
    """The view drawn as SVG by ``dot -Tsvg`` (same input, same Graphviz: same bytes)."""
    dot = write_dot(view)
    try:
        done = subprocess.run([dot_program(), "-Tsvg"], input=dot, capture_output=True,
                              check=False, timeout=DOT_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise ServiceError(
            f"Graphviz 'dot -Tsvg' did not finish laying out {view.name!r} "
            f"({len(view.nodes)} nodes, {len(view.edges)} edges) within {DOT_TIMEOUT_S:g} s. "
            f"Export a smaller view (ego:NAME[:DEPTH]) as SVG, or this one as graphml, "
            f"cytoscape JSON or dot and lay it out in a tool made for large graphs."
        ) from exc
    if done.returncode != 0:
        raise ServiceError(
            f"Graphviz 'dot -Tsvg' failed (exit {done.returncode}): "
            f"{done.stderr.decode('utf-8', 'replace').strip()}"
        )
    return done.stdout
