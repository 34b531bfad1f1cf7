"""The benchmark works: the synthetic generator gives valid articles, and benchmarks/run.py
completes a one-article run. No timing is asserted (benchmarks/ measures speed, tests do not)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO

BENCH = REPO / "benchmarks"


@pytest.fixture(scope="module")
def synthwiki():
    sys.path.insert(0, str(BENCH))
    try:
        import synthwiki as module
    finally:
        sys.path.remove(str(BENCH))
    return module


def test_synthetic_articles_are_marked_and_validate(synthwiki, tmp_path: Path) -> None:
    from painkg.ingest.article import parse_article
    from painkg.ingest.wiki import read_wiki, write_wiki
    from painkg.validation.wiki import validate_articles

    paths = synthwiki.write_wiki(3, tmp_path)
    article = parse_article(paths[0].read_text(encoding="utf-8"))
    assert article.category == synthwiki.CATEGORY == "SYNTHETIC BENCHMARK ARTICLE"
    assert article.title == "Synthetic Construct 0001"
    assert synthwiki.synthetic_article(2).text == synthwiki.synthetic_article(2).text
    write_wiki(read_wiki([tmp_path / "articles"]), tmp_path / "doc")
    reports = validate_articles([tmp_path / "doc", tmp_path / "curated"], tmp_path / "cache",
                                workers=1)
    assert [r.name for r in reports] == [synthwiki.slug_of(k) for k in (1, 2, 3)]
    for report in reports:  # curated claims resolve: no violation anywhere
        assert report.conforms("violation"), [r.message for r in report.report.results]


def test_run_script_completes_one_article(tmp_path: Path) -> None:
    cmd = [sys.executable, str(BENCH / "run.py"), "--sizes", "1,2", "--painkg-only-from", "2",
           "--reps", "1",
           "--cli-reps", "1", "--baseline-timeout", "120",
           "--queries", "interventions-for-problem,glossary", "--out", str(tmp_path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    size = results["sizes"]["1"]
    assert size["triples"] > 2000
    row = size["queries"]["interventions-for-problem"]
    assert {row[k]["status"] for k in ("memory", "oxigraph")} == {"ok"}
    assert row["memory"]["info"]["rows"] == row["oxigraph"]["info"]["rows"] > 0
    assert size["validate-incremental"]["info"]["validated"] == 1
    assert size["validate-incremental"]["info"]["revalidated"] == ["synthetic-construct-0001"]
    hub = row["oxigraph-hub"]
    assert hub["status"] == "ok" and hub["info"]["rows"] == row["memory-hub"]["info"]["rows"] > 0
    assert "oxigraph-hub" not in size["queries"]["glossary"]  # no parameter: no hub binding
    for command in ("glossary", "ask"):  # painkg and the plain script both answered (exit 0)
        assert size[f"{command}-cold"]["status"] == "ok", size[f"{command}-cold"]
        assert size[f"{command}-cold-plain"]["status"] == "ok", size[f"{command}-cold-plain"]
    assert size["ox-dump"]["status"] == "ok"
    assert size["peak_rss"] > 0
    assert size["ox-bulk-load-union"]["info"]["quads"] > size["ox-bulk-load-one"]["info"]["quads"]
    assert size["ingest-after-change"]["info"]["written"] == 1
    _painkg_only_point(results)
    report = (tmp_path / "results.md").read_text()
    assert "## Goals" in report and "| query glossary" in report
    growth = report.split("## Growth", 1)[1].split("## Per size", 1)[0]
    assert "| 1 articles | 2 articles |" in growth and "| query glossary, oxigraph: |" in growth
    assert "Faster than linear:" in growth
    assert done.stdout.strip() == report.strip()
    assert size["store_bytes"] > 0 and not size["painkg_only"]


def _painkg_only_point(results: dict) -> None:
    """The growth point: painkg's operations on the on-disk store, no baseline, no memory."""
    big = results["sizes"]["2"]
    assert big["painkg_only"] and big["store_bytes"] > results["sizes"]["1"]["store_bytes"]
    assert not {"rdflib-queries", "pyshacl", "load-memory", "ox-dump", "ox-bulk-load-one",
                "glossary-cold-plain"} & set(big)
    row = big["queries"]["interventions-for-problem"]
    assert set(row) == {"oxigraph", "oxigraph-hub"}
    assert {rec["status"] for rec in row.values()} == {"ok"}
    for key in ("load-oxigraph", "dump", "validate-full", "validate-incremental", "ask-cold",
                "ask-cold-hub", "path-cold", "glossary-cold"):
        assert big[key]["status"] == "ok", (key, big[key])
