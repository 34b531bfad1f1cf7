"""Compiling an article's curation templates into its curated Turtle, deterministically.

``data/curation/<slug>/*.tsv`` → ``data/graph/<slug>.curated.ttl``. Every relation becomes the
asserted triple plus a reified ``rdf:Statement`` whose supports carry both ``pk:supportedBy``
and their role (``pk:statedBy`` or ``pk:impliedBy``); entities, SMART objectives,
misconceptions, cautions, contributions, key terms, source creators and the article's own
descriptions of its sources follow their templates. A deprecated statement keeps its IRI
(``owl:deprecated``, ``dcterms:isReplacedBy``) so nothing once published disappears.

The whole folder is read and checked before anything is written; the Turtle is written by
the one Turtle writer (:func:`painkg.ingest.document.to_turtle`: sorted, fixed prefixes) and
atomically, so a broken template leaves the previous file byte-identical.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from painkg.curation.templates import (
    IMPLIES,
    STATES,
    ArticleText,
    Cell,
    Row,
    Template,
    article_prefixes,
    expand_name,
    parse_reference,
    read_template,
    split_values,
)
from painkg.errors import InputError, UsageError
from painkg.ingest.document import Iri, Lit, Triple, to_turtle
from painkg.namespaces import DATA_BASE, PREFIXES

__all__ = ["Vocabulary", "CuratedLayer", "statement_iri",
           "compile_folder", "curated_turtle", "build",
           "build_all", "curation_slugs", "curated_path", "stale_layers", "TEMPLATES"]

_PK = PREFIXES["pk"]
_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_SKOS = PREFIXES["skos"]
_DCT = PREFIXES["dcterms"]
_FOAF = PREFIXES["foaf"]
_OWL = PREFIXES["owl"]
_TYPE = _RDF + "type"
_LABEL = _RDFS + "label"

#: Template files and their required columns, in the order they are read.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "entities.tsv": ("id", "class", "label"),
    "relations.tsv": ("subject", "predicate", "object", "role", "claim"),
    "deprecated.tsv": ("subject", "predicate", "object", "replaced_by_subject",
                       "replaced_by_predicate", "replaced_by_object", "reason"),
    "objectives.tsv": ("id", "goal", "objective_text", "timeframe", "mechanism_text",
                       "addresses", "uses_intervention", "claim", "rests_on"),
    "misconceptions.tsv": ("id", "label", "misconception_text", "correction", "rests_on"),
    "cautions.tsv": ("id", "label", "caution_text"),
    "contributions.tsv": ("id", "label", "contributor", "role", "construct", "year", "work"),
    "record-supports.tsv": ("record", "role", "claim"),
    "key-terms.tsv": ("term", "denotes"),
    "sources.tsv": ("source",),
    "source-descriptions.tsv": ("source", "role", "text"),
    "article.tsv": ("key", "value"),
    "considered.tsv": ("id", "claim", "names", "decision", "reason"),
    "revisions.tsv": ("claim", "revision_of"),
}
_OPTIONAL = {"deprecated.tsv", "source-descriptions.tsv", "considered.tsv", "sources.tsv",
             "article.tsv", "record-supports.tsv", "key-terms.tsv", "contributions.tsv",
             "misconceptions.tsv", "cautions.tsv", "objectives.tsv", "revisions.tsv"}
#: Classes whose instances are agents (foaf), not SKOS concepts.
_AGENTS = {_PK + "Person": _FOAF + "Person", _PK + "Organization": _FOAF + "Organization"}


@dataclass(frozen=True)
class Vocabulary:
    """What templates may name from the ontology: classes, relations, individuals, labels."""

    classes: frozenset[str]
    relations: frozenset[str]
    individuals: frozenset[str]
    labels: dict[str, str]

    @classmethod
    def load(cls) -> Vocabulary:
        """Read the ontology files of the project (or the packaged ones)."""
        from rdflib import Graph, URIRef

        from painkg.resources import ontology_files

        graph = Graph()
        for path in ontology_files():
            graph.parse(path, format="turtle")
        owl_class, evidenced = URIRef(_OWL + "Class"), URIRef(_PK + "EvidencedProperty")
        classes = {str(c) for c in graph.subjects(URIRef(_TYPE), owl_class)
                   if isinstance(c, URIRef)} | {_SKOS + "Concept"}
        relations = {str(p) for p in graph.subjects(URIRef(_TYPE), evidenced)}
        individuals = {str(i) for i in graph.subjects(
            URIRef(_TYPE), URIRef(_OWL + "NamedIndividual"))}
        labels = {str(s): str(o) for s, o in graph.subject_objects(URIRef(_LABEL))
                  if isinstance(s, URIRef)}
        return cls(frozenset(classes), frozenset(relations), frozenset(individuals), labels)


@dataclass
class CuratedLayer:
    """Triples under construction and the names a folder declares."""

    slug: str
    article: ArticleText
    vocabulary: Vocabulary
    prefixes: dict[str, str]
    known: set[str]
    triples: list[Triple] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    statements: set[str] = field(default_factory=set)
    #: The document kind ingest reads from each source's citation (IRI → pk local name).
    kinds: dict[str, str] = field(default_factory=dict)

    def add(self, subject: str, predicate: str, obj: Iri | Lit | None) -> None:
        """Add a triple; an empty literal or missing object adds nothing."""
        if obj is None or (isinstance(obj, Lit) and not obj.value):
            return
        self.triples.append((subject, predicate, obj))

    def name(self, cell: Cell) -> str:
        """The IRI of an entity a cell names; it must be declared or known (else an error)."""
        iri = expand_name(cell, self.prefixes)
        if iri not in self.known:
            raise cell.error("unknown-entity", f"{cell.text.strip()} is not an entity of this "
                             "curation: declare it in entities.tsv (or cautions.tsv, "
                             "objectives.tsv, misconceptions.tsv, contributions.tsv) first.")
        return iri

    def claim(self, cell: Cell) -> str:
        """The IRI of the claim a reference cell names."""
        return self.article.claim(parse_reference(cell), self.prefixes)

    def support(self, node: str, role: Cell, claim: Cell) -> str:
        """``node pk:supportedBy claim`` and its role, ``pk:statedBy`` or ``pk:impliedBy``."""
        iri = self.claim(claim)
        self.add(node, _PK + "supportedBy", Iri(iri))
        self.add(node, _PK + _role_property(role), Iri(iri))
        return iri


def _role_property(cell: Cell) -> str:
    role = cell.text.strip()
    if role not in (STATES, IMPLIES):
        raise cell.error("bad-role", f"the role {role!r} is neither 'states' (the sentence "
                         "states it) nor 'implies' (it only gives a rationale or context).")
    return "statedBy" if role == STATES else "impliedBy"


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


def _quoted(cell: Cell) -> str:
    text = cell.text.strip()
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _no_duplicates(template: Template, *columns: str) -> None:
    seen: dict[tuple[str, ...], int] = {}
    for row in template:
        key = row.key(*columns)
        if key in seen:
            raise row[columns[0]].error(
                "duplicate-row", f"this row repeats line {seen[key]} "
                f"({', '.join(c for c in columns)} are the same).")
        seen[key] = row.line


def _declare(layer: CuratedLayer, templates: dict[str, Template]) -> None:
    """Collect every declared id first, so rows may name entities declared further down."""
    for name in ("entities.tsv", "objectives.tsv", "misconceptions.tsv", "cautions.tsv",
                 "contributions.tsv"):
        template = templates.get(name)
        if template is None:
            continue
        _no_duplicates(template, "id")
        for row in template:
            iri = expand_name(row["id"], layer.prefixes)
            layer.known.add(iri)
            if row.get("label"):
                layer.labels[iri] = row["label"].text.strip()
            if row.get("class"):
                layer.classes[iri] = expand_name(row["class"], layer.prefixes, "unknown-class")
            elif name == "cautions.tsv":
                layer.classes[iri] = _PK + "Caution"


def _entities(layer: CuratedLayer, template: Template) -> None:
    for row in template:
        iri = expand_name(row["id"], layer.prefixes)
        cls = expand_name(row["class"], layer.prefixes, "unknown-class")
        if cls not in layer.vocabulary.classes:
            raise row["class"].error("unknown-class", f"{row['class'].text.strip()} is not a "
                                     "class of the ontology (ontology/painkg.ttl).")
        label = row["label"].text.strip()
        layer.add(iri, _TYPE, Iri(cls))
        layer.add(iri, _TYPE, Iri(_AGENTS.get(cls, _SKOS + "Concept")))
        layer.add(iri, _LABEL, Lit(label))
        if cls in _AGENTS:
            layer.add(iri, _FOAF + "name", Lit(label))
        for synonym in split_values(row.get("synonyms")):
            layer.add(iri, _SKOS + "altLabel", Lit(synonym.text))
        if row.get("definition"):
            source, text = layer.article.quoted_text(parse_reference(row["definition"]),
                                                     layer.prefixes)
            layer.add(iri, _SKOS + "definition", Lit(text))
            layer.add(iri, _PK + "definitionSource", _text_source(layer, row["definition"],
                                                                  source))
        for see in split_values(row.get("see_also")):
            layer.add(iri, _RDFS + "seeAlso", Iri(layer.name(see)))
        for subject in split_values(row.get("subject")):
            layer.add(iri, _DCT + "subject", Iri(layer.name(subject)))
        _note(layer, iri, row.get("notes"))


def _note(layer: CuratedLayer, iri: str, cell: Cell, prefix: str = "") -> None:
    """The curator's reasons, kept as ``skos:editorialNote``."""
    if cell:
        layer.add(iri, _SKOS + "editorialNote", Lit(prefix + " ".join(cell.text.split())))


