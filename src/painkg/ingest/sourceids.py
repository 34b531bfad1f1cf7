"""Which numbered sources of different articles are the same work, and the IRI each one gets.

A source's *identity* is an identifier printed in its citation (a DOI, else a PMID, PMCID or
ISBN) or, when none is printed, its normalised citation: case, punctuation, whitespace and
dash variants folded, so "Woolf, C.J. (1983) … 686–688" and "woolf, c. j. (1983) … 686-688"
are one work. Nothing is looked up: an identifier counts only if the citation prints it.

IRIs are ``pkr:source/<first-author-or-org>-<year or nd>``. A work already in the ID
register (:mod:`painkg.ingest.idregister`) keeps the IRI on record, whatever is read later.
A new work gets the bare key when no work ever had it and no other new work shares it;
otherwise ``-<hash6>`` of its identity is appended, so among new works an IRI never depends
on the order articles are read, and no IRI on record is ever given to another work. The
description a shared work gets (label, tier, fields as printed) comes from its variant whose
citation text sorts first; each article's own printing stays on its ``pk:Reference``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from painkg.ingest.citations import SourceEntry, base_key
from painkg.ingest.idregister import IdRegister
from painkg.namespaces import DATA_BASE

__all__ = ["SharedSource", "normalise_citation", "printed_identifiers", "identity_of",
           "mint_sources", "source_warnings", "source_keys"]

_DOI = re.compile(r"\b(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s\"<>]+)",
                  re.IGNORECASE)
_PMID = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.IGNORECASE)
_PMCID = re.compile(r"\b(PMC\d{3,9})\b", re.IGNORECASE)
_ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*([0-9][0-9 -]{8,16}[0-9Xx])\b")


@dataclass(frozen=True)
class SharedSource:
    """One work of the wiki: its IRI key, identity, chosen description and who cites it."""

    key: str
    identity: str
    entry: SourceEntry
    #: ``(article slug, reference number, SourceEntry as printed there)``, sorted.
    printed: tuple[tuple[str, int, SourceEntry], ...]


def normalise_citation(text: str) -> str:
    """Citation text with case, punctuation, whitespace and dash variants folded."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    # Every non-alphanumeric character (hyphens, en/em dashes, minus, quotes, periods…) is a
    # separator, so dash and punctuation variants of one citation compare equal.
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


def printed_identifiers(citation: str) -> list[str]:
    """Identifiers printed in a citation, most specific first: ``doi:…``, ``pmid:…``, …"""
    found: list[str] = []
    for match in _DOI.finditer(citation):
        found.append("doi:" + match.group(1).rstrip(".,;)]").lower())
    found += ["pmid:" + m.group(1) for m in _PMID.finditer(citation)]
    found += ["pmcid:" + m.group(1).upper() for m in _PMCID.finditer(citation)]
    found += ["isbn:" + re.sub(r"[ -]", "", m.group(1)).upper() for m in _ISBN.finditer(citation)]
    return found


def identity_of(entry: SourceEntry) -> str:
    """The work a source entry names: its first printed identifier, else its folded citation."""
    ids = printed_identifiers(entry.citation)
    return ids[0] if ids else "citation:" + normalise_citation(entry.citation)


def _hash6(identity: str) -> str:
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:6]


_SOURCE_BASE = f"{DATA_BASE}source/"


def mint_sources(
    cited: Iterable[tuple[str, SourceEntry]], register: IdRegister | None = None,
) -> dict[tuple[str, int], SharedSource]:
    """The shared source of every ``(article slug, entry)``, keyed by (slug, number).

    Entries of one identity become one :class:`SharedSource`. A work on ``register`` keeps
    its IRI; keys that two new identities would share get the identity's hash appended (for
    all of them, whatever the reading order), and so does a key on record for another work.
    New IRIs are added to ``register`` (to be appended to its file).
    """
    register = register if register is not None else IdRegister()
    by_identity: dict[str, list[tuple[str, int, SourceEntry]]] = defaultdict(list)
    for slug, entry in cited:
        by_identity[identity_of(entry)].append((slug, entry.number, entry))
    chosen = {ident: min(items, key=lambda t: (t[2].citation, t[2].tier, t[0], t[1]))[2]
              for ident, items in by_identity.items()}
    identities_by_key: dict[str, set[str]] = defaultdict(set)
    for ident, entry in chosen.items():
        if register.known("source", ident) is None:
            identities_by_key[base_key(entry)].add(ident)
    out: dict[tuple[str, int], SharedSource] = {}
    for ident, items in sorted(by_identity.items()):
        base = base_key(chosen[ident])
        preferred = base if len(identities_by_key[base]) <= 1 else f"{base}-{_hash6(ident)}"
        first = min(slug for slug, _, _ in items)
        key = register.assign("source", ident, _SOURCE_BASE + preferred,
                              first).removeprefix(_SOURCE_BASE)
        shared = SharedSource(key, ident, chosen[ident],
                              tuple(sorted(items, key=lambda t: (t[0], t[1]))))
        for slug, number, _ in items:
            out[(slug, number)] = shared
    return out


def source_warnings(sources: Iterable[SharedSource]) -> list[str]:
    """Disagreements the graph cannot show: one work printed with different tiers, and keys
    that needed a hash because two different works share an author and year."""
    unique = {s.identity: s for s in sources}
    warnings: list[str] = []
    for shared in sorted(unique.values(), key=lambda s: s.key):
        tiers = sorted({e.tier for _, _, e in shared.printed})
        if len(tiers) > 1:
            where = "; ".join(f"{slug} source {n} ({e.tier}, line {e.line})"
                              for slug, n, e in shared.printed)
            warnings.append(f"source pkr:source/{shared.key} is one work printed with different "
                            f"tiers ({where}); the graph records {shared.entry.tier}, from "
                            f"the printing whose citation sorts first.")
    by_base: dict[str, list[SharedSource]] = defaultdict(list)
    for shared in unique.values():
        by_base[base_key(shared.entry)].append(shared)
    for base, group in sorted(by_base.items()):
        if len(group) > 1:
            keys = ", ".join(f"pkr:source/{s.key}" for s in sorted(group, key=lambda s: s.key))
            warnings.append(f"{len(group)} different works share the key {base!r}: minted {keys}. "
                            f"A curated layer that names pkr:source/{base} must name one of "
                            f"these instead.")
    return warnings


def source_keys(entries: list[SourceEntry]) -> dict[int, str]:
    """The ``pkr:source/<key>`` key of each entry of one article by number (the article read
    as a wiki of one; :func:`mint_sources` does it across articles)."""
    return {number: shared.key for (_, number), shared in
            mint_sources(("", e) for e in entries).items()}
