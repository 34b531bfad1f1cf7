"""Turning a parsed article into its document layer (TriG or Turtle), byte for byte the same
on every run.

The text is written by painkg's one deterministic writer (:mod:`painkg.rdfwrite`, the same
as the dump's), so the layout is fixed: statements sorted, ``rdf:type`` first, the prefixes
of :data:`painkg.rdfwrite.DUMP_PREFIXES`, no blank nodes. IRIs follow
docs/architecture.md; a claim's IRI is its section slug plus a hash of its normalised text,
so it survives edits elsewhere in the article.

In TriG the article's own triples go to its graph ``pkr:graph/<slug>`` and the description
of the works it cites to the wiki's shared graph ``pkr:graph/sources`` (:data:`SOURCES_GRAPH`):
a work cited by several articles is one node described once, since a named graph is a set.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from painkg.ingest.article import LLM, Article, Claim, normalise_text, read_article, slugify
from painkg.ingest.citations import DOCUMENT_KINDS, SourceEntry, document_kind
from painkg.ingest.idregister import IdRegister
from painkg.ingest.sourceids import SharedSource, mint_sources
from painkg.namespaces import DATA_BASE, PREFIXES, graph_iri
from painkg.rdfwrite import write_quads

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["Iri", "Lit", "Triple", "SOURCES_GRAPH", "INGEST_FORMATS", "source_types",
           "document_triples",
           "article_graphs", "to_turtle", "to_trig", "ingest_file", "ingest_text", "claim_iris",
           "text_hash", "article_sources"]

#: The named graph holding the wiki's shared ``pk:Source`` nodes.
SOURCES_GRAPH = graph_iri("sources")
#: What ``ingest`` writes: TriG (article graph + shared sources graph) or single-graph Turtle.
INGEST_FORMATS = ("trig", "turtle")

_PK = PREFIXES["pk"]
_RDF_TYPE = PREFIXES["rdf"] + "type"
_XSD = PREFIXES["xsd"]


@dataclass(frozen=True, order=True)
class Iri:
    """An IRI in a triple."""

    value: str


@dataclass(frozen=True, order=True)
class Lit:
    """A literal; ``datatype`` is an XSD local name ("integer", "date", "gYear") or None."""

    value: str
    datatype: str | None = None


Triple = tuple[str, str, "Iri | Lit"]

_BIBO, _FABIO = PREFIXES["bibo"], PREFIXES["fabio"]


def source_types(entry: SourceEntry) -> list[str]:
    """The BIBO and FaBiO classes of a cited work, so that ``?x a bibo:Document`` (or
    ``fabio:JournalArticle``) finds sources without inference.

    Derived from the one reading of the citation, :func:`painkg.ingest.citations.document_kind`:
    a journal article, a video or a book has its own classes; every other kind the wiki links
    to (a web page, a news item, a Wikipedia entry, an educational resource) is a web page.
    Every one is a ``bibo:Document``.
    """
    kind = _DOCUMENT_CLASSES.get(document_kind(entry), _WEB_PAGE)
    return [_BIBO + "Document", _BIBO + kind[0], _FABIO + kind[1]]


#: (BIBO class, FaBiO class) of the document kinds that are more than a linked page.
_DOCUMENT_CLASSES = {"journal article": ("AcademicArticle", "JournalArticle"),
                     "video": ("AudioVisualDocument", "MovingImage"),
                     "book": ("Book", "Book")}
_WEB_PAGE = ("Webpage", "WebPage")


def text_hash(text: str) -> str:
    """First 8 hex digits of SHA-256 of the whitespace-normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:8]


def _hashed_iris(base: str, items: list[tuple[str, str]]) -> list[str]:
    """``base/<section-slug>-<hash8>`` for each (section, text); repeats get -2, -3."""
    seen: dict[str, int] = defaultdict(int)
    out = []
    for section, text in items:
        stem = f"{base}/{slugify(section)}-{text_hash(text)}"
        seen[stem] += 1
        out.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return out


def claim_iris(article: Article) -> dict[int, str]:
    """The IRI of every claim, by its position in the article."""
    base = f"{DATA_BASE}article/{article.slug}/claim"
    iris = _hashed_iris(base, [(c.section, c.text) for c in article.claims])
    return {c.position: iri for c, iri in zip(article.claims, iris, strict=True)}


