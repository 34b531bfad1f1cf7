"""Reviews as data: a reviewer's verdict on one claim, relation or source of an article.

A reviewer-editable template per article, ``data/reviews/<slug>.tsv`` (tab-separated, header
row, like the curation templates), holds one row per review::

    target  status  reviewer  orcid  date  note  migrated_from

``target`` names a claim (``pkc:…``, or a quoted fragment of one sentence), a curated relation
(``statement:…``) or a source (``source:…``); ``status`` is one of
:data:`painkg.tiers.REVIEW_STATUSES`; ``orcid`` is optional and must pass the ORCID checksum
(ISO 7064 MOD 11-2); ``date`` is ``YYYY-MM-DD``; ``migrated_from`` is filled by
``painkg curate migrate`` when the review's claim was reworded in a new revision (the review
then needs re-review). Rows are never overwritten: a later review of the same target (later
date, or later row on the same date) supersedes the earlier ones, which stay in the graph as
history (``dcterms:isReplacedBy``).

:func:`reviews_trig` compiles the file into the article's review graph
``pkr:graph/<slug>/reviews`` (``data/graph/<slug>.reviews.trig``) with PROV-O terms; see
docs/evidence.md for the model.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from painkg.curation.templates import (
    ArticleText,
    Cell,
    Row,
    TemplateError,
    article_prefixes,
    fold,
    parse_reference,
    read_template,
)
from painkg.errors import InputError, UsageError
from painkg.ingest.document import Iri, Lit, Triple, to_trig
from painkg.namespaces import DATA_BASE, PREFIXES
from painkg.tiers import REVIEW_STATUSES, status_local

__all__ = ["COLUMNS", "Review", "ReviewTargets", "valid_orcid", "reviews_path",
           "review_layer_path", "review_graph", "read_reviews", "reviews_trig",
           "build_reviews", "add_review", "remove_review", "review_slugs", "status_iri",
           "current_reviews", "write_reviews"]

#: The columns of a review template, in order.
COLUMNS: tuple[str, ...] = ("target", "status", "reviewer", "orcid", "date", "note",
                            "migrated_from")
_PK = PREFIXES["pk"]
_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_PROV = PREFIXES["prov"]
_DCT = PREFIXES["dcterms"]
_FOAF = PREFIXES["foaf"]
_SKOS = PREFIXES["skos"]
_TYPE = _RDF + "type"
_ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def valid_orcid(text: str) -> str | None:
    """The ORCID iD ``0000-0002-1825-0097`` (bare or as its https://orcid.org/ IRI) when its
    form and ISO 7064 MOD 11-2 check digit are right, else None.

    >>> valid_orcid("0000-0002-1825-0097")
    '0000-0002-1825-0097'
    >>> valid_orcid("0000-0002-1825-0098") is None
    True
    """
    match = _ORCID.match(text.strip())
    if not match:
        return None
    digits = match.group(1).replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    return match.group(1) if digits[-1] == ("X" if check == 10 else str(check)) else None


def status_iri(status: str) -> str:
    """``misattributed`` → pk:Misattributed, ``needs-source`` → pk:NeedsSource."""
    return _PK + status_local(status)


def reviews_path(root: Path, slug: str) -> Path:
    """The review template of an article."""
    return root / "data" / "reviews" / f"{slug}.tsv"


def review_layer_path(root: Path, slug: str) -> Path:
    """The compiled review graph of an article."""
    return root / "data" / "graph" / f"{slug}.reviews.trig"


def review_graph(slug: str) -> str:
    """The named graph of an article's reviews."""
    return f"{DATA_BASE}graph/{slug}/reviews"


def review_slugs(root: Path) -> list[str]:
    """The articles with a review template, sorted."""
    base = root / "data" / "reviews"
    return sorted(p.stem for p in base.glob("*.tsv")) if base.is_dir() else []


@dataclass
class ReviewTargets:
    """What a review of one article may target: its claims, curated relations and sources."""

    slug: str
    article: ArticleText
    #: statement IRI -> label ("Graded exposure targets kinesiophobia")
    statements: dict[str, str]
    #: source IRI -> label ("Woolf 2011")
    sources: dict[str, str]
    #: entity IRI -> label, for naming a relation by its three parts
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path, slug: str) -> ReviewTargets:
        """Read the article (claims, sources) and its compiled curated layer (relations)."""
        from rdflib import Graph, URIRef

        article_path = root / "data" / "articles" / f"{slug}.txt"
        if not article_path.is_file():
            raise UsageError(f"no article {slug!r}: {article_path} does not exist.")
        article = ArticleText.read(article_path)
        graph = Graph()
        curated = root / "data" / "graph" / f"{slug}.curated.ttl"
        if curated.is_file():
            graph.parse(curated, format="turtle")
        label = URIRef(_RDFS + "label")
        statements = {str(s): str(graph.value(s, label) or "") for s in graph.subjects(
            URIRef(_TYPE), URIRef(_RDF + "Statement"))}
        names = {str(s): str(o) for s, o in graph.subject_objects(label)
                 if isinstance(s, URIRef) and str(s) not in statements}
        return cls(slug, article, statements, _sources(article_path), names)

    def kind(self, iri: str) -> str | None:
        """``claim``, ``relation`` or ``source`` for a known target, else None."""
        if iri in self.article.claims:
            return "claim"
        if iri in self.statements:
            return "relation"
        return "source" if iri in self.sources else None

    def resolve(self, cell: Cell) -> str:
        """The IRI a target cell names: a CURIE or IRI of a claim, relation or source, a
        quoted fragment of one claim, a relation's label or three names, or a source label."""
        text = cell.text.strip()
        prefixes = article_prefixes(self.slug)
        iri = _expand(text, prefixes)
        if iri is not None and self.kind(iri):
            return iri
        if text.startswith('"') or (text.startswith("pkc:") and '"' in text):
            return self.article.claim(parse_reference(cell), prefixes)
        found = self._by_name(text, prefixes)
        if found is None:
            raise cell.error("unknown-entity", f"{text!r} is no claim, relation or source of "
                             f"the article {self.slug!r}: give a claim id (pkc:…), a quoted "
                             "fragment of one sentence, a relation (statement:… or "
                             "\"SUBJECT PREDICATE OBJECT\") or a source (source:…).")
        return found

    def _by_name(self, text: str, prefixes: dict[str, str]) -> str | None:
        wanted = fold(text).casefold()
        for iri, label in sorted(self.statements.items()):
            if fold(label).casefold() == wanted:
                return iri
        for iri, label in sorted(self.sources.items()):
            if fold(label).casefold() == wanted:
                return iri
        parts = text.split()
        if len(parts) == 3:
            iris = [_expand(p, prefixes) or "" for p in parts]
            statement = _statement_of(*iris)
            if statement in self.statements:
                return statement
        return None

    def label(self, iri: str) -> str:
        """A short name of a target for labels and messages."""
        if iri in self.statements:
            return self.statements[iri]
        if iri in self.sources:
            return self.sources[iri]
        return "claim " + iri.rsplit("/", 1)[-1]


