"""Validating the graph against painkg's SHACL shapes, into a report other checks can extend.

A :class:`ValidationReport` is a list of :class:`ValidationResult` records. SHACL results
come from pyshacl (``source="shape"``); other checks, such as the QC queries in
``queries/qc/``, append their own records (``source="qc:<name>"``) with
:meth:`ValidationReport.extend`, and every output format (text, JSON, Turtle) shows them all.

pyshacl gets a plain rdflib Graph parsed from the store's N-Triples, with inference off
(ENGINES.md): the ontology is part of that data graph, so ``sh:class`` sees
``rdfs:subClassOf`` and SPARQL constraints see ``pk:EvidencedProperty``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Union

from .errors import UsageError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier

    from .store import GraphStore

__all__ = ["SEVERITIES", "ValidationResult", "ValidationReport", "severity_rank",
           "validate", "validate_store", "validate_paths", "validate_graph", "data_graph"]

#: Severities from most to least serious, as used in reports and by ``--fail-on``.
SEVERITIES = ("violation", "warning", "info")

_SH = "http://www.w3.org/ns/shacl#"
_SEVERITY_BY_IRI = {_SH + "Violation": "violation", _SH + "Warning": "warning",
                    _SH + "Info": "info"}

Target = Union["GraphStore", Sequence[Union[str, Path]], None]


def severity_rank(severity: str) -> int:
    """0 for violation, 1 for warning, 2 for info; UsageError for anything else."""
    try:
        return SEVERITIES.index(severity)
    except ValueError:
        raise UsageError(
            f"Unknown severity {severity!r}: use one of {', '.join(SEVERITIES)}."
        ) from None


@dataclass(frozen=True)
class ValidationResult:
    """One finding about one node: what is wrong, where, and how serious.

    ``focus``, ``path`` and ``value`` are rdflib terms (``path`` may be a SHACL path node);
    ``source`` is ``"shape"`` for SHACL results or ``"qc:<name>"`` for a QC query's rows.
    """

    focus: Identifier
    message: str
    severity: str = "violation"
    focus_label: str | None = None
    path: Identifier | None = None
    value: Identifier | None = None
    source: str = "shape"
    shape: Identifier | None = None
    constraint: Identifier | None = None

    def sort_key(self) -> tuple[str, str, int, str, str, str]:
        """Deterministic order: by focus node, then path, severity, message, value."""
        return (str(self.focus), str(self.path or ""), severity_rank(self.severity),
                self.message, str(self.value or ""), self.source)


@dataclass
class ValidationReport:
    """The results of validating one graph, SHACL and otherwise, kept sorted."""

    results: list[ValidationResult] = field(default_factory=list)
    #: Path nodes of results (e.g. ``[ sh:inversePath pk:targets ]``) need their triples.
    path_graph: Graph | None = None

    def __post_init__(self) -> None:
        self.results.sort(key=ValidationResult.sort_key)

    def extend(self, results: Iterable[ValidationResult]) -> None:
        """Add results (e.g. QC-query rows) and keep the report sorted."""
        self.results.extend(results)
        self.results.sort(key=ValidationResult.sort_key)

    def at_or_above(self, fail_on: str = "violation") -> list[ValidationResult]:
        """Results at least as serious as ``fail_on``."""
        limit = severity_rank(fail_on)
        return [r for r in self.results if severity_rank(r.severity) <= limit]

    def conforms(self, fail_on: str = "violation") -> bool:
        """True when no result is at or above ``fail_on``."""
        return not self.at_or_above(fail_on)

    def counts(self) -> dict[str, int]:
        """Number of results per severity (every severity present, zero included)."""
        return {s: sum(1 for r in self.results if r.severity == s) for s in SEVERITIES}

    def by_focus(self) -> list[tuple[Identifier, str | None, list[ValidationResult]]]:
        """Results grouped by focus node, in the report's order."""
        groups: dict[Identifier, list[ValidationResult]] = {}
        for result in self.results:
            groups.setdefault(result.focus, []).append(result)
        return [(focus, items[0].focus_label, items) for focus, items in groups.items()]


def data_graph(ntriples: bytes) -> Graph:
    """A plain rdflib Graph from N-Triples: what pyshacl is handed (see ENGINES.md)."""
    import pyoxigraph as ox
    from rdflib import Graph

    from .terms import from_ox

    # Parsed by pyoxigraph, not rdflib: rdflib's N-Triples parser is quadratic in a literal's
    # length (a 10 MB literal ran for many minutes; tests/test_hostile_inputs.py).
    graph = Graph()
    for triple in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    return graph


