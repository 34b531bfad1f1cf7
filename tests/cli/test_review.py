"""painkg.cli.review (issue 13), through the command line: bad input exits 2 and writes
nothing, the misattributed round trip restores ask byte for byte, --reviewed-only, review
status in evidence and views, and validate's warning and error.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from painkg.curation.reviews import (
    add_review,
    review_layer_path,
)
from support.reviews import LLM_CLAIM, SLUG, SMART_CLAIM, graded_route, snapshot


@pytest.mark.parametrize(("target", "option", "value"), [
    ("pkc:no-such-claim", "--status", "verified"),
    (SMART_CLAIM, "--status", "approved"),
    (SMART_CLAIM, "--orcid", "0000-0002-1825-0098"),
    (SMART_CLAIM, "--orcid", "orcid-of-someone"),
    (SMART_CLAIM, "--date", "2026-02-30"),
    (SMART_CLAIM, "--date", "03/12/2026"),
])
def test_bad_input_exits_2_and_writes_nothing(checkout: Path, invoke: Callable[..., Result],
                                              target: str, option: str, value: str) -> None:
    before = snapshot(checkout)
    args = ["review", "add", target, "--reviewer", "A. Reviewer", option, value]
    if option != "--status":
        args += ["--status", "verified"]
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr and result.stderr.startswith("painkg: error:")
    assert snapshot(checkout) == before


def test_misattributed_round_trip_restores_the_answer_byte_for_byte(
        checkout: Path, invoke: Callable[..., Result]) -> None:
    args = ("ask", "interventions", "--problem", "kinesiophobia")
    before = invoke(*args)
    assert before.exit_code == 0 and graded_route(invoke)["stated_tier"] == "T1"  # type: ignore[index]
    added = invoke("review", "add", SMART_CLAIM, "--status", "misattributed", "--reviewer",
                   "A. Reviewer", "--date", "2026-12-03", "--note", "Source 3 does not say this.")
    assert added.exit_code == 0, added.output
    during = graded_route(invoke)
    assert during is not None and during["stated_tier"] == "LLM"  # the other stating claim
    assert during["review"] == "LLM only, misattributed by 1"
    smart = [e for e in during["evidence"] if e["claim_iri"].endswith(SMART_CLAIM[4:])]
    assert smart[0]["review"] == "misattributed" and smart[0]["counts"] is False
    assert invoke("review", "remove", SMART_CLAIM).exit_code == 0
    after = invoke(*args)
    assert after.stdout == before.stdout
    assert not review_layer_path(checkout, SLUG).exists()


def test_reviewed_only_keeps_routes_with_a_verified_stating_claim(
        checkout: Path, invoke: Callable[..., Result]) -> None:
    assert graded_route(invoke, "--reviewed-only") is None
    add_review(checkout, LLM_CLAIM, "verified", "A. Reviewer", date="2026-12-03")
    route = graded_route(invoke, "--reviewed-only")
    assert route is not None and route["review"] == "T1 stated, verified by 1"
    everything = invoke("ask", "interventions", "--problem", "kinesiophobia", "-f", "json",
                        "--reviewed-only")
    assert [r["label"] for r in json.loads(everything.stdout)] == ["Graded exposure"]


def test_evidence_and_views_show_review_status(checkout: Path,
                                               invoke: Callable[..., Result]) -> None:
    add_review(checkout, SMART_CLAIM, "misattributed", "A. Reviewer", date="2026-12-03")
    card = invoke("evidence", "graded exposure")
    assert card.exit_code == 0, card.output
    assert "(LLM only, misattributed by 1)" in card.stdout
    assert "• states (misattributed): “Reduce fear of movement" in card.stdout
    view = invoke("export", "interventions", "-f", "cyjs")
    assert view.exit_code == 0, view.output
    edges = {e["data"]["id"]: e["data"] for e in json.loads(view.stdout)["elements"]["edges"]}
    edge = next(d for k, d in edges.items() if "graded-exposure--targets--" in k)
    assert edge["review"] == "LLM only, misattributed by 1"


def test_validate_warns_when_every_stating_claim_is_discounted(
        checkout: Path, invoke: Callable[..., Result]) -> None:
    add_review(checkout, SMART_CLAIM, "misattributed", "A. Reviewer", date="2026-12-03")
    add_review(checkout, LLM_CLAIM, "retracted", "A. Reviewer", date="2026-12-03")
    result = invoke("validate")
    assert result.exit_code == 0, result.output  # a warning, not a violation
    assert "Every sentence stating this relation was disputed, misattributed or retracted" \
        in result.stdout
    assert "Graded exposure targets kinesiophobia" in result.stdout


def test_validate_errors_on_a_review_whose_target_is_gone(
        checkout: Path, invoke: Callable[..., Result]) -> None:
    add_review(checkout, SMART_CLAIM, "verified", "A. Reviewer", date="2026-12-03")
    layer = review_layer_path(checkout, SLUG)
    gone = SMART_CLAIM[4:-1] + "f"
    layer.write_text(layer.read_text(encoding="utf-8").replace(SMART_CLAIM[4:], gone),
                     encoding="utf-8")
    result = invoke("validate")
    assert result.exit_code == 1, result.output
    assert "its target (a claim, relation or source) is not in the graph" in result.stdout
    assert f"pk:reviewTarget = <https://w3id.org/painkg/id/article/{SLUG}/claim/{gone}>" \
        in result.stdout
