"""The entity card: one page about one entity, for readers who do not know RDF.

It shows the entity's class, label, synonyms and definition (with the sentence the definition
comes from and that sentence's marker), its links to standard vocabularies (MeSH, HPO, ...
from the mappings graph), its relations grouped by kind ("Targets", "Targeted by", ...) with
badges for the stated tier, the implied tier, "LLM only" and the evidence kind, every
sentence behind each relation (section, line, source citation with its DOI or web address),
the cautions that apply and the SMART objectives that use it.

The relations and sentences come from the evidence card (:mod:`painkg.reports.evidence_card`),
the cautions from :mod:`painkg.reports.cautions`, the header from
``queries/internal/card-entity.rq`` and the source links from ``queries/internal/source-links.rq``.
Markdown and HTML are rendered from the Jinja2 templates in ``painkg/templates/`` (``card.md.j2``,
``card.html.j2``), which users can read and adapt; JSON keys are snake_case.

A place for a review badge is kept: :attr:`CardRelation.review_status` is ``None`` today and
shown when present (the review work sets it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from painkg.namespaces import PK, PREFIXES, SSSOM_PREFIXES, shorten_iri
from painkg.tiers import IMPLIES, LLM, NO_EVIDENCE, STATES

if TYPE_CHECKING:
    from painkg.reports.cautions import Caution
    from painkg.reports.evidence_card import CardClaim
    from painkg.reports.evidence_card import CardRelation as EvidenceRelation
    from painkg.store import GraphStore

__all__ = ["CardSentence", "CardRelation", "RelationGroup", "Identifier", "Objective",
           "EntityCard", "entity_card", "card_from_evidence", "format_entity_card",
           "CARD_FORMATS", "render_template", "source_links", "outside_curie", "class_words",
           "card_relation"]

#: The formats ``painkg card`` writes.
CARD_FORMATS = ("md", "html", "json")

_SKOS = PREFIXES["skos"]
#: Prefixes for outside identifiers (MESH:, HP:, doi:, pubmed: ...) and painkg's own.
_ALL_PREFIXES = {**PREFIXES, **SSSOM_PREFIXES}
#: How each mapping predicate reads on the card.
_MATCH_WORDS = {"exactMatch": "same as", "closeMatch": "close to", "broadMatch": "narrower than",
                "narrowMatch": "broader than", "relatedMatch": "related to"}
#: How a relation reads from its object's side ("X targets Y": Y is "targeted by" X).
_INVERSE = {
    "targets": "Targeted by", "nestedIn": "Nests", "implicatedIn": "Implicates",
    "builtOn": "Basis of", "hasHallmark": "Hallmark of", "hasPrinciple": "Principle of",
    "hasClinicalSign": "Clinical sign of", "hasFeature": "Feature of",
    "hasRelatedMechanism": "Related mechanism of",
    "prototypicalCondition": "Prototypical condition of",
    "explains": "Explained by", "limits": "Limited by", "safeguards": "Safeguarded by",
    "exemplifiedBy": "Exemplifies",
}
#: n-ary nodes pointing at the entity, by the node's predicate: the card's heading for them.
_NODE_HEADINGS = {"toConstruct": "Contributions", "denotes": "Key terms",
                  "addresses": "SMART objectives addressing it",
                  "correctedBy": "Misconceptions", "aboutConcept": "Misconceptions"}
_OBJECTIVE_PREDICATES = {str(PK.usesIntervention)}
_CAUTION_PREDICATES = {str(PK.limits), str(PK.safeguards)}


@dataclass(frozen=True)
class CardSentence:
    """A sentence behind a relation: where it is, what it cites and how it supports it."""

    text: str
    section: str
    line: int | None
    support: str  # "states" | "implies"
    tier: str  # T1-T3, or LLM
    marker: str  # the source's short label, or "LLM"
    citation_number: int | None
    citation: str | None
    document_kind: str | None
    links: tuple[str, ...]  # DOI, PubMed or web address of the source
    claim_iri: str
    kind: str = "sentence"
    #: The claim's review status (verified, disputed ...); None while unreviewed.
    review_status: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "section": self.section, "line": self.line,
                "support": self.support, "tier": self.tier, "marker": self.marker,
                "citation_number": self.citation_number, "citation": self.citation,
                "document_kind": self.document_kind, "links": list(self.links),
                "claim_iri": self.claim_iri, "kind": self.kind,
                "review_status": self.review_status}


@dataclass(frozen=True)
class CardRelation:
    """One relation of the entity with its badges and sentences."""

    predicate: str  # CURIE
    predicate_label: str
    other_iri: str
    other_label: str
    stated_tier: str
    implied_tier: str
    sentences: tuple[CardSentence, ...]
    #: The review of the stating claims in words ("unreviewed", "verified by 1"); None when
    #: the evidence card gives none.
    review_status: str | None = None

    @property
    def llm_only(self) -> bool:
        """True when every sentence behind the relation is LLM-tagged."""
        return bool(self.sentences) and all(s.tier == LLM for s in self.sentences)

    @property
    def evidence_kinds(self) -> tuple[str, ...]:
        """The document kinds of the cited sources (journal article, web page, ...), sorted."""
        return tuple(sorted({s.document_kind for s in self.sentences if s.document_kind}))

    def as_dict(self) -> dict[str, Any]:
        return {"predicate": self.predicate, "predicate_label": self.predicate_label,
                "other_iri": self.other_iri, "other_label": self.other_label,
                "stated_tier": self.stated_tier, "implied_tier": self.implied_tier,
                "llm_only": self.llm_only, "evidence_kinds": list(self.evidence_kinds),
                "review_status": self.review_status,
                "sentences": [s.as_dict() for s in self.sentences]}


@dataclass(frozen=True)
class RelationGroup:
    """Relations of one kind, under a heading a clinician reads ("Targets", "Targeted by")."""

    heading: str
    relations: tuple[CardRelation, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "relations": [r.as_dict() for r in self.relations]}


@dataclass(frozen=True)
class Identifier:
    """A link to a standard vocabulary: ``MESH:D000092442``, same as."""

    curie: str
    iri: str
    match: str  # "same as", "close to", ...

    def as_dict(self) -> dict[str, str]:
        return {"curie": self.curie, "iri": self.iri, "match": self.match}


@dataclass(frozen=True)
class Objective:
    """A SMART objective that uses the entity, with its evidence."""

    iri: str
    label: str
    relation: CardRelation

    def as_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "label": self.label, "relation": self.relation.as_dict()}


@dataclass
class EntityCard:
    """Everything ``painkg card`` shows for one entity."""

    iri: str
    label: str
    kind: str  # the class, e.g. "Intervention"
    synonyms: tuple[str, ...] = ()
    definition: str | None = None
    definition_sentence: CardSentence | None = None
    identifiers: tuple[Identifier, ...] = ()
    groups: tuple[RelationGroup, ...] = ()
    cautions: tuple[Caution, ...] = ()
    objectives: tuple[Objective, ...] = ()
    #: IRI -> href of the page for it, or None (set by the site; a lone card links nothing).
    linker: Callable[[str], str | None] | None = None

    @property
    def curie(self) -> str:
        return shorten_iri(self.iri)

    @property
    def kind_label(self) -> str:
        """The class as words: ``ProblemForWork`` reads "Problem for work"."""
        return class_words(self.kind) or "Entity"

    def href(self, iri: str) -> str | None:
        """Where a link to ``iri`` points: the site's page for it, else nowhere."""
        return self.linker(iri) if self.linker is not None else None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (snake_case keys, sorted by the caller)."""
        return {
            "iri": self.iri, "curie": self.curie, "label": self.label, "class": self.kind,
            "synonyms": list(self.synonyms), "definition": self.definition,
            "definition_sentence": (self.definition_sentence.as_dict()
                                    if self.definition_sentence else None),
            "identifiers": [i.as_dict() for i in self.identifiers],
            "relation_groups": [g.as_dict() for g in self.groups],
            "cautions": [c.as_dict() for c in self.cautions],
            "smart_objectives": [o.as_dict() for o in self.objectives],
        }


def class_words(name: str) -> str:
    """A class name in words, for readers: ``SmartObjective`` -> "Smart objective"."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).split()
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else ""


