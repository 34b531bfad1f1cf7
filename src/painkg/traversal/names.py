"""Turning what a user types into an entity: label, synonym, IRI or CURIE.

Matching is case-insensitive and whitespace-normalised (Unicode NFKC, case-folded, runs of
whitespace collapsed). Order of precedence: an IRI or CURIE naming an entity; then an
``rdfs:label``; then an ``skos:altLabel``. An unknown name raises
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

import difflib
import re
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

from painkg.errors import UnknownNameError, UsageError
from painkg.namespaces import expand_curie, shorten_iri
from painkg.traversal.projection import Entity

if TYPE_CHECKING:
    from painkg.query.params import Resolver
    from painkg.store import GraphStore

__all__ = ["normalise", "written_iri", "resolve", "resolve_in_store", "suggestions",
           "name_resolver"]

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


def suggestions(name: str, entities: Mapping[str, Entity], limit: int = 5) -> list[str]:
    """The labels (or synonyms) closest to ``name``, best first, for an error message."""
    by_key: dict[str, str] = {}
    for entity in sorted(entities.values(), key=lambda e: e.iri):
        for text in (entity.label, *entity.alt_labels):
            by_key.setdefault(normalise(text), text)
    wanted = normalise(name)
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
    from rdflib import Literal

    from painkg.traversal.projection import internal_query, literal_term, load_entities

    iri = written_iri(name)
    if iri is not None:
        found = load_entities(store, [iri])
        if iri in found:
            return found[iri]
    typed = _WS.sub(" ", name).strip()
    if not typed:
        raise UsageError("An empty name names nothing: give a label, synonym, IRI or CURIE.")
    spellings = sorted({typed, typed.lower(), typed[:1].upper() + typed[1:].lower(),
                        typed.title(), typed.upper()})
    literals = [(literal_term(v),) for v in spellings]
    literals += [(Literal(v, lang="en"),) for v in spellings]
    for query, rows in (("name-exact", (["_value"], literals)),
                        ("name-lookup", (["_key"], [(literal_term(
                            "".join(normalise(name).split())),)]))):
        matches = store.select(internal_query(query, *rows))
        candidates = load_entities(store, [str(r["entity"]) for r in matches])
        if candidates:
            try:
                return resolve(name, candidates)
            except UnknownNameError:
                continue  # alike but not equal under the exact rules: look further
    return resolve(name, load_entities(store))


def name_resolver(store: GraphStore) -> Resolver:
    """A resolver of names (labels, synonyms, CURIEs) to IRIs in ``store``, for query
    parameters (:func:`painkg.query.params.prepare_query`)."""

    def _resolve(name: str) -> str:
        return str(resolve_in_store(name, store).iri)

    return _resolve
