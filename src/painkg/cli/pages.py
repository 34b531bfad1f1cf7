"""``painkg card``, ``painkg why`` and ``painkg site``: pages people read."""

from __future__ import annotations

from pathlib import Path

import click

from painkg.cli.common import AppState, emit, examples, output_options, pass_state, warn

__all__ = ["COMMANDS", "card", "why", "site"]

_CARD_EXTENSIONS = {".md": ("md",), ".html": ("html",), ".htm": ("html",), ".json": ("json",)}


@click.command(
    help="The card of one entity, for readers who do not know RDF: its class, label, synonyms "
    "and definition (with the sentence it comes from and that sentence's source or LLM tag), "
    "its standard identifiers (MeSH, HPO, ...) as links, its relations grouped by kind "
    "(targets, targeted by, implicated in, nested in, ...) with badges for the stated tier, "
    "the implied tier, 'LLM only' and the evidence kind, every sentence behind each relation "
    "(section, line, source citation with DOI or URL), the cautions that apply and the SMART "
    "objectives that use it. Markdown renders on any Git host; HTML is one offline page with "
    "each relation's sentences behind a <details>; JSON has snake_case keys. "
    "The layout is the Jinja2 templates in painkg/templates/ (card.md.j2, card.html.j2). NAME "
    "is a label, synonym, IRI or CURIE (case-insensitive)."
    + examples('painkg card "graded exposure" -f md',
               'painkg card kinesiophobia -o kinesiophobia.html',
               "painkg card pkr:central-sensitization -f json"),
)
@click.argument("name")
@output_options(["md", "html", "json"], extensions=_CARD_EXTENSIONS)
@pass_state
def card(state: AppState, name: str, fmt: str, output: Path | None) -> None:
    from painkg.reports.card import entity_card, format_entity_card

    emit(format_entity_card(entity_card(state.store(), name), fmt), output)


@click.command(
    help="Why a relation holds: its stating and implying sentences with section and line, "
    "each sentence's marker, source, tier and evidence kind, how the stated and implied tiers "
    "were chosen, and the SPARQL query (queries/research/why-relation.rq with the IRIs filled "
    "in) that reproduces it on any copy of the graph. SUBJECT and OBJECT are names, synonyms, "
    "IRIs or CURIEs; PREDICATE is a CURIE (pk:targets), an IRI or the relation's name "
    "('targets', 'nested in'). A relation the graph does not hold is exit 2. --why on "
    "'ask interventions' and 'path' gives the same for every relation of their answers."
    + examples('painkg why "graded exposure" targets kinesiophobia',
               'painkg why "central sensitization psychoeducation" "nested in" '
               '"pain neuroscience education"',
               "painkg why pkr:graded-exposure pk:targets pkr:kinesiophobia -f json"),
)
@click.argument("subject")
@click.argument("predicate")
@click.argument("obj", metavar="OBJECT")
@output_options(["text", "json"])
@pass_state
def why(state: AppState, subject: str, predicate: str, obj: str, fmt: str,
        output: Path | None) -> None:
    from painkg.reports.why import format_why_json, format_why_text
    from painkg.reports.why import why as explain

    answers = explain(state.store(), subject, predicate, obj)
    emit(format_why_json(answers) if fmt == "json" else format_why_text(answers), output)


@click.command(
    help="Write the static linked-data site of the graph into DIR: an index by class with "
    "search, one page per entity (its card), per source, per article (its sections, each "
    "sentence coloured by its marker: a cited source or the LLM tag), per view (the "
    "interactive graph) and per every other minted IRI (claims, statements, sections ...), "
    "each beside the same resource as Turtle (<page>.ttl) and JSON-LD (<page>.jsonld), and "
    "an .htaccess for w3id.org/painkg with content negotiation (HTML for browsers, Turtle "
    "for Accept: text/turtle, JSON-LD for application/ld+json). Deterministic; no request "
    "to any other host; works from file:// and any static host. DIR is created if missing; "
    "files painkg did not write are left alone."
    + examples("painkg site -o /tmp/site", "painkg site -o public/"),
)
@click.option("-o", "--output", "output", required=True,
              type=click.Path(file_okay=False, path_type=Path), help="The folder to write.")
@pass_state
def site(state: AppState, output: Path) -> None:
    from painkg.site.build import write_site

    report = write_site(state.store(), output)
    warn(f"painkg: site in {output}: {report.pages} pages ({report.entities} entities, "
         f"{report.sources} sources, {report.articles} articles, {report.views} views), "
         f"{report.iris} IRIs resolved.")


COMMANDS = [card, why, site]