def outside_curie(iri: str) -> str:
    """``iri`` as a CURIE with the mapping prefixes (``MESH:D000092442``, ``doi:10.1038/...``)."""
    return shorten_iri(iri, _ALL_PREFIXES)


def source_links(store: GraphStore) -> dict[str, tuple[str, ...]]:
    """Each source IRI with its DOI, PubMed, PMC and web links (sorted)."""
    from painkg.traversal.projection import internal_query

    found: dict[str, list[str]] = {}
    for row in store.select(internal_query("source-links")):
        found.setdefault(str(row["source"]), []).append(str(row["link"]))
    return {s: tuple(sorted(links, key=_link_order)) for s, links in found.items()}


def _link_order(link: str) -> tuple[int, str]:
    """DOI first (the durable link), then PubMed/PMC, then anything else."""
    return (0 if "doi.org/" in link else 1 if "ncbi.nlm.nih.gov" in link else 2, link)


def _sentence(claim: CardClaim, links: dict[str, tuple[str, ...]]) -> CardSentence:
    return CardSentence(
        text=claim.text, section=claim.section, line=claim.line, support=claim.support,
        tier=claim.evidence_tier, marker=claim.marker if claim.tier else LLM,
        citation_number=claim.citation_number, citation=claim.citation,
        document_kind=claim.document_kind,
        links=links.get(claim.source or "", ()), claim_iri=claim.iri, kind=claim.kind,
        review_status=claim.review_status)


