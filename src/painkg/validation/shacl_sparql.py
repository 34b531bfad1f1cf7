"""SHACL-SPARQL constraints run on Oxigraph: one query per constraint for all its focus nodes.

pyshacl evaluates each ``sh:sparql`` constraint once per focus node with rdflib's SPARQL
evaluator (about 10 ms a call; 400 calls on one article). Here each constraint's ``sh:select``
runs once on Oxigraph: the shape's targets become a ``SELECT DISTINCT ?this`` subquery placed
at the start of the query's outer WHERE group, so ``$this`` is bound by a join instead of by
substitution. :func:`painkg.validation.prebinding.join_unsafe_reason` accepts only the
queries for which the two give the same rows; any other constraint stays in the shapes graph
pyshacl evaluates (correct, only slower), as does a constraint on a property shape or on a
shape that another shape refers to (its focus nodes come from that shape, not from targets).

The result records follow pyshacl's (tests/test_validate_fast.py compares the two on every
shape case and on the shipped data): focus ``?this``; path ``?path``; value ``?value``, else
the focus node; severity of the shape; messages: the shape's, then the constraint's, with
``{?var}``/``{$var}`` replaced by the row's values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from painkg.errors import InputError, UsageError
from painkg.sparql_tokens import Token, outer_group_brace, query_form, tokenize
from painkg.validation.prebinding import join_unsafe_reason

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Identifier

__all__ = ["SparqlConstraint", "SparqlFinding", "PreparedShapes", "prepare_shapes",
           "run_constraints"]

_SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SEVERITY_BY_IRI = {_SH + "Violation": "violation", _SH + "Warning": "warning",
                    _SH + "Info": "info"}
_PREBOUND = ("this", "currentShape")
#: Predicates whose objects are shapes evaluated on another shape's value nodes.
_SHAPE_REFS = ("property", "node", "not", "and", "or", "xone", "qualifiedValueShape")


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint of one shape, ready to run for all its focus nodes."""

    shape: Identifier
    node: Identifier
    query: str
    prefixes: tuple[tuple[str, str], ...]
    severity: str
    shape_messages: tuple[Identifier, ...]
    messages: tuple[Identifier, ...]


@dataclass(frozen=True)
class SparqlFinding:
    """One result of a constraint: the fields of a SHACL validation result."""

    constraint: SparqlConstraint
    focus: Identifier
    path: Identifier | None
    value: Identifier | None
    messages: tuple[str, ...]


@dataclass(frozen=True)
class PreparedShapes:
    """A shapes graph split in two: ``core`` for pyshacl, ``constraints`` for Oxigraph."""

    full: Graph
    core: Graph
    constraints: tuple[SparqlConstraint, ...]
    #: (shape, constraint, reason) of the sh:sparql constraints left to pyshacl.
    left_to_pyshacl: tuple[tuple[Identifier, Identifier, str], ...]


def prepare_shapes(shapes: Graph) -> PreparedShapes:
    """Take every ``sh:sparql`` constraint that can run as one query out of ``shapes``.

    A constraint whose text SHACL forbids (MINUS, VALUES, SERVICE), that uses
    ``$shapesGraph`` or that is not a SELECT raises InputError naming it.
    """
    from rdflib import Graph, URIRef

    sh_sparql = URIRef(_SH + "sparql")
    taken: list[SparqlConstraint] = []
    left: list[tuple[Identifier, Identifier, str]] = []
    skip: set[tuple[Identifier, Identifier]] = set()
    pairs: list[tuple[Any, Any]] = sorted(shapes.subject_objects(sh_sparql))
    for shape, node in pairs:
        constraint, reason = _prepare(shapes, shape, node)
        if reason is not None:
            left.append((shape, node, reason))
            continue
        skip.add((shape, node))
        if constraint is not None:
            taken.append(constraint)
    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    for triple in shapes:
        if triple[1] != sh_sparql or (triple[0], triple[2]) not in skip:
            core.add(triple)
    return PreparedShapes(shapes, core, tuple(taken), tuple(left))


def _value(shapes: Graph, node: Identifier, local: str) -> Any:
    from rdflib import URIRef

    return shapes.value(node, URIRef(_SH + local))


def _deactivated(shapes: Graph, node: Identifier) -> bool:
    flag = _value(shapes, node, "deactivated")
    return flag is not None and flag.toPython() is True


