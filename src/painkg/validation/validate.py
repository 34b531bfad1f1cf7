"""Validating the graph against painkg's SHACL shapes, into a report other checks can extend.

A :class:`ValidationReport` is a list of :class:`ValidationResult` records. SHACL results
come from pyshacl (``source="shape"``); other checks, such as the QC queries in
``queries/qc/``, append their own records (``source="qc:<name>"``) with
:meth:`ValidationReport.extend`, and every output format (text, JSON, Turtle) shows them all.

pyshacl gets a plain rdflib Graph parsed from the store's N-Triples, with inference off
(ENGINES.md): the ontology is part of that data graph, so ``sh:class`` sees
``rdfs:subClassOf`` and SPARQL constraints see ``pk:EvidencedProperty``. pyshacl checks the
core constraints only: the SHACL-SPARQL constraints run on Oxigraph, one query each for all
their focus nodes (:mod:`painkg.validation.shacl_sparql`), over the same triples, and their
results join the same records. ``sparql="pyshacl"`` runs
everything in pyshacl instead (the slow oracle the tests compare with).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from painkg.errors import UsageError
from painkg.validation.report import (
    SEVERITIES,
    ValidationReport,
    ValidationResult,
    severity_rank,
)

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Identifier

    from painkg.store import GraphStore
    from painkg.validation.shacl_sparql import PreparedShapes

__all__ = ["SEVERITIES", "SPARQL_ENGINES", "ValidationResult", "ValidationReport",
           "severity_rank", "validate", "validate_store", "validate_paths", "validate_graph",
           "data_graph", "packaged_shapes"]

_SH = "http://www.w3.org/ns/shacl#"
_SEVERITY_BY_IRI = {_SH + "Violation": "violation", _SH + "Warning": "warning",
                    _SH + "Info": "info"}

#: Who evaluates the SHACL-SPARQL constraints: Oxigraph (one query each) or pyshacl (oracle).
SPARQL_ENGINES = ("oxigraph", "pyshacl")

Target = Union["GraphStore", Sequence[str | Path], None]


def data_graph(ntriples: bytes | Iterable[ox.Triple | ox.Quad]) -> Graph:
    """A plain rdflib Graph from N-Triples or pyoxigraph triples: what pyshacl is handed
    (see ENGINES.md)."""
    import pyoxigraph as ox
    from rdflib import Graph

    from painkg.store.terms import term_converter

    # Parsed by pyoxigraph, not rdflib: rdflib's N-Triples parser is quadratic in a literal's
    # length (a 10 MB literal ran for many minutes; tests/test_hostile_inputs.py).
    triples = (ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
               if isinstance(ntriples, bytes) else ntriples)
    graph = Graph()
    term = term_converter()  # one rdflib object per distinct term, not one per use
    for triple in triples:
        graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
    return graph


_PACKAGED: dict[tuple[str, int, int], PreparedShapes] = {}


def packaged_shapes() -> PreparedShapes:
    """The packaged shapes, parsed and split once per process (until the file changes)."""
    from rdflib import Graph

    from painkg.resources import shapes_file
    from painkg.validation.shacl_sparql import prepare_shapes

    path = shapes_file()
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _PACKAGED:
        _PACKAGED.clear()
        _PACKAGED[key] = prepare_shapes(Graph().parse(path, format="turtle"))
    return _PACKAGED[key]


def _first_message(messages: Iterable[str]) -> str:
    ordered = sorted(messages)
    return ordered[0] if ordered else "The data does not fit the model."


def _label(graph: Graph, node: Identifier) -> str | None:
    from rdflib.namespace import RDFS, SKOS

    for prop in (RDFS.label, SKOS.prefLabel):
        labels = sorted(str(v) for v in graph.objects(node, prop))
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
        parent: Any = shapes.value(None, SH.property, shape) or shapes.value(None, SH.node, shape)
        if parent is None:
            return None
        shape = parent
    return shape


def validate_graph(data: Graph, shapes: Graph | PreparedShapes | None = None, *,
                   engine: ox.Store | None = None, sparql: str = "oxigraph") -> ValidationReport:
    """Validate ``data`` against ``shapes`` (default: the packaged ones), inference off.

    pyshacl checks the core constraints; the SHACL-SPARQL ones run on ``engine``, an Oxigraph
    store whose default graph holds the same triples as ``data`` (built from ``data`` when not
    given). ``sparql="pyshacl"`` leaves every constraint to pyshacl.
    """
    from rdflib.namespace import SH

    from painkg.validation.shacl_sparql import PreparedShapes, prepare_shapes, run_constraints

    if sparql not in SPARQL_ENGINES:
        raise UsageError(f"Unknown SPARQL engine {sparql!r}: use one of "
                         f"{', '.join(SPARQL_ENGINES)}.")
    prepared = shapes if isinstance(shapes, PreparedShapes) else None
    if shapes is None:
        prepared = packaged_shapes()
    full: Graph = prepared.full if prepared is not None else shapes  # type: ignore[assignment]
    if sparql == "pyshacl":
        return _run_pyshacl(data, full, full)
    if prepared is None:
        prepared = prepare_shapes(full)
    report = _run_pyshacl(data, prepared.core, full)
    if prepared.constraints:
        store = engine if engine is not None else _engine_for(data)
        report.extend(ValidationResult(
            focus=f.focus, message=_first_message(f.messages),
            severity=f.constraint.severity, focus_label=_label(data, f.focus), path=f.path,
            value=f.value, shape=_named_shape(full, f.constraint.shape),
            constraint=SH.SPARQLConstraintComponent, source_constraint=f.constraint.node,
        ) for f in run_constraints(store, prepared.constraints))
    return report


def _engine_for(data: Graph) -> ox.Store:
    """An Oxigraph store holding ``data``, handed over as N-Triples (ENGINES.md)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _run_pyshacl(data: Graph, shapes: Graph, full: Graph) -> ValidationReport:
    """pyshacl on ``shapes``; ``full`` is the complete shapes graph (for paths and names)."""
    import pyshacl
    from rdflib import BNode, Graph
    from rdflib.namespace import SH

    from painkg.errors import InputError

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
            for triple in full.triples((path, None, None)):
                path_graph.add(triple)
        severity = _SEVERITY_BY_IRI.get(str(report_graph.value(node, SH.resultSeverity)),
                                        "violation")
        results.append(ValidationResult(
            focus=focus,
            message=_first_message(str(m) for m in report_graph.objects(node,
                                                                        SH.resultMessage)),
            severity=severity,
            focus_label=_label(data, focus) if focus is not None else None,
            path=path,
            value=report_graph.value(node, SH.value),
            shape=_named_shape(full, report_graph.value(node, SH.sourceShape)),
            constraint=report_graph.value(node, SH.sourceConstraintComponent),
            source_constraint=report_graph.value(node, SH.sourceConstraint),
        ))
    return ValidationReport(results, path_graph=path_graph)


