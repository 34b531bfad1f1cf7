"""Where ``-o`` writes: every kind of target, through the one helper (painkg.atomic).

Each test runs painkg as a real process, so /dev/stdout, /dev/full and FIFOs are the real ones.
Writing over devices needs root (as in CI); without it those tests skip and say why.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from painkg.atomic import format_for_output, output_target
from painkg.errors import EXIT_INPUT, EXIT_OK, EXIT_USAGE, UsageError

REPO = Path(__file__).resolve().parents[2]
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="writing /dev/null and /dev/full as "
                               "their owner needs root (CI runs as root)")


def painkg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-c", "from painkg.cli import main; main()", *args],
                          capture_output=True, env=env, cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def expected() -> bytes:
    done = painkg("mappings", "-f", "turtle")
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stdout.startswith(b"#") or b"@prefix" in done.stdout
    return done.stdout


def test_dash_is_stdout(tmp_path: Path, expected: bytes) -> None:
    done = painkg("mappings", "-f", "turtle", "-o", "-", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stdout == expected
    assert not (tmp_path / "-").exists()


def test_dev_stdout_is_written_through_not_replaced(tmp_path: Path, expected: bytes) -> None:
    done = painkg("mappings", "-f", "turtle", "-o", "/dev/stdout")
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stdout == expected
    assert os.path.islink("/dev/stdout")


@ROOT_ONLY
def test_dev_null_stays_a_device() -> None:
    done = painkg("mappings", "-f", "turtle", "-o", "/dev/null")
    assert done.returncode == EXIT_OK, done.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@ROOT_ONLY
def test_dev_full_is_exit_3_with_the_reason() -> None:
    done = painkg("mappings", "-f", "turtle", "-o", "/dev/full")
    assert done.returncode == EXIT_INPUT, done.stderr
    assert b"No space left on device" in done.stderr
    assert b"Traceback" not in done.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_fifo_is_written_in_place(tmp_path: Path, expected: bytes) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    done = painkg("mappings", "-f", "turtle", "-o", str(fifo))
    reader.join(30)
    assert done.returncode == EXIT_OK, done.stderr
    assert got == [expected]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_symlink_is_followed_and_kept(tmp_path: Path, expected: bytes) -> None:
    target = tmp_path / "real.ttl"
    target.write_text("old\n")
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    done = painkg("mappings", "-o", str(link))
    assert done.returncode == EXIT_OK, done.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == expected


def test_missing_folder_is_exit_2_and_nothing_created(tmp_path: Path) -> None:
    done = painkg("mappings", "-f", "turtle", "-o", str(tmp_path / "missing" / "dir" / "x.ttl"))
    assert done.returncode == EXIT_USAGE, done.stderr
    assert b"does not exist" in done.stderr
    assert not (tmp_path / "missing").exists()


def test_folder_where_a_file_is_expected_is_exit_2(tmp_path: Path) -> None:
    done = painkg("mappings", "-f", "turtle", "-o", str(tmp_path))
    assert done.returncode == EXIT_USAGE, done.stderr
    assert b"is a folder" in done.stderr


def test_regular_file_is_replaced_atomically_with_its_mode(tmp_path: Path,
                                                           expected: bytes) -> None:
    out = tmp_path / "m.ttl"
    out.write_text("old\n")
    out.chmod(0o640)
    done = painkg("mappings", "-o", str(out))
    assert done.returncode == EXIT_OK, done.stderr
    assert out.read_bytes() == expected
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["m.ttl"]


def test_output_target_kinds(tmp_path: Path) -> None:
    assert output_target(None).kind == "stdout"
    assert output_target("-").kind == "stdout"
    assert output_target("/dev/stderr").kind == "stderr"
    assert output_target("/dev/null").kind == "in_place"
    assert output_target(tmp_path / "new.ttl").kind == "atomic"
    assert output_target(tmp_path / "a" / "b.ttl", make_parents=True).kind == "atomic"
    with pytest.raises(UsageError, match="does not exist"):
        output_target(tmp_path / "a" / "b.ttl")


# --- format from the extension (issue 18) ---------------------------------------------------

def test_extension_names_the_format() -> None:
    assert format_for_output(None, "x.nt", ["turtle", "ntriples"], "turtle") == "ntriples"
    assert format_for_output(None, "x.sssom.tsv", ["sssom", "turtle"], "sssom") == "sssom"
    assert format_for_output(None, "x.out", ["turtle", "ntriples"], "turtle") == "turtle"
    assert format_for_output("ntriples", None, ["turtle", "ntriples"], "turtle") == "ntriples"
    with pytest.raises(UsageError, match="contradicts"):
        format_for_output("trig", "x.ttl", ["turtle", "trig"], "turtle")
    with pytest.raises(UsageError, match="cannot write turtle"):
        format_for_output(None, "x.ttl", ["table", "json"], "table")


def test_dump_to_nt_writes_ntriples(tmp_path: Path) -> None:
    out = tmp_path / "x.nt"
    done = painkg("dump", "-o", str(out))
    assert done.returncode == EXIT_OK, done.stderr
    first = out.read_text().splitlines()[0]
    assert first.startswith("<") and first.endswith(" .") and "@prefix" not in out.read_text()


def test_ingest_to_ttl_writes_turtle(tmp_path: Path) -> None:
    out = tmp_path / "out.ttl"
    done = painkg("ingest", str(REPO / "data/articles/central-sensitization.txt"), "-o", str(out))
    assert done.returncode == EXIT_OK, done.stderr
    import pyoxigraph as ox

    assert list(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE))  # TriG would not parse


def test_ingest_folder_into_a_file_name_is_exit_2(tmp_path: Path) -> None:
    done = painkg("ingest", str(REPO / "data/articles"), "-o", str(tmp_path / "single.trig"))
    assert done.returncode == EXIT_USAGE, done.stderr
    assert not (tmp_path / "single.trig").exists()


def test_export_to_html_writes_html(tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    done = painkg("export", "lineage", "-o", str(out))
    assert done.returncode == EXIT_OK, done.stderr
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_query_run_to_ttl_is_exit_2(tmp_path: Path) -> None:
    done = painkg("query", "run", "sources-by-tier", "-o", str(tmp_path / "x.ttl"))
    assert done.returncode == EXIT_USAGE, done.stderr
    assert not (tmp_path / "x.ttl").exists()
