"""``painkg validate`` of the unchanged packaged graph is read from the cache, and says so.

The key covers the packaged data files (names and bytes) and everything
``painkg.validation.wiki.environment_digest`` covers (ontology, shapes, QC queries, validation
code, painkg and pyshacl versions); a changed byte in the data is a new key and a new
validation.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import painkg.store.load as load
from painkg.validation.wiki import _to_json, packaged_key, validate_packaged


def test_second_run_reads_the_same_report_from_the_cache(tmp_path: Path) -> None:
    first = validate_packaged(tmp_path)
    second = validate_packaged(tmp_path)
    assert (first.cached, second.cached) == (False, True)
    assert first.key == second.key
    assert first.report.results, "the packaged graph has known warnings to compare"
    assert json.dumps(_to_json(second.report), sort_keys=True) == json.dumps(
        _to_json(first.report), sort_keys=True)
    again = validate_packaged(tmp_path, use_cache=False)
    assert not again.cached
    assert _to_json(again.report) == _to_json(first.report)


def test_a_changed_data_file_is_a_new_key(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    before = packaged_key()
    files = load.packaged_files()
    copies = []
    for path, graph in files:
        copy = tmp_path / path.name
        shutil.copyfile(path, copy)
        copies.append((copy, graph))
    monkeypatch.setattr(load, "packaged_files", lambda: copies)
    assert packaged_key() == before, "the key depends on names and bytes, not on folders"
    data = next(p for p, _ in copies if p.suffix == ".ttl" and "crosswalk" not in p.name)
    data.write_bytes(data.read_bytes() + b"\n# changed\n")
    assert packaged_key() != before


def test_cli_says_when_the_report_came_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        invoke: Callable[..., Result]) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = invoke("validate", "-f", "json")
    second = invoke("validate", "-f", "json")
    fresh = invoke("validate", "-f", "json", "--no-cache")
    assert first.exit_code == second.exit_code == fresh.exit_code == 0, first.stderr
    assert first.stdout == second.stdout == fresh.stdout
    assert "read from the cache" not in first.stderr
    assert "read from the cache" in second.stderr
    assert "read from the cache" not in fresh.stderr
    assert list((tmp_path / "painkg" / "validate").rglob("*.json"))
