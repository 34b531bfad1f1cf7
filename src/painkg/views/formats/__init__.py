"""Export formats: a registry from format name to writer (it feeds ``click.Choice``).

Every writer takes a :class:`painkg.views.build.ViewGraph` and returns the file's bytes, the same
bytes for the same graph (sorted nodes and edges, fixed ids). Each writer family lives in
its own small module; importing this package imports none of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from painkg.errors import UsageError

if TYPE_CHECKING:
    from painkg.views.build import ViewGraph

__all__ = ["Format", "FORMATS", "format_names", "get_format", "write_view"]


@dataclass(frozen=True)
class Format:
    """A format: its name, writer (``module:function``), file extension and description."""

    name: str
    writer: str
    extension: str
    description: str
    binary: bool = False

    def load(self) -> Callable[[ViewGraph], bytes]:
        """Import the writer function."""
        module, function = self.writer.split(":")
        writer: Callable[[ViewGraph], bytes] = getattr(
            importlib.import_module(f"{__name__}.{module}"), function)
        return writer


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("graphml", "graphml:write_graphml", "graphml",
           "GraphML (Cytoscape, yEd, igraph, Gephi)"),
    Format("gexf", "gexf:write_gexf", "gexf",
           "GEXF 1.3 with viz colours and thickness (Gephi)"),
    Format("cyjs", "jsongraph:write_cyjs", "cyjs", "Cytoscape.js / Cytoscape desktop JSON"),
    Format("dot", "graphviz:write_dot", "dot", "Graphviz DOT, styled by class and evidence"),
    Format("svg", "graphviz:write_svg", "svg", "SVG drawn by Graphviz `dot -Tsvg`"),
    Format("mermaid", "mermaid:write_mermaid", "mmd", "Mermaid flowchart (for Markdown docs)"),
    Format("csv", "tables:write_csv_zip", "zip",
           "ZIP archive of two CSV tables, nodes.csv and edges.csv", binary=True),
    Format("html", "html:write_html", "html",
           "one self-contained offline HTML page (Cytoscape.js, search, legend, evidence panel)"),
    Format("obographs", "obographs:write_obographs", "json",
           "OBO Graphs JSON (OAK, ROBOT and the OBO tool chain)"),
)}


def format_names() -> list[str]:
    """The format names, in registry order (for ``click.Choice``)."""
    return list(FORMATS)


def get_format(name: str) -> Format:
    """The format called ``name`` (UsageError listing the formats otherwise)."""
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise UsageError(
            f"Unknown export format {name!r}: use one of {', '.join(FORMATS)}."
        ) from None


def write_view(view: ViewGraph, fmt: str) -> bytes:
    """The bytes of ``view`` written in format ``fmt``."""
    return get_format(fmt).load()(view)