def validate_store(store: GraphStore) -> ValidationReport:
    """Validate the whole graph a store holds (ontology included) against the shapes."""
    from painkg.store import OxigraphStore

    engine = None
    if isinstance(store, OxigraphStore):
        store.sync_union()
        if store.union_materialised:
            import pyoxigraph as ox

            # Straight from the materialised union: no N-Triples copy of the whole wiki held
            # beside the rdflib graph (1,000 articles: ~200 MB less at the peak).
            data = data_graph(store.inner.quads_for_pattern(None, None, None, ox.DefaultGraph()))
            engine = store.inner  # the SPARQL constraints query the store itself
        else:
            data = data_graph(store.union_ntriples())
    else:  # a remote endpoint: fetch the union graph once, hand it over as N-Triples
        data = data_graph(store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").serialize(
            format="nt", encoding="utf-8"))
    report = validate_graph(data, engine=engine)
    from painkg.validation.qc import (
        qc_results,  # the QC queries of queries/qc/, reported like shape results
    )

    report.extend(qc_results(store))
    return report


#: Largest input (all files together) ``validate_paths`` takes. The SHACL core checks hold the
#: whole graph in rdflib: measured (2026-12-03, synthetic Turtle, 3 triples per subject),
#: 6 MB took 11 s at 0.59 GB peak and 12 MB 26 s at 1.1 GB, about 90 MB of memory and 2 s
#: per MB; a 60 MB file would need some 5 GB and minutes. 10 MB stays under 1 GB.
MAX_INPUT_BYTES = 10 * 1024 * 1024


def validate_paths(paths: Sequence[str | Path], max_bytes: int = MAX_INPUT_BYTES,
                   progress: Callable[[int], None] | None = None) -> ValidationReport:
    """Validate Turtle files/folders together with the packaged ontology.

    Syntax errors, unknown prefixes, missing paths and non-RDF files raise InputError naming
    the file, line and column (exit 3), and so does input larger than ``max_bytes`` in all
    (before anything is read: memory stays bounded). ``progress`` is called with 1 after each
    file is read and once more when the checks are done.
    """
    from painkg.errors import InputError
    from painkg.resources import ontology_files
    from painkg.store import OxigraphStore, open_store
    from painkg.store.load import ONTOLOGY_GRAPH, expand_paths, graph_for_file, load_files

    files = expand_paths(paths)
    if not files:
        raise InputError("holds no RDF files (.ttl, .nt, .nq, .trig)",
                         path=", ".join(str(p) for p in paths))
    size = sum(p.stat().st_size for p in files)
    if size > max_bytes:
        raise InputError(
            f"{_mb(size)} of RDF is more than validate takes at once ({_mb(max_bytes)}; it "
            f"holds the whole graph in memory, about 90 MB per MB of Turtle). Validate "
            f"it in parts (painkg wiki validate checks one article's files at a time, in "
            f"parallel), or raise the bound with --max-input-mb if this machine has the "
            f"memory.",
            path=", ".join(str(p) for p in paths))
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    load_files(store, [(p, ONTOLOGY_GRAPH) for p in ontology_files()])
    for path in files:
        load_files(store, [(path, graph_for_file(path))])
        if progress is not None:
            progress(1)
    report = validate_store(store)
    if progress is not None:
        progress(1)
    return report


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def validate(target: Target = None) -> ValidationReport:
    """Validate the packaged graph (``None``), a store, or a list of Turtle files/folders."""
    from painkg.store import GraphStore

    if target is None:
        from painkg.store.load import load_packaged

        return validate_store(load_packaged())
    if isinstance(target, GraphStore):
        return validate_store(target)
    return validate_paths(list(target))