def _slug(iri: str) -> str:
    """A ``pkr:`` IRI's local name; any other painkg IRI's path without ``article/``, with
    ``/`` as ``-`` (``caution:premature-closure`` → ``central-sensitization-caution-…``), so
    article-scoped subjects of two articles never share a statement IRI."""
    path = iri[len(DATA_BASE):] if iri.startswith(DATA_BASE) else _local(iri)
    path = path[len("article/"):] if path.startswith("article/") else path
    return path.replace("/", "-")


def _text_source(layer: CuratedLayer, cell: Cell, claim: str | None) -> Iri | None:
    """The evidence a text reference links: its claim, or the Sources-list entry of ``ref:N``."""
    if claim is not None:
        return Iri(claim)
    ident = parse_reference(cell).ident or ""
    if ident.startswith("ref:"):
        return Iri(f"{DATA_BASE}article/{layer.slug}/reference/{ident[4:]}")
    return None  # a line: reference gives text only


def _statement_iri(subject: str, predicate: str, obj: str) -> str:
    return f"{DATA_BASE}statement/{_slug(subject)}--{_local(predicate)}--{_slug(obj)}"


def statement_iri(subject: str, predicate: str, obj: str) -> str:
    """The IRI of the reified statement of a curated relation (reviews and the review queue
    name relations by it)."""
    return _statement_iri(subject, predicate, obj)


