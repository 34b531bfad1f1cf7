"""Every module of painkg has its tests: a file named after it where the tests mirror the
source (painkg.query.worker -> tests/query/test_worker.py, painkg.atomic ->
tests/foundation/test_atomic.py) that imports it or names it in its docstring (a command
module tested through the command line), or a suite in tests/integration/ whose docstring
names it (as this one names none: it reads the source tree and the tests' names). A package
is covered by its folder of tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

from support import REPO, TESTS

SRC = REPO / "src"


def src_modules() -> list[tuple[str, Path]]:
    """(dotted name, path) of every module under src/painkg, packages included."""
    found = []
    for path in sorted((SRC / "painkg").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found.append((".".join(parts), path))
    return found


def mirror(module: str, is_package: bool) -> Path:
    """Where the tests of ``module`` live: a folder for a package, a test_<name>.py for a
    module (top-level modules under tests/foundation/)."""
    parts = module.split(".")[1:]
    if is_package:
        return TESTS.joinpath(*parts) if parts else TESTS
    folder = TESTS.joinpath(*parts[:-1]) if len(parts) > 1 else TESTS / "foundation"
    return folder / f"test_{parts[-1]}.py"


def docstring_of(path: Path) -> str:
    """The module docstring of a test file ("" if it has none)."""
    return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""


def named_by_integration() -> str:
    """The docstrings of the integration suites, joined."""
    return "\n".join(docstring_of(p) for p in sorted((TESTS / "integration").glob("test_*.py")))


def imports(test_file: Path, module: str) -> bool:
    """Whether ``test_file`` imports ``module`` (``from module import ...``, ``import
    module``, or ``from package import module``)."""
    tree = ast.parse(test_file.read_text(encoding="utf-8"))
    package, _, name = module.rpartition(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            if node.module == module or node.module.startswith(module + "."):
                return True
            if node.module == package and any(a.name == name for a in node.names):
                return True
        elif isinstance(node, ast.Import) and any(
                a.name == module or a.name.startswith(module + ".") for a in node.names):
            return True
    return False


def uncovered() -> list[str]:
    """The modules with no test named after them and no integration suite naming them."""
    docstrings = named_by_integration()
    missing = []
    for module, path in src_modules():
        target = mirror(module, path.name == "__init__.py")
        if path.name == "__init__.py":
            covered = any(target.rglob("test_*.py"))
        else:
            covered = target.is_file() and (imports(target, module)
                                             or module in docstring_of(target))
        if not covered and module not in docstrings:
            missing.append(f"{module} (expected {target.relative_to(REPO)})")
    return missing


def test_every_module_has_its_tests() -> None:
    missing = uncovered()
    assert missing == [], (
        "modules without their tests: write the test file named after each one, or name the "
        "module in the docstring of the integration suite that exercises it:\n  "
        + "\n  ".join(missing))


def test_the_mirror_rule_finds_the_test_files() -> None:
    """The rule above, on modules whose test files are known."""
    assert mirror("painkg.query.worker", False) == TESTS / "query" / "test_worker.py"
    assert mirror("painkg.atomic", False) == TESTS / "foundation" / "test_atomic.py"
    assert mirror("painkg.views.formats.html", False) == (
        TESTS / "views" / "formats" / "test_html.py")
    assert imports(TESTS / "query" / "test_worker.py", "painkg.query.worker")
    assert not imports(TESTS / "query" / "test_worker.py", "painkg.views.build")
    assert len(src_modules()) > 50
