"""Validating a wiki article by article: files grouped into units by slug, each unit checked
on its own, with a cache key that changes when a file does."""

from __future__ import annotations

import shutil
from pathlib import Path

from painkg.resources import data_dir
from painkg.validation.wiki import article_units, unit_key, validate_unit


def test_units_group_the_files_of_one_article(tmp_path: Path) -> None:
    for name in ("b.document.trig", "a.document.trig", "a.curated.ttl"):
        (tmp_path / name).write_text("")
    units = article_units([tmp_path])
    assert [(u.name, [p.name for p in u.files]) for u in units] == [
        ("a", ["a.curated.ttl", "a.document.trig"]), ("b", ["b.document.trig"])]


def test_the_shipped_article_conforms_and_its_key_follows_its_files(tmp_path: Path) -> None:
    source = data_dir() / "graph" / "central-sensitization.document.trig"
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    (unit,) = article_units([copy])
    report = validate_unit(unit)
    assert report.conforms("violation"), report.counts()
    key = unit_key(unit)
    copy.write_bytes(copy.read_bytes() + b"\n# changed\n")
    assert unit_key(unit) != key
