"""What a new revision of an article changed, and what that does to curation and reviews.

:func:`diff_files` compares two revisions of an article (two ``.txt`` exports, or two graph
files holding their document layers) and reports, once each:

* ``claim-added`` / ``claim-removed`` / ``claim-reworded`` (old → new, matched within the
  same section by :func:`difflib.SequenceMatcher` ratio over normalised text, at least
  :data:`REWORD_RATIO`; a match is *ambiguous* when a second candidate comes within
  :data:`AMBIGUITY_MARGIN` of the best);
* ``newly-sourced`` (LLM → a source), ``source-dropped`` (a source → LLM) and ``renumbered``
  (a different source number, with both tiers) on claims whose text is unchanged;
* ``source-added`` / ``source-removed`` / ``source-retiered`` (matched by citation text);

and :mod:`painkg.curation.consequences` adds, when the article's curation templates and
reviews are in the checkout, what the changes break there:

* ``relation-lost-claim``: a curated relation one of whose stating claims is gone or reworded;
* ``broken-reference``: a template row whose claim reference no longer resolves against the
  new revision, with the closest new sentence;
* ``stale-review``: a review of a claim that was reworded, removed or re-marked.

Exit codes follow diff(1): 0 the revisions are the same, 1 they differ; a file that is not
an article export or graph is an InputError (exit 3) naming file and line.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from painkg.curation.templates import fold
from painkg.errors import InputError

__all__ = ["REWORD_RATIO", "AMBIGUITY_MARGIN", "ClaimRecord", "SourceRecord", "Revision",
           "Change", "RevisionDiff", "read_revision", "diff_revisions", "diff_files",
           "format_diff", "closest", "similarity", "CHANGE_KINDS"]

#: The least similarity (0-1) at which a removed and an added sentence count as one reworded.
REWORD_RATIO = 0.6
#: A match is ambiguous when another candidate is within this much of the best.
AMBIGUITY_MARGIN = 0.05
#: Every kind of change, in the order reports list them.
CHANGE_KINDS: tuple[str, ...] = (
    "claim-added", "claim-removed", "claim-reworded", "newly-sourced", "source-dropped",
    "renumbered", "source-added", "source-removed", "source-retiered",
    "relation-lost-claim", "broken-reference", "stale-review")
_LLM = "LLM"


@dataclass(frozen=True)
class ClaimRecord:
    """A claim as a revision has it: IRI, verbatim text, section, marker and tier."""

    iri: str
    text: str
    section: str
    marker: str  # "LLM" or the source number as printed
    tier: str  # T1-T3, LLM, or "" when the number has no source entry
    line: int | None = None


@dataclass(frozen=True)
class SourceRecord:
    """A Sources-list entry: its number, citation text and tier."""

    number: str
    citation: str
    tier: str


@dataclass
class Revision:
    """One revision of an article, reduced to what a diff compares."""

    path: str
    slug: str
    claims: dict[str, ClaimRecord]
    sources: list[SourceRecord]
    article: Path | None = None  # the .txt export, when the revision is one


@dataclass(frozen=True)
class Change:
    """One reported change: its kind, what it concerns (old and new) and a detail."""

    kind: str
    old: str = ""
    new: str = ""
    old_text: str = ""
    new_text: str = ""
    detail: str = ""
    ambiguous: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"kind": self.kind, "old": self.old, "new": self.new, "old_text": self.old_text,
                "new_text": self.new_text, "detail": self.detail, "ambiguous": self.ambiguous}

    def sort_key(self) -> tuple[int, str, str, str]:
        """By kind (CHANGE_KINDS order), then old, new and detail."""
        return (CHANGE_KINDS.index(self.kind), self.old, self.new, self.detail)


@dataclass
class RevisionDiff:
    """Every change between two revisions, sorted, and the reworded matches (old → new)."""

    old: str
    new: str
    changes: list[Change] = field(default_factory=list)
    #: old claim IRI -> new claim IRI, for unambiguous rewordings only
    reworded: dict[str, str] = field(default_factory=dict)

    @property
    def same(self) -> bool:
        """True when nothing changed (diff(1) exit 0)."""
        return not self.changes

    def counts(self) -> dict[str, int]:
        """How many changes of each kind."""
        return {k: n for k in CHANGE_KINDS if (n := sum(c.kind == k for c in self.changes))}


def similarity(a: str, b: str) -> float:
    """difflib ratio of two sentences after normalisation (NFC, whitespace, quotes, case)."""
    return difflib.SequenceMatcher(None, fold(a).casefold(), fold(b).casefold(),
                                   autojunk=False).ratio()


def closest(text: str, claims: dict[str, ClaimRecord]) -> tuple[str, float] | None:
    """The claim of ``claims`` most like ``text``, and the ratio; None when there are none."""
    scored = sorted(((similarity(text, c.text), iri) for iri, c in claims.items()),
                    key=lambda pair: (-pair[0], pair[1]))
    return (scored[0][1], scored[0][0]) if scored else None


def _from_article(path: Path) -> Revision:
    from painkg.ingest.article import read_article
    from painkg.ingest.document import claim_iris

    article = read_article(path)
    iris = claim_iris(article)
    tiers = {str(s.number): s.tier for s in article.sources}
    claims = {}
    for claim in article.claims:
        marker = _LLM if claim.citation is None else str(claim.citation)
        claims[iris[claim.position]] = ClaimRecord(
            iris[claim.position], claim.text, claim.section, marker,
            _LLM if marker == _LLM else tiers.get(marker, ""), claim.line)
    sources = [SourceRecord(str(s.number), s.citation, s.tier) for s in article.sources]
    return Revision(str(path), article.slug, claims, sources, path)


_GRAPH_CLAIMS = """
PREFIX pk: <https://w3id.org/painkg/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?claim ?text ?section ?number ?tier ?line ?slug WHERE {
  ?claim a pk:Claim ; pk:text ?text .
  OPTIONAL { ?claim pk:inSection/rdfs:label ?section }
  OPTIONAL { ?claim pk:citationNumber ?number }
  OPTIONAL { ?claim pk:marker/pk:tier ?tier }
  OPTIONAL { ?claim pk:lineNumber ?line }
}"""
_GRAPH_SOURCES = """
PREFIX pk: <https://w3id.org/painkg/vocab#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?number ?citation ?tier WHERE {
  ?ref a pk:Reference ; pk:referenceNumber ?number ; pk:referencedSource ?source .
  ?source pk:tier ?tier .
  OPTIONAL { ?ref pk:citationText ?citation }
}"""


def _from_graph(path: Path) -> Revision:
    from rdflib import Dataset

    from painkg.store.input_formats import input_format

    fmt = input_format(path)
    data = Dataset(default_union=True)
    try:
        data.parse(path, format={"turtle": "turtle", "ntriples": "nt", "nquads": "nquads",
                                 "trig": "trig"}.get(fmt, fmt))
    except Exception as exc:  # rdflib raises many kinds; each is "not a graph"
        raise InputError(f"is not a graph painkg can read: {exc}", path=str(path),
                         line=_error_line(exc)) from exc
    claims = {}
    for row in _rows(data, _GRAPH_CLAIMS):
        number = str(row.get("number", ""))
        iri = str(row["claim"])
        tier = row.get("tier")
        line = row.get("line")
        claims[iri] = ClaimRecord(iri, str(row["text"]), str(row.get("section", "")),
                                  number or _LLM, _local(str(tier)) if tier is not None else
                                  (_LLM if not number else ""),
                                  int(str(line)) if line is not None else None)
    if not claims:
        raise InputError("holds no claims (pk:Claim with pk:text): it is not an article's "
                         "document layer.", path=str(path), line=1)
    sources = sorted({SourceRecord(str(r["number"]), str(r.get("citation", "")),
                                   _local(str(r["tier"])))
                      for r in _rows(data, _GRAPH_SOURCES)}, key=lambda s: int(s.number))
    slug = next(iter(claims)).split("/article/", 1)[-1].split("/", 1)[0]
    return Revision(str(path), slug, claims, sources)


def _rows(data: Any, query: str) -> list[dict[str, Any]]:
    """A SELECT's rows as dicts of the bound variables (names without ``?``)."""
    from rdflib.query import ResultRow

    return [{str(k): v for k, v in row.asdict().items()}
            for row in data.query(query) if isinstance(row, ResultRow)]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _error_line(exc: Exception) -> int | None:
    import re

    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def read_revision(path: Path) -> Revision:
    """A revision from an article export (``.txt``) or a graph file (.ttl, .trig, .nt, .nq)."""
    if not path.is_file():
        raise InputError("no such file", path=str(path))
    if path.suffix in (".ttl", ".trig", ".nt", ".nq"):
        return _from_graph(path)
    return _from_article(path)