#: How a statement's label says its predicate, where the property's label is not a verb.
_PHRASES = {"implicatedIn": "is implicated in", "prototypicalCondition":
            "has prototypical condition", "builtOn": "is built on", "nestedIn": "is nested in",
            "exemplifiedBy": "is exemplified by"}
#: Classes whose labels are names, kept capitalised inside a statement's label.
_PROPER = {_PK + "Person", _PK + "Organization", _PK + "Resource", _PK + "Caution"}


def _relation_parts(layer: CuratedLayer, row: Row, prefix: str = "") -> tuple[str, str, str]:
    subject = layer.name(row[prefix + "subject"])
    predicate = expand_name(row[prefix + "predicate"], layer.prefixes, "unknown-predicate")
    if predicate not in layer.vocabulary.relations:
        raise row[prefix + "predicate"].error(
            "unknown-predicate", f"{row[prefix + 'predicate'].text.strip()} is not a curated "
            "relation of the ontology (a pk:EvidencedProperty in ontology/painkg.ttl).")
    return subject, predicate, layer.name(row[prefix + "object"])


def _statement_label(layer: CuratedLayer, s: str, p: str, o: str) -> str:
    """"Graded exposure targets kinesiophobia": subject, predicate phrase, object."""
    def label(iri: str) -> str:
        return layer.labels.get(iri) or layer.vocabulary.labels.get(iri) or _local(iri)

    phrase = _PHRASES.get(_local(p)) or label(p)
    obj = label(o)
    if layer.classes.get(o) not in _PROPER and not obj[1:2].isupper():
        obj = obj[:1].lower() + obj[1:]
    return f"{label(s)} {phrase} {obj}"


