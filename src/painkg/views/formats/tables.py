"""Node and edge tables as CSV, packed in one ZIP archive so one export is one file.

The archive holds ``nodes.csv`` (id, label, class, iri, n_claims, then the view's node
attributes) and ``edges.csv`` (id, source, target, predicate, label, best_tier, tier_rank,
n_claims, llm_only, weight, claims), both UTF-8 with a header row and ``\\r\\n`` line ends
(RFC 4180), the layout Gephi's and Cytoscape's table importers expect. Entries carry a fixed
date so the archive is byte-identical for the same view.
"""

from __future__ import annotations

import csv
import io
import zipfile

from painkg.views.build import ViewGraph
from painkg.views.formats.attributes import edge_columns, edge_values, node_columns, node_values

__all__ = ["write_csv_zip", "nodes_csv", "edges_csv"]

_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def _table(header: list[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def nodes_csv(view: ViewGraph) -> str:
    """The node table."""
    header = ["id"] + [name for name, _ in node_columns(view)]
    return _table(header, [{"id": n.id, **node_values(n)} for n in view.nodes])


def edges_csv(view: ViewGraph) -> str:
    """The edge table."""
    header = ["id", "source", "target"] + [name for name, _ in edge_columns()]
    return _table(header, [{"id": e.id, "source": e.source, "target": e.target,
                            **edge_values(e)} for e in view.edges])


def write_csv_zip(view: ViewGraph) -> bytes:
    """A ZIP archive with ``nodes.csv`` and ``edges.csv``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("nodes.csv", nodes_csv(view)), ("edges.csv", edges_csv(view))):
            info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