def _sources(article_path: Path) -> dict[str, str]:
    """The sources the article cites (pk:Source IRI -> label), as ingest mints them."""
    from painkg.ingest.article import read_article
    from painkg.ingest.document import document_triples

    triples = document_triples(read_article(article_path))
    sources = {s for s, p, o in triples if p == _TYPE and o == Iri(_PK + "Source")}
    return {s: o.value for s, p, o in triples
            if s in sources and p == _RDFS + "label" and isinstance(o, Lit)}


def _expand(text: str, prefixes: dict[str, str]) -> str | None:
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.startswith(("http://", "https://")):
        return text
    prefix, sep, local = text.partition(":")
    if sep and prefix in prefixes and local and not re.search(r'[\s"]', local):
        return prefixes[prefix] + local
    return None


def _statement_of(subject: str, predicate: str, obj: str) -> str:
    from painkg.curation.build import statement_iri

    return statement_iri(subject, predicate, obj)


@dataclass(frozen=True)
class Review:
    """One row of a review template, its target resolved."""

    target: str
    kind: str
    status: str
    reviewer: str
    orcid: str | None
    date: str
    note: str
    migrated_from: str | None
    line: int
    article: str = ""

    @property
    def iri(self) -> str:
        """Stable across edits of other rows: a hash of what the review says."""
        key = "\t".join([self.target, self.status, self.reviewer, self.orcid or "", self.date,
                         self.note, self.migrated_from or ""])
        return (f"{DATA_BASE}article/{self.article}/review/"
                f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}")

    @property
    def agent(self) -> str:
        """The reviewer as a PROV agent: the ORCID IRI, else a painkg reviewer IRI."""
        if self.orcid:
            return f"https://orcid.org/{self.orcid}"
        local = re.sub(r"[^a-z0-9]+", "-", fold(self.reviewer).casefold()).strip("-")
        return f"{DATA_BASE}reviewer/{local or 'anonymous'}"

    @property
    def needs_rereview(self) -> bool:
        """Carried over by ``curate migrate`` from a reworded claim: to be checked again."""
        return self.migrated_from is not None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"review": self.iri, "target": self.target, "kind": self.kind,
                "status": self.status, "reviewer": self.reviewer, "orcid": self.orcid,
                "date": self.date, "note": self.note, "migrated_from": self.migrated_from,
                "needs_rereview": self.needs_rereview}