def article_sources(article: Article) -> dict[int, SharedSource]:
    """The article's sources minted as a wiki of one (no other article to share them with)."""
    return {n: s for (_, n), s in
            mint_sources((article.slug, e) for e in article.sources).items()}


def document_triples(
    article: Article, sources: dict[int, SharedSource] | None = None,
    register: IdRegister | None = None,
) -> list[Triple]:
    """Every triple of the article's document layer (unsorted; :func:`to_turtle` sorts).

    ``sources`` gives, by reference number, the shared work each entry names (its IRI and
    the description the wiki gives it; :func:`painkg.ingest.sourceids.mint_sources`); by default
    the article is read alone. Question and example IRIs come from ``register`` when their
    text is on record (a question inserted before them cannot renumber them), and claim
    IRIs are recorded there (:mod:`painkg.ingest.idregister`).
    """
    layer = _Layer(article, sources if sources is not None else article_sources(article),
                   register if register is not None else IdRegister())
    layer.article_node()
    layer.sections()
    layer.references()
    layer.claims()
    layer.unmarked()
    layer.key_terms()
    layer.questions_and_examples()
    return layer.out


def _pk(local: str) -> str:
    return _PK + local


def _lit(value: object, datatype: str | None = None) -> Lit | None:
    return None if value is None else Lit(str(value), datatype)


_LABEL = PREFIXES["rdfs"] + "label"
_DCT = PREFIXES["dcterms"]


