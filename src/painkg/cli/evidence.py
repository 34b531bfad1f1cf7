"""``painkg ingest``, ``painkg evidence`` and ``painkg audit``: the evidence trail."""

from __future__ import annotations

from pathlib import Path

import click

from .common import AppState, emit, examples, format_option, output_option, pass_state, warn

__all__ = ["COMMANDS", "ingest", "evidence", "audit"]


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


@click.command(
    help="The publisher's evidence audit: claims by marker and by section, citations per "
    "source, relations resting only on LLM-tagged claims, sources never cited in the text, "
    "sentences without a marker, and mismatches between an article's metadata and its content. "
    "Exits 0 unless --fail-on names a kind of finding that is present (then 1)."
    + examples(
        "painkg audit",
        "painkg audit -f markdown -o audit.md",
        "painkg audit --fail-on uncited --fail-on inconsistent",
    ),
)
@format_option(["text", "json", "markdown"])
@click.option("--fail-on", "fail_on", multiple=True,
              type=click.Choice(["any", "llm-only", "uncited", "unmarked", "inconsistent"]),
              help="Exit 1 if findings of this kind exist (repeatable; 'any' for all).")
@output_option()
@pass_state
def audit(state: AppState, fmt: str, fail_on: tuple[str, ...], output: Path | None) -> None:
    from ..audit import FINDINGS, findings, format_audit, run_audit
    from ..errors import EXIT_FINDINGS

    report = run_audit(state.store())
    emit(format_audit(report, fmt), output)
    kinds = FINDINGS if "any" in fail_on else fail_on
    found = {k: n for k, n in findings(report).items() if k in kinds and n}
    if found:
        warn("painkg: audit findings: " + ", ".join(f"{k} {n}" for k, n in sorted(found.items())))
        click.get_current_context().exit(EXIT_FINDINGS)


COMMANDS = [ingest, evidence, audit]
