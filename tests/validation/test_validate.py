"""``painkg validate``: the packaged graph conforms; broken copies fail with the right exit code."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from painkg.errors import InputError
from painkg.namespaces import PK, PKR
from painkg.resources import data_dir
from painkg.store import OxigraphStore
from painkg.validation.render import render_json, render_turtle
from painkg.validation.report import ValidationReport, ValidationResult
from painkg.validation.validate import validate, validate_paths

Invoke = Callable[..., Result]
CURATED = "central-sensitization.curated.ttl"


@pytest.fixture(scope="module")
def packaged_report(kg: OxigraphStore) -> ValidationReport:
    return validate(kg)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the packaged data/graph folder."""
    target = tmp_path / "graph"
    shutil.copytree(data_dir() / "graph", target)
    return target


def test_packaged_graph_has_no_violations(packaged_report: ValidationReport) -> None:
    assert packaged_report.conforms("violation"), [
        (str(r.focus), r.message) for r in packaged_report.at_or_above("violation")]
    # The real article states 7 sources but lists 8: a warning, not a violation.
    assert any(r.path == PK.statedSourceCount and r.severity == "warning"
               for r in packaged_report.results)


def test_cli_validate_exits_0_and_groups_by_entity(invoke: Invoke) -> None:
    result = invoke("validate")
    assert result.exit_code == 0, result.output
    assert "Central Sensitization  <https://w3id.org/painkg/id/article/central-sensitization>" \
        in result.stdout
    assert "0 violations" in result.stdout


def test_fail_on_warning_exits_1(invoke: Invoke) -> None:
    result = invoke("validate", "--fail-on", "warning", "-f", "json")
    assert result.exit_code == 1, result.output
    payload = json.loads(result.stdout)
    assert payload["conforms"] is False and payload["counts"]["violation"] == 0
    assert payload["counts"]["warning"] >= 1
    assert "at or above warning" in result.stderr


def test_bad_fail_on_is_usage_error(invoke: Invoke) -> None:
    result = invoke("validate", "--fail-on", "catastrophe")
    assert result.exit_code == 2, result.output


def test_syntax_error_in_a_copy_exits_3_naming_the_line(invoke: Invoke, data_copy: Path) -> None:
    curated = data_copy / CURATED
    lines = curated.read_text(encoding="utf-8").splitlines()
    broken_line = next(i for i, line in enumerate(lines) if line.startswith("pkr:fibromyalgia"))
    lines[broken_line] = lines[broken_line].replace(" a ", " a a ")  # two verbs, no object
    curated.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("validate", str(data_copy))
    assert result.exit_code == 3, result.output
    assert str(curated) in result.stderr and f"line {broken_line + 1}" in result.stderr
    assert "Traceback" not in result.output


def test_missing_required_value_exits_1_naming_the_entity(invoke: Invoke,
                                                          data_copy: Path) -> None:
    curated = data_copy / CURATED
    graph = Graph().parse(curated, format="turtle")
    objective = PKR["article/central-sensitization/objective/reduce-fear-of-movement"]
    assert graph.value(objective, PK.timeframe) is not None
    graph.remove((objective, PK.timeframe, None))
    curated.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    result = invoke("validate", str(data_copy))
    assert result.exit_code == 1, result.output
    assert f"Reduce fear of movement  <{objective}>" in result.stdout
    assert "pk:timeframe" in result.stdout and "VIOLATION" in result.stdout
    assert "1 violation," in result.stdout


def test_paths_validate_with_the_packaged_ontology(data_copy: Path) -> None:
    """Only the data files are named; sh:class and pk:EvidencedProperty need the ontology."""
    report = validate_paths([data_copy])
    assert report.conforms("violation")


@pytest.mark.parametrize(("name", "content"), [
    ("missing.ttl", None),
    ("notes.txt", "not RDF"),
    ("prefix.ttl", "foo:a foo:b foo:c .\n"),
])
def test_unloadable_input_exits_3(invoke: Invoke, tmp_path: Path, name: str,
                                  content: str | None) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 3, result.output
    assert str(path) in result.stderr
    with pytest.raises(InputError):
        validate_paths([path])


def test_turtle_report_is_a_shacl_report_and_deterministic(invoke: Invoke) -> None:
    first = invoke("validate", "-f", "turtle")
    second = invoke("validate", "-f", "turtle")
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    report = Graph().parse(data=first.stdout, format="turtle")
    assert len(list(report.subjects(None, SH.ValidationReport))) == 1
    assert len(list(report.objects(None, SH.result))) >= 1
    # The source-count warning comes from a SPARQL constraint run on Oxigraph: it is still
    # reported as SHACL-SPARQL reports are, naming its component and its constraint.
    counted = next(r for r in report.subjects(SH.resultPath, PK.statedSourceCount))
    assert report.value(counted, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent
    assert report.value(counted, SH.sourceConstraint) == URIRef(
        "https://w3id.org/painkg/shapes#ArticleSourceCountShape-sparql")
    assert report.value(counted, SH.sourceShape) == URIRef(
        "https://w3id.org/painkg/shapes#ArticleSourceCountShape")


def test_qc_results_can_join_the_report(packaged_report: ValidationReport) -> None:
    """Another check (e.g. a QC query) appends records; every format shows them."""
    report = ValidationReport(list(packaged_report.results), packaged_report.path_graph)
    focus = URIRef(PKR["kinesiophobia"])
    report.extend([ValidationResult(focus=focus, focus_label="Kinesiophobia",
                                    message="A QC query found this.", severity="violation",
                                    path=PK.targets, value=Literal("x"), source="qc:test")])
    assert not report.conforms("violation")
    payload = json.loads(render_json(report))
    groups = {g["focus"]: g for g in payload["focus_nodes"]}
    assert groups[str(focus)]["results"][0]["source"] == "qc:test"
    assert "A QC query found this." in render_turtle(report)