def _check_row(row: Row, targets: ReviewTargets) -> Review:
    target = targets.resolve(row["target"])
    status = row["status"].text.strip()
    if status not in REVIEW_STATUSES:
        raise row["status"].error("bad-role", f"the status {status!r} is not one of "
                                  f"{', '.join(REVIEW_STATUSES)}.")
    reviewer = " ".join(row["reviewer"].text.split())
    if not reviewer:
        raise row["reviewer"].error("bad-cell", "the reviewer's name is empty.")
    orcid_text = row.get("orcid").text.strip()
    orcid = valid_orcid(orcid_text) if orcid_text else None
    if orcid_text and orcid is None:
        raise row["orcid"].error("bad-cell", f"{orcid_text!r} is not an ORCID iD (four "
                                 "groups of four digits, the last may be X, with a valid "
                                 "check digit).")
    date = row["date"].text.strip()
    if not _valid_date(date):
        raise row["date"].error("bad-cell", f"the date {date!r} is not a date YYYY-MM-DD.")
    migrated = row.get("migrated_from").text.strip() or None
    migrated_iri = _expand(migrated, article_prefixes(targets.slug)) if migrated else None
    if migrated and migrated_iri is None:
        raise row["migrated_from"].error("bad-claim", f"{migrated!r} is not a claim CURIE.")
    return Review(target, targets.kind(target) or "claim", status, reviewer, orcid, date,
                  " ".join(row.get("note").text.split()), migrated_iri, row.line,
                  targets.slug)


def _valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def read_reviews(root: Path, slug: str, targets: ReviewTargets | None = None) -> list[Review]:
    """Every review of an article's template, checked (a TemplateError names file:line:col)."""
    path = reviews_path(root, slug)
    if not path.is_file():
        return []
    targets = targets or ReviewTargets.load(root, slug)
    template = read_template(path, COLUMNS[:5], f"data/reviews/{slug}.tsv")
    reviews: list[Review] = []
    seen: dict[str, int] = {}
    for row in template:
        review = _check_row(row, targets)
        if review.iri in seen:
            raise row["target"].error("duplicate-row", f"this review repeats line "
                                      f"{seen[review.iri]}.")
        seen[review.iri] = row.line
        reviews.append(review)
    return reviews