def _match_rewordings(gone: list[ClaimRecord], added: list[ClaimRecord]
                      ) -> list[tuple[ClaimRecord, ClaimRecord, float, bool]]:
    """Greedy best-first pairing of removed and added claims of the same section."""
    scored = sorted(((similarity(o.text, n.text), o.iri, n.iri) for o in gone for n in added
                     if o.section == n.section), key=lambda t: (-t[0], t[1], t[2]))
    olds, news = {c.iri: c for c in gone}, {c.iri: c for c in added}
    used_old: set[str] = set()
    used_new: set[str] = set()
    pairs = []
    for ratio, old, new in scored:
        if ratio < REWORD_RATIO or old in used_old or new in used_new:
            continue
        rivals = [r for r, o, n in scored if (o == old) != (n == new) and r >= REWORD_RATIO
                  and o not in used_old and n not in used_new]
        ambiguous = any(ratio - r <= AMBIGUITY_MARGIN for r in rivals)
        used_old.add(old)
        used_new.add(new)
        pairs.append((olds[old], news[new], ratio, ambiguous))
    return pairs


def _marker_change(old: ClaimRecord, new: ClaimRecord) -> Change | None:
    if old.marker == new.marker:
        return None
    if old.marker == _LLM:
        kind, detail = "newly-sourced", f"LLM -> [{new.marker}] ({new.tier})"
    elif new.marker == _LLM:
        kind, detail = "source-dropped", f"[{old.marker}] ({old.tier}) -> LLM"
    else:
        kind, detail = "renumbered", f"[{old.marker}] ({old.tier}) -> [{new.marker}] ({new.tier})"
    return Change(kind, old.iri, new.iri, old.text, new.text, detail)