def _prepare(shapes: Graph, shape: Identifier,
             node: Identifier) -> tuple[SparqlConstraint | None, str | None]:
    """The constraint ready to run (None if deactivated), or why it is left to pyshacl."""
    from rdflib import BNode, Literal, URIRef

    name = f"the SPARQL constraint {node.n3()} of shape {shape.n3()}"
    selects = list(shapes.objects(node, URIRef(_SH + "select")))
    if len(selects) != 1 or not isinstance(selects[0], Literal):
        return None, "it has no single sh:select text"
    if _deactivated(shapes, shape) or _deactivated(shapes, node):
        return None, None  # pyshacl skips it too; nothing to run
    if _value(shapes, shape, "path") is not None:
        return None, "it sits on a property shape"
    if any((None, URIRef(_SH + p), shape) in shapes for p in _SHAPE_REFS) or \
            (None, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#first"), shape) in shapes:
        return None, "another shape refers to its shape"
    text = str(selects[0])
    try:
        tokens = tokenize(text)
        form = query_form(tokens)
    except UsageError as exc:
        raise InputError(f"The SHACL shapes could not be applied: {name} cannot be read: "
                         f"{exc}") from exc
    words = {t.upper for t in tokens if t.kind == "word"}
    bad = sorted(words & {"MINUS", "VALUES", "SERVICE"})
    if form != "SELECT" or bad:
        raise InputError(f"The SHACL shapes could not be applied: {name} must be a SELECT "
                         f"query without MINUS, VALUES or SERVICE.")
    names = {t.text[1:] for t in tokens if t.kind == "var"}
    if "shapesGraph" in names:
        raise InputError(f"The SHACL shapes could not be applied: {name} uses $shapesGraph, "
                         "which painkg does not support.")
    if "PATH" in names or "failure" in names:
        return None, "it uses $PATH or ?failure"
    if "currentShape" in names and isinstance(shape, BNode):
        return None, "it uses $currentShape on a shape without an IRI"
    messages: tuple[Any, ...] = tuple(shapes.objects(node, URIRef(_SH + "message")))
    shape_messages: tuple[Any, ...] = tuple(shapes.objects(shape,
                                                           URIRef(_SH + "message")))
    if not messages and not shape_messages:
        return None, "neither it nor its shape has a sh:message"
    targets = _target_pattern(shapes, shape)
    if targets is None:
        return None, "its shape has a blank-node target"
    try:
        reason = join_unsafe_reason(tokens, _PREBOUND)
        if reason is not None:
            return None, reason
        query = _inject(text, tokens, targets, shape if "currentShape" in names else None)
    except UsageError as exc:  # no WHERE group
        raise InputError(f"The SHACL shapes could not be applied: {name} cannot be read: "
                         f"{exc}") from exc
    severity = _SEVERITY_BY_IRI.get(str(_value(shapes, shape, "severity")), "violation")
    return SparqlConstraint(shape, node, query, _prefixes(shapes, node), severity,
                            shape_messages, messages), None


def _target_pattern(shapes: Graph, shape: Identifier) -> str | None:
    """``{ SELECT DISTINCT ?this WHERE { {…} UNION {…} } }`` for the shape's targets.

    ``""`` when it has none (no focus nodes), None when a target is a blank node.
    """
    from rdflib import BNode, URIRef

    rdfs_class = URIRef(_RDFS + "Class")
    classes: set[Any] = set(shapes.objects(shape, URIRef(_SH + "targetClass")))
    metaclasses = {rdfs_class, *shapes.subjects(URIRef(_RDFS + "subClassOf"), rdfs_class)}
    if any(t in metaclasses for t in shapes.objects(shape, URIRef(_RDF_TYPE))):
        classes.add(shape)  # an implicit class target (SHACL 2.1.3.3)
    nodes: set[Any] = set(shapes.objects(shape, URIRef(_SH + "targetNode")))
    subjects_of: set[Any] = set(shapes.objects(shape,
                                               URIRef(_SH + "targetSubjectsOf")))
    objects_of: set[Any] = set(shapes.objects(shape,
                                              URIRef(_SH + "targetObjectsOf")))
    if any(isinstance(t, BNode) for t in classes | nodes | subjects_of | objects_of):
        return None
    if _value(shapes, shape, "target") is not None:
        return None  # SHACL-AF custom targets: pyshacl's (advanced mode) business
    branches = [f"?this <{_RDF_TYPE}>/<{_RDFS}subClassOf>* {c.n3()}" for c in sorted(classes)]
    branches += [f"?this {p.n3()} ?painkg_target_o" for p in sorted(subjects_of)]
    branches += [f"?painkg_target_s {p.n3()} ?this" for p in sorted(objects_of)]
    if nodes:
        branches.append("VALUES ?this { " + " ".join(n.n3() for n in sorted(nodes)) + " }")
    if not branches:
        return ""
    union = " UNION ".join("{ " + b + " }" for b in branches)
    return "{ SELECT DISTINCT ?this WHERE { " + union + " } }"


def _inject(text: str, tokens: list[Token], targets: str, shape: Identifier | None) -> str:
    """The constraint's text with the target subquery first in its outer WHERE group."""
    if not targets:
        return ""
    block = targets + (f" VALUES ?currentShape {{ {shape.n3()} }}" if shape is not None else "")
    brace = tokens[outer_group_brace(tokens)]
    return text[: brace.end] + " " + block + " " + text[brace.end:]


def _prefixes(shapes: Graph, node: Identifier) -> tuple[tuple[str, str], ...]:
    """The prefixes ``sh:prefixes`` declares for the constraint (SHACL 5.2.1)."""
    from rdflib import URIRef

    found: dict[str, str] = {}
    owners: list[Any] = list(shapes.objects(node, URIRef(_SH + "prefixes")))
    for owner in owners:
        declarations: list[Any] = list(shapes.objects(owner, URIRef(_SH + "declare")))
        for declaration in declarations:
            prefix = _value(shapes, declaration, "prefix")
            namespace = _value(shapes, declaration, "namespace")
            if prefix is None or namespace is None:
                raise InputError(f"The SHACL shapes could not be applied: a sh:declare of "
                                 f"{owner.n3()} lacks sh:prefix or sh:namespace.")
            found[str(prefix)] = str(namespace)
    return tuple(sorted(found.items()))


def run_constraints(store: ox.Store,
                    constraints: tuple[SparqlConstraint, ...]) -> list[SparqlFinding]:
    """Run every constraint once on ``store`` (its default graph is the data graph)."""
    findings: list[SparqlFinding] = []
    for constraint in constraints:
        if constraint.query:
            findings.extend(_run(store, constraint))
    return findings


def _run(store: ox.Store, constraint: SparqlConstraint) -> Iterator[SparqlFinding]:
    import pyoxigraph as ox

    from painkg.store.terms import from_ox

    try:
        answer = store.query(constraint.query, prefixes=dict(constraint.prefixes))
    except SyntaxError as exc:
        raise InputError(f"The SHACL shapes could not be applied: the SPARQL constraint "
                         f"{constraint.node.n3()} of shape {constraint.shape.n3()} does not "
                         f"parse: {exc}") from exc
    assert isinstance(answer, ox.QuerySolutions)  # prepare_shapes admits SELECT queries only
    names = [v.value for v in answer.variables]
    seen: set[tuple[Any, ...]] = set()
    for solution in answer:
        row = {n: from_ox(t) for n, t in zip(names, solution, strict=True) if t is not None}
        focus, path, value = row.pop("this"), row.pop("path", None), row.pop("value", None)
        key = (focus, path, value, tuple(sorted(row.items())))
        if key in seen:
            continue
        seen.add(key)
        value = focus if value is None else value  # a node shape's value is its focus node
        bound = {**row, "this": focus, **({"path": path} if path is not None else {}),
                 "value": value}
        yield SparqlFinding(constraint, focus, path, value, _messages(constraint, bound))


def _messages(constraint: SparqlConstraint, bound: dict[str, Identifier]) -> tuple[str, ...]:
    """The shape's messages, then the constraint's other ones, variables filled in."""
    chosen = list(constraint.shape_messages)
    chosen += [m for m in constraint.messages if m not in chosen]
    return tuple(_fill(str(m), bound) for m in chosen)


def _fill(message: str, bound: dict[str, Identifier]) -> str:
    # Plain replacement (pyshacl uses re.sub, where a value's backslashes would be escapes).
    for name, term in bound.items():
        for mark in "?$":
            message = message.replace("{" + mark + name + "}", str(term))
    return message
