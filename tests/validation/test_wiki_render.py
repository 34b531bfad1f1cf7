"""Per-article reports as a summary line each (text) or as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import URIRef

from painkg.validation.report import ValidationReport, ValidationResult
from painkg.validation.wiki import ArticleReport
from painkg.validation.wiki_render import render_articles, summary_line


def _reports() -> list[ArticleReport]:
    bad = ValidationReport()
    bad.extend([ValidationResult(URIRef("http://x/a"), "needs a source", "violation")])
    return [ArticleReport("alpha", (Path("alpha.ttl"),), "k1", True, ValidationReport()),
            ArticleReport("beta", (Path("beta.ttl"),), "k2", False, bad)]


def test_one_summary_line_per_article() -> None:
    good, bad = _reports()
    assert summary_line(good, width=5) == (
        "alpha  conforms          0 violations, 0 warnings, 0 info; cached")
    assert summary_line(bad).startswith("beta  does not conform  1 violation,")
    text = render_articles(_reports(), "text")
    assert "alpha" in text and "needs a source" in text


def test_json_lists_every_article() -> None:
    doc = json.loads(render_articles(_reports(), "json"))
    assert doc["conforms"] is False
    assert [(a["name"], a["cached"], a["conforms"]) for a in doc["articles"]] == [
        ("alpha", True, True), ("beta", False, False)]
    assert doc["articles"][1]["focus_nodes"][0]["focus"] == "http://x/a"