def _claim_changes(old: Revision, new: Revision, diff: RevisionDiff) -> None:
    kept = sorted(set(old.claims) & set(new.claims))
    for iri in kept:
        change = _marker_change(old.claims[iri], new.claims[iri])
        if change:
            diff.changes.append(change)
    gone = [old.claims[i] for i in sorted(set(old.claims) - set(new.claims))]
    added = [new.claims[i] for i in sorted(set(new.claims) - set(old.claims))]
    matched_old, matched_new = set(), set()
    for before, after, ratio, ambiguous in _match_rewordings(gone, added):
        matched_old.add(before.iri)
        matched_new.add(after.iri)
        diff.changes.append(Change("claim-reworded", before.iri, after.iri, before.text,
                                   after.text, f"similarity {ratio:.2f}", ambiguous))
        if not ambiguous:
            diff.reworded[before.iri] = after.iri
        change = _marker_change(before, after)
        if change:
            diff.changes.append(change)
    diff.changes += [Change("claim-removed", c.iri, "", c.text, "", f"[{c.marker}]")
                     for c in gone if c.iri not in matched_old]
    diff.changes += [Change("claim-added", "", c.iri, "", c.text, f"[{c.marker}]")
                     for c in added if c.iri not in matched_new]


def _source_changes(old: Revision, new: Revision, diff: RevisionDiff) -> None:
    before = {fold(s.citation): s for s in old.sources}
    after = {fold(s.citation): s for s in new.sources}
    for key in sorted(set(before) | set(after)):
        was, now = before.get(key), after.get(key)
        if was and not now:
            diff.changes.append(Change("source-removed", was.number, "", was.citation, "",
                                       was.tier))
        elif now and not was:
            diff.changes.append(Change("source-added", "", now.number, "", now.citation,
                                       now.tier))
        elif was and now and was.tier != now.tier:
            diff.changes.append(Change("source-retiered", was.number, now.number, was.citation,
                                       now.citation, f"{was.tier} -> {now.tier}"))


def diff_revisions(old: Revision, new: Revision) -> RevisionDiff:
    """Every change of the text from ``old`` to ``new`` (what it breaks in a checkout is
    :func:`painkg.curation.consequences.diff_checkout`)."""
    diff = RevisionDiff(old.path, new.path)
    _claim_changes(old, new, diff)
    _source_changes(old, new, diff)
    diff.changes.sort(key=Change.sort_key)
    return diff


def diff_files(old: Path, new: Path) -> RevisionDiff:
    """:func:`diff_revisions` of two files (article exports or graph files)."""
    return diff_revisions(read_revision(old), read_revision(new))


_COLUMNS = ("kind", "old", "new", "detail", "old_text", "new_text")


def _short(iri: str) -> str:
    from painkg.namespaces import DATA_BASE

    if "/claim/" in iri and iri.startswith(DATA_BASE):
        return "pkc:" + iri.rsplit("/", 1)[-1]
    return iri


def format_diff(diff: RevisionDiff, fmt: str) -> str:
    """The diff as ``text`` (one paragraph per change), ``json`` or ``tsv``."""
    if fmt == "json":
        return json.dumps({"old": diff.old, "new": diff.new, "same": diff.same,
                           # JSON keys are snake_case (issue 18); the kinds themselves
                           # stay hyphenated as values ("kind" of each change)
                           "counts": {k.replace("-", "_"): n for k, n in diff.counts().items()},
                           "changes": [c.as_dict() for c in diff.changes]},
                          indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if fmt == "tsv":
        rows = [list(_COLUMNS)] + [[c.kind, _short(c.old), _short(c.new), c.detail
                                    + (" (ambiguous)" if c.ambiguous else ""),
                                    " ".join(c.old_text.split()), " ".join(c.new_text.split())]
                                   for c in diff.changes]
        return "".join("\t".join(r) + "\n" for r in rows)
    if diff.same:
        return f"{diff.old} and {diff.new}: no change.\n"
    lines = [f"--- {diff.old}", f"+++ {diff.new}",
             ", ".join(f"{n} {k}" for k, n in diff.counts().items())]
    for c in diff.changes:
        head = " ".join(p for p in (c.kind, _short(c.old), "->" if c.old and c.new else "",
                                    _short(c.new), c.detail,
                                    "(ambiguous)" if c.ambiguous else "") if p)
        lines += ["", head]
        if c.old_text and c.old_text == c.new_text:
            lines.append(f"  = {c.old_text}")
            continue
        lines += [f"  - {c.old_text}"] if c.old_text else []
        lines += [f"  + {c.new_text}"] if c.new_text else []
    return "\n".join(lines) + "\n"
