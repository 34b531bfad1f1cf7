"""Sources typed with the BIBO/FaBiO class their citation shows (issue 18), so that
``?x a bibo:Document`` finds them without inference."""

from __future__ import annotations

import pytest

from painkg.ingest.citations import parse_source_entry
from painkg.ingest.document import source_types
from painkg.store import OxigraphStore

BIBO, FABIO = "http://purl.org/ontology/bibo/", "http://purl.org/spar/fabio/"


@pytest.mark.parametrize(("line", "kind"), [
    ("1. Woolf, C.J. (1983). Evidence for a central component of post-injury pain "
     "hypersensitivity. Nature, 306(5944), 686–688. — linkT1",
     [BIBO + "AcademicArticle", FABIO + "JournalArticle"]),
    ("8. Video: What is Central Sensitization? | Jo Nijs Explains (Physiotutors). YouTube. "
     "— linkT3", [BIBO + "AudioVisualDocument", FABIO + "MovingImage"]),
    ("5. Physiopedia. Central Sensitisation. — linkT3", [BIBO + "Webpage", FABIO + "WebPage"]),
])
def test_kind_from_the_citation(line: str, kind: list[str]) -> None:
    assert source_types(parse_source_entry(line, 1)) == [BIBO + "Document", *kind]


def test_every_source_is_a_bibo_document(kg: OxigraphStore) -> None:
    rows = kg.select(
        "SELECT ?kind (COUNT(?s) AS ?n) WHERE { ?s a <https://w3id.org/painkg/vocab#Source> . "
        f"OPTIONAL {{ ?s a ?kind FILTER(STRSTARTS(STR(?kind), \"{FABIO}\")) }} }} GROUP BY ?kind")
    counts = {str(r["kind"]).rsplit("/", 1)[1]: int(r["n"]) for r in rows}
    assert counts == {"JournalArticle": 3, "MovingImage": 1, "WebPage": 4}
    documents = kg.select(f"SELECT ?s WHERE {{ ?s a <{BIBO}Document> }}")
    assert len(documents) == 8
