"""QC queries: same columns, no rows on the shipped graph, rows on their broken fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from painkg.query.catalog import QueryFile, list_queries
from painkg.query.run import run_query
from painkg.resources import ontology_files
from painkg.store import OxigraphStore, open_store
from painkg.store.load import ONTOLOGY_GRAPH
from support import CASES as ALL_CASES

QC = list_queries("qc")
COLUMNS = ("entity", "label", "problem", "value")
CASES = ALL_CASES / "qc"


def _ids(q: QueryFile) -> str:
    return q.name


def test_there_are_qc_queries_each_with_a_fixture() -> None:
    assert len(QC) >= 8
    fixtures = {p.stem for p in CASES.glob("*.ttl")}
    assert fixtures == {q.name for q in QC}, "one broken fixture per QC query, same name"


@pytest.mark.parametrize("query", QC, ids=_ids)
def test_qc_returns_no_rows_on_shipped_data(kg: OxigraphStore, query: QueryFile) -> None:
    table = run_query(kg, query)
    assert table.variables == COLUMNS, f"{query.name}: QC queries share the columns {COLUMNS}"
    assert table.rows == (), f"{query.name} finds problems in the shipped graph: {table.rows}"


def _fixture_store(path: Path) -> OxigraphStore:
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    for onto in ontology_files():
        store.load(onto, ONTOLOGY_GRAPH)
    store.load(path, "https://w3id.org/painkg/id/graph/qc-fixture")
    return store


def _marked(path: Path, key: str) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.split(":", 1)[1].strip() for line in lines if line.startswith(f"# {key}:")}


@pytest.mark.parametrize("query", QC, ids=_ids)
def test_qc_finds_the_broken_fixture(query: QueryFile) -> None:
    fixture = CASES / f"{query.name}.ttl"
    expected = _marked(fixture, "expect")
    assert expected, f"{fixture} must name the entities it breaks ('# expect: IRI')"
    table = run_query(_fixture_store(fixture), query)
    assert table.variables == COLUMNS
    found = {str(row[0]) for row in table.rows}
    assert expected <= found, f"{query.name} missed {expected - found}; rows: {table.rows}"
    assert not (_marked(fixture, "clean") & found), f"{query.name} reports a clean entity"
    assert all(str(row[2]) for row in table.rows), "every finding names its problem"


def test_qc_rows_reach_the_validation_report() -> None:
    from painkg.validation.validate import validate_paths

    report = validate_paths([CASES / "orphan-source.ttl"])
    found = [r for r in report.results if r.source == "qc:orphan-source"]
    assert [str(r.focus) for r in found] == ["https://w3id.org/painkg/id/source/nobody-2020"]
    assert found[0].severity == "violation" and not report.conforms()
    assert "Source neither cited nor listed" in found[0].message


def test_qc_results_on_shipped_data_are_empty(kg: OxigraphStore) -> None:
    from painkg.validation.qc import qc_results

    assert qc_results(kg) == []
