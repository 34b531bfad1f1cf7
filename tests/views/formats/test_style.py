"""How evidence looks: every class a colour and shape, lines by tier, LLM-only edges apart."""

from __future__ import annotations

from painkg.views.build import CLASS_ORDER, build_view
from painkg.views.formats.style import CLASS_COLOURS, colour, evidence_text, line_style, shape
from support.views import fixture_store


def test_every_class_has_its_own_colour_and_shape() -> None:
    # Twenty classes are more than a colour-blind-safe palette separates: a colour may be
    # reused across families, never with the same shape (tests/views/test_style_palette.py
    # checks that the colours within a family stay apart for colour-blind readers).
    assert set(CLASS_ORDER) <= set(CLASS_COLOURS)
    looks = {(colour(c), shape(c, "cytoscape")) for c in CLASS_ORDER}
    assert len(looks) == len(CLASS_ORDER)
    assert colour("NoSuchClass") not in {colour(c) for c in CLASS_ORDER}


def test_edges_are_styled_and_labelled_by_their_evidence() -> None:
    view = build_view(fixture_store(), "interventions")
    by_pair = {(e.source, e.target): e for e in view.edges}
    best = by_pair[("pkr:graded-exposure", "pkr:kinesiophobia")]
    llm = by_pair[("pkr:cognitive-behavioral-therapy", "pkr:pain-catastrophizing")]
    assert evidence_text(best) == "T1 · 2 claims" and evidence_text(llm) == "LLM only · 1 claim"
    assert line_style(best) != line_style(llm)
