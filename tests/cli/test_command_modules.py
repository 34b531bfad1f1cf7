"""The lazy command table of the painkg group (painkg.cli.COMMAND_MODULES) names, for every
command, the module whose ``COMMANDS`` defines it, so ``painkg CMD`` imports that module only."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

from painkg.cli import COMMAND_MODULES, cli


def test_every_command_is_in_the_table_with_its_module() -> None:
    found = {}
    for name in sorted(set(COMMAND_MODULES.values()) | {"curate", "query"}):
        module = importlib.import_module(f"painkg.cli.{name}")
        found.update({command.name: name for command in module.COMMANDS})
    assert found == COMMAND_MODULES, "update painkg.cli.COMMAND_MODULES"
    assert sorted(cli.commands) == sorted(COMMAND_MODULES)


def test_a_command_imports_only_its_own_module() -> None:
    src = str(Path(__file__).resolve().parents[2] / "src")
    code = ("import sys; sys.argv[0] = 'painkg'\n"
            "from painkg.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('painkg.cli.'))))")
    done = subprocess.run([sys.executable, "-c", code, "query", "prefixes"], capture_output=True,
                          text=True, env={"PYTHONPATH": src}, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "painkg.cli.common painkg.cli.query"
