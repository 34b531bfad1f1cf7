"""``painkg ingest``, ``painkg evidence`` and ``painkg audit``: the evidence trail."""

from __future__ import annotations

from pathlib import Path

import click

from .common import AppState, emit, examples, format_option, output_option, pass_state, warn

__all__ = ["COMMANDS", "ingest", "evidence"]


@click.command(
    help="Read a wiki article's plain-text export and write its document layer as Turtle "
    "(deterministic: the same article gives the same bytes). Sentences without a source or LLM "
    "marker are listed on stderr as warnings and recorded as pk:UnmarkedSentence."
    + examples(
        "painkg ingest data/articles/central-sensitization.txt",
        "painkg ingest data/articles/central-sensitization.txt "
        "-o data/graph/central-sensitization.document.ttl",
    ),
)
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@output_option()
def ingest(article: Path, output: Path | None) -> None:
    from ..ingest import ingest_file

    parsed, turtle = ingest_file(article)
    for sentence in parsed.unmarked:
        warn(f"painkg: warning: {article}, line {sentence.line}: sentence without a source or "
             f"LLM marker ({sentence.section}): {sentence.text!r}")
    emit(turtle, output)


@click.command(
    help="Show the evidence card of an entity: every curated relation it takes part in, the "
    "claims (sentences, table rows) that state each relation with their section and line, the "
    "source each claim cites with its tier (T1 peer-reviewed, T2 professional body, T3 "
    "tertiary) or 'LLM only', and the best tier behind each relation. NAME is a label, synonym, "
    "IRI or CURIE (case-insensitive)."
    + examples(
        'painkg evidence "graded exposure"',
        'painkg evidence "fear of movement" -f json',
        "painkg evidence pkr:central-sensitization",
    ),
)
@click.argument("name")
@format_option(["text", "json"])
@output_option()
@pass_state
def evidence(state: AppState, name: str, fmt: str, output: Path | None) -> None:
    from ..evidence import evidence_card, format_card_json, format_card_text

    card = evidence_card(state.store(), name)
    emit(format_card_json(card) if fmt == "json" else format_card_text(card), output)


COMMANDS = [ingest, evidence]
