"""Reports as text for people and as JSON: the same results, the verdict, the counts."""

from __future__ import annotations

import json

from rdflib import URIRef

from painkg.validation.render import render_json, render_text
from painkg.validation.report import ValidationReport, ValidationResult


def _report() -> ValidationReport:
    report = ValidationReport()
    report.extend([ValidationResult(URIRef("http://x/a"), "needs a label", "violation",
                                    focus_label="Ay"),
                   ValidationResult(URIRef("http://x/b"), "odd", "warning", source="qc:odd")])
    return report


def test_text_names_each_node_and_the_verdict() -> None:
    text = render_text(_report())
    assert "Ay  <http://x/a>" in text and "needs a label" in text and "[qc:odd]" in text
    assert text.rstrip().endswith(
        "Graph does not conform (failing on violation): 1 violation, 1 warning, 0 info.")


def test_json_carries_the_same_results() -> None:
    doc = json.loads(render_json(_report(), fail_on="warning"))
    assert doc["conforms"] is False and doc["fail_on"] == "warning"
    assert doc["counts"] == {"violation": 1, "warning": 1, "info": 0}
    assert [f["focus"] for f in doc["focus_nodes"]] == ["http://x/a", "http://x/b"]
    assert doc["focus_nodes"][0]["results"][0]["message"] == "needs a label"
