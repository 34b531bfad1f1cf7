"""One self-contained HTML page per view: it works offline and from a file:// URL.

The page inlines Cytoscape.js (vendored from npm's ``cytoscape`` package, MIT licence, in
``painkg/static/``), the view's elements, the claims behind them and a small app
(``static/view.js``): search by label or synonym (ranked, with the closest names when nothing
matches), nodes coloured and shaped by class, labels kept at a readable size (the most
connected first, as many as fit without overlapping), entities without a relation listed by
class beside the graph instead of drawn, a legend, edges styled by evidence (width by best
tier, dashed red when LLM-only, dotted when unsupported), and on click an evidence panel
listing the entity's claims with their sources and tiers.
"""

from __future__ import annotations

import html
import json

from painkg.resources import static_text
from painkg.views.build import CLASS_ORDER, ViewGraph
from painkg.views.formats.jsongraph import cy_elements
from painkg.views.formats.style import CLASS_COLOURS, LEGEND_EDGES, PEN_WIDTH, shape

__all__ = ["write_html"]


def _script_safe(text: str) -> str:
    # Inline <script> content must not contain "</" (it could close the element early).
    return text.replace("</", "<\\/")


def write_html(view: ViewGraph) -> bytes:
    """The view as one offline HTML page."""
    claims = {cid: {"text": c.text, "section": c.section, "line": c.line, "marker": c.marker,
                    "tier": c.tier, "citation": c.citation, "kind": c.kind,
                    "review": c.review or "unreviewed"}
              for cid, c in view.claims.items()}
    data = {
        "view": view.name, "title": view.title, "elements": cy_elements(view), "claims": claims,
        "evidence": {n.id: [[via, list(ids)] for via, ids in n.evidence] for n in view.nodes},
        "style": {"class_order": list(CLASS_ORDER), "colours": CLASS_COLOURS,
                  "shapes": {cls: shape(cls, "cytoscape") for cls in CLASS_ORDER},
                  "edges": [{"text": text, "width": PEN_WIDTH[tier], "style": style,
                             "colour": line_colour}
                            for text, tier, style, line_colour in LEGEND_EDGES]},
    }
    page = static_text("view.html")
    for marker, value in (
        ("__PAINKG_TITLE__", html.escape(view.title)),
        ("__PAINKG_VIEW__", html.escape(view.name)),
        ("/*__PAINKG_CSS__*/", static_text("view.css")),
        ("/*__PAINKG_CYTOSCAPE__*/", _script_safe(static_text("cytoscape.min.js"))),
        ("/*__PAINKG_DATA__*/",
         _script_safe(json.dumps(data, sort_keys=True, ensure_ascii=False, indent=None))),
        ("/*__PAINKG_APP__*/", _script_safe(static_text("view.js"))),
    ):
        page = page.replace(marker, value)
    return page.encode("utf-8")
