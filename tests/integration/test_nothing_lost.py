"""Nothing lost: every writer leaves the previous file byte-identical, and no temporary file,
when it fails or is killed mid-write; a load killed mid-way leaves the previous store usable.

Failures are forced where they hurt most: after the new content has been written to the
temporary file (the disk fills up at fsync), inside a renderer that has begun its output, and
by SIGTERM from outside while the temporary file is open or a store is being built.

Exercises painkg.atomic and every command that writes a file, through its module:
painkg.cli.common (``emit``, the one writer of ``-o``), painkg.cli.dump, painkg.cli.export,
painkg.cli.evidence, painkg.cli.graph, painkg.cli.query and painkg.cli.store (``load``).
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from painkg.store import open_store
from support import REPO

PREVIOUS = b"# the previous output, which must survive\n"
ARTICLE = REPO / "data" / "articles" / "central-sensitization.txt"

# Each writer with -o, as a user runs it (OUT is replaced by the output path).
WRITERS = {
    "ingest": ["ingest", str(ARTICLE), "-o", "OUT"],
    "dump": ["dump", "-o", "OUT"],
    "dump-trig": ["dump", "-f", "trig", "-o", "OUT"],
    "export": ["export", "full", "-f", "graphml", "-o", "OUT"],
    "export-mappings": ["export", "mappings", "-o", "OUT"],
    "mappings": ["mappings", "-f", "turtle", "-o", "OUT"],
    "validate-turtle": ["validate", "-f", "turtle", "-o", "OUT"],
    "stats": ["stats", "-o", "OUT"],
    "query-run": ["query", "run", "claims-by-section", "-f", "csv", "-o", "OUT"],
    "evidence": ["evidence", "graded exposure", "-o", "OUT"],
}


def _args(name: str, out: Path) -> list[str]:
    return [str(out) if a == "OUT" else a for a in WRITERS[name]]


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_disk_full_after_writing_keeps_the_previous_file(
        name: str, invoke: Callable[..., Result], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.file"
    out.write_bytes(PREVIOUS)
    written: list[int] = []
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        written.append(os.fstat(fd).st_size)  # the temporary file holds the new output
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    try:
        result = invoke(*_args(name, out))
    finally:
        monkeypatch.setattr(os, "fsync", real_fsync)
    assert result.exit_code == 3, result.output  # a write error is exit 3
    assert f"Cannot write {out}: No space left on device" in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert written and written[0] > 0, "the failure came after output had begun"
    assert out.read_bytes() == PREVIOUS
    assert _left(tmp_path) == ["out.file"], "no temporary file is left"
    # and without the fault the same command replaces the file
    again = invoke(*_args(name, out))
    assert again.exit_code in (0, 1), again.output
    assert out.read_bytes() != PREVIOUS and _left(tmp_path) == ["out.file"]


def test_a_renderer_that_fails_after_emitting_part_keeps_the_previous_file(
        invoke: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dump renders its statements, then its integrity block, which fails."""
    from painkg.publish import dump

    out = tmp_path / "painkg.ttl"
    out.write_bytes(PREVIOUS)
    real = dump.serialize_lines  # the Turtle dump is written from the union's lines
    made: list[int] = []

    def rendered(*args: object, **kwargs: object) -> bytes:
        body = real(*args, **kwargs)  # type: ignore[arg-type]
        made.append(len(body))
        return body

    def block_fails(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("renderer failed half-way")

    monkeypatch.setattr(dump, "serialize_lines", rendered)
    monkeypatch.setattr(dump, "serialize_block", block_fails)
    with pytest.raises(RuntimeError, match="half-way"):
        invoke("dump", "-o", str(out))
    assert len(made) == 1 and all(made)
    assert out.read_bytes() == PREVIOUS
    assert _left(tmp_path) == ["painkg.ttl"]


def test_a_view_that_fails_mid_stream_keeps_the_previous_file(tmp_path: Path) -> None:
    """A writer streaming into the temporary file raises after its first lines."""
    from painkg.atomic import atomic_writer

    out = tmp_path / "view.html"
    out.write_bytes(PREVIOUS)
    with pytest.raises(ValueError, match="row 3"), atomic_writer(out) as fh:
        for row in range(10):
            if row == 3:
                raise ValueError("row 3 cannot be rendered")
            fh.write(f"<tr><td>{row}</td></tr>\n".encode())
    assert out.read_bytes() == PREVIOUS
    assert _left(tmp_path) == ["view.html"]


# --- killed from outside -------------------------------------------------------------------

# `painkg` as a process whose disk is slow to sync: fsync of the output waits 60 s, which
# holds the temporary file open long enough to be killed there deterministically.
SLOW_DISK = ("import os, time; real = os.fsync; "
             "os.fsync = lambda fd: (time.sleep(60), real(fd))[1]; "
             "from painkg.cli import main; main()")


def _synthetic(path: Path, triples: int, offset: int = 0) -> Path:
    """A wiki-sized synthetic graph: entities with labels, classes and links."""
    with path.open("w") as fh:
        for i in range(offset, offset + triples // 3):
            s = f"<https://w3id.org/painkg/id/synthetic-{i}>"
            fh.write(f'{s} <http://www.w3.org/2000/01/rdf-schema#label> "Synthetic {i}" .\n')
            fh.write(f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                     f"<https://w3id.org/painkg/vocab#Intervention> .\n")
            fh.write(f"{s} <https://w3id.org/painkg/vocab#nestedIn> "
                     f"<https://w3id.org/painkg/id/synthetic-{(i * 7) % triples}> .\n")
    return path


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes],
              what: str) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"painkg ended before {what}: {process.stderr.read()!r}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"never saw {what}")
        time.sleep(0.005)


