"""Engine limits are input errors: a Turtle token over the parser's 16 MiB buffer is exit 3
naming the file and line, in ``validate`` and in ``load`` (it was a MemoryError traceback)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from painkg.errors import EXIT_INPUT

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def long_literal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "lit.ttl"
    with path.open("w") as fh:
        fh.write('<urn:a> <urn:b> "short" .\n')
        fh.write('<urn:a> <urn:b> "' + "x" * 17_000_000 + '" .\n')
    return path


@pytest.mark.parametrize("command", [["validate", "--max-input-mb", "64"],
                                     ["load", "--store", "oxigraph:STORE"]],
                         ids=["validate", "load"])
def test_token_over_16_mib_is_exit_3_with_file_and_line(
        long_literal: Path, tmp_path: Path, command: list[str]) -> None:
    args = [a.replace("STORE", str(tmp_path / "store")) for a in command]
    done = subprocess.run(
        [sys.executable, "-c", "from painkg.cli import main; main()", *args, str(long_literal)],
        capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")}, timeout=300)
    assert done.returncode == EXIT_INPUT, done.stderr
    assert b"Traceback" not in done.stderr
    assert f"{long_literal}, line 2: cannot be loaded: a token".encode() in done.stderr
    assert not (tmp_path / "store").exists()
