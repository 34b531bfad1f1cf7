"""Links from painkg's nodes to standard identifiers, from ``data/crosswalk.tsv`` only.

``data/crosswalk.tsv`` holds verified external identifiers per *entity name*;
``data/crosswalk-entities.tsv`` says which painkg node each entity name denotes (or why it has
none). Identifier rows become SKOS mapping triples chosen by the crosswalk's ``match`` column
(``broad``: the external record is broader than our node, so ``skos:broadMatch``); web pages
become ``foaf:page`` (Wikipedia), ``foaf:homepage`` or ``schema:url`` (a source's own page).
The same mappings are published as SSSOM TSV (:func:`sssom_tsv`) and as the graph file
``data/graph/crosswalk.mappings.ttl`` (:func:`mappings_turtle`, regenerated with
``painkg mappings -f turtle -o data/graph/crosswalk.mappings.ttl``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping as MappingABC
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from painkg.errors import InputError
from painkg.namespaces import (
    BIBO,
    DATA_BASE,
    FOAF,
    PREFIXES,
    SCHEMA,
    SKOS,
    SSSOM_PREFIXES,
    expand_curie,
    shorten_iri,
)

if TYPE_CHECKING:
    import pyoxigraph as ox

    from painkg.store import GraphStore

__all__ = [
    "CrosswalkRow", "EntityLink", "Mapping", "MATCH_PREDICATES", "WEB_PREDICATES",
    "MAPPING_DATE", "MAPPING_SET_ID", "SSSOM_COLUMNS", "read_crosswalk", "read_entity_links",
    "build_mappings", "unmapped_entities", "identifier_iri", "mapping_quads",
    "mappings_turtle", "sssom_tsv", "MAPPING_PREFIXES",
]

#: Crosswalk ``match`` value -> SKOS mapping property.
MATCH_PREDICATES: dict[str, str] = {
    "exact": str(SKOS.exactMatch), "close": str(SKOS.closeMatch),
    "broad": str(SKOS.broadMatch), "narrow": str(SKOS.narrowMatch),
    "related": str(SKOS.relatedMatch),
}

#: Crosswalk schemes that are web pages, not identifiers -> the property that links them.
WEB_PREDICATES: dict[str, str] = {
    "Wikipedia (en)": str(FOAF.page), "homepage": str(FOAF.homepage), "URL": str(SCHEMA.url),
}

#: Crosswalk scheme -> (SSSOM/Bioregistry prefix, pattern the id must match, its local part).
_SCHEMES: dict[str, tuple[str, str]] = {
    "MeSH": ("MESH", r"(D\d{6}|D\d{9})"),
    "MONDO": ("MONDO", r"MONDO:(\d{7})"),
    "HPO": ("HP", r"HP:(\d{7})"),
    "DOID": ("DOID", r"DOID:(\d+)"),
    "GO": ("GO", r"GO:(\d{7})"),
    "NCIT": ("NCIT", r"(C\d+)"),
    "EFO": ("EFO", r"EFO:(\d{7})"),
    "SNOMED CT": ("SCTID", r"(\d{6,18})"),
    "UMLS": ("UMLS", r"(C\d{7})"),
    "Wikidata": ("wikidata", r"(Q\d+)"),
    "Orphanet": ("Orphanet", r"ORPHA:(\d+)"),
    "ICD-11 MMS": ("icd11.code", r"([0-9A-Z]{4}(?:\.[0-9A-Z]{1,2})?)"),
    "ICD-11 foundation": ("icd11", r"http://id\.who\.int/icd/entity/(\d+)"),
    "DOI": ("doi", r"(10\.\d{4,9}/\S+)"),
    "PMID": ("pubmed", r"(\d{1,9})"),
    "PMCID": ("pmc", r"(PMC\d+)"),
}

#: Fixed so that the SSSOM file is byte-identical across runs; bump when the crosswalk changes.
MAPPING_DATE = "2026-11-25"
MAPPING_SET_ID = "https://w3id.org/painkg/mappings/painkg.sssom.tsv"
SSSOM_COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label",
                 "mapping_justification", "comment")


@dataclass(frozen=True)
class CrosswalkRow:
    """One line of ``data/crosswalk.tsv`` (``line`` is its 1-based line number)."""

    line: int
    entity: str
    scheme: str
    id: str
    match: str
    label_at_source: str
    note: str
    evidence: str


@dataclass(frozen=True)
class EntityLink:
    """Which painkg node a crosswalk entity name denotes; ``iri`` is None when unmapped."""

    entity: str
    iri: str | None
    reason: str
    line: int


@dataclass(frozen=True)
class Mapping:
    """One link from a painkg node to an external identifier or page."""

    subject: str
    predicate: str
    object: str
    object_label: str
    comment: str
    row: CrosswalkRow

    @property
    def is_identifier(self) -> bool:
        """True for identifier mappings (SKOS), False for web pages."""
        return self.predicate in MATCH_PREDICATES.values()


#: The CURIE prefixes of the mappings: painkg's, the identifier schemes' and SEMAPV's.
MAPPING_PREFIXES = {**PREFIXES, **SSSOM_PREFIXES, "semapv": "https://w3id.org/semapv/vocab/"}


def _compress(iri: str) -> str:
    """``iri`` as a CURIE over :data:`MAPPING_PREFIXES`; every mapping IRI has one."""
    short = shorten_iri(iri, MAPPING_PREFIXES)
    if short == iri:
        raise ValueError(f"no mapping prefix for {iri!r}")
    return short


def _data_file(name: str, path: str | Path | None) -> Path:
    from painkg.resources import data_dir

    return Path(path) if path is not None else data_dir() / name


def _read_tsv(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", path=str(path)) from exc
    numbered = [(i, line) for i, line in enumerate(text.splitlines(), 1)
                if line.strip() and not line.startswith("#")]
    if not numbered:
        raise InputError("is empty (a header row is expected)", path=str(path))
    reader = csv.DictReader((line for _, line in numbered), delimiter="\t",
                            quoting=csv.QUOTE_NONE)
    return [(numbered[i + 1][0], {k: (v or "").strip() for k, v in row.items() if k})
            for i, row in enumerate(reader)]


def read_crosswalk(path: str | Path | None = None) -> list[CrosswalkRow]:
    """The crosswalk rows, in file order."""
    file = _data_file("crosswalk.tsv", path)
    rows = []
    for line, rec in _read_tsv(file):
        missing = [c for c in ("entity", "scheme", "id", "match") if not rec.get(c)]
        if missing:
            raise InputError(f"has no {', '.join(missing)} value", path=str(file), line=line)
        rows.append(CrosswalkRow(line, rec["entity"], rec["scheme"], rec["id"], rec["match"],
                                 rec.get("label_at_source", ""), rec.get("note", ""),
                                 rec.get("evidence", "")))
    return rows


def read_entity_links(path: str | Path | None = None) -> dict[str, EntityLink]:
    """``data/crosswalk-entities.tsv``: entity name -> painkg node (or the reason for none)."""
    file = _data_file("crosswalk-entities.tsv", path)
    links: dict[str, EntityLink] = {}
    for line, rec in _read_tsv(file):
        entity, status, reason = rec.get("entity", ""), rec.get("status", ""), rec.get("reason", "")
        if entity in links:
            raise InputError(f"lists the entity {entity!r} twice", path=str(file), line=line)
        if status == "unmapped":
            if not reason:
                raise InputError(f"says {entity!r} is unmapped but gives no reason",
                                 path=str(file), line=line)
            links[entity] = EntityLink(entity, None, reason, line)
        elif status == "mapped":
            iri = expand_curie(rec.get("iri", ""), MAPPING_PREFIXES)
            if iri is None or not iri.startswith(DATA_BASE):
                raise InputError(f"maps {entity!r} to {rec.get('iri')!r}, which is not a pkr: "
                                 "CURIE", path=str(file), line=line)
            links[entity] = EntityLink(entity, iri, reason, line)
        else:
            raise InputError(f"has status {status!r} for {entity!r}; use mapped or unmapped",
                             path=str(file), line=line)
    return links


def identifier_iri(scheme: str, value: str) -> str:
    """The IRI painkg uses for an identifier of a crosswalk scheme (``MeSH``, ``D059333``)."""
    row = CrosswalkRow(0, "", scheme, value, "exact", "", "", "")
    return _object_iri(row, "identifier")[0]


def _object_iri(row: CrosswalkRow, where: str) -> tuple[str, str]:
    """(IRI, CURIE or IRI for SSSOM) of a crosswalk identifier or page."""
    if row.scheme in WEB_PREDICATES:
        if not re.fullmatch(r"https?://\S+", row.id):
            raise InputError(f"{row.scheme} value {row.id!r} is not a URL", path=where,
                             line=row.line)
        return row.id, row.id
    if row.scheme not in _SCHEMES:
        raise InputError(f"names the scheme {row.scheme!r}, which painkg has no prefix for "
                         f"(known: {', '.join(sorted([*_SCHEMES, *WEB_PREDICATES]))})",
                         path=where, line=row.line)
    prefix, pattern = _SCHEMES[row.scheme]
    found = re.fullmatch(pattern, row.id)
    if not found:
        raise InputError(f"{row.scheme} id {row.id!r} does not look like one "
                         f"(expected {pattern})", path=where, line=row.line)
    curie = f"{prefix}:{found.group(1)}"
    iri = expand_curie(curie, MAPPING_PREFIXES)
    if iri is None:  # _SCHEMES names only prefixes of MAPPING_PREFIXES
        raise ValueError(f"no mapping prefix for {curie!r}")
    return iri, curie


def build_mappings(
    rows: Sequence[CrosswalkRow] | None = None,
    links: MappingABC[str, EntityLink] | None = None,
) -> list[Mapping]:
    """Every mapping the crosswalk supports for an entity the graph has, sorted."""
    rows = read_crosswalk() if rows is None else rows
    links = read_entity_links() if links is None else links
    where = "data/crosswalk.tsv"
    out = []
    for row in rows:
        link = links.get(row.entity)
        if link is None:
            raise InputError(
                f"names the entity {row.entity!r}, which data/crosswalk-entities.tsv does not "
                "list: add it there as mapped (with its pkr: node) or unmapped (with a reason)",
                path=where, line=row.line)
        object_iri, _ = _object_iri(row, where)
        if link.iri is None:
            continue
        if row.scheme in WEB_PREDICATES:
            predicate = WEB_PREDICATES[row.scheme]
        elif row.match in MATCH_PREDICATES:
            predicate = MATCH_PREDICATES[row.match]
        else:
            raise InputError(f"has match {row.match!r}; use one of "
                             f"{', '.join(MATCH_PREDICATES)}", path=where, line=row.line)
        out.append(Mapping(link.iri, predicate, object_iri, row.label_at_source, row.note, row))
    return sorted(out, key=lambda m: (m.subject, m.predicate, m.object))


def unmapped_entities(links: MappingABC[str, EntityLink] | None = None) -> list[EntityLink]:
    """The crosswalk entities painkg has no node for, with the reasons."""
    links = read_entity_links() if links is None else links
    return sorted((x for x in links.values() if x.iri is None), key=lambda x: x.entity)


def mapping_quads(mappings: Sequence[Mapping] | None = None) -> list[ox.Quad]:
    """The mappings as pyoxigraph triples (as default-graph quads), plus DOI/PMID literals."""
    import pyoxigraph as ox

    mappings = build_mappings() if mappings is None else mappings
    out = set()
    for m in mappings:
        out.add(ox.Quad(ox.NamedNode(m.subject), ox.NamedNode(m.predicate),
                        ox.NamedNode(m.object)))
        # Sites match sources by DOI/PMID strings too (BIBO's literal properties).
        if m.row.scheme in ("DOI", "PMID") and m.is_identifier and m.row.match == "exact":
            prop = BIBO.doi if m.row.scheme == "DOI" else BIBO.pmid
            out.add(ox.Quad(ox.NamedNode(m.subject), ox.NamedNode(str(prop)),
                            ox.Literal(m.row.id)))
    return sorted(out, key=str)


_TURTLE_NOTE = (
    "# Links from painkg nodes to standard identifiers and pages, generated from\n"
    "# data/crosswalk.tsv and data/crosswalk-entities.tsv: do not edit by hand.\n"
    "# Regenerate: painkg mappings -f turtle -o data/graph/crosswalk.mappings.ttl\n"
)


def mappings_turtle(mappings: Sequence[Mapping] | None = None) -> bytes:
    """The mappings as the deterministic Turtle of ``data/graph/crosswalk.mappings.ttl``."""
    from painkg.publish.serialize import serialize_quads

    return _TURTLE_NOTE.encode() + serialize_quads(mapping_quads(mappings), "turtle")


def _labels(store: GraphStore | None, subjects: set[str]) -> dict[str, str]:
    """rdfs:label of each subject the store knows (the smallest, should there be several)."""
    if store is None or not subjects:
        return {}
    from rdflib import URIRef
    from rdflib.namespace import RDFS

    values = " ".join(URIRef(s).n3() for s in sorted(subjects))
    rows = store.select(
        f"SELECT ?s (MIN(STR(?l)) AS ?label) WHERE {{ VALUES ?s {{ {values} }} "
        f"?s <{RDFS.label}> ?l }} GROUP BY ?s"
    )
    return {str(r["s"]): str(r["label"]) for r in rows if "label" in r}


def _cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def sssom_tsv(mappings: Sequence[Mapping] | None = None, store: GraphStore | None = None) -> str:
    """The identifier mappings as an SSSOM TSV (web pages are not mappings and are left out).

    ``subject_label`` is the node's ``rdfs:label`` in ``store`` when given and known there,
    else the crosswalk's entity name; rows are sorted by subject, predicate, object.
    """
    from painkg.publish.description import dataset_meta

    mappings = build_mappings() if mappings is None else mappings
    rows = [m for m in mappings if m.is_identifier]
    labels = _labels(store, {m.subject for m in rows})
    body = []
    used = {"pkr", "skos", "semapv"}
    for m in rows:
        subject, obj, pred = _compress(m.subject), _compress(m.object), _compress(m.predicate)
        used.update(c.split(":", 1)[0] for c in (subject, obj, pred))
        body.append("\t".join(_cell(x) for x in (
            subject, labels.get(m.subject, m.row.entity), pred, obj, m.object_label,
            "semapv:ManualMappingCuration", m.comment)))
    prefix_map = {p: MAPPING_PREFIXES[p] for p in sorted(used, key=str.lower)}
    header = [
        f"# mapping_set_id: {MAPPING_SET_ID}",
        "# mapping_set_title: painkg links to standard identifiers",
        "# mapping_set_description: Verified identifiers from painkg's crosswalk "
        "(data/crosswalk.tsv), attached to the painkg nodes listed in "
        "data/crosswalk-entities.tsv.",
        f"# license: {dataset_meta().license}",
        f"# mapping_date: {MAPPING_DATE}",
        "# curie_map:",
        *(f"#   {p}: {iri}" for p, iri in prefix_map.items()),
    ]
    return "\n".join([*header, "\t".join(SSSOM_COLUMNS), *body]) + "\n"
