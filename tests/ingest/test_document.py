"""`painkg ingest`: the committed document layer is exactly what ingest writes, the TriG and
Turtle are valid for two independent parsers, and bad input fails cleanly without touching
output."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from rdflib import Graph

from painkg.errors import EXIT_INPUT
from painkg.ingest.article import parse_article
from painkg.ingest.document import document_triples, ingest_file, ingest_text
from painkg.namespaces import PK, PKR
from support import CASES as ALL_CASES
from support.articles import HAND_COUNT, HAND_UNMARKED_LINES, generated_articles

ARTICLE = Path("data/articles/central-sensitization.txt")
COMMITTED = Path("data/graph/central-sensitization.document.trig")

# The hand count of the real article's claims: see support.articles.HAND_COUNT.


def test_committed_document_layer_is_what_ingest_writes(repo: Path) -> None:
    _, trig = ingest_file(repo / ARTICLE)
    assert trig.encode("utf-8") == (repo / COMMITTED).read_bytes(), (
        "data/graph/central-sensitization.document.trig is stale: run `painkg ingest "
        "data/articles/ -o data/graph/`"
    )


def test_cli_reproduces_committed_file_byte_for_byte(
    repo: Path, invoke: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "doc.trig"
    result = invoke("ingest", str(repo / ARTICLE), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (repo / COMMITTED).read_bytes()
    stdout = invoke("ingest", str(repo / ARTICLE))
    assert stdout.exit_code == 0, stdout.output
    assert stdout.stdout_bytes == (repo / COMMITTED).read_bytes()
    folder = invoke("ingest", str(repo / ARTICLE.parent), "-o", str(tmp_path / "graph"))
    assert folder.exit_code == 0, folder.output
    assert sorted(p.name for p in (tmp_path / "graph").iterdir()) == [COMMITTED.name,
                                                                  "ids.tsv"]
    assert (tmp_path / "graph" / COMMITTED.name).read_bytes() == (repo / COMMITTED).read_bytes()


def _union(path: Path) -> Graph:
    """The union of a TriG file's graphs as a plain rdflib Graph."""
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(path, format="trig")
    graph = Graph()
    for s, p, o, _ in dataset.quads():
        graph.add((s, p, o))
    return graph


def test_committed_trig_keeps_article_and_shared_sources_apart(repo: Path) -> None:
    import pyoxigraph as ox

    from painkg.ingest.document import SOURCES_GRAPH
    from painkg.namespaces import graph_iri

    quads = list(ox.parse(path=str(repo / COMMITTED), format=ox.RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {graph_iri("central-sensitization"), SOURCES_GRAPH}
    in_sources = {q.subject.value for q in quads if q.graph_name.value == SOURCES_GRAPH}
    assert in_sources == {str(PKR[f"source/{k}"]) for k in (
        "woolf-1983", "latremoliere-2009", "woolf-2011", "iasp-nd", "physiopedia-nd",
        "moseley-nd", "wikipedia-nd", "youtube-nd")}


def test_turtle_format_is_the_same_triples_in_one_graph(repo: Path) -> None:
    from rdflib.compare import isomorphic

    _, turtle = ingest_file(repo / ARTICLE, "turtle")
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), _union(repo / COMMITTED))


def test_claims_by_marker_match_the_hand_count(repo: Path) -> None:
    graph = _union(repo / COMMITTED)
    counts: Counter[str] = Counter()
    for claim in graph.subjects(predicate=PK.marker):
        number = graph.value(claim, PK.citationNumber)
        counts["LLM" if number is None else str(number)] += 1
        if number is None:
            assert graph.value(claim, PK.marker) == PK.LLM
    assert dict(counts) == HAND_COUNT
    lines = sorted(int(graph.value(s, PK.lineNumber))
                   for s in graph.subjects(predicate=None, object=PK.UnmarkedSentence))
    assert lines == HAND_UNMARKED_LINES


def test_unmarked_sentences_are_warned_on_stderr(
    repo: Path, invoke: Callable[..., Result]
) -> None:
    result = invoke("ingest", str(repo / ARTICLE))
    assert result.exit_code == 0, result.output
    for line in HAND_UNMARKED_LINES:
        assert f"line {line}: sentence without a source or LLM marker" in result.stderr
    assert "Two clinical hallmarks follow directly." in result.stderr
    assert "warning" not in result.stdout


def test_trig_parses_identically_in_oxigraph_and_rdflib(repo: Path) -> None:
    import pyoxigraph as ox
    from rdflib.compare import isomorphic

    data = (repo / COMMITTED).read_bytes()
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TRIG)
    union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    nt = ox.serialize(union, format=ox.RdfFormat.N_TRIPLES)  # type: ignore[arg-type]
    via_ox = Graph().parse(data=nt.decode("utf-8"), format="nt")
    via_rdflib = _union(repo / COMMITTED)
    assert len(via_rdflib) > 1000
    assert isomorphic(via_ox, via_rdflib)
    assert not any(t.startswith("_:") or "BNode" in type(t).__name__
                   for triple in via_rdflib for t in triple)


