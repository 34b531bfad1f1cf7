"""Reviews as data (issue 13): the template, its graph, each status's effect on answers,
supersession, the review queue and bad input, on a copy of the shipped checkout."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import Dataset, URIRef
from support.reviews import LLM_CLAIM, SLUG, SMART_CLAIM, make_checkout, snapshot

from painkg.curation.reviews import (
    add_review,
    read_reviews,
    remove_review,
    review_layer_path,
    reviews_path,
    valid_orcid,
)
from painkg.errors import UsageError
from painkg.tiers import REVIEW_STATUSES

PK = "https://w3id.org/painkg/vocab#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
GRADED = "https://w3id.org/painkg/id/graded-exposure"


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_checkout(tmp_path / "kg")
    monkeypatch.chdir(root)
    return root


def _graded(invoke: Callable[..., Result], *extra: str) -> dict[str, object] | None:
    """The direct graded-exposure route of ``ask interventions --problem kinesiophobia``."""
    result = invoke("ask", "interventions", "--problem", "kinesiophobia", "-f", "json", *extra)
    assert result.exit_code == 0, result.output
    routes = [r for r in json.loads(result.stdout) if r["iri"] == GRADED and r["via"] == "direct"]
    return routes[0] if routes else None


def _review_graph(root: Path) -> Dataset:
    data = Dataset(default_union=True)
    data.parse(review_layer_path(root, SLUG), format="trig")
    return data


def test_orcid_check_digit() -> None:
    assert valid_orcid("0000-0002-1825-0097") == "0000-0002-1825-0097"
    assert valid_orcid("https://orcid.org/0000-0002-1694-233X") == "0000-0002-1694-233X"
    assert valid_orcid("0000-0002-1825-0098") is None  # wrong check digit
    assert valid_orcid("0000-0002-1825-009") is None  # wrong shape


def test_add_writes_a_row_and_a_prov_graph(checkout: Path) -> None:
    review = add_review(checkout, SMART_CLAIM, "verified", "A. Reviewer",
                        orcid="0000-0002-1825-0097", note="Source 3 says so.", date="2026-12-01")
    rows = reviews_path(checkout, SLUG).read_text(encoding="utf-8").splitlines()
    assert rows[1].split("\t")[:5] == [SMART_CLAIM, "verified", "A. Reviewer",
                                       "0000-0002-1825-0097", "2026-12-01"]
    graph = _review_graph(checkout)
    node = URIRef(review.iri)
    assert (node, URIRef(PROV + "wasAttributedTo"),
            URIRef("https://orcid.org/0000-0002-1825-0097")) in graph
    stamp = graph.value(node, URIRef(PROV + "generatedAtTime"))
    assert stamp is not None and str(stamp).startswith("2026-12-01T00:00:00")
    status = graph.value(URIRef(review.target), URIRef(PK + "reviewStatus"))
    assert status == URIRef(PK + "Verified")


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
    assert before.exit_code == 0 and _graded(invoke)["stated_tier"] == "T1"  # type: ignore[index]
    added = invoke("review", "add", SMART_CLAIM, "--status", "misattributed", "--reviewer",
                   "A. Reviewer", "--date", "2026-12-03", "--note", "Source 3 does not say this.")
    assert added.exit_code == 0, added.output
    during = _graded(invoke)
    assert during is not None and during["stated_tier"] == "LLM"  # the other stating claim
    assert during["review"] == "LLM only, misattributed by 1"
    smart = [e for e in during["evidence"] if e["claim_iri"].endswith(SMART_CLAIM[4:])]
    assert smart[0]["review"] == "misattributed" and smart[0]["counts"] is False
    assert invoke("review", "remove", SMART_CLAIM).exit_code == 0
    after = invoke(*args)
    assert after.stdout == before.stdout
    assert not review_layer_path(checkout, SLUG).exists()


@pytest.mark.parametrize("status", REVIEW_STATUSES)
def test_each_status_effect_on_the_stated_tier(checkout: Path, invoke: Callable[..., Result],
                                               status: str) -> None:
    add_review(checkout, SMART_CLAIM, status, "A. Reviewer", date="2026-12-03")
    route = _graded(invoke)
    assert route is not None
    counts = status in ("verified", "needs-source")
    assert route["stated_tier"] == ("T1" if counts else "LLM")
    assert route["review"].endswith(f"{status} by 1")
    # A second discounted stating claim leaves nothing that states it: stated none.
    add_review(checkout, LLM_CLAIM, "disputed", "A. Reviewer", date="2026-12-03")
    route = _graded(invoke)
    assert route is not None
    assert route["stated_tier"] == ("T1" if counts else "none")


def test_later_reviews_supersede_and_history_stays(checkout: Path,
                                                   invoke: Callable[..., Result]) -> None:
    first = add_review(checkout, SMART_CLAIM, "verified", "A. Reviewer", date="2026-12-01")
    second = add_review(checkout, SMART_CLAIM, "misattributed", "B. Reviewer",
                        date="2026-12-03")
    # Written later but dated earlier: history, not the current review.
    add_review(checkout, SMART_CLAIM, "disputed", "C. Reviewer", date="2026-11-20")
    graph = _review_graph(checkout)
    target = URIRef(first.target)
    assert graph.value(target, URIRef(PK + "currentReview")) == URIRef(second.iri)
    assert len(set(graph.subjects(URIRef(PK + "reviewTarget"), target))) == 3
    assert (URIRef(first.iri), URIRef(DCT + "isReplacedBy"), URIRef(second.iri)) in graph
    assert _graded(invoke)["stated_tier"] == "LLM"  # type: ignore[index]
    audit = invoke("audit", "-f", "json")
    reviews = json.loads(audit.stdout)["reviews"]
    assert [(r["status"], r["current"]) for r in reviews] == [
        ("disputed", False), ("verified", False), ("misattributed", True)]
    add_review(checkout, SMART_CLAIM, "verified", "D. Reviewer", date="2026-12-05")
    assert _graded(invoke)["stated_tier"] == "T1"  # type: ignore[index]


def test_reviewed_only_keeps_routes_with_a_verified_stating_claim(
        checkout: Path, invoke: Callable[..., Result]) -> None:
    assert _graded(invoke, "--reviewed-only") is None
    add_review(checkout, LLM_CLAIM, "verified", "A. Reviewer", date="2026-12-03")
    route = _graded(invoke, "--reviewed-only")
    assert route is not None and route["review"] == "T1 stated, verified by 1"
    everything = invoke("ask", "interventions", "--problem", "kinesiophobia", "-f", "json",
                        "--reviewed-only")
    assert [r["label"] for r in json.loads(everything.stdout)] == ["Graded exposure"]


def test_relations_and_sources_are_reviewable_by_name(checkout: Path,
                                                      invoke: Callable[..., Result]) -> None:
    relation = add_review(checkout, "Graded exposure targets kinesiophobia", "needs-source",
                          "A. Reviewer", date="2026-12-03")
    assert relation.kind == "relation"
    assert relation.target.endswith("/statement/graded-exposure--targets--kinesiophobia")
    three = add_review(checkout, "pkr:graded-exposure pk:targets pkr:kinesiophobia", "verified",
                       "A. Reviewer", date="2026-12-04")
    assert three.target == relation.target
    source = add_review(checkout, "Woolf 2011", "retracted", "A. Reviewer", date="2026-12-03")
    assert source.kind == "source" and source.target.endswith("/source/woolf-2011")
    # Every claim citing a retracted source stops counting unless reviewed itself.
    assert _graded(invoke)["stated_tier"] == "LLM"  # type: ignore[index]
    add_review(checkout, SMART_CLAIM, "verified", "A. Reviewer", date="2026-12-04")
    assert _graded(invoke)["stated_tier"] == "T1"  # type: ignore[index]
    assert len(read_reviews(checkout, SLUG)) == 4


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


def test_remove_without_a_match_is_a_usage_error(checkout: Path) -> None:
    with pytest.raises(UsageError):
        remove_review(checkout, SMART_CLAIM)


def test_review_queue_order_and_formats(checkout: Path, invoke: Callable[..., Result]) -> None:
    result = invoke("review", "queue", "-f", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    kinds = [i["kind"] for i in items]
    assert kinds == sorted(kinds, key=lambda k: k != "relation")  # relations, then claims
    relations = [i for i in items if i["kind"] == "relation"]
    assert {i["reason"] for i in relations} <= {"LLM only", "implied only"}
    keys = [(-i["ask"], -i["score"]) for i in relations]
    assert keys == sorted(keys)
    assert all(i["score"] == i["ask"] + i["paths"] + i["views"] for i in items)
    top = relations[0]
    # Central sensitization psychoeducation targets kinesiophobia: its own route and the two
    # routes through it (pain neuroscience education, cognitive behavioral therapy).
    assert top["target"].endswith("central-sensitization-psychoeducation--targets--kinesiophobia")
    assert top["ask"] == 3
    assert {i["reason"] for i in items if i["kind"] == "claim"} == {"behind a T1 answer"}
    limited = invoke("review", "queue", "--limit", "3", "-f", "tsv")
    assert limited.stdout.splitlines()[0].split("\t")[:2] == ["rank", "kind"]
    assert len(limited.stdout.splitlines()) == 4
    add_review(checkout, "statement:central-sensitization-psychoeducation--targets--kinesiophobia",
               "verified", "A. Reviewer", date="2026-12-03")
    again = json.loads(invoke("review", "queue", "-f", "json").stdout)
    assert top["target"] not in {i["target"] for i in again}
    assert len(again) == len(items) - 1