def card_relation(relation: EvidenceRelation, links: dict[str, tuple[str, ...]]) -> CardRelation:
    """A relation of the evidence card with its badges, its sources' links attached."""
    return CardRelation(
        predicate=shorten_iri(relation.predicate), predicate_label=relation.predicate_label,
        other_iri=relation.other, other_label=relation.other_label,
        stated_tier=relation.stated_tier, implied_tier=relation.implied_tier,
        sentences=tuple(_sentence(c, links) for c in relation.claims),
        # The evidence card says "T1 stated, verified by 1": the part after the tier is the
        # review (the tier has its own badges).
        review_status=relation.review.split(", ", 1)[-1] or None)


def _heading(relation: EvidenceRelation) -> str:
    local = relation.predicate.rsplit("#", 1)[-1]
    if relation.role == "object":
        return _INVERSE.get(local, f"{relation.predicate_label} (from the other side)")
    if relation.role == "node":
        return _NODE_HEADINGS.get(local, relation.predicate_label.capitalize())
    if relation.role == "self":
        return "Sentences that raise it"
    return relation.predicate_label.capitalize()


def card_from_evidence(store: GraphStore, evidence: Any,
                       cautions: list[Caution] | None = None) -> EntityCard:
    """The card of an entity from its evidence card (``painkg.reports.evidence_card``)."""
    links = source_links(store)
    groups: dict[str, list[CardRelation]] = {}
    objectives: list[Objective] = []
    for relation in evidence.relations:
        card_relation_ = card_relation(relation, links)
        if relation.role == "node" and relation.predicate in _OBJECTIVE_PREDICATES:
            objectives.append(Objective(relation.node, relation.other_label, card_relation_))
            continue
        if relation.role == "node" and relation.predicate in _CAUTION_PREDICATES:
            continue  # shown with the cautions, with their own text
        groups.setdefault(_heading(relation), []).append(card_relation_)
    card = EntityCard(iri=evidence.iri, label=evidence.label,
                      kind=evidence.kind.rsplit(":", 1)[-1])
    card.groups = tuple(RelationGroup(h, tuple(groups[h])) for h in _group_order(groups))
    card.objectives = tuple(sorted(objectives, key=lambda o: (o.label.casefold(), o.iri)))
    card.cautions = tuple(c for c in (cautions or [])
                          if c.iri == evidence.iri or any(k.iri == evidence.iri for k in c.links))
    _header(store, card)
    return card


