"""Rendering a validation report as text (for people), JSON (for tools) or Turtle (SHACL).

Every renderer is deterministic: results come sorted from the report, terms are shown with
painkg's fixed prefixes, and the Turtle report uses blank-node labels derived from the
result order, so the same graph always gives byte-identical output.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from painkg.namespaces import shorten_iri
from painkg.plural import counted

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from painkg.validation.report import ValidationReport, ValidationResult

__all__ = ["FORMATS", "format_report", "render_text", "render_json", "render_turtle", "show_term",
           "show_path"]

FORMATS = ("text", "json", "turtle")

_SH = "http://www.w3.org/ns/shacl#"
_SEVERITY_IRI = {"violation": _SH + "Violation", "warning": _SH + "Warning", "info": _SH + "Info"}
_PATH_KINDS = {"inversePath": "^", "zeroOrMorePath": "*", "oneOrMorePath": "+",
               "zeroOrOnePath": "?"}


def show_term(term: Node | None) -> str:
    """An IRI as a CURIE where a fixed prefix fits (else ``<iri>``), a literal as its text."""
    from rdflib import Literal, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        short = shorten_iri(iri)
        local = short.partition(":")[2]
        # Only plain local names: a CURIE with "/" or "." reads badly in a report line.
        if short != iri and all(c.isalnum() or c in "-_" for c in local):
            return short
        return f"<{iri}>"
    if isinstance(term, Literal):
        return str(term)
    return f"_:{term}"


def show_path(report: ValidationReport, path: Node | None) -> str:
    """A SHACL result path as text: ``pk:targets``, ``^pk:targets`` for inverse paths."""
    from rdflib import BNode, URIRef

    if path is None:
        return ""
    if isinstance(path, BNode) and report.path_graph is not None:
        for kind, mark in _PATH_KINDS.items():
            inner = report.path_graph.value(path, URIRef(_SH + kind))
            if inner is not None:
                shown = show_path(report, inner)
                return f"^{shown}" if mark == "^" else f"{shown}{mark}"
    return show_term(path)


def _record(report: ValidationReport, result: ValidationResult) -> dict[str, object]:
    return {
        "focus": str(result.focus),
        "focus_label": result.focus_label,
        "path": show_path(report, result.path) or None,
        "value": show_term(result.value) if result.value is not None else None,
        "message": result.message,
        "severity": result.severity,
        "source": result.source,
        "shape": show_term(result.shape) if result.shape is not None and
        not _is_bnode(result.shape) else None,
    }


def _is_bnode(term: Node) -> bool:
    from rdflib import BNode

    return isinstance(term, BNode)


def render_json(report: ValidationReport, fail_on: str = "violation") -> str:
    """The report as JSON: conformance, counts per severity, results grouped by focus node."""
    payload = {
        "conforms": report.conforms(fail_on),
        "fail_on": fail_on,
        "counts": report.counts(),
        "focus_nodes": [
            {"focus": str(focus), "label": label,
             "results": [{k: v for k, v in _record(report, r).items()
                          if k not in ("focus", "focus_label")} for r in items]}
            for focus, label, items in report.by_focus()
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def render_text(report: ValidationReport, fail_on: str = "violation") -> str:
    """The report for people: one block per focus node (label and IRI), one line per result."""
    counts = report.counts()
    lines: list[str] = []
    for focus, label, items in report.by_focus():
        lines.append(f"{label}  <{focus}>" if label else f"<{focus}>")
        for result in items:
            where = show_path(report, result.path)
            if result.value is not None and result.value != result.focus:
                where = f"{where} = {show_term(result.value)}" if where else show_term(result.value)
            origin = "" if result.source == "shape" else f" [{result.source}]"
            lines.append(f"  {result.severity.upper():<9} {where}{origin}".rstrip())
            lines.append(f"            {result.message}")
        lines.append("")
    verdict = "conforms" if report.conforms(fail_on) else "does not conform"
    lines.append(
        f"Graph {verdict} (failing on {fail_on}): {counted(counts['violation'], 'violation')}, "
        f"{counted(counts['warning'], 'warning')}, {counts['info']} info."
    )
    return "\n".join(lines) + "\n"


def report_graph(report: ValidationReport, fail_on: str = "violation") -> Graph:
    """The SHACL validation report graph, including non-SHACL (QC) results."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF, SH

    from painkg.namespaces import bind_prefixes

    graph = Graph()
    bind_prefixes(graph)
    root = BNode("report")
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms(fail_on))))
    renamed: dict[Node, BNode] = {}

    def copy_path(path: Node) -> Node:
        if not _is_bnode(path) or report.path_graph is None:
            return path
        if path not in renamed:
            renamed[path] = BNode(f"path{len(renamed) + 1}")
            for _s, p, o in sorted(report.path_graph.triples((path, None, None))):
                graph.add((renamed[path], p, copy_path(o)))
        return renamed[path]

    for index, result in enumerate(report.results, start=1):
        node = BNode(f"result{index:05d}")
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus))
        graph.add((node, SH.resultSeverity, URIRef(_SEVERITY_IRI[result.severity])))
        graph.add((node, SH.resultMessage, Literal(result.message)))
        if result.path is not None:
            graph.add((node, SH.resultPath, copy_path(result.path)))
        if result.value is not None:
            graph.add((node, SH.value, result.value))
        if result.shape is not None and not _is_bnode(result.shape):
            graph.add((node, SH.sourceShape, result.shape))
        component = result.constraint or SH.SPARQLConstraintComponent
        graph.add((node, SH.sourceConstraintComponent, component))
        if result.source_constraint is not None and not _is_bnode(result.source_constraint):
            graph.add((node, SH.sourceConstraint, result.source_constraint))
        if result.source != "shape":  # a QC query's row: say which check found it
            graph.add((node, DCTERMS.source, Literal(result.source)))
    return graph


def render_turtle(report: ValidationReport, fail_on: str = "violation") -> str:
    """The SHACL validation report graph as Turtle (deterministic)."""
    return report_graph(report, fail_on).serialize(format="turtle")


def format_report(report: ValidationReport, fmt: str, fail_on: str = "violation") -> str:
    """The report in ``fmt``: text, json or turtle."""
    renderers = {"text": render_text, "json": render_json, "turtle": render_turtle}
    return renderers[fmt](report, fail_on)