def test_sources_are_parsed_as_printed(repo: Path) -> None:
    from rdflib import Literal
    from rdflib.namespace import DCTERMS, XSD

    graph = _union(repo / COMMITTED)
    woolf = PKR["source/woolf-2011"]
    assert graph.value(woolf, PK.tier) == PK.T1
    assert graph.value(woolf, DCTERMS.issued) == Literal("2011", datatype=XSD.gYear)
    bibo = "http://purl.org/ontology/bibo/"
    from rdflib import URIRef

    assert str(graph.value(woolf, URIRef(bibo + "issue"))) == "3 Suppl"
    assert str(graph.value(woolf, URIRef(bibo + "pages"))) == "S2–S15"
    assert str(graph.value(woolf, PK.venue)) == "Pain"
    assert str(graph.value(PKR["source/iasp-nd"], PK.authorString)) == (
        "International Association for the Study of Pain (IASP)")
    assert graph.value(PKR["source/iasp-nd"], PK.tier) == PK.T2
    assert graph.value(PKR["source/iasp-nd"], DCTERMS.issued) is None
    refs = sorted(int(graph.value(r, PK.referenceNumber))
                  for r in graph.subjects(predicate=None, object=PK.Reference))
    assert refs == list(range(1, 9))
    article = PKR["article/central-sensitization"]
    assert int(graph.value(article, PK.statedSourceCount)) == 7


def test_claim_iris_survive_unrelated_edits(repo: Path) -> None:
    text = (repo / ARTICLE).read_text(encoding="utf-8")
    before = {str(s) for s, _, _ in document_triples(parse_article(text)) if "/claim/" in s}
    edited = text.replace(
        "Two clinical hallmarks follow directly.",
        "Two clinical hallmarks follow directly LLM. A new inserted claim 2.",
    )
    after = {str(s) for s, _, _ in document_triples(parse_article(edited)) if "/claim/" in s}
    assert before < after and len(after - before) == 2


def test_identical_text_in_one_section_gets_numbered_iris() -> None:
    from support.articles import minimal_article

    text = minimal_article(["Same words here LLM. Same words here LLM."])
    iris = sorted({s for s, _, _ in document_triples(parse_article(text)) if "/claim/" in s})
    assert len(iris) == 2 and iris[1] == iris[0] + "-2"


# Each malformed fixture, the line its error must name, and a phrase of the message.
MALFORMED = {
    "bad-type-line": (3, "type · discipline · category"),
    "binary-nul": (7, "NUL bytes"),
    "blank-lines-only": (1, "is empty"),
    "citation-not-listed": (15, "cites source 9, which is not in the Sources list"),
    "empty": (1, "is empty"),
    "invalid-utf8": (13, "not valid UTF-8"),
    "missing-title": (5, "missing title"),
    "no-disclaimer": (2, "disclaimer"),
    "no-provenance": (18, "no Provenance line"),
    "no-sources-section": (15, "no Sources section"),
    "source-listed-twice": (17, "listed twice"),
    "source-without-tier": (18, "no evidence tier"),
    "text-after-provenance": (23, "after the Provenance line"),
    "unknown-heading": (15, "unknown section heading 'Dosage And Timing'"),
}
CASES = ALL_CASES / "articles"


def test_every_malformed_fixture_has_an_expectation() -> None:
    assert sorted(p.stem for p in CASES.glob("*.txt")) == sorted(MALFORMED)


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_article_fails_cleanly_and_keeps_output(
    name: str, invoke: Callable[..., Result], tmp_path: Path
) -> None:
    line, phrase = MALFORMED[name]
    case = CASES / f"{name}.txt"
    out = tmp_path / "existing.trig"
    out.write_bytes(b"# precious earlier output\n")
    result = invoke("ingest", str(case), "-o", str(out))
    assert result.exit_code == EXIT_INPUT, result.output
    assert result.stderr.startswith(f"painkg: error: {case}, line {line}: "), result.stderr
    assert phrase in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1, "one paragraph, no traceback"
    assert result.stdout == ""
    assert out.read_bytes() == b"# precious earlier output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["existing.trig"], "temp file left behind"


def test_fifty_megabyte_file_is_refused_without_reading_it_all(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        chunk = (b"A line of plausible article text that goes on 1.\n") * 20_000
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    out = tmp_path / "out.ttl"
    result = invoke("ingest", str(big), "-o", str(out))
    assert result.exit_code == EXIT_INPUT, result.output
    assert "larger than" in result.stderr and ", line " in result.stderr, result.stderr
    assert not out.exists()


def test_ingest_text_is_stable_across_runs(repo: Path) -> None:
    text = (repo / ARTICLE).read_text(encoding="utf-8")
    assert ingest_text(parse_article(text)) == ingest_text(parse_article(text))


def _claims_in_turtle(turtle: str) -> dict[str, tuple[str, str]]:
    """Claims of a Turtle document as IRI -> (text, marker), read back by pyoxigraph."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    rows = store.query(
        "PREFIX pk: <https://w3id.org/painkg/vocab#> SELECT ?c ?t ?m ?n WHERE { ?c a pk:Claim ; "
        "pk:text ?t ; pk:marker ?m OPTIONAL { ?c pk:citationNumber ?n } }")
    return {r["c"].value: (r["t"].value, "LLM" if r["n"] is None else r["n"].value)
            for r in rows}


@settings(max_examples=60, deadline=None)
@given(generated_articles())
def test_generated_articles_ingest_to_parseable_deterministic_turtle(case: tuple) -> None:  # type: ignore[type-arg]
    text, claims, unmarked = case
    article = parse_article(text)
    turtle = ingest_text(article, "turtle")
    assert turtle == ingest_text(parse_article(text), "turtle"), "ingest must be deterministic"
    assert "_:" not in turtle
    got = sorted(_claims_in_turtle(turtle).values())
    assert got == sorted((t, m) for _, t, m, _ in claims)
    assert turtle.count("a pk:UnmarkedSentence") == len(unmarked)
