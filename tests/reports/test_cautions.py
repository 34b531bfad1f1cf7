"""``painkg ask cautions`` and cautions found by name, on the packaged graph."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result

from painkg.reports.cautions import format_cautions_text, list_cautions
from painkg.reports.evidence_card import evidence_card
from painkg.store import OxigraphStore


def test_every_caution_has_its_text_and_evidence(kg: OxigraphStore) -> None:
    cautions = list_cautions(kg)
    assert [c.label for c in cautions] == sorted((c.label for c in cautions), key=str.casefold)
    assert {"Premature closure", "Invalidation"} <= {c.label for c in cautions}
    for caution in cautions:
        assert caution.claims, caution.label
        for claim in caution.claims:
            assert claim.text and claim.tier in ("T1", "T2", "T3", "LLM")
            assert (claim.source == "LLM") == (claim.tier == "LLM")
    closure = next(c for c in cautions if c.label == "Premature closure")
    assert any("new or changing pain can signal serious underlying pathology" in c.text
               for c in closure.claims)
    text = format_cautions_text(cautions)
    assert "LLM only (no cited source)" in text and "(T2, news item)" in text


def test_a_caution_is_found_by_name(kg: OxigraphStore) -> None:
    card = evidence_card(kg, "premature closure")
    assert card.kind == "pk:Caution"
    [own] = [r for r in card.relations if r.role == "self"]
    assert any("premature closure" in c.text for c in own.claims)


def test_cli_ask_cautions(invoke: Callable[..., Result]) -> None:
    result = invoke("ask", "cautions", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert all(c["claims"] for c in data)
    unknown = invoke("ask", "cautions", "--intervention", "no such therapy")
    assert unknown.exit_code == 2, unknown.output