def _shapes_graph() -> Graph:
    from rdflib import Graph

    from .resources import shapes_file

    return Graph().parse(shapes_file(), format="turtle")


def _label(graph: Graph, node: Identifier) -> str | None:
    from rdflib.namespace import RDFS, SKOS

    for prop in (RDFS.label, SKOS.prefLabel):
        labels = sorted(str(v) for v in graph.objects(node, prop))  # type: ignore[arg-type]
        if labels:
            return labels[0]
    return None


def _named_shape(shapes: Graph, shape: Identifier | None) -> Identifier | None:
    """The shape itself if it has an IRI, else the named node shape an inline shape sits in."""
    from rdflib import BNode
    from rdflib.namespace import SH

    seen: set[Identifier] = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        parent = shapes.value(None, SH.property, shape) or shapes.value(None, SH.node, shape)
        if parent is None:
            return None
        shape = parent
    return shape


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Run pyshacl (inference off) on ``data`` and turn its report into records."""
    import pyshacl
    from rdflib import BNode, Graph
    from rdflib.namespace import SH

    from .errors import InputError

    shapes = shapes if shapes is not None else _shapes_graph()
    _conforms, report_graph, text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True,
        allow_infos=True, abort_on_first=False, inplace=True,
    )
    if not hasattr(report_graph, "subjects"):  # pyshacl's ValidationFailure: bad shapes
        raise InputError(f"The SHACL shapes could not be applied: {text or report_graph}")
    results: list[ValidationResult] = []
    path_graph = Graph()
    for node in report_graph.subjects(SH.resultSeverity, None):
        focus = report_graph.value(node, SH.focusNode)
        path = report_graph.value(node, SH.resultPath)
        if isinstance(path, BNode):  # complex path: keep its description from the shapes
            for triple in shapes.triples((path, None, None)):
                path_graph.add(triple)
        messages = sorted(str(m) for m in report_graph.objects(node, SH.resultMessage))
        severity = _SEVERITY_BY_IRI.get(str(report_graph.value(node, SH.resultSeverity)),
                                        "violation")
        results.append(ValidationResult(
            focus=focus,  # type: ignore[arg-type]
            message=messages[0] if messages else "The data does not fit the model.",
            severity=severity,
            focus_label=_label(data, focus) if focus is not None else None,  # type: ignore[arg-type]
            path=path,
            value=report_graph.value(node, SH.value),
            shape=_named_shape(shapes, report_graph.value(node, SH.sourceShape)),
            constraint=report_graph.value(node, SH.sourceConstraintComponent),
        ))
    return ValidationReport(results, path_graph=path_graph)


def validate_store(store: GraphStore) -> ValidationReport:
    """Validate the whole graph a store holds (ontology included) against the shapes."""
    from .store import OxigraphStore

    if isinstance(store, OxigraphStore):
        ntriples = store.union_ntriples()
    else:  # a remote endpoint: fetch the union graph once, hand it over as N-Triples
        ntriples = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").serialize(
            format="nt", encoding="utf-8")
    report = validate_graph(data_graph(ntriples))
    from .qc import qc_results  # the QC queries of queries/qc/, reported like shape results

    report.extend(qc_results(store))
    return report


def validate_paths(paths: Sequence[str | Path]) -> ValidationReport:
    """Validate Turtle files/folders together with the packaged ontology.

    Syntax errors, unknown prefixes, missing paths and non-RDF files raise InputError naming
    the file, line and column (exit 3).
    """
    from .errors import InputError
    from .load import ONTOLOGY_GRAPH, expand_paths, graph_for_file, load_files
    from .resources import ontology_files
    from .store import OxigraphStore, open_store

    files = expand_paths(paths)
    if not files:
        raise InputError("holds no RDF files (.ttl, .nt, .nq, .trig)",
                         path=", ".join(str(p) for p in paths))
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    load_files(store, [(p, ONTOLOGY_GRAPH) for p in ontology_files()])
    load_files(store, [(p, graph_for_file(p)) for p in files])
    return validate_store(store)


def validate(target: Target = None) -> ValidationReport:
    """Validate the packaged graph (``None``), a store, or a list of Turtle files/folders."""
    from .store import GraphStore

    if target is None:
        from .load import load_packaged

        return validate_store(load_packaged())
    if isinstance(target, GraphStore):
        return validate_store(target)
    return validate_paths(list(target))
