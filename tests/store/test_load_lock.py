"""One writer per store: a second ``painkg load`` while one runs stops with exit 3 naming the
holder (it never reports a success that is then thrown away), and scratch folders left by a
killed load are removed by the next load, which says so. Real processes, real flock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from painkg.errors import EXIT_INPUT, EXIT_OK
from painkg.store.load import lock_path

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}
CLI = [sys.executable, "-c", "from painkg.cli import main; main()"]
ONTOLOGY = str(REPO / "ontology" / "painkg.ttl")


def _load(store: Path, *files: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*CLI, "load", "--store", f"oxigraph:{store}", *files], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_second_load_while_one_holds_the_lock_is_exit_3_naming_it(tmp_path: Path) -> None:
    store = tmp_path / "store"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from painkg.store.load import store_lock\n"
         f"with store_lock(Path({str(store)!r})):\n"
         "    print('locked', flush=True); sys.stdin.read()"],
        env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        second = _load(store, ONTOLOGY)
        out, err = second.communicate(timeout=60)
        assert second.returncode == EXIT_INPUT, err
        assert f"process {holder.pid}".encode() in err
        assert b"Traceback" not in err and b"triples" not in err
        assert not store.exists(), "the refused load built nothing"
    finally:
        holder.communicate(b"", timeout=30)
    again = _load(store, ONTOLOGY)
    _, err = again.communicate(timeout=120)
    assert again.returncode == EXIT_OK, err  # the lock went with its holder


def test_two_concurrent_loads_never_both_claim_an_overlapping_success(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = _load(store)
    second = _load(store)
    results = [(p.returncode, *p.communicate(timeout=300)) for p in (first, second)]
    codes = sorted(p.returncode for p in (first, second))
    assert codes in ([EXIT_OK, EXIT_OK], [EXIT_OK, EXIT_INPUT]), results
    if codes == [EXIT_OK, EXIT_INPUT]:
        refused = next(r for p, r in zip((first, second), results, strict=True)
                       if p.returncode == EXIT_INPUT)
        assert b"being loaded by another painkg load (process" in refused[2]
    assert lock_path(store).exists()
    assert [p.name for p in tmp_path.iterdir() if ".loading-" in p.name] == []


def test_a_killed_loads_scratch_is_removed_by_the_next(tmp_path: Path) -> None:
    store = tmp_path / "store"
    killed = _load(store)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".store.loading-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    killed.send_signal(signal.SIGKILL)  # no cleanup is possible: the folder stays
    killed.communicate(timeout=30)
    left = list(tmp_path.glob(".store.loading-*"))
    if not left:  # the load finished before the kill landed; leave the same trace by hand
        (tmp_path / ".store.loading-abc123").mkdir()
        left = list(tmp_path.glob(".store.loading-*"))
    again = _load(store, ONTOLOGY)
    _, err = again.communicate(timeout=120)
    assert again.returncode == EXIT_OK, err
    for folder in left:
        assert not folder.exists()
        assert f"removed {folder}".encode() in err