def _relations(layer: CuratedLayer, template: Template) -> None:
    _no_duplicates(template, "subject", "predicate", "object", "claim")
    for row in template:
        s, p, o = _relation_parts(layer, row)
        statement = _statement_iri(s, p, o)
        layer.statements.add(statement)
        layer.add(s, p, Iri(o))
        layer.add(statement, _TYPE, Iri(_RDF + "Statement"))
        layer.add(statement, _LABEL, Lit(_statement_label(layer, s, p, o)))
        layer.add(statement, _RDF + "subject", Iri(s))
        layer.add(statement, _RDF + "predicate", Iri(p))
        layer.add(statement, _RDF + "object", Iri(o))
        claim = layer.support(statement, row["role"], row["claim"])
        _note(layer, statement, row.get("note"), f"pkc:{_local(claim)}: ")


def _deprecated(layer: CuratedLayer, template: Template) -> None:
    _no_duplicates(template, "subject", "predicate", "object")
    for row in template:
        s, p, o = _relation_parts(layer, row)
        statement = _statement_iri(s, p, o)
        replaced = _statement_iri(*_relation_parts(layer, row, "replaced_by_"))
        if statement in layer.statements:
            raise row["subject"].error("deprecated-kept", "this deprecated relation is still in "
                                       "relations.tsv: remove it there (its sentences move to "
                                       "the replacement).")
        if replaced not in layer.statements:
            raise row["replaced_by_subject"].error(
                "deprecated-kept", "the replacement of this deprecated relation is not in "
                "relations.tsv.")
        # The IRI stays published (never disappears) with its parts and label, but the plain
        # triple is no longer asserted and no sentence supports it. It is no longer typed
        # rdf:Statement, so the shapes and queries of live relations pass it by.
        layer.add(statement, _LABEL, Lit(_statement_label(layer, s, p, o)))
        layer.add(statement, _RDF + "subject", Iri(s))
        layer.add(statement, _RDF + "predicate", Iri(p))
        layer.add(statement, _RDF + "object", Iri(o))
        layer.add(statement, _OWL + "deprecated", Lit("true", "boolean"))
        layer.add(statement, _DCT + "isReplacedBy", Iri(replaced))
        layer.add(statement, _SKOS + "historyNote", Lit(" ".join(row["reason"].text.split())))


def _checked_value(layer: CuratedLayer, cell: Cell, claim: str) -> Lit:
    """A quoted table value, which must occur in the row's claim (the table row)."""
    from painkg.curation.templates import fold

    value = _quoted(cell)
    if value and fold(value) not in layer.article.folded(claim):
        raise cell.error("fragment-none", f"\"{value}\" does not occur in the claim of this row.")
    return Lit(value)


def _objectives(layer: CuratedLayer, template: Template) -> None:
    for row in template:
        iri = layer.name(row["id"])
        claim = layer.claim(row["claim"])
        layer.add(iri, _TYPE, Iri(_PK + "SmartObjective"))
        goal = _checked_value(layer, row["goal"], claim)
        layer.add(iri, _LABEL, goal)
        layer.add(iri, _PK + "goal", goal)
        for column, prop in (("objective_text", "objectiveText"), ("timeframe", "timeframe"),
                             ("mechanism_text", "mechanismText")):
            layer.add(iri, _PK + prop, _checked_value(layer, row[column], claim))
        layer.add(iri, _PK + "supportedBy", Iri(claim))
        layer.add(iri, _PK + "statedBy", Iri(claim))
        _rests_on(layer, iri, row["rests_on"])
        for column, prop in (("addresses", "addresses"), ("uses_intervention",
                                                          "usesIntervention")):
            for value in split_values(row[column]):
                layer.add(iri, _PK + prop, Iri(layer.name(value)))
        _note(layer, iri, row.get("notes"))


def _rests_on(layer: CuratedLayer, iri: str, cell: Cell) -> None:
    if cell:
        target = expand_name(cell, layer.prefixes)
        if target not in layer.known and target not in layer.vocabulary.individuals:
            raise cell.error("unknown-entity", f"{cell.text.strip()} is neither a source of the "
                             "article nor the LLM tag (pk:LLM).")
        layer.add(iri, _PK + "restsOn", Iri(target))


def _misconceptions(layer: CuratedLayer, template: Template) -> None:
    for row in template:
        iri = layer.name(row["id"])
        layer.add(iri, _TYPE, Iri(_PK + "Misconception"))
        layer.add(iri, _LABEL, Lit(row["label"].text.strip()))
        for column, prop in (("misconception_text", "misconceptionText"),
                             ("correction", "correction")):
            _, text = layer.article.quoted_text(parse_reference(row[column]), layer.prefixes)
            layer.add(iri, _PK + prop, Lit(text))
        _rests_on(layer, iri, row["rests_on"])
        _note(layer, iri, row.get("notes"))


