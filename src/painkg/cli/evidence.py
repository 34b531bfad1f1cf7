"""``painkg ingest``, ``painkg evidence`` and ``painkg audit``: the evidence trail."""

from __future__ import annotations

from pathlib import Path

import click

from .common import emit, examples, output_option, warn

__all__ = ["COMMANDS", "ingest"]


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


COMMANDS = [ingest]