@pytest.mark.slow
def test_sigterm_during_a_dump_keeps_the_previous_file(tmp_path: Path) -> None:
    store = tmp_path / "store"
    subprocess.run([sys.executable, "-c", "from painkg.cli import main; main()", "load",
                    "--store", f"oxigraph:{store}", str(_synthetic(tmp_path / "big.nt",
                                                                   60_000))],
                   check=True, capture_output=True, timeout=300)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "painkg.ttl"
    out.write_bytes(PREVIOUS)
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_DISK, "--store", f"oxigraph:{store}", "dump", "-o",
         str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        temps = lambda: [p for p in out_dir.iterdir() if p.name != "painkg.ttl"]  # noqa: E731
        _wait_for(lambda: any(p.stat().st_size > 1_000_000 for p in temps()), process,
                  "the dump being written")
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stderr.close()  # type: ignore[union-attr]
    assert process.returncode == -signal.SIGTERM, "it still dies of SIGTERM"
    assert out.read_bytes() == PREVIOUS
    assert _left(out_dir) == ["painkg.ttl"], "the temporary file was removed"


# `painkg` as a process whose RDF parser stalls: after 1,000 statements pyoxigraph's parse
# touches the file $PAINKG_TEST_READY and sleeps 60 s. The load is then inside its scratch
# store, mid-way, whatever the machine's speed: the SIGTERM lands there with no race (an earlier
# version waited for the scratch folder and lost the race to a fast load, once, under load).
SLOW_PARSER = """
import os, pathlib, time
import pyoxigraph
real = pyoxigraph.parse
def stalling(*args, **kwargs):
    for n, item in enumerate(real(*args, **kwargs)):
        yield item
        if n == 1000:
            pathlib.Path(os.environ["PAINKG_TEST_READY"]).touch()
            time.sleep(60)
pyoxigraph.parse = stalling
from painkg.cli import main
main()
"""


@pytest.mark.slow
def test_sigterm_during_a_load_keeps_the_previous_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = tmp_path / "first.nt"
    first.write_text('<http://x/a> <http://x/p> "kept" .\n')
    cli = [sys.executable, "-c", "from painkg.cli import main; main()"]
    subprocess.run([*cli, "load", "--store", f"oxigraph:{store}", str(first)], check=True,
                   capture_output=True, timeout=300)
    data = tmp_path / "data"
    data.mkdir()
    for n in range(2):
        _synthetic(data / f"part-{n}.nt", 6_000, offset=n * 6_000)
    ready = tmp_path / "ready"
    process = subprocess.Popen([sys.executable, "-c", SLOW_PARSER, "load", "--store",
                                f"oxigraph:{store}", str(data)],
                               env={**os.environ, "PAINKG_TEST_READY": str(ready)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(ready.exists, process, "the load stalled mid-way")
        ready.unlink()
        assert any(".loading-" in p.name for p in tmp_path.iterdir()), "scratch store exists"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stderr.close()  # type: ignore[union-attr]
    assert process.returncode == -signal.SIGTERM
    assert _left(tmp_path) == [".store.lock", "data", "first.nt", "store"], (
        "the scratch store was removed (the lock file stays)")
    kept = open_store(f"oxigraph:{store}")
    rows = kept.select("SELECT ?o WHERE { ?s ?p ?o }")
    assert [str(r["o"]) for r in rows] == ["kept"], "the previous store is intact and usable"
    kept.close()
