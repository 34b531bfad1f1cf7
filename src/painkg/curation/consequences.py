"""What a new revision of an article breaks in its curation templates and reviews.

Every claim reference of the templates (``data/curation/<slug>/*.tsv``, the columns listed in
:data:`REFERENCE_COLUMNS`) and every claim a review targets (``data/reviews/<slug>.tsv``) is
resolved against the old revision and the new one. :func:`references` lists them all with
both resolutions; :func:`consequences` turns them into the ``relation-lost-claim``,
``broken-reference`` and ``stale-review`` changes of ``painkg diff``, and
:mod:`painkg.curation.migrate` rewrites them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from painkg.curation.revisions import (
    Change,
    Revision,
    RevisionDiff,
    closest,
    diff_revisions,
    read_revision,
)
from painkg.curation.templates import (
    ArticleText,
    Cell,
    TemplateError,
    article_prefixes,
    parse_reference,
    read_template,
)

__all__ = ["REFERENCE_COLUMNS", "Reference", "article_text", "references", "consequences",
           "diff_checkout"]

#: The template columns that hold a claim (or text) reference.
REFERENCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "relations.tsv": ("claim",), "objectives.tsv": ("claim",),
    "record-supports.tsv": ("claim",), "entities.tsv": ("definition",),
    "cautions.tsv": ("caution_text",), "misconceptions.tsv": ("misconception_text", "correction"),
    "source-descriptions.tsv": ("text",), "considered.tsv": ("claim",),
}
_REVIEW_COLUMN = "target"


@dataclass(frozen=True)
class Reference:
    """One reference cell, and the claim it names in the old and the new revision."""

    file: str  # path relative to the checkout
    cell: Cell
    old: str | None  # claim IRI in the old revision (None: unresolved or not a claim)
    new: str | None  # claim IRI in the new revision (None: it no longer resolves)
    review: bool = False  # a review's target
    role: str = ""  # relations.tsv: states | implies
    relation: str = ""  # relations.tsv: "subject predicate object"

    @property
    def where(self) -> str:
        """``file:line:column``."""
        return f"{self.file}:{self.cell.line}:{self.cell.column}"


def article_text(revision: Revision) -> ArticleText:
    """The revision as templates resolve against it (claims, and lines and sources of an
    article export; a graph revision has claims only)."""
    if revision.article is not None:
        return ArticleText.read(revision.article)
    return ArticleText(revision.slug, {i: c.text for i, c in revision.claims.items()}, {}, {})


def _resolve(text: ArticleText, cell: Cell, prefixes: dict[str, str]) -> str | None | bool:
    """The claim IRI a cell names in ``text``; None when it names text that is not a claim
    (``ref:``/``line:``); False when it does not resolve."""
    try:
        ref = parse_reference(cell)
        ident = ref.ident or ""
        if ident.startswith(("ref:", "line:")):
            if not text.lines and not text.sources:
                return None  # a graph revision has no lines or sources list to check against
            text.quoted_text(ref, prefixes)
            return None
        return text.claim(ref, prefixes)
    except TemplateError:
        return False


def _claim_cells(root: Path, slug: str) -> list[tuple[str, Cell, str, str, bool]]:
    """(file, cell, role, relation, is_review) of every reference cell of the article."""
    out = []
    folder = root / "data" / "curation" / slug
    for name, columns in sorted(REFERENCE_COLUMNS.items()):
        path = folder / name
        if not path.is_file():
            continue
        rel = f"data/curation/{slug}/{name}"
        for row in read_template(path, (), rel):
            relation = " ".join(row.key("subject", "predicate", "object")).strip()
            for column in columns:
                if row.get(column):
                    out.append((rel, row[column], row.get("role").text.strip(), relation,
                                False))
    reviews = root / "data" / "reviews" / f"{slug}.tsv"
    if reviews.is_file():
        rel = f"data/reviews/{slug}.tsv"
        for row in read_template(reviews, (), rel):
            target = row.get(_REVIEW_COLUMN)
            if target.text.strip().startswith(("pkc:", '"')):
                out.append((rel, target, "", "", True))
    return out


def references(root: Path, old: Revision, new: Revision) -> list[Reference]:
    """Every claim reference of the article's templates and reviews, resolved both ways."""
    before, after = article_text(old), article_text(new)
    prefixes = article_prefixes(old.slug)
    out = []
    for file, cell, role, relation, review in _claim_cells(root, old.slug):
        was = _resolve(before, cell, prefixes)
        now = _resolve(after, cell, prefixes)
        if was is None and now is None:
            continue  # a ref:/line: text reference that still resolves
        out.append(Reference(file, cell, was if isinstance(was, str) else None,
                             now if isinstance(now, str) else None, review, role, relation))
    return out


def consequences(root: Path, old: Revision, new: Revision, diff: RevisionDiff) -> list[Change]:
    """The relation-lost-claim, broken-reference and stale-review changes of a diff."""
    if not (root / "data" / "curation" / old.slug).is_dir():
        return []
    changed = {c.old for c in diff.changes if c.old and c.kind in (
        "claim-removed", "claim-reworded", "newly-sourced", "source-dropped", "renumbered")}
    out: list[Change] = []
    for ref in references(root, old, new):
        if ref.review:
            if ref.old in changed:
                out.append(Change("stale-review", ref.old, diff.reworded.get(ref.old, ""),
                                  old.claims[ref.old].text, "", f"{ref.where} review of a "
                                  "changed claim: review it again"))
            continue
        if ref.role == "states" and ref.old and ref.old not in new.claims:
            out.append(Change("relation-lost-claim", ref.old, diff.reworded.get(ref.old, ""),
                              old.claims[ref.old].text, "", f"{ref.relation} ({ref.where})"))
        if ref.new is None:
            out.append(_broken(ref, old, new, diff))
    return out


def _broken(ref: Reference, old: Revision, new: Revision, diff: RevisionDiff) -> Change:
    """A reference that no longer resolves, with the closest sentence of the new revision."""
    source = old.claims[ref.old].text if ref.old in old.claims else ref.cell.text
    near = closest(source, new.claims)
    suggestion = diff.reworded.get(ref.old or "") or (near[0] if near else "")
    ratio = f", similarity {near[1]:.2f}" if near and not diff.reworded.get(ref.old or "") else ""
    return Change("broken-reference", ref.old or "", suggestion, source,
                  new.claims[suggestion].text if suggestion in new.claims else "",
                  f"{ref.where} {ref.cell.text.strip()[:60]} (closest new sentence{ratio})")


def diff_checkout(old: Path, new: Path, root: Path | None) -> RevisionDiff:
    """``painkg diff``: the changes between two files and, with ``root`` (a checkout holding
    the article's templates and reviews), what they break there, sorted."""
    before, after = read_revision(old), read_revision(new)
    diff = diff_revisions(before, after)
    if root is not None and diff.changes:
        diff.changes += consequences(root, before, after, diff)
        diff.changes.sort(key=Change.sort_key)
    return diff