def _cautions(layer: CuratedLayer, template: Template) -> None:
    for row in template:
        iri = layer.name(row["id"])
        layer.add(iri, _TYPE, Iri(_PK + "Caution"))
        layer.add(iri, _LABEL, Lit(row["label"].text.strip()))
        for synonym in split_values(row.get("synonyms")):
            layer.add(iri, _SKOS + "altLabel", Lit(synonym.text))
        if row["caution_text"]:
            _, text = layer.article.quoted_text(parse_reference(row["caution_text"]),
                                                layer.prefixes)
            layer.add(iri, _PK + "cautionText", Lit(text))
        _note(layer, iri, row.get("notes"))


def _contributions(layer: CuratedLayer, template: Template) -> None:
    for row in template:
        iri = layer.name(row["id"])
        layer.add(iri, _TYPE, Iri(_PK + "Contribution"))
        layer.add(iri, _LABEL, Lit(row["label"].text.strip()))
        layer.add(iri, _PK + "contributor", Iri(layer.name(row["contributor"])))
        role = expand_name(row["role"], layer.prefixes)
        if role not in layer.vocabulary.individuals:
            raise row["role"].error("unknown-entity", f"{row['role'].text.strip()} is not a "
                                    "contribution role (pk:Originated, pk:Elaborated, ...).")
        layer.add(iri, _PK + "contributionRole", Iri(role))
        layer.add(iri, _PK + "toConstruct", Iri(layer.name(row["construct"])))
        year = row["year"].text.strip()
        if year and not re.fullmatch(r"\d{4}", year):
            raise row["year"].error("bad-cell", f"the year {year!r} is not four digits.")
        layer.add(iri, _PK + "year", Lit(year, "gYear") if year else None)
        if row["work"]:
            layer.add(iri, _PK + "work", Iri(layer.name(row["work"])))
        _note(layer, iri, row.get("notes"))


def _record_supports(layer: CuratedLayer, template: Template) -> None:
    _no_duplicates(template, "record", "claim")
    for row in template:
        record = layer.name(row["record"])
        claim = layer.support(record, row["role"], row["claim"])
        _note(layer, record, row.get("note"), f"pkc:{_local(claim)}: ")


def _key_terms(layer: CuratedLayer, template: Template) -> None:
    for row in template:
        layer.add(layer.name(row["term"]), _PK + "denotes", Iri(layer.name(row["denotes"])))


def _sources(layer: CuratedLayer, template: Template) -> None:
    for row in template:
        source = layer.name(row["source"])
        _check_kinds(layer, source, row.get("kind"))
        for column, prop in (("creators", "creator"), ("publisher", "publisher"),
                             ("contributors", "contributor")):
            for value in split_values(row.get(column)):
                layer.add(source, _DCT + prop, Iri(layer.name(value)))


def _check_kinds(layer: CuratedLayer, source: str, cell: Cell) -> None:
    """The curator's kinds of a source are checked, not compiled: the kind shown beside a
    tier is the one ``painkg ingest`` reads from the citation, and it must be among them."""
    listed = [_local(_kind_iri(kind)) for kind in split_values(cell)]
    derived = layer.kinds.get(source)
    if listed and derived and derived not in listed:
        raise cell.error("unknown-kind", f"the citation of {_local(source)} shows a "
                         f"{derived} (read by painkg ingest), which is not among the kinds "
                         "listed here.")


def _source_descriptions(layer: CuratedLayer, template: Template) -> None:
    _no_duplicates(template, "source", "text")
    for row in template:
        source = layer.name(row["source"])
        claim, text = layer.article.quoted_text(parse_reference(row["text"]), layer.prefixes)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
        node = f"{DATA_BASE}article/{layer.slug}/source-description/{_local(source)}-{digest}"
        layer.add(node, _TYPE, Iri(_PK + "SourceDescription"))
        layer.add(node, _LABEL, Lit(f"{_local(source)}: “{text}”"))
        layer.add(node, _PK + "describesSource", Iri(source))
        layer.add(node, _PK + "descriptionText", Lit(text))
        for kind in split_values(row.get("kind")):
            layer.add(node, _PK + "statedKind", Iri(_kind_iri(kind)))
        _note(layer, node, row.get("note"))
        if claim is not None:
            layer.add(node, _PK + "supportedBy", Iri(claim))
            layer.add(node, _PK + _role_property(row["role"]), Iri(claim))


