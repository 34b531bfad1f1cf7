"""``painkg why`` and ``--why`` on ``ask interventions`` and ``path``."""

from __future__ import annotations

import pytest

from painkg.errors import UsageError
from painkg.reports.why import format_why_text, resolve_predicate, tier_reason, why
from painkg.store import OxigraphStore


def test_why_graded_exposure_targets_kinesiophobia(kg: OxigraphStore) -> None:
    [answer] = why(kg, "graded exposure", "targets", "fear of movement")
    assert answer.object_label == "Kinesiophobia"
    assert (answer.relation.stated_tier, answer.relation.implied_tier) == ("T1", "LLM")
    assert answer.tier_reasons == (
        "stated tier T1: best of the 2 stating claims (T1, LLM)",
        "implied tier LLM: best of the 1 implying claim (LLM)")
    text = format_why_text([answer])
    assert "[Problems-for-Work, line 59] marker LLM" in text
    assert "tier T1, journal article" in text


def test_the_printed_query_reproduces_the_sentences(kg: OxigraphStore) -> None:
    [answer] = why(kg, "pkr:graded-exposure", "pk:targets", "pkr:kinesiophobia")
    assert "<https://w3id.org/painkg/id/graded-exposure>" in answer.query
    assert "#+" not in answer.query
    rows = kg.select(answer.query)
    got = sorted((str(r["role"]), str(r["text"]), str(r["tier"])) for r in rows)
    want = sorted((s.support, s.text, s.tier) for s in answer.relation.sentences)
    assert got == want and len(got) == 3


def test_predicates_by_name_curie_or_iri() -> None:
    target = "https://w3id.org/painkg/vocab#nestedIn"
    assert resolve_predicate("nested in") == resolve_predicate("pk:nestedIn") == target
    assert resolve_predicate(f"<{target}>") == target
    assert tier_reason("implied", []) == "implied tier none: no implying claim"


def test_a_relation_the_graph_does_not_hold_is_a_usage_error(kg: OxigraphStore) -> None:
    with pytest.raises(UsageError, match="no curated relation 'Graded exposure' pk:nestedIn"):
        why(kg, "graded exposure", "nested in", "kinesiophobia")
