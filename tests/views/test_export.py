"""export_view, the library function behind ``painkg export``: a view in a format (GraphML by
default), or the SSSOM mappings."""

from __future__ import annotations

import pytest

from painkg.errors import UsageError
from painkg.store import OxigraphStore
from painkg.views.build import build_view
from painkg.views.export import MAPPINGS_VIEW, export_view
from painkg.views.formats.graphml import write_graphml
from painkg.views.formats.jsongraph import write_cyjs
from support.views import fixture_store


def test_a_view_in_a_format_is_that_writer_on_that_view() -> None:
    store = fixture_store()
    assert export_view(store, "full") == write_graphml(build_view(store, "full"))
    assert export_view(store, "interventions", "cyjs") == write_cyjs(
        build_view(store, "interventions"))


def test_mappings_are_sssom_tsv(kg: OxigraphStore) -> None:
    text = export_view(kg, MAPPINGS_VIEW).decode("utf-8")
    rows = [line for line in text.splitlines() if not line.startswith("#")]
    assert text.startswith("# mapping_set_id: ") and rows[0].startswith("subject_id\t")
    assert len(rows) > 1 and all(row.count("\t") == rows[0].count("\t") for row in rows)


def test_an_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        export_view(fixture_store(), "full", "pdf")
