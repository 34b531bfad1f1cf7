"""Counting what the graph holds: triples, instances per class, uses per property.

The counts come from SPARQL run on the store's engine (``queries/internal/stats-*.rq``),
so they work the same on the packaged graph, an on-disk store or a remote endpoint.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from painkg.resources import queries_dir

if TYPE_CHECKING:
    from painkg.store import GraphStore

__all__ = ["GraphStats", "graph_stats", "render_stats", "FORMATS"]

FORMATS = ("table", "json")


@dataclass
class GraphStats:
    """Triple count and per-class / per-property counts, keyed by CURIE (or ``<iri>``)."""

    triples: int
    classes: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict (insertion order is the deterministic query order)."""
        return {"triples": self.triples, "classes": self.classes, "properties": self.properties}


def _query(name: str) -> str:
    return (queries_dir() / "internal" / f"{name}.rq").read_text(encoding="utf-8")


def graph_stats(store: GraphStore) -> GraphStats:
    """Count the store's union graph: triples, instances per class, uses per property."""
    from painkg.validation.render import show_term

    classes = {show_term(row["class"]): int(row["count"])
               for row in store.select(_query("stats-classes"))}
    properties = {show_term(row["property"]): int(row["count"])
                  for row in store.select(_query("stats-properties"))}
    return GraphStats(triples=len(store), classes=classes, properties=properties)


def render_stats(stats: GraphStats, fmt: str = "table") -> str:
    """``table`` (aligned, for people) or ``json`` (for tools)."""
    if fmt == "json":
        return json.dumps(stats.as_dict(), indent=2, ensure_ascii=False) + "\n"
    lines = [f"triples  {stats.triples}", ""]
    for title, counts in (("class", stats.classes), ("property", stats.properties)):
        width = max([len(title)] + [len(k) for k in counts])
        lines.append(f"{title:<{width}}  count")
        lines.extend(f"{key:<{width}}  {value:>5}" for key, value in counts.items())
        lines.append("")
    return "\n".join(lines)