class _Layer:
    """The document layer of one article, built one part at a time into ``out``."""

    def __init__(self, article: Article, shared: dict[int, SharedSource],
                 register: IdRegister) -> None:
        self.article = article
        self.shared = shared
        self.register = register
        self._seen: dict[str, int] = defaultdict(int)
        self.art = f"{DATA_BASE}article/{article.slug}"
        self.section_iri = {s.heading: f"{self.art}/section/{s.slug}" for s in article.sections}
        self.source_iri = {n: f"{DATA_BASE}source/{shared[n].key}" for n in shared}
        self.claim_iri = claim_iris(article)
        self.out: list[Triple] = []

    def add(self, s: str, p: str, o: Iri | Lit | None) -> None:
        if o is not None:
            self.out.append((s, p, o))

    def typed(self, iri: str, cls: str, label: str) -> None:
        """``iri`` a ``pk:<cls>`` with its label."""
        self.add(iri, _RDF_TYPE, Iri(_pk(cls)))
        self.add(iri, _LABEL, _lit(label))

    def marker_iri(self, citation: int | None) -> Iri:
        return Iri(_pk(LLM)) if citation is None else Iri(self.source_iri[citation])

    def article_node(self) -> None:
        article, art, add = self.article, self.art, self.add
        self.typed(art, "Article", article.title)
        add(art, _DCT + "title", _lit(article.title))
        add(art, _pk("typeLine"), _lit(article.type_line))
        add(art, _pk("discipline"), _lit(article.discipline))
        add(art, _pk("category"), _lit(article.category))
        add(art, _pk("summary"), _lit(article.summary))
        prov = article.provenance
        if prov is not None:
            add(art, _pk("generatedByModel"), _lit(prov.model))
            add(art, _pk("articleVersion"), _lit(prov.version))
            add(art, _pk("generatedOn"), _lit(prov.generated_on, "date"))
            add(art, _pk("readingTimeMinutes"), _lit(prov.reading_minutes, "integer"))
            add(art, _pk("statedSourceCount"), _lit(prov.stated_sources, "integer"))

    def sections(self) -> None:
        for sec in self.article.sections:
            iri = self.section_iri[sec.heading]
            self.add(self.art, _pk("hasSection"), Iri(iri))
            self.typed(iri, "Section", sec.heading)
            self.add(iri, _pk("position"), _lit(sec.position, "integer"))
            self.add(iri, _DCT + "isPartOf", Iri(self.art))

    def references(self) -> None:
        """Each printed reference, and the shared work it names as the wiki describes it."""
        article, add = self.article, self.add
        for printed in article.sources:
            ref = f"{self.art}/reference/{printed.number}"
            s_iri = self.source_iri[printed.number]
            add(self.art, _pk("hasReference"), Iri(ref))
            self.typed(ref, "Reference", f"{article.title}, source {printed.number}")
            add(ref, _pk("referenceNumber"), _lit(printed.number, "integer"))
            add(ref, _pk("citationText"), _lit(printed.citation))
            add(ref, _pk("referencedSource"), Iri(s_iri))
            add(ref, _pk("inArticle"), Iri(self.art))
            self.source(s_iri, self.shared[printed.number])

    def source(self, s_iri: str, shared: SharedSource) -> None:
        src, add = shared.entry, self.add  # the work as the wiki describes it
        self.typed(s_iri, "Source", src.label)
        for document_class in source_types(src):
            add(s_iri, _RDF_TYPE, Iri(document_class))
        add(s_iri, _DCT + "bibliographicCitation", _lit(src.citation))
        add(s_iri, _pk("tier"), Iri(_pk(src.tier)))
        add(s_iri, _pk("documentKind"), Iri(_pk(DOCUMENT_KINDS[document_kind(src)])))
        add(s_iri, _pk("authorString"), _lit(src.authors))
        add(s_iri, _DCT + "issued", _lit(src.year, "gYear"))
        add(s_iri, _DCT + "title", _lit(src.title))
        add(s_iri, _pk("venue"), _lit(src.venue))
        add(s_iri, PREFIXES["bibo"] + "volume", _lit(src.volume))
        add(s_iri, PREFIXES["bibo"] + "issue", _lit(src.issue))
        add(s_iri, PREFIXES["bibo"] + "pages", _lit(src.pages))

    def claims(self) -> None:
        add = self.add
        for claim in self.article.claims:
            iri = self.claim_iri[claim.position]
            self.register.record("claim", iri, f"{self.article.slug} {text_hash(claim.text)}",
                                 self.article.slug)
            self.typed(iri, "Claim", _claim_label(claim))
            add(iri, _pk("text"), _lit(claim.text))
            add(iri, _pk("inSection"), Iri(self.section_iri[claim.section]))
            add(iri, _pk("inArticle"), Iri(self.art))
            add(iri, _pk("position"), _lit(claim.position, "integer"))
            add(iri, _pk("lineNumber"), _lit(claim.line, "integer"))
            add(iri, _pk("claimKind"), _lit(claim.kind))
            add(iri, _pk("marker"), self.marker_iri(claim.citation))
            add(iri, _pk("citationNumber"), _lit(claim.citation, "integer"))

    def unmarked(self) -> None:
        article = self.article
        iris = _hashed_iris(f"{self.art}/unmarked", [(u.section, u.text) for u in article.unmarked])
        for sentence, iri in zip(article.unmarked, iris, strict=True):
            self.typed(iri, "UnmarkedSentence", f"Unmarked sentence, line {sentence.line}")
            self.add(iri, _pk("text"), _lit(sentence.text))
            self.add(iri, _pk("inSection"), Iri(self.section_iri[sentence.section]))
            self.add(iri, _pk("inArticle"), Iri(self.art))
            self.add(iri, _pk("lineNumber"), _lit(sentence.line, "integer"))

    def key_terms(self) -> None:
        article = self.article
        by_position = {c.position: c for c in article.claims}
        term_iris = _numbered_slugs(f"{self.art}/term", [t.term for t in article.key_terms])
        for term, iri in zip(article.key_terms, term_iris, strict=True):
            self.typed(iri, "KeyTerm", term.term)
            self.add(iri, PREFIXES["skos"] + "definition", _lit(term.definition))
            self.add(iri, _pk("supportedBy"), Iri(self.claim_iri[term.claim]))
            self.add(iri, _pk("restsOn"), self.marker_iri(by_position[term.claim].citation))
            self.add(iri, _pk("inArticle"), Iri(self.art))

    def _text_identity(self, kind: str, text: str) -> str:
        """The article and the text's hash (and which repeat of that text it is)."""
        key = f"{kind} {text_hash(text)}"
        self._seen[key] += 1
        return f"{self.article.slug} {text_hash(text)} {self._seen[key]}"

    def _minted(self, kind: str, text: str, number: int) -> str:
        """The IRI on record for this text, else ``…/<kind>/<n>`` (see the ID register)."""
        return self.register.assign(kind, self._text_identity(kind, text),
                                    f"{self.art}/{kind}/{number}", self.article.slug)

    def questions_and_examples(self) -> None:
        for question in self.article.questions:
            iri = self._minted("question", question.text, question.number)
            self.typed(iri, "ReflectiveQuestion", f"Reflective question {question.number}")
            self.add(iri, _pk("text"), _lit(question.text))
            self.add(iri, _pk("position"), _lit(question.number, "integer"))
            self.add(iri, _pk("supportedBy"), Iri(self.claim_iri[question.claim]))
            self.add(iri, _pk("inArticle"), Iri(self.art))
        for example in self.article.examples:
            iri = self._minted("example", example.text, example.number)
            self.typed(iri, "IllustrativeExample", f"Illustrative example {example.number}")
            self.add(iri, _pk("text"), _lit(example.text))
            self.add(iri, _pk("inSection"), Iri(self.section_iri[example.section]))
            self.add(iri, _pk("supportedBy"), Iri(self.claim_iri[example.claim]))
            self.add(iri, _pk("inArticle"), Iri(self.art))


