"""Turning a parsed article into its document layer (TriG or Turtle), byte for byte the same
on every run.

The text is written here rather than by rdflib's serialiser so that the layout is fixed:
subjects sorted by IRI, ``rdf:type`` first then predicates by CURIE, objects sorted, the
prefixes of :data:`painkg.namespaces.PREFIXES`, no blank nodes. IRIs follow
docs/architecture.md; a claim's IRI is its section slug plus a hash of its normalised text,
so it survives edits elsewhere in the article.

In TriG the article's own triples go to its graph ``pkr:graph/<slug>`` and the description
of the works it cites to the wiki's shared graph ``pkr:graph/sources`` (:data:`SOURCES_GRAPH`):
a work cited by several articles is one node described once, since a named graph is a set.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from painkg.ingest.article import LLM, Article, Claim, normalise_text, read_article, slugify
from painkg.ingest.citations import SourceEntry
from painkg.ingest.sourceids import SharedSource, mint_sources
from painkg.namespaces import DATA_BASE, PREFIXES, graph_iri

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
_VIDEO = re.compile(r"^(?:Video|Film):\s")


def source_types(entry: SourceEntry) -> list[str]:
    """The BIBO and FaBiO classes of a cited work, from its citation as the wiki prints it, so
    that ``?x a bibo:Document`` (or ``fabio:JournalArticle``) finds sources without inference.

    A citation with a venue and a volume is a journal article; one the wiki labels ``Video:``
    (or ``Film:``) a moving image; any other entry is a linked page (every entry of a wiki's
    source list is a link), so a web page. Every one is a ``bibo:Document``.
    """
    if entry.venue and entry.volume:
        kind = [_BIBO + "AcademicArticle", _FABIO + "JournalArticle"]
    elif _VIDEO.match(entry.citation):
        kind = [_BIBO + "AudioVisualDocument", _FABIO + "MovingImage"]
    else:
        kind = [_BIBO + "Webpage", _FABIO + "WebPage"]
    return [_BIBO + "Document", *kind]


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
) -> list[Triple]:
    """Every triple of the article's document layer (unsorted; :func:`to_turtle` sorts).

    ``sources`` gives, by reference number, the shared work each entry names (its IRI and
    the description the wiki gives it; :func:`painkg.ingest.sourceids.mint_sources`); by default
    the article is read alone.
    """
    pk = _PK.__add__
    rdfs_label = PREFIXES["rdfs"] + "label"
    dct = PREFIXES["dcterms"].__add__
    art = f"{DATA_BASE}article/{article.slug}"
    out: list[Triple] = []

    def add(s: str, p: str, o: Iri | Lit | None) -> None:
        if o is not None:
            out.append((s, p, o))

    def lit(value: object, datatype: str | None = None) -> Lit | None:
        return None if value is None else Lit(str(value), datatype)

    add(art, _RDF_TYPE, Iri(pk("Article")))
    add(art, rdfs_label, lit(article.title))
    add(art, dct("title"), lit(article.title))
    add(art, pk("typeLine"), lit(article.type_line))
    add(art, pk("discipline"), lit(article.discipline))
    add(art, pk("category"), lit(article.category))
    add(art, pk("summary"), lit(article.summary))
    prov = article.provenance
    if prov is not None:
        add(art, pk("generatedByModel"), lit(prov.model))
        add(art, pk("articleVersion"), lit(prov.version))
        add(art, pk("generatedOn"), lit(prov.generated_on, "date"))
        add(art, pk("readingTimeMinutes"), lit(prov.reading_minutes, "integer"))
        add(art, pk("statedSourceCount"), lit(prov.stated_sources, "integer"))

    section_iri = {s.heading: f"{art}/section/{s.slug}" for s in article.sections}
    for sec in article.sections:
        iri = section_iri[sec.heading]
        add(art, pk("hasSection"), Iri(iri))
        add(iri, _RDF_TYPE, Iri(pk("Section")))
        add(iri, rdfs_label, lit(sec.heading))
        add(iri, pk("position"), lit(sec.position, "integer"))
        add(iri, dct("isPartOf"), Iri(art))

    shared = sources if sources is not None else article_sources(article)
    source_iri = {n: f"{DATA_BASE}source/{shared[n].key}" for n in shared}
    for printed in article.sources:
        ref = f"{art}/reference/{printed.number}"
        s_iri = source_iri[printed.number]
        add(art, pk("hasReference"), Iri(ref))
        add(ref, _RDF_TYPE, Iri(pk("Reference")))
        add(ref, rdfs_label, lit(f"{article.title}, source {printed.number}"))
        add(ref, pk("referenceNumber"), lit(printed.number, "integer"))
        add(ref, pk("citationText"), lit(printed.citation))
        add(ref, pk("referencedSource"), Iri(s_iri))
        add(ref, pk("inArticle"), Iri(art))
        src = shared[printed.number].entry  # the work as the wiki describes it
        add(s_iri, _RDF_TYPE, Iri(pk("Source")))
        for document_class in source_types(src):
            add(s_iri, _RDF_TYPE, Iri(document_class))
        add(s_iri, rdfs_label, lit(src.label))
        add(s_iri, dct("bibliographicCitation"), lit(src.citation))
        add(s_iri, pk("tier"), Iri(pk(src.tier)))
        add(s_iri, pk("authorString"), lit(src.authors))
        add(s_iri, dct("issued"), lit(src.year, "gYear"))
        add(s_iri, dct("title"), lit(src.title))
        add(s_iri, pk("venue"), lit(src.venue))
        add(s_iri, PREFIXES["bibo"] + "volume", lit(src.volume))
        add(s_iri, PREFIXES["bibo"] + "issue", lit(src.issue))
        add(s_iri, PREFIXES["bibo"] + "pages", lit(src.pages))

    def marker_iri(citation: int | None) -> Iri:
        return Iri(pk(LLM)) if citation is None else Iri(source_iri[citation])

    claims = claim_iris(article)
    for claim in article.claims:
        iri = claims[claim.position]
        add(iri, _RDF_TYPE, Iri(pk("Claim")))
        add(iri, rdfs_label, lit(_claim_label(claim)))
        add(iri, pk("text"), lit(claim.text))
        add(iri, pk("inSection"), Iri(section_iri[claim.section]))
        add(iri, pk("inArticle"), Iri(art))
        add(iri, pk("position"), lit(claim.position, "integer"))
        add(iri, pk("lineNumber"), lit(claim.line, "integer"))
        add(iri, pk("claimKind"), lit(claim.kind))
        add(iri, pk("marker"), marker_iri(claim.citation))
        add(iri, pk("citationNumber"), lit(claim.citation, "integer"))

    unmarked = _hashed_iris(f"{art}/unmarked", [(u.section, u.text) for u in article.unmarked])
    for sentence, iri in zip(article.unmarked, unmarked, strict=True):
        add(iri, _RDF_TYPE, Iri(pk("UnmarkedSentence")))
        add(iri, rdfs_label, lit(f"Unmarked sentence, line {sentence.line}"))
        add(iri, pk("text"), lit(sentence.text))
        add(iri, pk("inSection"), Iri(section_iri[sentence.section]))
        add(iri, pk("inArticle"), Iri(art))
        add(iri, pk("lineNumber"), lit(sentence.line, "integer"))

    by_position = {c.position: c for c in article.claims}
    term_iris = _numbered_slugs(f"{art}/term", [t.term for t in article.key_terms])
    for term, iri in zip(article.key_terms, term_iris, strict=True):
        add(iri, _RDF_TYPE, Iri(pk("KeyTerm")))
        add(iri, rdfs_label, lit(term.term))
        add(iri, PREFIXES["skos"] + "definition", lit(term.definition))
        add(iri, pk("supportedBy"), Iri(claims[term.claim]))
        add(iri, pk("restsOn"), marker_iri(by_position[term.claim].citation))
        add(iri, pk("inArticle"), Iri(art))
    for question in article.questions:
        iri = f"{art}/question/{question.number}"
        add(iri, _RDF_TYPE, Iri(pk("ReflectiveQuestion")))
        add(iri, rdfs_label, lit(f"Reflective question {question.number}"))
        add(iri, pk("text"), lit(question.text))
        add(iri, pk("position"), lit(question.number, "integer"))
        add(iri, pk("supportedBy"), Iri(claims[question.claim]))
        add(iri, pk("inArticle"), Iri(art))
    for example in article.examples:
        iri = f"{art}/example/{example.number}"
        add(iri, _RDF_TYPE, Iri(pk("IllustrativeExample")))
        add(iri, rdfs_label, lit(f"Illustrative example {example.number}"))
        add(iri, pk("text"), lit(example.text))
        add(iri, pk("inSection"), Iri(section_iri[example.section]))
        add(iri, pk("supportedBy"), Iri(claims[example.claim]))
        add(iri, pk("inArticle"), Iri(art))
    return out


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


_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _iri(value: str) -> str:
    for prefix, ns in PREFIXES.items():
        if value.startswith(ns) and _LOCAL.match(value[len(ns):]):
            return f"{prefix}:{value[len(ns):]}"
    if re.search(r"[\x00-\x20<>\"{}|^`\\]", value):
        raise ValueError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


def _term(obj: Iri | Lit) -> str:
    if isinstance(obj, Iri):
        return _iri(obj.value)
    text = re.sub(r'[\\"\n\r\t]', lambda m: _ESCAPES[m.group(0)], obj.value)
    if obj.datatype == "integer" and re.fullmatch(r"-?\d+", obj.value):
        return obj.value
    if obj.datatype is None:
        return f'"{text}"'
    return f'"{text}"^^xsd:{obj.datatype}'


def _subject_blocks(triples: list[Triple]) -> list[str]:
    """The lines of the triples grouped by subject: sorted, ``a`` first, objects sorted."""
    by_subject: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        by_subject[s][p].add(_term(o))
    lines: list[str] = []
    for subject in sorted(by_subject):
        preds = by_subject[subject]
        order = sorted(preds, key=lambda p: (p != _RDF_TYPE, _iri(p)))
        lines.append("")
        lines.append(_iri(subject))
        for k, pred in enumerate(order):
            name = "a" if pred == _RDF_TYPE else _iri(pred)
            objects = ",\n        ".join(sorted(preds[pred]))
            end = " ." if k == len(order) - 1 else " ;"
            lines.append(f"    {name} {objects}{end}")
    return lines


def _preamble(header: str) -> list[str]:
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    return lines + [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items()]


def to_turtle(triples: list[Triple], header: str = "") -> str:
    """Deterministic Turtle: fixed prefixes, subjects sorted, ``a`` first, objects sorted."""
    return "\n".join(_preamble(header) + _subject_blocks(triples)) + "\n"


def to_trig(graphs: list[tuple[str, list[Triple]]], header: str = "") -> str:
    """Deterministic TriG: each (graph IRI, triples) as a graph block, in the order given."""
    lines = _preamble(header)
    for graph, triples in graphs:
        lines += ["", f"{_iri(graph)} {{"] + _subject_blocks(triples)[1:] + ["}"]
    return "\n".join(lines) + "\n"


def article_graphs(
    article: Article, sources: dict[int, SharedSource] | None = None,
) -> list[tuple[str, list[Triple]]]:
    """The article's triples split into its own graph and the shared sources graph."""
    triples = document_triples(article, sources)
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
) -> str:
    """The text of a parsed article's document layer: TriG (its graph and the shared sources
    graph) or Turtle (one graph, for tools that do not read TriG)."""
    if fmt == "turtle":
        return to_turtle(document_triples(article, sources), _header(article))
    if fmt != "trig":
        raise ValueError(f"unknown ingest format {fmt!r}: use one of {INGEST_FORMATS}")
    return to_trig(article_graphs(article, sources), _header(article))


def ingest_file(path: str | Path, fmt: str = "trig") -> tuple[Article, str]:
    """Read an article export and return it with its document layer (TriG by default)."""
    article = read_article(path)
    return article, ingest_text(article, fmt)