def _group_order(groups: dict[str, list[CardRelation]]) -> list[str]:
    """Outgoing relations first (as the predicate reads), then incoming, then n-ary nodes;
    alphabetical within each (the evidence card's order already puts roles in that order)."""
    return list(groups)


def _header(store: GraphStore, card: EntityCard) -> None:
    """Synonyms, definition with its sentence, and standard identifiers."""
    from painkg.traversal.projection import internal_query, iri_terms, load_entities

    entity = load_entities(store, [card.iri]).get(card.iri)
    if entity is not None:
        card.synonyms = tuple(sorted(set(entity.alt_labels), key=str.casefold))
    rows = store.select(internal_query("card-entity", ["entity"], iri_terms([card.iri])))
    identifiers: set[Identifier] = set()
    for row in rows:
        if "definition" in row and card.definition is None:
            card.definition = str(row["definition"])
        if "claim" in row and card.definition_sentence is None:
            card.definition_sentence = _definition_sentence(row, source_links(store))
        if "target" in row:
            local = str(row["match"]).removeprefix(_SKOS)
            identifiers.add(Identifier(outside_curie(str(row["target"])), str(row["target"]),
                                       _MATCH_WORDS.get(local, local)))
    card.identifiers = tuple(sorted(identifiers, key=lambda i: (i.match != "same as",
                                                               i.match, i.curie)))


def _definition_sentence(row: dict[str, Any], links: dict[str, tuple[str, ...]]) -> CardSentence:
    marker = str(row["marker"])
    is_llm = marker == str(PK.LLM)
    number = row.get("citationNumber")
    return CardSentence(
        text=str(row["text"]), section=str(row.get("section", "")),
        line=int(str(row["line"])) if "line" in row else None, support=STATES,
        tier=LLM if is_llm else str(row.get("tier", NO_EVIDENCE)),
        marker=LLM if is_llm else str(row.get("markerLabel", shorten_iri(marker))),
        citation_number=None if number is None else int(str(number)),
        citation=None if is_llm or "citation" not in row else str(row["citation"]),
        document_kind=None, links=() if is_llm else links.get(marker, ()),
        claim_iri=str(row["claim"]))


def entity_card(store: GraphStore, name: str) -> EntityCard:
    """The card of the entity ``name`` denotes (label, synonym, IRI or CURIE; an unknown
    name raises UnknownNameError with the closest matches)."""
    from painkg.reports.cautions import list_cautions
    from painkg.reports.evidence_card import evidence_card

    return card_from_evidence(store, evidence_card(store, name), list_cautions(store))


def render_template(name: str, **context: Any) -> str:
    """Render ``painkg/templates/<name>`` (Jinja2, autoescaped for ``.html.j2`` only)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("painkg", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",),
                                            default_for_string=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined)
    env.filters["md"] = _md_escape
    env.filters["curie"] = outside_curie
    return env.get_template(name).render(**context, IMPLIES=IMPLIES)


def _md_escape(text: object) -> str:
    """Text safe inside Markdown: characters that would start markup are escaped."""
    out = str(text)
    for char in ("\\", "`", "*", "_", "[", "]", "<", ">", "|", "#"):
        out = out.replace(char, "\\" + char)
    return out


def format_entity_card(card: EntityCard, fmt: str, *, standalone: bool = True) -> str:
    """The card as ``md``, ``html`` (a whole page unless ``standalone`` is False) or ``json``."""
    if fmt == "json":
        return json.dumps(card.as_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if fmt == "md":
        return render_template("card.md.j2", card=card)
    body = render_template("card.html.j2", card=card)
    if not standalone:
        return body
    return render_template("page.html.j2", title=card.label, body=body, root="",
                           scripts=False, alternates={})