def _claim_label(claim: Claim) -> str:
    words = claim.text.split()
    short = " ".join(words[:8]) + (" …" if len(words) > 8 else "")
    return f"Claim {claim.position}: {short}"


def _numbered_slugs(base: str, names: list[str]) -> list[str]:
    seen: dict[str, int] = defaultdict(int)
    out = []
    for name in names:
        stem = f"{base}/{slugify(name)}"
        seen[stem] += 1
        out.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return out


def _quads(triples: list[Triple], graph: str | None = None) -> list[ox.Quad]:
    """The triples as pyoxigraph quads in ``graph`` (the default graph if ``None``)."""
    import pyoxigraph as ox

    def term(obj: Iri | Lit) -> ox.NamedNode | ox.Literal:
        if isinstance(obj, Iri):
            return ox.NamedNode(obj.value)
        if obj.datatype is None:
            return ox.Literal(obj.value)
        return ox.Literal(obj.value, datatype=ox.NamedNode(_XSD + obj.datatype))

    name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    return [ox.Quad(ox.NamedNode(s), ox.NamedNode(p), term(o), name) for s, p, o in triples]


def _comment(header: str) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())


def to_turtle(triples: list[Triple], header: str = "") -> str:
    """Deterministic Turtle through :mod:`painkg.rdfwrite` (fixed prefixes, sorted statements),
    under ``header`` as comment lines."""
    return _comment(header) + write_quads(_quads(triples), "turtle").decode("utf-8")


def to_trig(graphs: list[tuple[str, list[Triple]]], header: str = "") -> str:
    """Deterministic TriG through :mod:`painkg.rdfwrite`: each (graph IRI, triples) as a graph,
    graphs and statements sorted, under ``header`` as comment lines."""
    quads = [q for graph, triples in graphs for q in _quads(triples, graph)]
    return _comment(header) + write_quads(quads, "trig").decode("utf-8")


def article_graphs(
    article: Article, sources: dict[int, SharedSource] | None = None,
    register: IdRegister | None = None,
) -> list[tuple[str, list[Triple]]]:
    """The article's triples split into its own graph and the shared sources graph."""
    triples = document_triples(article, sources, register)
    source_subjects = {s for s, p, o in triples
                       if p == _RDF_TYPE and o == Iri(_PK + "Source")}
    own = [t for t in triples if t[0] not in source_subjects]
    shared = [t for t in triples if t[0] in source_subjects]
    return [(graph_iri(article.slug), own), (SOURCES_GRAPH, shared)]


def _header(article: Article) -> str:
    return (f"Document layer of the article \"{article.title}\" ({article.slug}).\n"
            "Generated by `painkg ingest` from the wiki's text export: do not edit by hand.")


def ingest_text(
    article: Article, fmt: str = "trig", sources: dict[int, SharedSource] | None = None,
    register: IdRegister | None = None,
) -> str:
    """The text of a parsed article's document layer: TriG (its graph and the shared sources
    graph) or Turtle (one graph, for tools that do not read TriG)."""
    if fmt == "turtle":
        return to_turtle(document_triples(article, sources, register), _header(article))
    if fmt != "trig":
        raise ValueError(f"unknown ingest format {fmt!r}: use one of {INGEST_FORMATS}")
    return to_trig(article_graphs(article, sources, register), _header(article))


def ingest_file(path: str | Path, fmt: str = "trig") -> tuple[Article, str]:
    """Read an article export and return it with its document layer (TriG by default)."""
    article = read_article(path)
    return article, ingest_text(article, fmt)
