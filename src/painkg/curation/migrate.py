"""Carrying curation and reviews across a revision of an article: ``painkg curate migrate``.

Given the article's slug and its new text export, every claim reference of the curation
templates and of the review template is resolved against the current (old) article and the
new one (:func:`painkg.curation.consequences.references`). A reference to a sentence that
the new revision rewords is rewritten to the matched new claim (``pkc:<new>``, keeping a
quoted fragment when it still occurs in the new sentence), but only when the match is
unambiguous (:mod:`painkg.curation.revisions`). Each rewording is recorded in
``revisions.tsv`` (compiled to ``<new claim> prov:wasRevisionOf <old claim>``), and each
review carried over gets ``migrated_from`` = the old claim, so it shows as needing re-review.

Then the new text replaces ``data/articles/<slug>.txt``, its document layer is regenerated and
``painkg curate build`` runs. Nothing is written when a reference would be left broken (a
removed sentence, a fragment the new wording dropped) or when a match is ambiguous, unless
``partial`` is set, and then only for ambiguous references that still resolve as they are. A
build error after writing restores every file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from painkg.curation.consequences import Reference, references
from painkg.curation.revisions import RevisionDiff, diff_revisions, read_revision
from painkg.curation.templates import fold, parse_reference, read_template
from painkg.errors import InputError, PainKGError, UsageError

__all__ = ["Migration", "MigrationRefused", "plan_migration", "migrate", "REVISIONS_FILE"]

#: The template recording which new claim is a revision of which old one.
REVISIONS_FILE = "revisions.tsv"
_REVISION_COLUMNS = ("claim", "revision_of", "similarity")


class MigrationRefused(PainKGError):
    """A migration that would leave a broken or ambiguous reference: nothing was written."""

    exit_code = 1


@dataclass
class Migration:
    """What a migration rewrites, records and leaves for the curator."""

    slug: str
    #: (file, line, column name) -> new cell text
    edits: dict[tuple[str, int, str], str] = field(default_factory=dict)
    #: (new claim CURIE, old claim CURIE, similarity) rows for revisions.tsv
    revisions: list[tuple[str, str, str]] = field(default_factory=list)
    #: references left for the curator: "file:line:col: why"
    ambiguous: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    migrated_reviews: int = 0

    def summary(self) -> str:
        """One line per rewrite and per reference left over, for stderr."""
        lines = [f"rewrote {f}:{line} {col} -> {text}"
                 for (f, line, col), text in sorted(self.edits.items())]
        lines += [f"ambiguous: {a}" for a in self.ambiguous]
        lines += [f"broken: {b}" for b in self.broken]
        return "\n".join(lines)


def _curie(iri: str) -> str:
    return "pkc:" + iri.rsplit("/", 1)[-1]


def _rewritten(ref: Reference, new_iri: str, new_text: str) -> str | None:
    """The cell text that names ``new_iri``; None when a quoted fragment is not in it."""
    parsed = parse_reference(ref.cell)
    if parsed.quote is None:
        return _curie(new_iri)
    if fold(parsed.quote) not in fold(new_text):
        return None
    return f'{_curie(new_iri)} "{parsed.quote}"'


def _ratio(diff: RevisionDiff, old: str) -> str:
    for change in diff.changes:
        if change.kind == "claim-reworded" and change.old == old:
            return change.detail.rsplit(" ", 1)[-1]
    return ""


def plan_migration(root: Path, slug: str, new_path: Path, partial: bool = False) -> Migration:
    """Work out every rewrite without writing anything (MigrationRefused / InputError)."""
    old_path = root / "data" / "articles" / f"{slug}.txt"
    if not old_path.is_file():
        raise UsageError(f"no article {slug!r}: {old_path} does not exist.")
    old, new = read_revision(old_path), read_revision(new_path)
    if new.article is None:
        raise UsageError("curate migrate takes the new revision as a text export (.txt).")
    if new.slug != slug:
        raise UsageError(f"{new_path} is the article {new.slug!r}, not {slug!r}.")
    diff = diff_revisions(old, new)
    ambiguous_old = {c.old for c in diff.changes if c.kind == "claim-reworded" and c.ambiguous}
    plan = Migration(slug)
    recorded: set[str] = set()
    for ref in references(root, old, new):
        target = diff.reworded.get(ref.old or "")
        if ref.review and target:
            plan.edits[(ref.file, ref.cell.line, "target")] = _curie(target)
            plan.edits[(ref.file, ref.cell.line, "migrated_from")] = _curie(ref.old or "")
            plan.migrated_reviews += 1
        elif ref.new is None and target:
            text = _rewritten(ref, target, new.claims[target].text)
            if text is None:
                plan.broken.append(f"{ref.where}: the quoted fragment is not in the reworded "
                                   f"sentence {_curie(target)}; quote the new wording.")
                continue
            plan.edits[(ref.file, ref.cell.line, ref.cell.name)] = text
        elif ref.old in ambiguous_old:
            note = f"{ref.where}: {_curie(ref.old or '')} has several close matches"
            if not partial:
                plan.ambiguous.append(note)
            elif ref.new is None:  # left as it is, it would no longer resolve
                plan.broken.append(note)
            continue
        elif ref.new is None:
            plan.broken.append(f"{ref.where}: {ref.cell.text.strip()[:60]} names a sentence "
                               "the new revision removed; curate it again by hand.")
            continue
        if target and target not in recorded:
            recorded.add(target)
            plan.revisions.append((_curie(target), _curie(ref.old or ""), _ratio(diff,
                                                                                 ref.old or "")))
    return plan


def _apply_edits(root: Path, edits: dict[tuple[str, int, str], str]) -> dict[Path, str]:
    """The new text of every template an edit touches (nothing written yet)."""
    by_file: dict[str, dict[tuple[int, str], str]] = {}
    for (file, line, column), text in edits.items():
        by_file.setdefault(file, {})[(line, column)] = text
    out = {}
    for file, cells in by_file.items():
        path = root / file
        columns = read_template(path).columns
        raw = path.read_text(encoding="utf-8")
        ending = "\r\n" if "\r\n" in raw else "\n"
        lines = raw.splitlines()
        for (line, column), text in cells.items():
            fields = lines[line - 1].split("\t")
            index = columns.index(column)
            fields += [""] * (index + 1 - len(fields))
            fields[index] = text
            lines[line - 1] = "\t".join(fields)
        out[path] = ending.join(lines) + ending
    return out


def _revisions_text(root: Path, slug: str, rows: list[tuple[str, str, str]]) -> str:
    path = root / "data" / "curation" / slug / REVISIONS_FILE
    old = path.read_text(encoding="utf-8") if path.is_file() else \
        "\t".join(_REVISION_COLUMNS) + "\n"
    if not old.endswith("\n"):
        old += "\n"
    return old + "".join("\t".join(r) + "\n" for r in rows)


def migrate(root: Path, slug: str, new_path: Path, partial: bool = False) -> Migration:
    """Migrate the article's templates and reviews to ``new_path``, install it, rebuild."""
    from painkg.atomic import write_text_atomic
    from painkg.curation.build import build
    from painkg.curation.reviews import build_reviews, review_slugs
    from painkg.ingest.article import read_article
    from painkg.ingest.document import ingest_text

    plan = plan_migration(root, slug, new_path, partial)
    if plan.broken or plan.ambiguous:
        raise MigrationRefused(
            "nothing was migrated: " + "; ".join(plan.broken + plan.ambiguous)
            + ("" if partial or not plan.ambiguous else
               " (give --partial to migrate the unambiguous references and leave these as "
               "they are, where they still resolve)."))
    texts = _apply_edits(root, plan.edits)
    if plan.revisions:
        texts[root / "data" / "curation" / slug / REVISIONS_FILE] = _revisions_text(
            root, slug, plan.revisions)
    article = root / "data" / "articles" / f"{slug}.txt"
    texts[article] = new_path.read_text(encoding="utf-8")
    texts[root / "data" / "graph" / f"{slug}.document.trig"] = ingest_text(
        read_article(new_path))
    from painkg.curation.build import curated_path
    from painkg.curation.reviews import review_layer_path

    touched = [*texts, curated_path(root, slug), review_layer_path(root, slug)]
    backups = {p: (p.read_bytes() if p.exists() else None) for p in touched}
    try:
        for path, text in texts.items():
            write_text_atomic(path, text)
        build(root, [slug])
        if slug in review_slugs(root):
            build_reviews(root, [slug])
    except (InputError, PainKGError):
        _restore(backups)
        raise
    return plan


def _restore(backups: dict[Path, bytes | None]) -> None:
    from painkg.atomic import write_bytes_atomic

    for path, data in backups.items():
        if data is None:
            path.unlink(missing_ok=True)
        else:
            write_bytes_atomic(path, data)
