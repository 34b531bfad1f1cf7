"""Running library queries: by file or by name, parameters bound, SELECT and ASK as tables;
a user's query is screened first and cut at its row limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from painkg.errors import RefusedQueryError
from painkg.query.catalog import QueryFile, find_query, read_query_file
from painkg.query.run import run_named, run_query, run_user_query
from painkg.store import OxigraphStore


def _mine(tmp_path: Path, text: str) -> QueryFile:
    path = tmp_path / "mine.rq"
    path.write_text(text)
    return read_query_file(path)


def test_by_file_and_by_name_give_the_same_table(kg: OxigraphStore) -> None:
    by_file = run_query(kg, find_query("glossary"))
    assert by_file.rows and by_file == run_named(kg, "glossary")


def test_a_user_query_is_cut_at_its_limit(kg: OxigraphStore, tmp_path: Path) -> None:
    query = _mine(tmp_path, "SELECT ?s WHERE { ?s ?p ?o }")
    table, cut = run_user_query(kg, query, limit=3, timeout=60)
    assert len(table.rows) == 3 and cut


def test_a_user_update_is_refused(kg: OxigraphStore, tmp_path: Path) -> None:
    query = _mine(tmp_path, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(RefusedQueryError):
        run_user_query(kg, query, timeout=60)
