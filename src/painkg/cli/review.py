"""``painkg review``: reviewers' verdicts on claims, relations and sources; what to review next."""

from __future__ import annotations

from pathlib import Path

import click

from painkg.cli.common import (
    AppState,
    emit,
    examples,
    format_option,
    output_option,
    pass_state,
    warn,
)

__all__ = ["COMMANDS", "review"]


def _project() -> Path:
    from painkg.errors import UsageError
    from painkg.resources import project_root

    root = project_root()
    if root is None:
        raise UsageError("painkg review works inside a painkg checkout (a folder with "
                         "pyproject.toml, ontology/, data/ and queries/): cd into one first.")
    return root


@click.group(
    help="Reviews: a reviewer marks a claim, a curated relation or a source verified, "
    "disputed, misattributed, retracted or needs-source. Reviews are rows of "
    "data/reviews/<slug>.tsv, compiled into the article's review graph "
    "(data/graph/<slug>.reviews.trig); a later review of the same target supersedes the "
    "earlier ones, which stay as history. Works inside a painkg checkout."
    + examples("painkg review add pkc:problems-for-work-a85c7856 --status verified "
               "--reviewer \"A. Reviewer\"", "painkg review queue --limit 10"),
)
def review() -> None:
    """The ``review`` command group."""


_TARGET_HELP = ("TARGET is a claim (pkc:… or a quoted fragment of one sentence), a relation "
                "(statement:…, its label \"Graded exposure targets kinesiophobia\" or three "
                "CURIEs \"pkr:graded-exposure pk:targets pkr:kinesiophobia\") or a source "
                "(source:… or its label).")


@review.command(
    "add",
    help="Append a review of TARGET to data/reviews/<slug>.tsv and recompile the review "
    "graph. " + _TARGET_HELP + " An unknown target or status, a malformed ORCID iD (its check "
    "digit is verified) or date is a usage error (exit 2) and nothing is written."
    + examples("painkg review add pkc:treatment-plan-suggestions-smart-objectives-0e376ab7 "
               "--status misattributed --reviewer \"A. Reviewer\" --date 2026-12-03",
               "painkg review add \"Graded exposure targets kinesiophobia\" --status verified "
               "--reviewer \"A. Reviewer\" --orcid 0000-0002-1825-0097"),
)
@click.argument("target")
@click.option("--status", required=True, metavar="STATUS",
              help="verified, disputed, misattributed, retracted or needs-source.")
@click.option("--reviewer", required=True, metavar="NAME", help="Who reviewed.")
@click.option("--orcid", default=None, metavar="ID", help="The reviewer's ORCID iD.")
@click.option("--note", default="", metavar="TEXT", help="Why (what the source says).")
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD",
              help="When (default: today).")
@click.option("--article", default=None, metavar="SLUG",
              help="The article, where the checkout has several.")
def add(target: str, status: str, reviewer: str, orcid: str | None, note: str,
        day: str | None, article: str | None) -> None:
    from painkg.curation.reviews import add_review

    made = add_review(_project(), target, status, reviewer, orcid=orcid, note=note, date=day,
                      article=article)
    warn(f"painkg: reviewed {made.target} as {made.status} ({made.reviewer}, {made.date})")


@review.command(
    "remove",
    help="Remove the latest review of TARGET (narrowed by --reviewer, --date, --status) from "
    "data/reviews/<slug>.tsv and recompile the review graph: `review add` then `review "
    "remove` restores every answer byte for byte. " + _TARGET_HELP
    + examples("painkg review remove pkc:treatment-plan-suggestions-smart-objectives-0e376ab7"),
)
@click.argument("target")
@click.option("--reviewer", default=None, metavar="NAME", help="Only this reviewer's reviews.")
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD", help="Only this date's.")
@click.option("--status", default=None, metavar="STATUS", help="Only reviews with this status.")
@click.option("--article", default=None, metavar="SLUG",
              help="The article, where the checkout has several.")
def remove(target: str, reviewer: str | None, day: str | None, status: str | None,
           article: str | None) -> None:
    from painkg.curation.reviews import remove_review

    line = remove_review(_project(), target, reviewer=reviewer, date=day, status=status,
                         article=article)
    warn(f"painkg: removed the review on line {line}")


@review.command(
    "build",
    help="Compile data/reviews/*.tsv into data/graph/<slug>.reviews.trig (also done by "
    "`painkg curate build`). A bad row names file:line:column and writes nothing (exit 3)."
    + examples("painkg review build"),
)
def build() -> None:
    from painkg.curation.reviews import build_reviews

    root = _project()
    for path in build_reviews(root):
        warn(f"painkg: wrote {path.relative_to(root)}")


@review.command(
    "queue",
    help="What to review next, most consequential first. First the unreviewed relations that "
    "are LLM only (no cited source states them) or implied only (no sentence states them), "
    "ordered by how many answers they enter (ask-interventions routes, evidenced paths "
    "through them, and rows of the views), then by tier; then the unreviewed cited claims "
    "behind T1 answers, ordered the same way by the answers their relations enter. See "
    "docs/evidence.md for the rule."
    + examples("painkg review queue --limit 10", "painkg review queue -f json"),
)
@format_option(["text", "json", "tsv"])
@output_option()
@click.option("--limit", default=0, type=click.IntRange(min=0),
              help="At most this many items (0: all).")
@pass_state
def queue(state: AppState, fmt: str, output: Path | None, limit: int) -> None:
    from painkg.reports.review_queue import format_queue, review_queue

    items = review_queue(state.store())
    emit(format_queue(items[:limit] if limit else items, fmt), output)


COMMANDS = [review]
