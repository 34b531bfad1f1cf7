"""Node and edge tables: CSV files in one ZIP, the same bytes every time."""

from __future__ import annotations

import csv
import io
import zipfile

from painkg.views.build import build_view
from painkg.views.formats.attributes import edge_columns, node_columns
from painkg.views.formats.tables import edges_csv, nodes_csv, write_csv_zip
from support.views import fixture_store


def test_the_zip_holds_the_two_tables() -> None:
    view = build_view(fixture_store(), "full")
    data = write_csv_zip(view)
    assert data == write_csv_zip(view)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(archive.namelist())
        texts = {n: archive.read(n).decode("utf-8") for n in names}
    assert sorted(texts.values()) == sorted([nodes_csv(view), edges_csv(view)])
    nodes = list(csv.DictReader(io.StringIO(nodes_csv(view))))
    edges = list(csv.DictReader(io.StringIO(edges_csv(view))))
    assert len(nodes) == len(view.nodes) and len(edges) == len(view.edges)
    assert list(nodes[0]) == ["id", *(name for name, _ in node_columns(view))]
    assert list(edges[0]) == ["id", "source", "target", *(name for name, _ in edge_columns())]
