"""``painkg card``: the entity card in Markdown, HTML and JSON, on the packaged graph."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from painkg.reports.card import entity_card, format_entity_card
from painkg.store import OxigraphStore


def test_card_of_graded_exposure_groups_relations_with_badges(kg: OxigraphStore) -> None:
    card = entity_card(kg, "graded exposure")
    assert (card.label, card.kind, card.kind_label) == ("Graded exposure", "Intervention",
                                                         "Intervention")
    groups = {g.heading: g for g in card.groups}
    [targets] = groups["Targets"].relations
    assert (targets.other_label, targets.stated_tier, targets.implied_tier) == (
        "Kinesiophobia", "T1", "LLM")
    assert not targets.llm_only and targets.evidence_kinds == ("journal article",)
    assert targets.review_status == "unreviewed"  # the review badge (issue 13)
    assert [s.support for s in targets.sentences].count("states") == 2
    woolf = next(s for s in targets.sentences if s.tier == "T1")
    assert (woolf.line, woolf.citation_number) == (77, 3)
    assert "https://doi.org/10.1016/j.pain.2010.09.030" in woolf.links
    assert groups["Limited by"].relations[0].llm_only
    assert [c.label for c in card.cautions] == ["Trauma history"]
    assert [o.label for o in card.objectives] == ["Reduce fear of movement"]
    assert {i.curie for i in card.identifiers} >= {"MESH:D001521"}


def test_card_header_synonyms_definition_and_identifiers(kg: OxigraphStore) -> None:
    card = entity_card(kg, "fear of movement")
    assert card.label == "Kinesiophobia" and card.synonyms == ("fear of movement",)
    assert card.definition == "the fear of movement"
    assert card.definition_sentence is not None
    assert (card.definition_sentence.line, card.definition_sentence.tier) == (59, "LLM")
    assert [(i.match, i.curie) for i in card.identifiers] == [
        ("same as", "HP:4000009"), ("same as", "MESH:D000092442")]
    assert "Targeted by" in {g.heading for g in card.groups}


def test_markdown_is_plain_markdown_with_nested_sentences(kg: OxigraphStore) -> None:
    text = format_entity_card(entity_card(kg, "graded exposure"), "md")
    assert text.startswith("# Graded exposure\n")
    assert "## Targets\n\n- **Kinesiophobia** `stated: T1` `implied: LLM` `journal article` " \
        "`review: unreviewed`\n" in text
    assert "  - states: “Kinesiophobia, the fear of movement" in text
    assert "[doi:10.1016/j.pain.2010.09.030](https://doi.org/10.1016/j.pain.2010.09.030)" in text
    assert "## Cautions" in text and "## SMART objectives that use it" in text
    assert not re.search(r"<(?!https?://)[a-z]", text)  # no raw HTML: any Git host renders it


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append(tag)
        if tag not in ("meta", "link", "br", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def test_html_is_one_offline_page_with_details(kg: OxigraphStore) -> None:
    page = format_entity_card(entity_card(kg, "graded exposure"), "html")
    parser = _Tags()
    parser.feed(page)
    assert not parser.stack
    assert parser.seen.count("details") == 5  # three relations, one caution, one objective
    assert "http://" not in page.replace("http://id.nlm.nih.gov", "").replace(
        "http://purl.obolibrary.org", "")  # no script or style from another host
    assert "<script" not in page


def test_json_is_snake_case_and_sorted(kg: OxigraphStore) -> None:
    data = json.loads(format_entity_card(entity_card(kg, "graded exposure"), "json"))
    assert data["class"] == "Intervention" and data["curie"] == "pkr:graded-exposure"
    keys: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            keys.update(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    assert all(k == k.lower() for k in keys), sorted(k for k in keys if k != k.lower())
    assert "review_status" in keys and "stated_tier" in keys
