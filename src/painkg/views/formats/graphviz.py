"""Graphviz writers: DOT text, and SVG drawn by the ``dot`` program (Debian: graphviz).

Nodes are filled by class; an edge's pen width grows with its best tier, it is dashed when
LLM-only and dotted when no claim supports it, and its label says predicate and evidence.
The evidence is also kept as plain DOT attributes (``best_tier``, ``n_claims``,
``llm_only``) and as SVG classes. The legend is the graph's own label (an HTML-like table),
so it adds no nodes or edges to the graph.
"""

from __future__ import annotations

import shutil
import subprocess
from html import escape as html_escape

from painkg.errors import ServiceError
from painkg.views.build import ViewGraph
from painkg.views.formats.style import (
    CLASS_COLOURS,
    IMPLIED_COLOUR,
    LEGEND_EDGES,
    LLM_COLOUR,
    PEN_WIDTH,
    colour,
    edge_colour,
    evidence_text,
    line_style,
)

__all__ = ["write_dot", "write_svg", "dot_program"]

_FONT = "Helvetica"


def _q(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _legend(view: ViewGraph) -> str:
    present = sorted({n.cls for n in view.nodes}, key=list(CLASS_COLOURS).index)
    rows = [f'<tr><td colspan="2"><b>{html_escape(view.title)}</b></td></tr>']
    for cls in present:
        rows.append(f'<tr><td bgcolor="{colour(cls)}" width="24"> </td>'
                    f'<td align="left">{cls}</td></tr>')
    names = {LLM_COLOUR: ", red", IMPLIED_COLOUR: ", purple"}
    for text, tier, style, line_colour in LEGEND_EDGES:
        rows.append(f'<tr><td>{style}{names.get(line_colour, "")} line, width '
                    f'{PEN_WIDTH[tier]}</td><td align="left">{html_escape(text)}</td></tr>')
    return ('<<table border="0" cellborder="1" cellspacing="0" cellpadding="3">'
            + "".join(rows) + "</table>>")


def write_dot(view: ViewGraph) -> bytes:
    """The view as a styled Graphviz digraph."""
    out = [f"digraph {_q(view.name)} {{\n",
           f'  graph [rankdir=LR, fontname="{_FONT}", fontsize=10, labelloc=b, '
           f"labeljust=l, nodesep=0.3, ranksep=0.6, label={_legend(view)}];\n",
           f'  node [shape=box, style="rounded,filled", fontname="{_FONT}", fontsize=11, '
           'color="#444444", penwidth=1];\n',
           f'  edge [fontname="{_FONT}", fontsize=9, color="#555555", arrowsize=0.7];\n']
    for node in view.nodes:
        out.append(f"  {_q(node.id)} [label={_q(node.label)}, fillcolor={_q(colour(node.cls))}, "
                   f"class={_q(node.cls)}, tooltip={_q(f'{node.cls}: {node.iri}')}];\n")
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
