"""Wall time of ``painkg validate`` and ``painkg wiki validate`` on the shipped data.

Not a test (tests never assert times): a before/after figure for the validation fast path.
Each command runs in a fresh process (imports included, as a user sees it), ``--runs``
times; the median and the spread are printed. ``painkg wiki validate`` runs with
``--no-cache`` so that the article is really validated each time.

    python benchmarks/validate_wall.py            # 5 runs each
    python benchmarks/validate_wall.py --runs 3
    # before/after: another checkout's src/ (e.g. from `git archive REV | tar -x -C old`),
    # run alternately with the installed one so that both see the same machine load
    python benchmarks/validate_wall.py --compare old/src
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["time_command", "main"]

HERE = Path(__file__).resolve().parent
GRAPH = HERE.parent / "data" / "graph"


def time_command(args: list[str], env: dict[str, str] | None = None) -> float:
    """Wall seconds of one run of ``args`` (exit status 0 or 1 accepted)."""
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, check=False, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} exited {done.returncode}: "
                         f"{done.stderr.decode(errors='replace')}")
    return elapsed


def _report(label: str, times: list[float]) -> None:
    print(f"{label:<62} median {statistics.median(times):6.2f} s  "
          f"(min {min(times):.2f}, max {max(times):.2f}, {len(times)} runs)")


def main() -> None:
    """Print the median wall time of each command (and of the other checkout's, if any)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", type=Path, default=None,
                        help="another checkout's src/ folder, timed alternately")
    options = parser.parse_args()
    # The installed painkg and, to compare, the same CLI from another source tree.
    variants = {"": ([shutil.which("painkg") or "painkg"], None)}
    if options.compare is not None:
        env = {**os.environ, "PYTHONPATH": str(options.compare.resolve())}
        code = "import sys; from painkg.cli import cli; sys.exit(cli())"
        variants["[compare] "] = ([sys.executable, "-c", code], env)
    commands = {
        "painkg validate": ["validate", "-f", "json"],
        "painkg wiki validate --no-cache --jobs 1 data/graph/":
            ["wiki", "validate", str(GRAPH), "--no-cache", "--jobs", "1"],
        "painkg wiki validate --no-cache data/graph/":
            ["wiki", "validate", str(GRAPH), "--no-cache"],
        "painkg --help (interpreter + CLI start-up)": ["--help"],
    }
    for label, args in commands.items():
        times: dict[str, list[float]] = {tag: [] for tag in variants}
        for _ in range(options.runs):
            for tag, (prefix, env) in variants.items():
                times[tag].append(time_command([*prefix, *args], env))
        for tag, found in times.items():
            _report(tag + label, found)


if __name__ == "__main__":
    main()
