"""Write a golden result file: ``python tests/golden/regenerate.py QUERY [name=value ...]``.

The file is the query's SPARQL TSV output with its data rows sorted. A golden file is a claim
about the article, not a snapshot: read every row against data/articles/ before committing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from painkg.query.catalog import find_query
from painkg.query.results import format_tsv
from painkg.query.run import run_query
from painkg.store.load import load_packaged
from painkg.traversal.names import name_resolver

HERE = Path(__file__).parent


def golden_text(tsv: str) -> str:
    """Header first, then the data rows sorted (so the file is independent of ORDER BY ties)."""
    header, *rows = tsv.rstrip("\n").split("\n")
    return "\n".join([header, *sorted(rows)]) + "\n"


def golden_name(query: str, params: list[str]) -> str:
    """``query.tsv``, or ``query.name=value,name=value.tsv`` for a parameter variant."""
    return f"{query}.{','.join(params)}.tsv" if params else f"{query}.tsv"


def main(argv: list[str]) -> None:
    query, *params = argv
    store = load_packaged()
    values = dict(p.split("=", 1) for p in params)
    table = run_query(store, find_query(query), values, name_resolver(store))
    target = HERE / golden_name(query, params)
    target.write_text(golden_text(format_tsv(table)), encoding="utf-8")
    print(f"wrote {target} ({len(table.rows)} rows)")


if __name__ == "__main__":
    main(sys.argv[1:])
