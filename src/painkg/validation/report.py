"""The validation report: findings about nodes, from shapes and from QC queries alike.

A :class:`ValidationReport` is a list of :class:`ValidationResult` records. SHACL results
come from pyshacl or the SHACL-SPARQL runner (``source="shape"``); QC queries append their own
records (``source="qc:<name>"``) with :meth:`ValidationReport.extend`, and every output format
(text, JSON, Turtle) shows them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from painkg.errors import UsageError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier

__all__ = ["SEVERITIES", "ValidationResult", "ValidationReport", "severity_rank"]

#: Severities from most to least serious, as used in reports and by ``--fail-on``.
SEVERITIES = ("violation", "warning", "info")

def severity_rank(severity: str) -> int:
    """0 for violation, 1 for warning, 2 for info; UsageError for anything else."""
    try:
        return SEVERITIES.index(severity)
    except ValueError:
        raise UsageError(
            f"Unknown severity {severity!r}: use one of {', '.join(SEVERITIES)}."
        ) from None


@dataclass(frozen=True)
class ValidationResult:
    """One finding about one node: what is wrong, where, and how serious.

    ``focus``, ``path`` and ``value`` are rdflib terms (``path`` may be a SHACL path node);
    ``source`` is ``"shape"`` for SHACL results or ``"qc:<name>"`` for a QC query's rows.
    """

    focus: Identifier
    message: str
    severity: str = "violation"
    focus_label: str | None = None
    path: Identifier | None = None
    value: Identifier | None = None
    source: str = "shape"
    shape: Identifier | None = None
    constraint: Identifier | None = None
    #: The sh:sparql constraint node a SPARQL-based result comes from (sh:sourceConstraint).
    source_constraint: Identifier | None = None

    def sort_key(self) -> tuple[str, str, int, str, str, str]:
        """Deterministic order: by focus node, then path, severity, message, value."""
        return (str(self.focus), str(self.path or ""), severity_rank(self.severity),
                self.message, str(self.value or ""), self.source)


@dataclass
class ValidationReport:
    """The results of validating one graph, SHACL and otherwise, kept sorted."""

    results: list[ValidationResult] = field(default_factory=list)
    #: Path nodes of results (e.g. ``[ sh:inversePath pk:targets ]``) need their triples.
    path_graph: Graph | None = None

    def __post_init__(self) -> None:
        self.results.sort(key=ValidationResult.sort_key)

    def extend(self, results: Iterable[ValidationResult]) -> None:
        """Add results (e.g. QC-query rows) and keep the report sorted."""
        self.results.extend(results)
        self.results.sort(key=ValidationResult.sort_key)

    def at_or_above(self, fail_on: str = "violation") -> list[ValidationResult]:
        """Results at least as serious as ``fail_on``."""
        limit = severity_rank(fail_on)
        return [r for r in self.results if severity_rank(r.severity) <= limit]

    def conforms(self, fail_on: str = "violation") -> bool:
        """True when no result is at or above ``fail_on``."""
        return not self.at_or_above(fail_on)

    def counts(self) -> dict[str, int]:
        """Number of results per severity (every severity present, zero included)."""
        return {s: sum(1 for r in self.results if r.severity == s) for s in SEVERITIES}

    def by_focus(self) -> list[tuple[Identifier, str | None, list[ValidationResult]]]:
        """Results grouped by focus node, in the report's order."""
        groups: dict[Identifier, list[ValidationResult]] = {}
        for result in self.results:
            groups.setdefault(result.focus, []).append(result)
        return [(focus, items[0].focus_label, items) for focus, items in groups.items()]
