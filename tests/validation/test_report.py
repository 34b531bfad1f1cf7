"""The validation report: severities ranked, results sorted and grouped by focus node,
conformance judged at a chosen severity."""

from __future__ import annotations

from rdflib import Literal, URIRef

from painkg.validation.report import (
    SEVERITIES,
    ValidationReport,
    ValidationResult,
    severity_rank,
)

A, B = URIRef("http://x/a"), URIRef("http://x/b")


def _report() -> ValidationReport:
    report = ValidationReport()
    report.extend([
        ValidationResult(B, "no label", "warning", focus_label="Bee"),
        ValidationResult(A, "no source", "violation", focus_label="Ay"),
        ValidationResult(A, "a note", "info", focus_label="Ay", value=Literal("x")),
    ])
    return report


def test_severities_in_order() -> None:
    assert SEVERITIES == ("violation", "warning", "info")
    assert [severity_rank(s) for s in SEVERITIES] == [0, 1, 2]


def test_counts_and_conformance_by_threshold() -> None:
    report = _report()
    assert report.counts() == {"violation": 1, "warning": 1, "info": 1}
    assert not report.conforms("violation")
    assert [r.message for r in report.at_or_above("warning")] == ["no source", "no label"]


def test_grouped_by_focus_in_a_fixed_order() -> None:
    groups = _report().by_focus()
    assert [(focus, label) for focus, label, _ in groups] == [(A, "Ay"), (B, "Bee")]
    assert [r.severity for r in groups[0][2]] == ["violation", "info"]


def test_an_empty_report_conforms() -> None:
    assert ValidationReport().conforms("info") and ValidationReport().counts() == {
        "violation": 0, "warning": 0, "info": 0}
