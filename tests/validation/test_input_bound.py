"""Validating large files: input over the documented bound is refused before it is read
(exit 3, with advice, memory unchanged), and the bound is an option."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from painkg.errors import EXIT_INPUT, EXIT_OK, InputError
from painkg.validation.validate import MAX_INPUT_BYTES, validate_paths

REPO = Path(__file__).resolve().parents[2]


def _turtle(path: Path, size: int) -> Path:
    with path.open("w") as fh:
        fh.write("@prefix ex: <urn:ex:> .\n")
        n = 0
        while fh.tell() < size:
            fh.write(f'ex:s{n} ex:value "{n}" .\n')
            n += 1
    return path


def test_input_over_the_bound_is_refused_before_reading(tmp_path: Path) -> None:
    big = _turtle(tmp_path / "big.ttl", MAX_INPUT_BYTES + 1024)
    done = subprocess.run(
        # VmHWM, not ru_maxrss: that one keeps the forked pytest's peak across exec
        [sys.executable, "-c", "from painkg.cli import main\n"
         "try:\n    main()\nfinally:\n    print('peak', [line.split()[1] for line in "
         "open('/proc/self/status') if line.startswith('VmHWM')][0])",
         "validate", str(big)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        timeout=120)
    assert done.returncode == EXIT_INPUT, done.stderr
    assert "more than validate takes at once" in done.stderr
    assert "--max-input-mb" in done.stderr and "Traceback" not in done.stderr
    peak_kib = int(done.stdout.split("peak")[-1])
    assert peak_kib < 300_000, "nothing of the file was loaded"


def test_the_bound_is_an_option(tmp_path: Path, invoke: Callable[..., Result]) -> None:
    small = _turtle(tmp_path / "small.ttl", 200_000)
    accepted = invoke("validate", str(small), "--max-input-mb", "1", "-f", "json")
    assert accepted.exit_code == EXIT_OK, accepted.output  # 0.2 MB is under 1 MB
    with pytest.raises(InputError, match="more than validate takes"):
        validate_paths([small], max_bytes=100_000)
    steps: list[int] = []
    validate_paths([small], progress=steps.append)
    assert steps == [1, 1], "one step per file read and one when the checks are done"
