"""``painkg wiki validate`` (painkg.cli.wiki): one summary line per article, exit 0 when all
conform, 1 when one does not; JSON with -f json."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from painkg.resources import data_dir

DOCUMENT = "central-sensitization.document.trig"


def test_the_shipped_article_conforms(invoke: Callable[..., Result], tmp_path: Path) -> None:
    shutil.copy(data_dir() / "graph" / DOCUMENT, tmp_path / DOCUMENT)
    result = invoke("wiki", "validate", str(tmp_path), "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("central-sensitization  conforms")
    as_json = invoke("wiki", "validate", str(tmp_path), "--no-cache", "-f", "json")
    assert json.loads(as_json.stdout)["articles"][0]["name"] == "central-sensitization"


def test_a_broken_article_fails(invoke: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "broken.curated.ttl").write_text(
        "@prefix pk: <https://w3id.org/painkg/vocab#> .\n"
        "<https://w3id.org/painkg/id/x> a pk:Intervention .\n")
    result = invoke("wiki", "validate", str(tmp_path), "--no-cache")
    assert result.exit_code == 1 and "broken  does not conform" in result.stdout
