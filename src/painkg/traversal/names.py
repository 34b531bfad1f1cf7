"""Turning what a user types into an entity: label, synonym, IRI, CURIE or mapped ID.

Matching is case-insensitive and whitespace-normalised (Unicode NFKC, case-folded, runs of
whitespace collapsed). Order of precedence: an IRI or CURIE naming an entity; then an
identifier of another scheme that the mappings graph (``data/graph/crosswalk.mappings.ttl``)
links to a node by ``skos:exactMatch`` or ``skos:closeMatch`` (``MESH:D064869``,
``HP:4000009``, ``doi:10.1038/306686a0``, ``PMID:6656869``; prefixes as in
:data:`painkg.namespaces.SSSOM_PREFIXES`, case-insensitive, with the usual aliases in
:data:`SCHEME_ALIASES`); then an ``rdfs:label``; then an ``skos:altLabel``. A mapped ID that
the mappings only link by a broader, narrower or related match is a usage error naming those
nodes: it denotes something else. An unknown name raises
:class:`~painkg.errors.UnknownNameError` with the closest labels (difflib) — exit 2; a name
that several entities share raises :class:`~painkg.errors.UsageError` listing them by CURIE,
which is always unambiguous.

Against a store (:func:`resolve_in_store`) the work is staged so that a name costs an index
lookup, not a scan: an IRI/CURIE directly; then the typed name in a few spellings (as typed,
lower case, capitalised, title case, upper case; plain and ``@en``); then a folded-text scan
in SPARQL; and only if both find nothing, every entity (which is also where suggestions come
from). A case-variant clash between two entities' names that the first stage does not spell
is reported by the ``altlabel-clash`` QC query, so clean data resolves the same either way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

from painkg.errors import UnknownNameError, UsageError
from painkg.namespaces import SSSOM_PREFIXES, expand_curie, shorten_iri
from painkg.traversal.projection import Entity

if TYPE_CHECKING:
    from painkg.query.params import IriCheck, Resolver
    from painkg.store import GraphStore

__all__ = ["normalise", "written_iri", "SCHEME_ALIASES", "external_iri", "mapped_node",
           "resolve", "resolve_in_store", "suggestions", "name_resolver", "iri_checker"]

#: Other spellings of the mapping schemes' CURIE prefixes (lower case -> the SSSOM prefix).
SCHEME_ALIASES: dict[str, str] = {
    "mesh": "MESH", "hpo": "HP", "snomed": "SCTID", "snomedct": "SCTID", "sctid": "SCTID",
    "pmid": "pubmed", "pmcid": "pmc", "wd": "wikidata", "ordo": "Orphanet",
    "orpha": "Orphanet", "icd11": "icd11", "icd11.mms": "icd11.code",
    **{prefix.lower(): prefix for prefix in SSSOM_PREFIXES},
}

#: SKOS mappings that say two identifiers denote the same thing (or nearly).
_SAME = ("http://www.w3.org/2004/02/skos/core#exactMatch",
         "http://www.w3.org/2004/02/skos/core#closeMatch")

_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` folded for matching: NFKC, case-folded, whitespace collapsed and trimmed.

    >>> normalise("  Fear  of\\tMovement ")
    'fear of movement'
    """
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def written_iri(text: str) -> str | None:
    """The IRI a name written as an IRI names: ``<…>``, a bare ``http…`` IRI, or a CURIE.

    Only painkg's own prefixes (``painkg.namespaces.PREFIXES``) are CURIE prefixes here,
    and the local part must be non-empty; anything else returns ``None`` so it is tried as
    a label.

    >>> written_iri("pkr:graded-exposure")
    'https://w3id.org/painkg/id/graded-exposure'
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if re.match(r"^https?://\S+$", text):
        return text
    return None if text.endswith(":") else expand_curie(text)


def external_iri(text: str) -> str | None:
    """The IRI of an identifier of a mapping scheme written as a CURIE, else None.

    >>> external_iri("MESH:D064869")
    'http://id.nlm.nih.gov/mesh/D064869'
    >>> external_iri("PMID:6656869")
    'https://pubmed.ncbi.nlm.nih.gov/6656869'
    """
    prefix, sep, local = text.strip().partition(":")
    scheme = SCHEME_ALIASES.get(prefix.lower()) if sep else None
    if scheme is None or not local or re.search(r"\s", local) or local.startswith("//"):
        return None
    if scheme == "pmc" and not local.upper().startswith("PMC"):
        local = "PMC" + local  # PMCID:3268359 and PMC:PMC3268359 name the same record
    return SSSOM_PREFIXES[scheme] + local


def mapped_node(name: str, store: GraphStore) -> str | None:
    """The painkg node a mapped identifier (CURIE of a mapping scheme, or its IRI) denotes.

    None when ``name`` is no external identifier or nothing is mapped to it; a usage error
    when several nodes are exact/close matches, or when the mappings only link it by a
    broader, narrower or related match (naming those nodes).
    """
    from painkg.traversal.projection import internal_query, iri_terms

    target = external_iri(name)
    if target is None and re.match(r"^<?https?://\S+>?$", name.strip()):
        target = name.strip().strip("<>")
    if target is None:
        return None
    rows = store.select_values(internal_query("mapped-node", ["_target"], iri_terms([target])))
    same = sorted({str(r["node"]) for r in rows if str(r["match"]) in _SAME})
    if len(same) == 1:
        return same[0]
    if same:
        listed = ", ".join(shorten_iri(n) for n in same)
        raise UsageError(f"{name!r} is mapped to {len(same)} painkg nodes ({listed}); name "
                         f"one by its CURIE.")
    if rows:
        listed = "; ".join(f"{shorten_iri(str(r['node']))} ({shorten_iri(str(r['match']))})"
                           for r in rows)
        raise UsageError(f"{name!r} is no exact or close match of any painkg node; the mappings "
                         f"link it only loosely to: {listed}. Name the node you mean by its "
                         f"CURIE.")
    return None


def suggestions(name: str, entities: Mapping[str, Entity], limit: int = 5) -> list[str]:
    """The labels (or synonyms) closest to ``name``, best first, for an error message."""
    by_key: dict[str, str] = {}
    for entity in sorted(entities.values(), key=lambda e: e.iri):
        for text in (entity.label, *entity.alt_labels):
            by_key.setdefault(normalise(text), text)
    wanted = normalise(name)
    import difflib  # suggestions only: not on the path of a name that resolves

    close = difflib.get_close_matches(wanted, sorted(by_key), n=limit, cutoff=0.6)
    # Names that contain what was typed ("exposure" -> "graded exposure") help too.
    contained = sorted(k for k in by_key if wanted and wanted in k and k not in close)
    return [by_key[k] for k in (close + contained)[:limit]]


def _ambiguous(name: str, found: list[Entity], how: str) -> UsageError:
    listed = "; ".join(f"{shorten_iri(e.iri)} ({e.label}, {e.kind or 'no class'})" for e in found)
    return UsageError(
        f"The name {name!r} is ambiguous: it is the {how} of {len(found)} entities: {listed}. "
        f"Name one by its CURIE instead."
    )


def resolve(name: str, entities: Mapping[str, Entity]) -> Entity:
    """The one entity ``name`` denotes among ``entities`` (keyed by IRI)."""
    iri = written_iri(name)
    if iri is not None and iri in entities:
        return entities[iri]
    wanted = normalise(name)
    if not wanted:
        raise UsageError("An empty name names nothing: give a label, synonym, IRI or CURIE.")
    ordered = sorted(entities.values(), key=lambda e: e.iri)
    by_label = [e for e in ordered if normalise(e.label) == wanted]
    if len(by_label) == 1:
        return by_label[0]
    if by_label:
        raise _ambiguous(name, by_label, "label")
    by_alt = [e for e in ordered if any(normalise(a) == wanted for a in e.alt_labels)]
    if len(by_alt) == 1:
        return by_alt[0]
    if by_alt:
        raise _ambiguous(name, by_alt, "synonym (skos:altLabel)")
    raise UnknownNameError(name, suggestions(name, entities))


def resolve_in_store(name: str, store: GraphStore) -> Entity:
    """Resolve ``name`` against the entities of a store, fetching as little as it can.

    An IRI/CURIE is looked up directly; a label or synonym first through a folded-text
    lookup in SPARQL (``queries/internal/name-lookup.rq``) and :func:`resolve` on the few
    candidates. Only when that finds nothing are all entities fetched — to apply the exact
    rules to every name, and to suggest the closest ones.
    """
    from painkg.traversal.projection import internal_query, literal_term, load_entities

    iri = written_iri(name)
    if iri is not None:
        found = load_entities(store, [iri])
        if iri in found:
            return found[iri]
    node = mapped_node(name, store)
    if node is not None:
        found = load_entities(store, [node])
        if node in found:
            return found[node]
        raise UsageError(f"{name!r} is the identifier of {shorten_iri(node)}, which is no concept, "
                         f"person or organisation, the things this command takes.")
    typed = _WS.sub(" ", name).strip()
    if not typed:
        raise UsageError("An empty name names nothing: give a label, synonym, IRI or CURIE.")
    spellings = sorted({typed, typed.lower(), typed[:1].upper() + typed[1:].lower(),
                        typed.title(), typed.upper()})
    literals = [(literal_term(v),) for v in spellings]
    literals += [(literal_term(v, "en"),) for v in spellings]
    for query, rows in (("name-exact", (["_value"], literals)),
                        ("name-lookup", (["_key"], [(literal_term(
                            "".join(normalise(name).split())),)]))):
        matches = store.select_values(internal_query(query, *rows))
        candidates = load_entities(store, [str(r["entity"]) for r in matches])
        if candidates:
            try:
                return resolve(name, candidates)
            except UnknownNameError:
                continue  # alike but not equal under the exact rules: look further
    return resolve(name, load_entities(store))


def _notation(name: str, store: GraphStore) -> str | None:
    """The one term whose ``skos:notation`` is ``name`` (``T1`` -> ``pk:T1``), else None."""
    from painkg.traversal.projection import internal_query, literal_term

    typed = name.strip()
    spellings = sorted({typed, typed.upper()})
    rows = store.select_values(internal_query("notation-lookup", ["_value"],
                                       [(literal_term(v),) for v in spellings]))
    terms = sorted({str(r["term"]) for r in rows})
    return terms[0] if len(terms) == 1 else None


def name_resolver(store: GraphStore) -> Resolver:
    """A resolver of names to IRIs in ``store``, for query parameters
    (:func:`painkg.query.params.prepare_query`): a mapped ID (to any node, sources too), a
    label, synonym or CURIE of an entity, else the short form of a vocabulary term, its
    ``skos:notation`` (``tier=T1``)."""

    def _resolve(name: str) -> str:
        node = mapped_node(name, store)
        if node is not None:
            return node
        try:
            return str(resolve_in_store(name, store).iri)
        except UnknownNameError:
            found = _notation(name, store)
            if found is None:
                raise
            return found

    return _resolve


def iri_checker(store: GraphStore) -> IriCheck:
    """A check for query parameters given as IRIs or CURIEs: one that occurs nowhere in
    ``store`` is a usage error with the closest labelled IRIs (``pk:TierT1`` -> ``pk:T1``)."""
    def _check(value: str, iri: str) -> None:
        from painkg.traversal.projection import internal_query, iri_terms

        if store.select_values(internal_query("iri-used", ["_iri"], iri_terms([iri]))):
            return
        known = [shorten_iri(r["term"])
                 for r in store.select_values(internal_query("labelled-terms"))]
        import difflib

        close = difflib.get_close_matches(shorten_iri(iri), known, n=5, cutoff=0.6)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise UsageError(f"{value!r} names nothing in the graph (no triple uses <{iri}>).{hint} "
                         f"Give --allow-unknown to run the query with it anyway.")

    return _check
