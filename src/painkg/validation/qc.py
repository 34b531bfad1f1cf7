"""Running the QC queries of ``queries/qc/`` and reporting their rows like shape results.

Every QC query returns ``?entity ?label ?problem ?value`` and no rows on clean data; each
row becomes a :class:`~painkg.validation.report.ValidationResult` (source ``qc:<name>``, severity
violation) so ``painkg validate`` reports SHACL and QC findings in one list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from painkg.query.catalog import QueryFile, list_queries
from painkg.query.run import run_query

if TYPE_CHECKING:
    from painkg.store import GraphStore
    from painkg.validation.report import ValidationResult

__all__ = ["QC_COLUMNS", "qc_queries", "qc_rows", "qc_results"]

#: The columns every QC query returns.
QC_COLUMNS = ("entity", "label", "problem", "value")


def qc_queries() -> list[QueryFile]:
    """The QC queries of the library, sorted by name."""
    return list_queries("qc")


def qc_rows(store: GraphStore, query: QueryFile) -> list[dict[str, str]]:
    """The rows one QC query finds, as plain strings (empty on clean data)."""
    from painkg.errors import InputError

    table = run_query(store, query)
    if table.variables != QC_COLUMNS:
        raise InputError(f"QC query {query.name} returns {table.variables}, not {QC_COLUMNS}",
                         path=str(query.path))
    return [{name: "" if term is None else str(term)
             for name, term in zip(QC_COLUMNS, row, strict=True)}
            for row in table.rows]


def qc_results(store: GraphStore) -> list[ValidationResult]:
    """Every QC finding in ``store`` as validation records, sorted as reports sort them."""
    from rdflib import Literal, URIRef

    from painkg.validation.report import ValidationResult

    out: list[ValidationResult] = []
    for query in qc_queries():
        for row in qc_rows(store, query):
            problem = row["problem"][:1].upper() + row["problem"][1:]
            out.append(ValidationResult(
                focus=URIRef(row["entity"]),
                message=f"{problem.rstrip('.')}. {query.solution}",
                severity="violation",
                focus_label=row["label"] or None,
                value=Literal(row["value"]) if row["value"] else None,
                source=f"qc:{query.name}",
            ))
    return sorted(out, key=lambda r: r.sort_key())
