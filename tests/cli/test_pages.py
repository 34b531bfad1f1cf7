"""``painkg card``, ``painkg why`` (with ``--why`` on ``ask interventions`` and ``path``) and
``painkg site`` through the command line (painkg.cli.pages): exit codes, formats, output files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from painkg.reports.why import why
from painkg.store import OxigraphStore


def test_cli_card(invoke: Callable[..., Result], tmp_path: Path) -> None:
    result = invoke("card", "graded exposure", "-f", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Graded exposure")
    out = tmp_path / "card.html"
    assert invoke("card", "pkr:kinesiophobia", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    unknown = invoke("card", "no such thing")
    assert unknown.exit_code == 2 and "no such thing" in unknown.stderr


def test_the_printed_query_runs_as_a_file(kg: OxigraphStore, invoke: Callable[..., Result],
                                           tmp_path: Path) -> None:
    [answer] = why(kg, "graded exposure", "targets", "kinesiophobia")
    query = tmp_path / "why.rq"
    query.write_text(answer.query, encoding="utf-8")
    result = invoke("query", "run", str(query), "-f", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Kinesiophobia, the fear of movement") == 1
    assert "recalibrate the protective response" in result.stdout


def test_cli_why_and_the_why_flags(invoke: Callable[..., Result]) -> None:
    result = invoke("why", "graded exposure", "targets", "kinesiophobia", "-f", "json")
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.stdout)
    assert item["stated_tier"] == "T1" and item["query"].lstrip().startswith("PREFIX")
    asked = invoke("ask", "interventions", "--problem", "kinesiophobia", "--why", "-f", "json")
    assert asked.exit_code == 0, asked.output
    relations = {(a["subject"]["label"], a["predicate"]["label"], a["object"]["label"])
                 for a in json.loads(asked.stdout)}
    assert ("Pain neuroscience education", "nested in", "Cognitive behavioral therapy") in \
        relations
    assert ("Graded exposure", "targets", "Kinesiophobia") in relations
    path = invoke("path", "graded exposure", "central sensitization", "--why")
    assert path.exit_code == 0, path.output
    assert "Graded exposure —built on→ Central sensitization" in path.stdout
    assert invoke("why", "graded exposure", "nested in", "kinesiophobia").exit_code == 2


def test_cli_site_writes_the_folder_and_says_what(invoke: Callable[..., Result],
                                                  tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = invoke("site", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # the pages go to the folder, the summary to stderr
    assert "IRIs resolved" in result.stderr
    assert (out / "index.html").is_file() and (out / ".htaccess").is_file()
    assert (out / "id" / "graded-exposure.html").is_file()
