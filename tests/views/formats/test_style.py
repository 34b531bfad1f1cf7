"""How evidence looks: every class a colour, lines by best tier, LLM-only edges set apart."""

from __future__ import annotations

from painkg.views.build import CLASS_ORDER, build_view
from painkg.views.formats.style import CLASS_COLOURS, colour, evidence_text, line_style
from support.views import fixture_store


def test_every_class_has_its_own_colour() -> None:
    assert set(CLASS_ORDER) <= set(CLASS_COLOURS)
    assert len({colour(c) for c in CLASS_ORDER}) == len(CLASS_ORDER)
    assert colour("NoSuchClass") not in {colour(c) for c in CLASS_ORDER}


def test_edges_are_styled_and_labelled_by_their_evidence() -> None:
    view = build_view(fixture_store(), "interventions")
    by_pair = {(e.source, e.target): e for e in view.edges}
    best = by_pair[("pkr:graded-exposure", "pkr:kinesiophobia")]
    llm = by_pair[("pkr:cognitive-behavioral-therapy", "pkr:pain-catastrophizing")]
    assert evidence_text(best) == "T1 · 2 claims" and evidence_text(llm) == "LLM only · 1 claim"
    assert line_style(best) != line_style(llm)
