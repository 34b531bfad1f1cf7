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


def test_new_files_get_the_usual_mode_and_old_files_keep_theirs(tmp_path: Path) -> None:
    import os
    import stat

    mask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.ttl"
        write_text_atomic(fresh, "x\n")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        kept = tmp_path / "kept.ttl"
        kept.write_text("old\n")
        kept.chmod(0o640)
        write_text_atomic(kept, "new\n")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(mask)
