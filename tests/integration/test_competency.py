"""The competency questions (../shared/competency-questions.md) answered by library queries.

Expected answers are facts of the article (source numbers as printed: [1] Woolf 1983,
[2] Latremoliere & Woolf 2009, [3] Woolf 2011 — T1; [4] IASP — T2; [5] Physiopedia,
[6] Moseley et al., [7] Wikipedia — T3); a failure means the graph or the query is wrong.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from painkg.query.run import run_named
from painkg.store import OxigraphStore
from painkg.traversal.names import name_resolver


def rows(kg: OxigraphStore, name: str, **params: str) -> list[dict[str, str]]:
    """A library query's rows as dicts of plain strings (unbound cells absent)."""
    table = run_named(kg, name, params, name_resolver(kg))
    return table.text_records()


def by(key: str, found: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """Rows grouped by the lower-cased value of one column."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in found:
        groups[row[key].lower()].append(row)
    return groups


def evidence(found: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(r["source"], r["tier"]) for r in found}


@pytest.mark.parametrize("problem", ["kinesiophobia", "fear of movement", "pkr:kinesiophobia"])
def test_q1_interventions_for_kinesiophobia(kg: OxigraphStore, problem: str) -> None:
    found = rows(kg, "interventions-for-problem", problem=problem)
    assert found == rows(kg, "interventions-for-problem"), "every name gives the same answer"
    groups = by("interventionLabel", found)
    assert {"graded exposure", "cognitive behavioral therapy",
            "pain neuroscience education"} <= set(groups), sorted(groups)
    graded = groups["graded exposure"]
    # The SMART row "Reduce fear of movement": mechanism "Graded exposure recalibrates the
    # protective response", cited [3] = Woolf 2011, T1.
    assert any(r["source"] == "Woolf 2011" and r["tier"] == "T1"
               and "Graded exposure recalibrates the protective response" in r["text"]
               for r in graded), graded
    sections = {r["section"] for r in graded if r["tier"] == "LLM"}
    assert {"Problems-for-Work", "Interventions & Techniques"} <= sections, sections
    for name in ("cognitive behavioral therapy", "pain neuroscience education"):
        assert evidence(groups[name]) == {("LLM", "LLM")}, f"{name}: LLM only"
        assert any(r["text"].startswith("Therapeutic framing.") for r in groups[name])


def test_q2_conditions_and_the_prototypical_one(kg: OxigraphStore) -> None:
    found = rows(kg, "conditions-for-construct")
    groups = by("conditionLabel", found)
    expected = {  # keyword of the condition -> the source the article cites for it
        "fibromyalgia": ("Wikipedia n.d.", "T3"),
        "complex regional pain syndrome": ("Wikipedia n.d.", "T3"),
        "chronic low back pain": ("IASP n.d.", "T2"),
        "chronic widespread pain": ("IASP n.d.", "T2"),
        "osteoarthritis": ("IASP n.d.", "T2"),
        "chronic headache": ("IASP n.d.", "T2"),
        "post-surgical pain": ("IASP n.d.", "T2"),
    }
    assert len(groups) == len(expected), sorted(groups)
    for keyword, source in expected.items():
        matches = [label for label in groups if keyword in label]
        assert len(matches) == 1, (keyword, sorted(groups))
        assert source in evidence(groups[matches[0]]), (keyword, groups[matches[0]])
    prototypical = {label for label, rs in groups.items() if rs[0]["prototypical"] == "true"}
    assert prototypical == {"fibromyalgia"}


def test_q3_originator_year_and_venue(kg: OxigraphStore) -> None:
    found = [r for r in rows(kg, "lineage-timeline") if r["role"] == "originated"]
    assert {(r["year"], r.get("workLabel"), r.get("venue")) for r in found} == {
        ("1983", "Woolf 1983", "Nature")}
    assert all("Woolf" in r["contributorLabel"] for r in found)
    assert ("Woolf 1983", "T1") in evidence(found)
    source = [r for r in rows(kg, "sources-by-tier") if r["label"] == "Woolf 1983"]
    assert "Nature, 306(5944), 686–688" in source[0]["citation"]


def test_q4_clinical_hallmarks(kg: OxigraphStore) -> None:
    groups = by("signLabel", rows(kg, "hallmark-signs"))
    assert set(groups) == {"allodynia", "hyperalgesia"}
    for sign in groups.values():
        assert ("Wikipedia n.d.", "T3") in evidence(sign)
        # "inferred clinically from signs such as widespread pain, allodynia, and
        # hyperalgesia" [3] states the sign: its stated tier is T1 (Woolf 2011); the [7]
        # definitions only imply that it is a hallmark.
        stated = {(r["source"], r["tier"]) for r in sign if r["supportRole"] == "states"}
        assert ("Woolf 2011", "T1") in stated
        assert ("Wikipedia n.d.", "T3") not in stated


def test_q4_fear_avoidance_has_an_intervention(kg: OxigraphStore) -> None:
    """"Fear-avoidance behavior … can be addressed through graded re-engagement" (LLM)."""
    found = rows(kg, "interventions-for-problem", problem="fear-avoidance")
    assert {r["interventionLabel"] for r in found} == {"Graded re-engagement"}
    assert {(r["tier"], r["supportRole"]) for r in found} == {("LLM", "states")}


def test_q5_peer_reviewed_sources(kg: OxigraphStore) -> None:
    found = rows(kg, "sources-by-tier", tier="pk:T1")
    assert {(r["label"], r["number"]) for r in found} == {
        ("Woolf 1983", "1"), ("Latremoliere & Woolf 2009", "2"), ("Woolf 2011", "3")}
    venues = {r["label"]: r["citation"] for r in found}
    assert "Nature" in venues["Woolf 1983"]
    assert "The Journal of Pain" in venues["Latremoliere & Woolf 2009"]
    assert "Pain, 152(3 Suppl)" in venues["Woolf 2011"]


def test_q6_smart_objectives_resting_on_t1(kg: OxigraphStore) -> None:
    found = rows(kg, "smart-objectives", tier="pk:T1")
    assert [r["goal"] for r in found] == ["Reduce fear of movement"]
    row = found[0]
    assert "6 weeks" in row["timeframe"]
    assert "one previously avoided daily movement for 10 minutes, 5 days per week" in (
        row["objectiveText"])
    assert (row["source"], row["tier"]) == ("Woolf 2011", "T1")
    assert len(rows(kg, "smart-objectives")) == 7, "the table has seven rows"


def test_q7_misconceptions_and_their_sources(kg: OxigraphStore) -> None:
    found = rows(kg, "misconceptions")
    expected = {"imaginary": ("IASP n.d.", "T2"), "peripheral": ("Woolf 1983", "T1"),
                "permanent": ("Moseley et al. n.d.", "T3"),
                "specific disease": ("Woolf 2011", "T1"), "single test": ("Woolf 2011", "T1")}
    assert len(found) == len(expected)
    for keyword, source in expected.items():
        matches = [r for r in found
                   if keyword in (r["misconceptionText"] + " " + r["correction"]).lower()]
        assert matches and all((r["source"], r["tier"]) == source for r in matches), keyword


def test_q8_wind_up_and_its_support(kg: OxigraphStore) -> None:
    terms = by("termLabel", rows(kg, "glossary"))["wind-up"]
    assert [(t["source"], t["tier"]) for t in terms] == [("Physiopedia n.d.", "T3")]
    assert "dorsal horn" in terms[0]["definition"]
    assert "repeated stimulation" in terms[0]["definition"]
    mechanisms = by("mechanismLabel", rows(kg, "mechanisms"))
    wind_up = [rs for label, rs in mechanisms.items() if "wind-up" in label]
    assert wind_up and ("Physiopedia n.d.", "T3") in evidence(wind_up[0])
    # "A related laboratory phenomenon is wind-up" [5]: a related mechanism, not a principle.
    assert {r["relation"] for r in wind_up[0]} == {"https://w3id.org/painkg/vocab#hasRelatedMechanism"}
    assert any("early stages of sensitization" in r["text"] for r in wind_up[0])
