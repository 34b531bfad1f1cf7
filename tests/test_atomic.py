"""Atomic writes: a failure mid-write leaves the earlier file byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest

from painkg.atomic import atomic_writer, write_text_atomic


def test_failure_mid_write_keeps_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    write_text_atomic(target, "previous\n")
    with pytest.raises(RuntimeError), atomic_writer(target) as fh:
        fh.write(b"half of the new content")
        raise RuntimeError("boom")
    assert target.read_bytes() == b"previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"], "no temporary file is left"


def test_success_replaces_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.txt"
    write_text_atomic(target, "new\n")
    assert target.read_text() == "new\n"
