"""Name resolution: labels, synonyms, IRIs and CURIEs, case- and whitespace-insensitively."""

from __future__ import annotations

import pytest

from painkg.errors import EXIT_USAGE, UnknownNameError, UsageError
from painkg.namespaces import PKR, PREFIXES
from painkg.store import OxigraphStore
from painkg.traversal.names import normalise, resolve, resolve_in_store, suggestions, written_iri
from painkg.traversal.projection import Entity, load_entities
from support import traverse_store


@pytest.fixture(scope="module")
def entities() -> dict[str, Entity]:
    """The entities of the synthetic traversal fixture graph."""
    return load_entities(traverse_store())


@pytest.mark.parametrize("name", [
    "test phobia", "Test Phobia", "  TEST\tphobia ", "fear of testing", "Fear  of Testing",
    "pkr:test-phobia", str(PKR["test-phobia"]), f"<{PKR['test-phobia']}>",
])
def test_every_way_of_naming_resolves_to_the_same_entity(entities: dict[str, Entity],
                                                          name: str) -> None:
    assert resolve(name, entities).iri == str(PKR["test-phobia"])


def test_normalise_folds_case_width_and_whitespace() -> None:
    assert normalise("  Fear \u00a0of\nMOVEMENT ") == "fear of movement"
    assert normalise("\uff26ear") == "fear", "full-width letters fold (NFKC)"


@pytest.mark.parametrize("prefix", sorted(PREFIXES))
def test_every_painkg_prefix_expands(prefix: str) -> None:
    assert written_iri(f"{prefix}:thing") == PREFIXES[prefix] + "thing"


@pytest.mark.parametrize("text", ["graded exposure", "foo:bar", "Tame the Beast: a video",
                                  "pkr:", "pkr:has space"])
def test_non_curies_are_left_for_label_matching(text: str) -> None:
    assert written_iri(text) is None


def test_unknown_name_is_a_usage_error_with_closest_matches(entities: dict[str, Entity]) -> None:
    with pytest.raises(UnknownNameError) as info:
        resolve("fear of testin", entities)
    assert info.value.exit_code == EXIT_USAGE
    assert info.value.suggestions[0] == "fear of testing"
    assert "Did you mean: 'fear of testing'" in info.value.message


def test_suggestions_include_labels_containing_the_name(entities: dict[str, Entity]) -> None:
    assert "stepwise exposure" in suggestions("exposure", entities)
    assert suggestions("zzzzzz", entities) == []


def test_unknown_curie_and_non_entity_iri_are_unknown(entities: dict[str, Entity]) -> None:
    with pytest.raises(UnknownNameError):
        resolve("pkr:no-such-thing", entities)
    claim_like = str(PKR["source/alpha-2001"])
    with pytest.raises(UnknownNameError):
        resolve(claim_like, entities)  # sources are evidence, not entities


def test_shared_synonym_is_ambiguous_and_lists_candidates(entities: dict[str, Entity]) -> None:
    with pytest.raises(UsageError) as info:
        resolve("Shared Synonym", entities)
    assert not isinstance(info.value, UnknownNameError)
    assert info.value.exit_code == EXIT_USAGE
    assert "pkr:example-sign" in info.value.message and "pkr:test-phobia" in info.value.message


def test_a_label_wins_over_another_entitys_synonym() -> None:
    entities = {
        "http://x/a": Entity("http://x/a", "pain", (), ()),
        "http://x/b": Entity("http://x/b", "nociception", ("pain",), ()),
    }
    assert resolve("PAIN", entities).iri == "http://x/a"
    assert resolve("nociception", entities).iri == "http://x/b"


def test_two_equal_labels_are_ambiguous() -> None:
    entities = {i: Entity(i, "same", (), ()) for i in ("http://x/1", "http://x/2")}
    with pytest.raises(UsageError, match="ambiguous.*label"):
        resolve("same", entities)


def test_empty_name_is_a_usage_error(entities: dict[str, Entity]) -> None:
    with pytest.raises(UsageError, match="empty name"):
        resolve("   ", entities)


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return traverse_store()


@pytest.mark.parametrize("name", [
    "test phobia", "  TEST\tphobia ", "Fear  of Testing", "pkr:test-phobia",
    f"<{PKR['test-phobia']}>", "\uff34est phobia",  # full-width T: found only by the fallback
])
def test_store_resolution_agrees_with_the_exact_rules(store: object, name: str) -> None:
    assert resolve_in_store(name, store).iri == str(PKR["test-phobia"])  # type: ignore[arg-type]


def test_store_resolution_errors_match_the_exact_rules(store: object) -> None:
    with pytest.raises(UnknownNameError) as info:
        resolve_in_store("fear of testin", store)  # type: ignore[arg-type]
    assert info.value.suggestions[0] == "fear of testing"
    with pytest.raises(UsageError, match="ambiguous"):
        resolve_in_store("shared synonym", store)  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError):
        resolve_in_store("Alpha 2001", store)  # type: ignore[arg-type]  # a source, not an entity
