"""``painkg ingest``, ``painkg evidence`` and ``painkg audit``: the evidence trail."""

from __future__ import annotations

from pathlib import Path

import click

from painkg.cli.common import (
    AppState,
    emit,
    examples,
    output_option,
    output_options,
    pass_state,
    warn,
)
from painkg.plural import counted

__all__ = ["COMMANDS", "ingest", "evidence", "audit"]


@click.command(
    help="Read wiki article exports and write their document layer (deterministic: the same "
    "articles give the same bytes).\n\n"
    "ARTICLES are article files or folders of them (*.txt, searched recursively); all of them "
    "are read together as one wiki, so a work cited by several articles becomes one "
    "pk:Source node (matched by a printed DOI/PMID/ISBN, else by the citation with case, "
    "punctuation and dashes folded). Each article's TriG holds its own graph "
    "pkr:graph/<slug> and its cited works in the shared graph pkr:graph/sources. One article "
    "goes to stdout or to -o FILE; several (or a folder) go to -o DIR as one "
    "<slug>.document.trig per article, and only files whose bytes change are rewritten. "
    "Every article is read before anything is written: a malformed one stops the run (exit 3) "
    "naming its file and line, and earlier outputs stay as they were. Sentences without a "
    "source or LLM marker are listed on stderr as warnings and recorded as "
    "pk:UnmarkedSentence. A progress bar is shown on a terminal only.\n\n"
    "IRIs never change once minted: a folder output keeps an ID register, DIR/ids.tsv, "
    "that every later ingest into DIR reads and appends to (never rewrites), so a work, "
    "question or example keeps its IRI when later articles share its author-year key or "
    "renumber their lists."
    + examples(
        "painkg ingest data/articles/central-sensitization.txt",
        "painkg ingest data/articles/ -o data/graph/",
        "painkg ingest wiki/exports/ -o build/graph/",
        "painkg ingest my-article.txt -f turtle -o my-article.ttl",
    ),
)
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(["trig", "turtle"], case_sensitive=False),
              default=None, help="Output format [default: named by -o's extension (.trig, "
              ".ttl), else trig].")
@output_option("One article: write to FILE instead of stdout ('-' is stdout; a file is "
               "replaced atomically, its folder must exist). Several articles or a folder: the "
               "folder DIR to write <slug>.document.trig files into (created if missing).")
def ingest(articles: tuple[Path, ...], fmt: str | None, output: Path | None) -> None:
    from painkg.cli._progress import progress_bar
    from painkg.ingest.wiki import find_articles, plan_output, read_register, read_wiki, write_wiki

    files = find_articles(articles)
    plan = plan_output(files, articles, output, fmt)
    as_folder = plan.folder
    with progress_bar(len(files), "Reading articles") as progress:
        wiki = read_wiki(files, plan.fmt, progress,
                         read_register(output) if as_folder and output is not None else None)
    for item in wiki.articles:
        for sentence in item.article.unmarked:
            warn(f"painkg: warning: {item.path}, line {sentence.line}: sentence without a "
                 f"source or LLM marker ({sentence.section}): {sentence.text!r}")
    for message in wiki.warnings:
        warn(f"painkg: warning: {message}")
    if not as_folder:
        emit(wiki.articles[0].text, output)
        return
    assert output is not None
    report = write_wiki(wiki, output)
    warn(f"painkg: {counted(len(wiki.articles), 'article')} into {output}: {len(report.written)} "
         f"written, {len(report.unchanged)} unchanged.")


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
@output_options(["text", "json"])
@pass_state
def evidence(state: AppState, name: str, fmt: str, output: Path | None) -> None:
    from painkg.reports.evidence_card import evidence_card, format_card_json, format_card_text

    card = evidence_card(state.store(), name)
    emit(format_card_json(card) if fmt == "json" else format_card_text(card), output)


@click.command(
    help="The publisher's evidence audit: claims by marker and by section, citations per "
    "source (with its document kind), relations resting only on LLM-tagged claims (with their "
    "stated and implied tiers), relations no sentence states (implied only), sources never "
    "cited in the text, "
    "sentences without a marker, and mismatches between an article's metadata and its content. "
    "Exits 0 unless --fail-on names a kind of finding that is present (then 1)."
    + examples(
        "painkg audit",
        "painkg audit -f markdown -o audit.md",
        "painkg audit --fail-on uncited --fail-on inconsistent",
    ),
)
@output_options(["text", "json", "markdown"])
@click.option("--fail-on", "fail_on", multiple=True,
              type=click.Choice(["any", "llm-only", "implied-only", "uncited", "unmarked",
                                 "inconsistent"]),
              help="Exit 1 if findings of this kind exist (repeatable; 'any' for all).")
@pass_state
def audit(state: AppState, fmt: str, fail_on: tuple[str, ...], output: Path | None) -> None:
    from painkg.errors import EXIT_FINDINGS
    from painkg.reports.audit import FINDINGS, findings, format_audit, run_audit

    report = run_audit(state.store())
    emit(format_audit(report, fmt), output)
    kinds = FINDINGS if "any" in fail_on else fail_on
    found = {k: n for k, n in findings(report).items() if k in kinds and n}
    if found:
        warn("painkg: audit findings: " + ", ".join(f"{k} {n}" for k, n in sorted(found.items())))
        click.get_current_context().exit(EXIT_FINDINGS)


COMMANDS = [ingest, evidence, audit]
