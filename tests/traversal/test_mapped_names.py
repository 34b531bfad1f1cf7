"""Names by any mapped ID (MeSH, HPO, DOI, PMID, ...) and spelling variants, resolved by the
one resolver, painkg.traversal.names, wherever a name is taken (issue 18)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import Result

from painkg.errors import UsageError
from painkg.store import OxigraphStore
from painkg.traversal.names import external_iri, mapped_node, name_resolver, resolve_in_store

PKR = "https://w3id.org/painkg/id/"


@pytest.mark.parametrize(("name", "slug"), [
    ("MESH:D064869", "acceptance-and-commitment-therapy"),
    ("HP:4000009", "kinesiophobia"),
    ("hp:4000009", "kinesiophobia"),
    ("HPO:4000009", "kinesiophobia"),
    ("MESH:D000092442", "kinesiophobia"),
    ("http://purl.obolibrary.org/obo/HP_4000009", "kinesiophobia"),
    ("MONDO:0005546", "fibromyalgia"),
    ("SCTID:203082005", "fibromyalgia"),
    ("SNOMEDCT:203082005", "fibromyalgia"),
    ("icd11:1834504950", "complex-regional-pain-syndrome"),
    ("HP:0012534", "hyperalgesia"),  # a skos:closeMatch
    ("central sensitisation", "central-sensitization"),
    ("Cognitive behavioural therapy", "cognitive-behavioral-therapy"),
    ("fear avoidance behaviour", "fear-avoidance-behavior"),
    ("pain catastrophising", "pain-catastrophizing"),
])
def test_mapped_ids_and_variants_resolve(kg: OxigraphStore, name: str, slug: str) -> None:
    assert resolve_in_store(name, kg).iri == PKR + slug


@pytest.mark.parametrize(("name", "slug"), [
    ("doi:10.1038/306686a0", "source/woolf-1983"),
    ("DOI:10.1038/306686a0", "source/woolf-1983"),
    ("PMID:6656869", "source/woolf-1983"),
    ("PMCID:PMC3268359", "source/woolf-2011"),
    ("PMC:3268359", "source/woolf-2011"),
])
def test_bibliographic_ids_resolve_to_sources_for_parameters(kg: OxigraphStore, name: str,
                                                             slug: str) -> None:
    assert name_resolver(kg)(name) == PKR + slug
    with pytest.raises(UsageError, match="no concept, person or organisation"):
        resolve_in_store(name, kg)  # evidence cards and walks take concepts


def test_a_loose_mapping_is_named_not_followed(kg: OxigraphStore) -> None:
    with pytest.raises(UsageError) as caught:
        mapped_node("MESH:D005081", kg)  # MeSH "Exercise": broader than two painkg nodes
    assert "pkr:aerobic-exercise (skos:broadMatch)" in caught.value.message
    assert "pkr:graded-activity (skos:broadMatch)" in caught.value.message


def test_unmapped_or_foreign_ids() -> None:
    assert external_iri("pkr:kinesiophobia") is None
    assert external_iri("fear of movement") is None
    assert external_iri("MESH:") is None


def test_evidence_and_walks_take_mapped_ids(invoke: Callable[..., Result]) -> None:
    for args in (("evidence", "MESH:D064869"), ("evidence", "HP:4000009"),
                 ("neighbours", "HP:4000009"), ("export", "ego:HP:4000009", "-f", "mermaid")):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)
    card = invoke("evidence", "HP:4000009")
    assert card.stdout.startswith("Kinesiophobia  (pkr:kinesiophobia")