def _kind_iri(cell: Cell) -> str:
    """``review-article`` → pk:ReviewArticle, one of the pk:DocumentKind individuals."""
    kind = cell.text.strip()
    if kind not in _KINDS:
        raise cell.error("unknown-kind", f"{kind!r} is not a document kind (one of "
                         f"{', '.join(_KINDS)}); no study design is a kind.")
    return _PK + "".join(part.capitalize() for part in kind.split("-"))


_KINDS = ("journal-article", "review-article", "news-item", "web-page", "wikipedia-entry",
          "educational-resource", "video", "book", "book-chapter")


def _article(layer: CuratedLayer, template: Template) -> None:
    article = f"{DATA_BASE}article/{layer.slug}"
    for row in template:
        key = row["key"].text.strip()
        if key != "subject":
            raise row["key"].error("bad-cell", f"unknown article key {key!r} (known: subject).")
        layer.add(article, _DCT + "subject", Iri(layer.name(row["value"])))


def _considered(layer: CuratedLayer, template: Template) -> None:
    """Checked, not compiled: ``painkg curate gaps`` reads the decisions."""
    _no_duplicates(template, "id")
    for row in template:
        node = f"{DATA_BASE}article/{layer.slug}/considered/{row['id'].text.strip()}"
        _, text = layer.article.quoted_text(parse_reference(row["claim"]), layer.prefixes)
        decision = row["decision"].text.strip()
        if decision not in _DECISIONS:
            raise row["decision"].error("bad-role", f"the decision {decision!r} is not one of "
                                        f"{', '.join(_DECISIONS)}.")
        layer.add(node, _TYPE, Iri(_PK + "Consideration"))
        layer.add(node, _LABEL, Lit(f"Considered {row['id'].text.strip()}: {decision}"))
        layer.add(node, _PK + "aboutText", Lit(text))
        for name in split_values(row["names"]):
            layer.add(node, _PK + "mentions", Iri(layer.name(name)))
        if row.get("predicate"):
            layer.add(node, _PK + "candidatePredicate",
                      Iri(expand_name(row["predicate"], layer.prefixes, "unknown-predicate")))
        layer.add(node, _PK + "decision", Lit(decision))
        _note(layer, node, row["reason"])


#: ``implied-only``: the relation is curated with implying supports only, and the curator
#: has checked that no sentence of the article states it (clears the no-stating-claim gap).
_DECISIONS = ("not-a-relation", "vague", "no-predicate", "no-entity", "not-equated", "unmarked",
              "example", "question", "duplicate", "implied-only")


def _revisions(layer: CuratedLayer, template: Template) -> None:
    """``painkg curate migrate``'s record: a claim of this revision rewords an earlier one."""
    _no_duplicates(template, "claim", "revision_of")
    for row in template:
        claim = layer.claim(row["claim"])
        earlier = expand_name(row["revision_of"], layer.prefixes, "bad-claim")
        layer.add(claim, PREFIXES["prov"] + "wasRevisionOf", Iri(earlier))


_STEPS: dict[str, Callable[[CuratedLayer, Template], None]] = {
    "entities.tsv": _entities, "relations.tsv": _relations, "deprecated.tsv": _deprecated,
    "objectives.tsv": _objectives, "misconceptions.tsv": _misconceptions,
    "cautions.tsv": _cautions, "contributions.tsv": _contributions,
    "record-supports.tsv": _record_supports, "key-terms.tsv": _key_terms,
    "sources.tsv": _sources, "source-descriptions.tsv": _source_descriptions,
    "article.tsv": _article, "considered.tsv": _considered, "revisions.tsv": _revisions,
}


def _document_layer(article_path: Path) -> tuple[set[str], dict[str, str]]:
    """Every subject the document layer mints for the article (claims, sources, terms ...),
    and the document kind ingest reads from each source's citation (IRI → local name)."""
    from painkg.ingest.article import read_article
    from painkg.ingest.document import document_triples

    triples = document_triples(read_article(article_path))
    kinds = {s: _local(o.value) for s, p, o in triples
             if p == _PK + "documentKind" and isinstance(o, Iri)}
    return {s for s, _, _ in triples}, kinds


