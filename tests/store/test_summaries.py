"""The evidence summaries equal an independent computation of the rule (painkg.tiers over the
raw claims) on the shipped graph and on a 100-article synthetic wiki, and follow the data
when a review is added or an article is loaded again."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from painkg.store import OxigraphStore, open_store
from painkg.store.load import build_store, files_for_paths, load_packaged
from painkg.store.summaries import EVIDENCE_SUMMARIES_GRAPH
from painkg.tiers import (
    IMPLIES,
    LLM,
    NO_EVIDENCE,
    STATES,
    claim_status,
    counts_toward_tier,
    split_tiers,
    status_from_local,
)
from support import REPO

PK = "https://w3id.org/painkg/vocab#"
Summary = tuple[int, int, int, int, bool, str, str]

# The raw facts, one row per supporting claim; nothing here reads a summary.
_CLAIMS = f"""
PREFIX pk: <{PK}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?statement ?claim ?implied ?notation ?source ?own ?sourceStatus WHERE {{
  ?statement a rdf:Statement ; pk:supportedBy ?claim .
  OPTIONAL {{ ?statement pk:impliedBy ?implying FILTER(?implying = ?claim) BIND(1 AS ?implied) }}
  OPTIONAL {{ ?claim pk:marker ?marker . ?marker pk:tier ?tier . ?tier skos:notation ?notation }}
  OPTIONAL {{ ?claim pk:marker ?source . ?source a pk:Source }}
  OPTIONAL {{ ?claim pk:reviewStatus ?own }}
  OPTIONAL {{ ?claim pk:marker ?reviewed . ?reviewed pk:reviewStatus ?sourceStatus }}
}}"""

_SUMMARIES = f"""
PREFIX pk: <{PK}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?statement ?claims ?sourced ?implying ?discounted ?llmOnly ?stated ?implied WHERE {{
  GRAPH <{EVIDENCE_SUMMARIES_GRAPH}> {{
    ?summary a pk:EvidenceSummary ; pk:summaryOf ?statement ; pk:claimCount ?claims ;
      pk:sourcedClaimCount ?sourced ; pk:implyingClaimCount ?implying ;
      pk:discountedClaimCount ?discounted ; pk:llmOnly ?llmOnly .
    OPTIONAL {{ ?summary pk:statedTier ?stated }}
    OPTIONAL {{ ?summary pk:impliedTier ?implied }}
  }}
  FILTER(?summary = IRI(CONCAT(STR(?statement), "/evidence-summary")))
}}"""


def _value(term: ox.NamedNode | ox.Literal | None) -> str | None:
    return None if term is None else term.value


def _status(term: ox.NamedNode | None) -> str | None:
    return None if term is None else status_from_local(term.value.rsplit("#", 1)[1])


def expected(store: OxigraphStore) -> dict[str, Summary]:
    """The rule of painkg.tiers applied in Python to the raw claims of ``store``."""
    claims: dict[str, dict[str, tuple[str, str, str | None, bool]]] = defaultdict(dict)
    for row in store.ox_query(_CLAIMS):
        tier = _value(row["notation"]) or LLM
        role = IMPLIES if row["implied"] is not None else STATES
        status = claim_status(_status(row["own"]), _status(row["sourceStatus"]))
        claims[row["statement"].value][row["claim"].value] = (
            tier, role, status, row["source"] is not None)
    out = {}
    for statement, supports in claims.items():
        listed = list(supports.values())
        stated, implied = split_tiers([(t, r, s) for t, r, s, _ in listed])
        out[statement] = (len(listed), sum(t != LLM for t, *_ in listed),
                          sum(r == IMPLIES for _, r, *_ in listed),
                          sum(not counts_toward_tier(s) for _, _, s, _ in listed),
                          not any(cited for *_, cited in listed), stated, implied)
    return out


def _tier(store: OxigraphStore, term: ox.NamedNode | None) -> str:
    if term is None:
        return NO_EVIDENCE
    if term.value == PK + "LLM":
        return LLM
    (row,) = store.ox_query(f"SELECT ?n WHERE {{ <{term.value}> "
                            "<http://www.w3.org/2004/02/skos/core#notation> ?n }")
    return str(row["n"].value)


def summaries(store: OxigraphStore) -> dict[str, Summary]:
    """The derived summaries as stored, in the same shape as :func:`expected`."""
    return {row["statement"].value: (
        int(row["claims"].value), int(row["sourced"].value), int(row["implying"].value),
        int(row["discounted"].value), row["llmOnly"].value == "true",
        _tier(store, row["stated"]), _tier(store, row["implied"]))
        for row in store.ox_query(_SUMMARIES)}


def test_shipped_graph_summaries_equal_the_rule(kg: OxigraphStore) -> None:
    found = summaries(kg)
    assert len(found) > 40  # every curated relation of the article
    assert found == expected(kg)
    # The rule is not vacuous on the shipped graph: several tiers and an LLM-only relation.
    assert {s[5] for s in found.values()} >= {"T1", LLM}
    assert any(s[4] for s in found.values())


@pytest.fixture(scope="module")
def wiki_files(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str]]:
    """A 100-article synthetic wiki (benchmarks/synthwiki.py) ingested to Turtle, with the
    ontology, as ``painkg load`` would read it."""
    from painkg.ingest.wiki import read_wiki, write_wiki
    from painkg.resources import ontology_files
    from painkg.store.load import ONTOLOGY_GRAPH

    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import synthwiki
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    out = tmp_path_factory.mktemp("synthwiki")
    synthwiki.write_wiki(100, out)
    write_wiki(read_wiki([out / "articles"]), out / "doc")
    return [*((p, ONTOLOGY_GRAPH) for p in ontology_files()),
            *files_for_paths([out / "doc", out / "curated"])]


def test_synthetic_wiki_summaries_equal_the_rule_in_both_stores(
        wiki_files: list[tuple[Path, str]], tmp_path: Path) -> None:
    memory = open_store("memory")
    assert isinstance(memory, OxigraphStore)
    for path, graph in wiki_files:
        memory.load(path, graph, "turtle" if path.suffix == ".ttl" else "trig")
    found = summaries(memory)
    assert len(found) > 1000
    assert found == expected(memory)
    build_store(tmp_path / "store", wiki_files)
    disk = open_store(f"oxigraph:{tmp_path / 'store'}", read_only=True)
    assert isinstance(disk, OxigraphStore)
    assert summaries(disk) == found


def _graded_exposure(store: OxigraphStore) -> Summary:
    statement = "https://w3id.org/painkg/id/statement/graded-exposure--targets--kinesiophobia"
    return summaries(store)[statement]


def test_summaries_follow_a_review_and_a_reloaded_article(tmp_path: Path) -> None:
    store = load_packaged()
    before = _graded_exposure(store)
    assert before[5] == "T1" and before[3] == 0
    # Dispute every claim that states the relation: the stated tier must fall to none.
    stating = [row["claim"] for row in store.ox_query(
        f"SELECT ?claim WHERE {{ <https://w3id.org/painkg/id/statement/graded-exposure--"
        f"targets--kinesiophobia> <{PK}supportedBy> ?claim }}")]
    store.add_triples([ox.Triple(c, ox.NamedNode(PK + "reviewStatus"),
                                 ox.NamedNode(PK + "Disputed")) for c in stating],
                      "https://w3id.org/painkg/id/graph/reviews-test")
    after = _graded_exposure(store)
    assert after[3] == len(stating) and after[5] == NO_EVIDENCE and after[6] == NO_EVIDENCE
    assert summaries(store) == expected(store)
    # Loading a file again (here the curated layer into a fresh graph) re-derives them too,
    # and the union holds no summary the named graph does not.
    curated = REPO / "data" / "graph" / "central-sensitization.curated.ttl"
    store.load(curated, "https://w3id.org/painkg/id/graph/again", "turtle")
    assert summaries(store) == expected(store)
    stale = list(store.ox_query(
        f"SELECT ?s WHERE {{ ?s <{PK}claimCount> ?n "
        f"FILTER NOT EXISTS {{ GRAPH <{EVIDENCE_SUMMARIES_GRAPH}> "
        f"{{ ?s <{PK}claimCount> ?n }} }} }}"))
    assert stale == []


def test_load_drops_stale_summaries_from_a_loaded_dump(tmp_path: Path) -> None:
    """A TriG dump carries the summaries; ``painkg load`` derives them again rather than
    trusting the file's copy."""
    from painkg.publish.dump import dump

    store = load_packaged()
    trig = tmp_path / "painkg.trig"
    data = dump(store, "trig").replace(b"pk:claimCount 3 ", b"pk:claimCount 999 ")
    assert b"pk:claimCount 999 " in data  # the dump carries the summaries graph
    trig.write_bytes(data)
    build_store(tmp_path / "store", files_for_paths([trig]))
    disk = open_store(f"oxigraph:{tmp_path / 'store'}", read_only=True)
    assert isinstance(disk, OxigraphStore)
    assert summaries(disk) == summaries(store)
    assert not bool(disk.ox_query(f"ASK {{ ?s <{PK}claimCount> 999 }}"))
