"""The SHACL shapes, tested as data: one folder of cases per shape under tests/cases/shapes/.

Each case ``tests/cases/shapes/<Shape>/<case>.ttl`` is validated together with ``_base.ttl``
(a minimal article that conforms to everything) and the packaged ontology. Its ``# expect:``
lines give the results the shape must produce, as ``focus path severity`` (``-`` for no
path, ``^p`` for an inverse path), or ``# expect: none``. Only results of that shape (and its
property shapes) are compared, so a case stays small.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from painkg.namespaces import PREFIXES
from painkg.validation.render import show_path
from painkg.validation.report import ValidationReport
from painkg.validation.validate import packaged_shapes, validate_paths
from support import CASES as ALL_CASES

CASES = ALL_CASES / "shapes"
BASE = CASES / "_base.ttl"
SHAPES_NS = "https://w3id.org/painkg/shapes#"


def _shapes() -> Graph:
    """The packaged shapes, parsed once per session by painkg.validation.validate (never
    modified)."""
    return packaged_shapes().full


def _node_shapes() -> list[str]:
    shapes = _shapes()
    return sorted(str(s)[len(SHAPES_NS):] for s in shapes.subjects(RDF.type, SH.NodeShape)
                  if isinstance(s, URIRef))


def _case_files() -> list[Path]:
    return sorted(CASES.glob("*/*.ttl"))


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else curie


def _expected(path: Path) -> set[tuple[str, str, str]]:
    found: set[tuple[str, str, str]] = set()
    lines = [line[len("# expect:"):].split() for line in path.read_text(encoding="utf-8")
             .splitlines() if line.startswith("# expect:")]
    assert lines, f"{path} has no '# expect:' line"
    for parts in lines:
        if parts == ["none"]:
            continue
        focus, result_path, severity = parts
        found.add((_expand(focus), "" if result_path == "-" else result_path, severity))
    return found


def _actual(report: ValidationReport, shape: str) -> set[tuple[str, str, str]]:
    node = URIRef(SHAPES_NS + shape)
    owned = {node, *_shapes().objects(node, SH.property)}
    return {(str(r.focus), show_path(report, r.path), r.severity)
            for r in report.results if r.shape in owned}


def test_base_fixture_conforms_with_no_results_at_all() -> None:
    report = validate_paths([BASE])
    assert report.results == [], [r.message for r in report.results]


@pytest.mark.parametrize("case", _case_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_shape_case(case: Path) -> None:
    shape = case.parent.name
    assert shape in _node_shapes(), f"{case}: no shape pks:{shape} in shapes.ttl"
    report = validate_paths([BASE, case])
    assert _actual(report, shape) == _expected(case)


@pytest.mark.parametrize("shape", _node_shapes())
def test_every_shape_has_a_conforming_and_a_failing_case(shape: str) -> None:
    cases = sorted((CASES / shape).glob("*.ttl"))
    expectations = [_expected(c) for c in cases]
    assert any(not e for e in expectations), f"pks:{shape} has no conforming case"
    assert any(e for e in expectations), f"pks:{shape} has no non-conforming case"


def test_every_shape_and_constraint_has_a_message() -> None:
    shapes = _shapes()
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape))
    nodes |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    nodes |= set(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    nodes |= set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.sparql))
    assert len(nodes) > 80
    silent = sorted(str(n) for n in nodes if shapes.value(n, SH.message) is None)
    assert silent == []


def test_sparql_constraints_avoid_not_exists_and_minus() -> None:
    """FILTER NOT EXISTS is a nested loop in Oxigraph; MINUS is not allowed with $this."""
    for select in _shapes().objects(None, SH.select):
        text = str(select).upper()
        assert "NOT EXISTS" not in text and "MINUS" not in text, text