def read_templates(folder: Path, root: Path) -> dict[str, Template]:
    """Every template of a folder, checked for its columns; unknown files are an error."""
    found = {p.name: p for p in sorted(folder.glob("*.tsv"))}
    unknown = sorted(set(found) - set(TEMPLATES))
    if unknown:
        raise InputError(f"unknown template {unknown[0]!r}: the templates are "
                         f"{', '.join(TEMPLATES)}.", str(folder / unknown[0]))
    missing = [n for n in TEMPLATES if n not in found and n not in _OPTIONAL]
    if missing:
        raise InputError(f"the curation folder has no {missing[0]}.", str(folder))
    return {name: read_template(path, TEMPLATES[name], _relative(path, root))
            for name, path in found.items()}


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def compile_folder(folder: Path, article_path: Path, root: Path,
                   vocabulary: Vocabulary | None = None) -> list[Triple]:
    """The curated triples of one article's template folder (TemplateError on bad input)."""
    templates = read_templates(folder, root)
    article = ArticleText.read(article_path)
    names, kinds = _document_layer(article_path)
    layer = CuratedLayer(article.slug, article, vocabulary or Vocabulary.load(),
                         article_prefixes(article.slug), names, kinds=kinds)
    _declare(layer, templates)
    for name, step in _STEPS.items():
        if name in templates:
            step(layer, templates[name])
    return layer.triples


def _header(slug: str) -> str:
    return (f"Curated concept layer of the article {slug!r}: GENERATED by `painkg curate build` "
            f"from\ndata/curation/{slug}/*.tsv (the curator's templates; "
            "data/curation/FORMAT.md). Do not edit by hand:\n"
            "edit the templates and run `painkg curate build --all`.")


def curated_turtle(root: Path, slug: str, vocabulary: Vocabulary | None = None) -> str:
    """The curated Turtle of one article of the project at ``root``, as text."""
    folder = root / "data" / "curation" / slug
    article = root / "data" / "articles" / f"{slug}.txt"
    if not folder.is_dir():
        raise UsageError(f"no curation templates for {slug!r}: {folder} is not a folder.")
    if not article.is_file():
        raise UsageError(f"no article {slug!r}: {article} does not exist.")
    triples = compile_folder(folder, article, root, vocabulary)
    return to_turtle(sorted(set(triples)), _header(slug))


def curated_path(root: Path, slug: str) -> Path:
    """Where the curated Turtle of an article is written."""
    return root / "data" / "graph" / f"{slug}.curated.ttl"


def curation_slugs(root: Path) -> list[str]:
    """The articles with a curation folder, sorted."""
    base = root / "data" / "curation"
    return sorted(p.name for p in base.iterdir() if p.is_dir()) if base.is_dir() else []


def build(root: Path, slugs: list[str]) -> list[Path]:
    """Compile every named article, then write them all (nothing is written on an error)."""
    from painkg.atomic import write_text_atomic

    vocabulary = Vocabulary.load()
    texts = {slug: curated_turtle(root, slug, vocabulary) for slug in slugs}
    for slug, text in texts.items():
        _keeps_published(curated_path(root, slug), text, root)
    written = []
    for slug, text in texts.items():
        path = curated_path(root, slug)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_text_atomic(path, text)
        written.append(path)
    return written


def _subjects(text: str) -> set[str]:
    from rdflib import Graph, URIRef

    return {str(s) for s in Graph().parse(data=text, format="turtle").subjects()
            if isinstance(s, URIRef)}


def _keeps_published(path: Path, text: str, root: Path) -> None:
    """E20: an IRI the previous curated layer described must still be described (IRIs
    never disappear; deprecate instead)."""
    if not path.exists():
        return
    missing = sorted(_subjects(path.read_text(encoding="utf-8")) - _subjects(text))
    if missing:
        raise InputError(f"E20 the templates no longer describe {len(missing)} published "
                         f"IRI(s), first {missing[0]}: IRIs never disappear; deprecate the "
                         "relation in deprecated.tsv instead. Nothing was written.",
                         _relative(path, root))


def build_all(root: Path) -> list[Path]:
    """Compile every article with a curation folder."""
    return build(root, curation_slugs(root))


def stale_layers(root: Path) -> list[str]:
    """The slugs whose committed curated Turtle differs from what the templates compile to."""
    vocabulary = Vocabulary.load()
    stale = []
    for slug in curation_slugs(root):
        path = curated_path(root, slug)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != curated_turtle(root, slug, vocabulary):
            stale.append(slug)
    return stale

