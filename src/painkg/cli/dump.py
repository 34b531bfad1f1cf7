"""``painkg dump`` (the file other sites import) and ``painkg mappings`` (SSSOM / SKOS links).

``mappings_command`` is also meant to be added by the export family as the ``mappings`` view
of ``painkg export``; it is registered at top level here until then.
"""

from __future__ import annotations

from pathlib import Path

import click

from painkg.cli.common import AppState, examples, output_options, pass_state, warn

__all__ = ["COMMANDS", "dump_command", "mappings_command"]

_DUMP_FORMATS = ("turtle", "ntriples", "jsonld", "trig")


@click.command(
    "dump",
    help="Write the whole graph (ontology + data, optionally the SHACL shapes) with its "
    "dataset description (VoID/DCAT, HCLS profile). The output is byte-identical across runs. "
    "Each distribution's dcat:byteSize N and SHA-256 cover the first N bytes of its file "
    "(everything before the integrity block written last): head -c N FILE | sha256sum. The "
    "description states the size and checksum of the distribution written (-f) only. Blank "
    "nodes carry their W3C RDFC-1.0 canonical labels (_:c14n0, ...)."
    + examples(
        "painkg dump -o painkg.ttl",
        "painkg dump -f trig --with-shapes -o painkg.trig",
        "painkg dump -f jsonld --sparql-endpoint http://127.0.0.1:7878/query",
    ),
)
@output_options(_DUMP_FORMATS)
@click.option("--with-shapes", is_flag=True,
              help="Include the SHACL shapes (graph pkr:graph/shapes).")
@click.option("--sparql-endpoint", metavar="URL", default=None,
              help="The SPARQL endpoint serving this data, stated in the description.")
@click.option("--base-url", metavar="URL", default=None,
              help="Where the dump files are published (adds dcat:downloadURL, void:dataDump).")
@click.option("--issued", metavar="YYYY-MM-DD", default=None,
              help="Issue date of the dataset [default: $SOURCE_DATE_EPOCH, else the newest "
              "article generation date].")
# 60.0 is painkg.publish.canonical.DEFAULT_TIMEOUT, written out so --help imports no library
@click.option("--timeout", metavar="SECONDS", type=float, default=60.0, show_default=True,
              help="Stop (exit 3) if labelling the blank nodes (W3C RDFC-1.0, exponential on "
              "highly symmetric blank-node structures) takes longer.")
@pass_state
def dump_command(
    state: AppState, fmt: str, output: Path | None, with_shapes: bool,
    sparql_endpoint: str | None, base_url: str | None, issued: str | None, timeout: float,
) -> None:
    from painkg.cli.common import emit
    from painkg.publish.dump import build_dump

    result = build_dump(state.store(), with_shapes=with_shapes, sparql_endpoint=sparql_endpoint,
                        base_url=base_url, issued=issued, formats=(fmt.lower(),),
                        timeout=timeout)
    emit(result.files[fmt.lower()], output)
    if output is not None:
        from painkg.atomic import output_target

        where = "standard output" if output_target(output).kind == "stdout" else output
        warn(f"painkg: wrote {where} ({len(result.files[fmt.lower()])} bytes, "
             f"{result.data_triples} data triples)")


@click.command(
    "mappings",
    help="Links from painkg nodes to standard identifiers (MeSH, MONDO, HPO, SNOMED CT, NCIT, "
    "ICD-11, Wikidata, UMLS; DOI, PMID, PMCID), from data/crosswalk.tsv only: as SSSOM TSV, "
    "as the SKOS/FOAF Turtle of data/graph/crosswalk.mappings.ttl, or the entities left "
    "unmapped and why."
    + examples(
        "painkg mappings -o painkg.sssom.tsv",
        "painkg mappings -f turtle -o data/graph/crosswalk.mappings.ttl",
        "painkg mappings -f unmapped",
    ),
)
@output_options(("sssom", "turtle", "unmapped"))
@pass_state
def mappings_command(state: AppState, fmt: str, output: Path | None) -> None:
    from painkg.cli.common import emit
    from painkg.publish import mappings

    fmt = fmt.lower()
    if fmt == "sssom":
        emit(mappings.sssom_tsv(store=state.store()), output)
    elif fmt == "turtle":
        emit(mappings.mappings_turtle(), output)
    else:
        lines = ["entity\treason"] + [f"{u.entity}\t{u.reason}"
                                      for u in mappings.unmapped_entities()]
        emit("\n".join(lines) + "\n", output)


COMMANDS = [dump_command, mappings_command]
