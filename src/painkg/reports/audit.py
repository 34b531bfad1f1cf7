"""The publisher's evidence audit: claims by marker and by section, citations per source,
relations that rest only on LLM-tagged claims, listed sources the text never cites, sentences
without a marker, and mismatches between an article's stated metadata and its content.

Every number comes from a SPARQL query on the store's engine (``queries/research`` and
``queries/internal/audit-*.rq``); this module assembles and formats them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from painkg.plural import counted
from painkg.tiers import NO_EVIDENCE

if TYPE_CHECKING:
    from painkg.store import GraphStore

__all__ = ["FINDINGS", "ReviewRecord",
           "MarkerCount", "SectionCount", "SourceCitations", "LlmOnlyRelation",
           "ImpliedOnlyRelation",
           "Unmarked", "Audit", "run_audit", "findings", "format_audit"]

#: The finding kinds ``--fail-on`` accepts (``any`` means all of them).
FINDINGS = ("llm-only", "implied-only", "uncited", "unmarked", "inconsistent")


@dataclass(frozen=True)
class MarkerCount:
    """Claims carrying one marker: a numbered source (with tier) or the LLM tag."""

    marker: str
    number: int | None
    tier: str
    claims: int


@dataclass(frozen=True)
class SectionCount:
    """Claims in one section, and how many of them carry only the LLM tag."""

    position: int
    section: str
    claims: int
    llm: int


@dataclass(frozen=True)
class SourceCitations:
    """A listed source and how many claims cite it."""

    number: int | None
    label: str
    tier: str
    citation: str
    citations: int
    #: What the citation shows the source is: journal article, web page, video, book.
    kind: str = ""


@dataclass(frozen=True)
class LlmOnlyRelation:
    """A curated relation whose every supporting claim is LLM-tagged."""

    subject: str
    predicate: str
    object: str
    claims: int
    #: LLM when an LLM-tagged claim states the relation, none when they only imply it.
    stated_tier: str = "LLM"
    implied_tier: str = "none"


@dataclass(frozen=True)
class ImpliedOnlyRelation:
    """A curated relation no claim states: its claims only imply it (a QC warning)."""

    subject: str
    predicate: str
    object: str
    claims: int
    implied_tier: str


@dataclass(frozen=True)
class Unmarked:
    """A sentence without a marker."""

    section: str
    line: int | None
    text: str


@dataclass(frozen=True)
class ReviewRecord:
    """One review (painkg review add): current or superseded (history)."""

    target: str
    text: str
    status: str
    reviewer: str
    date: str
    note: str
    current: bool
    needs_rereview: bool


@dataclass
class Audit:
    """The whole audit; :func:`findings` says which parts are findings."""

    claims: int = 0
    by_marker: list[MarkerCount] = field(default_factory=list)
    by_section: list[SectionCount] = field(default_factory=list)
    sources: list[SourceCitations] = field(default_factory=list)
    llm_only: list[LlmOnlyRelation] = field(default_factory=list)
    implied_only: list[ImpliedOnlyRelation] = field(default_factory=list)
    uncited: list[SourceCitations] = field(default_factory=list)
    unmarked: list[Unmarked] = field(default_factory=list)
    inconsistencies: list[str] = field(default_factory=list)
    #: Every review, current and superseded, by target then date.
    reviews: list[ReviewRecord] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _int(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None


def run_audit(store: GraphStore) -> Audit:
    """Run the audit queries on ``store`` and assemble the report."""
    from painkg.query.catalog import find_query, read_query_file
    from painkg.query.run import run_query
    from painkg.resources import queries_dir

    def library(name: str) -> list[dict[str, str]]:
        return run_query(store, find_query(name)).text_records()

    def internal(name: str) -> list[dict[str, str]]:
        path = queries_dir() / "internal" / f"{name}.rq"
        return run_query(store, read_query_file(path, "internal")).text_records()

    audit = Audit()
    sources = library("research/sources-by-tier")
    audit.sources = sorted(
        (SourceCitations(_int(r.get("number")), r["label"], r["tier"], r.get("citation", ""),
                         int(r["citations"]), r.get("documentKind", "")) for r in sources),
        key=lambda s: (s.number is None, s.number or 0, s.label))
    audit.uncited = [s for s in audit.sources if s.citations == 0]

    sections: dict[tuple[int, str], list[int]] = {}
    markers: dict[str, int] = {}
    for row in library("research/claims-by-section"):
        key = (int(row["sectionPosition"]), row["section"])
        count = int(row["claims"])
        totals = sections.setdefault(key, [0, 0])
        totals[0] += count
        if row["tier"] == "LLM":
            totals[1] += count
        markers[row["source"]] = markers.get(row["source"], 0) + count
    audit.by_section = [SectionCount(p, s, c, llm) for (p, s), (c, llm) in sorted(sections.items())]
    llm = markers.pop("LLM", 0)
    audit.by_marker = [MarkerCount("LLM", None, "LLM", llm)] + [
        MarkerCount(s.label, s.number, s.tier, markers.get(s.label, 0)) for s in audit.sources]
    audit.claims = sum(c.claims for c in audit.by_section)

    audit.llm_only = [
        LlmOnlyRelation(r["subjectLabel"], r["predicate"].rsplit("#", 1)[-1], r["objectLabel"],
                        int(r["claims"]), r["statedTier"], r["impliedTier"])
        for r in library("research/llm-only-relations")]
    audit.implied_only = [
        ImpliedOnlyRelation(r["subjectLabel"], r["predicate"].rsplit("#", 1)[-1],
                            r["objectLabel"], int(r["claims"]), r["impliedTier"])
        for r in library("research/relations-best-tier") if r["statedTier"] == NO_EVIDENCE]
    audit.reviews = [ReviewRecord(r["target"], " ".join(r.get("targetLabel", "").split()),
                                  r["status"], r.get("reviewer", ""), r["date"],
                                  r.get("note", ""), r["current"] == "yes",
                                  r["rereview"] == "yes")
                     for r in internal("audit-reviews")]
    audit.unmarked = [Unmarked(r.get("section", ""), _int(r.get("line")), r["text"])
                      for r in internal("audit-unmarked")]
    for row in internal("audit-articles"):
        title = row["title"]
        stated, listed = _int(row.get("stated")), _int(row.get("listed")) or 0
        cited = _int(row.get("cited")) or 0
        if stated is not None and stated != listed:
            audit.inconsistencies.append(
                f"{title}: the Provenance line states {counted(stated, 'source')}, but the "
                f"source list has {listed} entries ({cited} of them cited in the text).")
        if stated is None:
            audit.inconsistencies.append(f"{title}: the Provenance line states no source count.")
    return audit


def findings(audit: Audit) -> dict[str, int]:
    """How many findings of each ``--fail-on`` kind the audit holds."""
    return {"llm-only": len(audit.llm_only), "implied-only": len(audit.implied_only),
            "uncited": len(audit.uncited),
            "unmarked": len(audit.unmarked), "inconsistent": len(audit.inconsistencies)}


def _text(audit: Audit) -> list[str]:
    out = [f"Evidence audit: {counted(audit.claims, 'claim')}", "", "Claims by marker:"]
    for m in audit.by_marker:
        name = "LLM tag (no source)" if m.number is None and m.marker == "LLM" else \
            f"source {m.number} {m.marker} ({m.tier})"
        out.append(f"  {m.claims:4d}  {name}")
    out += ["", "Claims by section (of which LLM only):"]
    out += [f"  {s.claims:4d}  ({s.llm:3d})  {s.section}" for s in audit.by_section]
    out += ["", "Citations per source:"]
    out += [f"  {s.citations:4d}  {s.number}. {s.citation or s.label} [{s.tier}"
            f"{', ' + s.kind if s.kind else ''}]" for s in audit.sources]
    out += ["", f"Relations resting only on LLM-tagged claims: {len(audit.llm_only)}"]
    out += [f"  {r.subject} {r.predicate} {r.object} ({counted(r.claims, 'claim')}; stated "
            f"{r.stated_tier}, implied {r.implied_tier})" for r in audit.llm_only]
    out += ["", f"Relations no sentence states (implied only): {len(audit.implied_only)}"]
    out += [f"  {r.subject} {r.predicate} {r.object} ({counted(r.claims, 'claim')}; stated "
            f"none, implied {r.implied_tier})" for r in audit.implied_only]
    out += ["", f"Sources never cited in the text: {len(audit.uncited)}"]
    out += [f"  {s.number}. {s.citation or s.label} [{s.tier}]" for s in audit.uncited]
    out += ["", f"Sentences without a marker: {len(audit.unmarked)}"]
    out += [f"  line {u.line} ({u.section}): {u.text}" for u in audit.unmarked]
    out += ["", f"Metadata inconsistencies: {len(audit.inconsistencies)}"]
    out += [f"  {text}" for text in audit.inconsistencies]
    out += ["", f"Reviews: {sum(r.current for r in audit.reviews)} current, "
            f"{sum(not r.current for r in audit.reviews)} superseded"]
    out += [f"  {_review_line(r)}" for r in audit.reviews]
    return out


def _review_line(r: ReviewRecord) -> str:
    state = "" if r.current else "superseded, "
    again = ", needs re-review" if r.needs_rereview else ""
    return (f"{r.status} ({state}{r.reviewer}, {r.date}{again}): {r.text[:90]}"
            + (f" — {r.note}" if r.note else ""))


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown(audit: Audit) -> list[str]:
    out = ["# Evidence audit", "", f"{counted(audit.claims, 'claim')}.", "",
           "## Claims by marker", "",
           "| marker | source | tier | claims |", "|---|---|---|---:|"]
    out += [f"| {m.number if m.number is not None else 'LLM'} | {_cell(m.marker)} | {m.tier} | "
            f"{m.claims} |" for m in audit.by_marker]
    out += ["", "## Claims by section", "", "| # | section | claims | LLM only |",
            "|---:|---|---:|---:|"]
    out += [f"| {s.position} | {_cell(s.section)} | {s.claims} | {s.llm} |"
            for s in audit.by_section]
    out += ["", "## Citations per source", "",
            "| # | citation | tier | document kind | citations |", "|---:|---|---|---|---:|"]
    out += [f"| {s.number} | {_cell(s.citation or s.label)} | {s.tier} | {s.kind} | "
            f"{s.citations} |" for s in audit.sources]
    out += ["", "## Relations resting only on LLM-tagged claims", ""]
    out += [f"- {_cell(r.subject)} *{r.predicate}* {_cell(r.object)} "
            f"({counted(r.claims, 'claim')}; stated {r.stated_tier}, implied {r.implied_tier})"
            for r in audit.llm_only] or ["None."]
    out += ["", "## Relations no sentence states (implied only)", ""]
    out += [f"- {_cell(r.subject)} *{r.predicate}* {_cell(r.object)} "
            f"({counted(r.claims, 'claim')}; stated none, implied {r.implied_tier})"
            for r in audit.implied_only] or ["None."]
    out += ["", "## Sources never cited in the text", ""]
    out += [f"- {s.number}. {_cell(s.citation or s.label)} ({s.tier})"
            for s in audit.uncited] or ["None."]
    out += ["", "## Sentences without a marker", ""]
    out += [f"- line {u.line} ({_cell(u.section)}): {_cell(u.text)}"
            for u in audit.unmarked] or ["None."]
    out += ["", "## Metadata inconsistencies", ""]
    out += [f"- {_cell(t)}" for t in audit.inconsistencies] or ["None."]
    out += ["", "## Reviews", ""]
    out += [f"- {_cell(_review_line(r))}" for r in audit.reviews] or ["None."]
    return out


def format_audit(audit: Audit, fmt: str = "text") -> str:
    """The audit as ``text``, ``json`` or ``markdown``."""
    if fmt == "json":
        data = audit.as_dict()
        # JSON keys are snake_case (issue 18); the --fail-on names keep their hyphen
        data["findings"] = {k.replace("-", "_"): n for k, n in findings(audit).items()}
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    lines = _markdown(audit) if fmt == "markdown" else _text(audit)
    return "\n".join(lines) + "\n"