def current_reviews(reviews: list[Review]) -> dict[str, list[Review]]:
    """Each target's reviews, oldest first: by date, then by row (later rows win ties)."""
    by_target: dict[str, list[Review]] = {}
    for review in sorted(reviews, key=lambda r: (r.date, r.line)):
        by_target.setdefault(review.target, []).append(review)
    return by_target


def review_triples(reviews: list[Review], targets: ReviewTargets) -> list[Triple]:
    """The review graph's triples: every review (history included) and each target's
    current status (``pk:reviewStatus`` and ``pk:currentReview`` on the target)."""
    out: list[Triple] = []
    for target, history in sorted(current_reviews(reviews).items()):
        for earlier, later in zip(history, history[1:], strict=False):
            out.append((earlier.iri, _DCT + "isReplacedBy", Iri(later.iri)))
            out.append((later.iri, _DCT + "replaces", Iri(earlier.iri)))
        for review in history:
            out.extend(_review_node(review, targets))
        latest = history[-1]
        out.append((target, _PK + "currentReview", Iri(latest.iri)))
        out.append((target, _PK + "reviewStatus", Iri(status_iri(latest.status))))
    return out


def _review_node(review: Review, targets: ReviewTargets) -> list[Triple]:
    node = review.iri
    triples: list[Triple] = [
        (node, _TYPE, Iri(_PK + "Review")),
        (node, _TYPE, Iri(_PROV + "Entity")),
        (node, _RDFS + "label", Lit(f"{review.status}: {targets.label(review.target)} "
                                     f"({review.reviewer}, {review.date})")),
        (node, _PK + "reviewTarget", Iri(review.target)),
        (node, _PK + "reviewStatus", Iri(status_iri(review.status))),
        (node, _PROV + "wasAttributedTo", Iri(review.agent)),
        (node, _PROV + "generatedAtTime", Lit(f"{review.date}T00:00:00Z", "dateTime")),
        (node, _DCT + "date", Lit(review.date, "date")),
        (review.agent, _TYPE, Iri(_PROV + "Agent")),
        (review.agent, _TYPE, Iri(_FOAF + "Person")),
        (review.agent, _FOAF + "name", Lit(review.reviewer)),
    ]
    if review.note:
        triples.append((node, _SKOS + "note", Lit(review.note)))
    if review.migrated_from:
        triples.append((node, _PK + "migratedFrom", Iri(review.migrated_from)))
        triples.append((node, _PK + "needsReReview", Lit("true", "boolean")))
    return triples


def reviews_trig(root: Path, slug: str, targets: ReviewTargets | None = None) -> str | None:
    """The TriG of an article's review graph, or None when it has no reviews."""
    targets = targets or ReviewTargets.load(root, slug)
    reviews = read_reviews(root, slug, targets)
    if not reviews:
        return None
    header = (f"Reviews of the article {slug!r}: GENERATED by `painkg review build` from\n"
              f"data/reviews/{slug}.tsv (the reviewers' template). Do not edit by hand.")
    return to_trig([(review_graph(slug), review_triples(reviews, targets))], header)


def build_reviews(root: Path, slugs: list[str] | None = None) -> list[Path]:
    """Compile every named article's reviews (all by default): all are checked before any
    file is written; an article without reviews has no review graph file."""
    from painkg.atomic import write_text_atomic

    names = review_slugs(root) if slugs is None else slugs
    texts = {slug: reviews_trig(root, slug) for slug in names}
    touched = []
    for slug, text in texts.items():
        path = review_layer_path(root, slug)
        if text is None:
            if path.exists():
                path.unlink()
                touched.append(path)
            continue
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_text_atomic(path, text)
        touched.append(path)
    return touched


def _article_of(root: Path, target: str) -> str:
    """The article whose review template a target belongs in."""
    from painkg.curation.build import curation_slugs

    slugs = curation_slugs(root)
    for slug in slugs:
        if f"/article/{slug}/" in target:
            return slug
    if len(slugs) == 1:
        return slugs[0]
    raise UsageError("give the article with --article SLUG (articles: "
                     f"{', '.join(slugs) or 'none'}).")


def _row_text(values: dict[str, str]) -> str:
    return "\t".join(values.get(c, "") for c in COLUMNS) + "\n"


def write_reviews(root: Path, slug: str, rows: list[dict[str, str]]) -> Path:
    """Write a review template (header and rows) atomically."""
    from painkg.atomic import write_text_atomic

    path = reviews_path(root, slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, "\t".join(COLUMNS) + "\n" + "".join(_row_text(r) for r in rows))
    return path


def _rows(root: Path, slug: str) -> list[dict[str, str]]:
    path = reviews_path(root, slug)
    if not path.is_file():
        return []
    template = read_template(path, COLUMNS[:5], f"data/reviews/{slug}.tsv")
    return [{c: row.get(c).text for c in COLUMNS} for row in template]


def _curie(iri: str, slug: str) -> str:
    prefixes = article_prefixes(slug)
    for prefix in ("pkc", "statement", "source"):
        if iri.startswith(prefixes[prefix]):
            return f"{prefix}:{iri[len(prefixes[prefix]):]}"
    return f"<{iri}>"


def add_review(root: Path, target: str, status: str, reviewer: str, *,
               orcid: str | None = None, note: str = "", date: str | None = None,
               article: str | None = None) -> Review:
    """Append a review to the article's template and recompile its review graph.

    Everything is checked first (target, status, ORCID, date); on a problem a UsageError
    (exit 2) is raised and nothing is written."""
    slug = article or _article_of(root, target)
    targets = ReviewTargets.load(root, slug)
    day = date if date is not None else _dt.date.today().isoformat()
    values = {"target": target, "status": status, "reviewer": reviewer, "orcid": orcid or "",
              "date": day, "note": note or ""}
    for name, value in values.items():
        if "\t" in value or "\n" in value:
            raise UsageError(f"the {name} must not contain a tab or a line break.")
    probe = Row("command line", 0, {c: Cell(values.get(c, ""), "command line", 0, i + 1, c)
                                    for i, c in enumerate(COLUMNS)})
    try:
        review = _check_row(probe, targets)
    except TemplateError as exc:
        raise UsageError(exc.message.split(": ", 1)[-1].split(" Nothing was written")[0]
                         + " Nothing was written.") from exc
    rows = _rows(root, slug)
    values["target"] = _curie(review.target, slug)
    rows.append(values)
    _write_and_build(root, slug, rows)
    return review


def remove_review(root: Path, target: str, *, reviewer: str | None = None,
                  date: str | None = None, status: str | None = None,
                  article: str | None = None) -> int:
    """Remove the latest review of ``target`` (narrowed by reviewer, date or status) from
    the template and recompile; returns the line removed. No match is a UsageError."""
    slug = article or _article_of(root, target)
    targets = ReviewTargets.load(root, slug)
    iri = targets.resolve(Cell(target, "command line", 0, 1, "target"))
    reviews = read_reviews(root, slug, targets)
    matching = [r for r in reviews if r.target == iri
                and (reviewer is None or r.reviewer == reviewer)
                and (date is None or r.date == date) and (status is None or r.status == status)]
    if not matching:
        raise UsageError(f"no review of {target} matches in data/reviews/{slug}.tsv; "
                         "nothing was removed.")
    latest = max(matching, key=lambda r: (r.date, r.line))
    kept = [row for row, review in zip(_rows(root, slug), reviews, strict=True)
            if review.line != latest.line]
    _write_and_build(root, slug, kept)
    return latest.line


def _write_and_build(root: Path, slug: str, rows: list[dict[str, str]]) -> None:
    """Write the template, then compile it; a compile error restores the previous file."""
    path = reviews_path(root, slug)
    before = path.read_bytes() if path.exists() else None
    write_reviews(root, slug, rows)
    try:
        build_reviews(root, [slug])
    except InputError:
        from painkg.atomic import write_bytes_atomic

        if before is None:
            path.unlink()
        else:
            write_bytes_atomic(path, before)
        raise
