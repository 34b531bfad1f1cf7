"""The lean cold path: a command imports no module it does not use.

Each command runs in a fresh interpreter on an ``oxigraph:`` store, with an audit hook that
records every module imported, in the command's process and in the workers it forks (the hook
is inherited across ``fork``; the records go to a file opened for each write, so they survive
``os._exit``). Oxigraph answers every query here, so none of these commands may import
pyshacl (validation only), rdflib's SPARQL machinery (``rdflib.plugins.sparql``, and pyparsing
under it: the query screen's full path and rdflib's evaluator) or OWL-RL; the ones that do not
walk a graph or write GraphML/GEXF (networkx's writers) may not import networkx either. The
lean cold path (issue 17) goes further: ``query run`` of a library query (with parameters too)
and ``ask interventions`` import no rdflib at all, no networkx, no multiprocessing (the worker
is a plain fork) and, once the query's header is cached, no PyYAML.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from painkg.store.load import build_store

#: Imported by none of the commands below (the module and everything under it).
NEVER = ("pyshacl", "rdflib.plugins.sparql", "pyparsing", "owlrl")
#: Not imported by the lean cold commands (LEAN) either: what a plain pyoxigraph script that
#: runs the same query text does not need.
LEAN_NEVER = ("rdflib", "networkx", "yaml", "multiprocessing", "concurrent.futures", "hashlib")
#: Each command (after ``painkg --store oxigraph:PATH``) and what else it must not import.
COMMANDS: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "query run": (["query", "run", "glossary"], ("networkx",)),
    "query run with a parameter": (
        ["query", "run", "interventions-for-problem", "-p", "problem=kinesiophobia"],
        ("networkx",)),
    "ask": (["ask", "interventions", "--problem", "kinesiophobia"], ()),
    "path": (["path", "Graded exposure", "kinesiophobia"], ()),
    "evidence": (["evidence", "kinesiophobia"], ("networkx",)),
    # GraphML and GEXF are written by networkx's writers (issue 18): those two exports may
    # import networkx, and nothing else they import changes.
    "export graphml": (["export", "lineage", "-f", "graphml"], ()),
    "export gexf": (["export", "lineage", "-f", "gexf"], ()),
    "export csv": (["export", "interventions", "-f", "csv", "-o", "{tmp}/views.zip"],
                   ("networkx",)),
    "export html": (["export", "full", "-f", "html", "-o", "{tmp}/full.html"], ("networkx",)),
    "dump": (["dump", "-f", "trig", "-o", "{tmp}/painkg.trig"], ("networkx",)),
}

_HARNESS = """\
import os, sys
record = sys.argv.pop(1)
def hook(event, args):
    if event == "import":
        fd = os.open(record, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (str(args[0]) + "\\n").encode())
        finally:
            os.close(fd)
sys.addaudithook(hook)
sys.argv[0] = "painkg"
from painkg.cli import main
main()
"""


#: The lean cold commands (issue 17: each within 2x of a plain pyoxigraph script).
LEAN: dict[str, list[str]] = {
    "query run": ["query", "run", "glossary"],
    "query run with a parameter": ["query", "run", "interventions-for-problem", "-p",
                                   "problem=Fear of movement", "-f", "json"],
    "ask": ["ask", "interventions", "--problem", "kinesiophobia"],
    "ask, json": ["ask", "interventions", "--problem", "kinesiophobia", "-f", "json"],
}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("allowance") / "store"
    build_store(path)
    return path


def _imported(args: list[str], record: Path, **extra_env: str) -> set[str]:
    env = {**os.environ, **extra_env, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parents[2] / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", _HARNESS, str(record), *args],
                          capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, f"painkg {' '.join(args)} failed:\n{done.stderr}"
    record.with_suffix(".stderr").write_text(done.stderr, encoding="utf-8")
    return set(record.read_text("utf-8").split())


def _outside(modules: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules
                  if any(m == f or m.startswith(f + ".") for f in forbidden))


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_imports_only_what_it_uses(name: str, store_dir: Path, tmp_path: Path) -> None:
    command, also = COMMANDS[name]
    args = ["--store", f"oxigraph:{store_dir}",
            *(arg.replace("{tmp}", str(tmp_path)) for arg in command)]
    modules = _imported(args, tmp_path / "imports.txt")
    assert "pyoxigraph" in modules, "the record missed the store's own engine"
    outside = _outside(modules, NEVER + also)
    assert not outside, f"painkg {' '.join(command)} imported {outside}"


def test_the_record_sees_what_a_command_imports(store_dir: Path, tmp_path: Path) -> None:
    """The check can fail: a command that parses a query with rdflib's full screen (a comment
    naming FROM sends it there) is seen importing rdflib's SPARQL parser, in the process that
    forks the worker or in the worker."""
    query = tmp_path / "commented.rq"
    query.write_text("# terms FROM the article\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n",
                     encoding="utf-8")
    modules = _imported(["--store", f"oxigraph:{store_dir}", "query", "run", str(query)],
                        tmp_path / "imports.txt")
    assert _outside(modules, NEVER), "rdflib's SPARQL parser was not recorded"


def test_cached_validate_loads_neither_pyshacl_nor_the_graph(tmp_path: Path) -> None:
    """``painkg validate`` of the unchanged packaged graph reads its cached report."""
    cache = str(tmp_path / "cache")
    first = _imported(["validate"], tmp_path / "first.txt", XDG_CACHE_HOME=cache)
    assert "pyshacl" in first, "the first run validates (the record would show pyshacl)"
    second = _imported(["validate"], tmp_path / "second.txt", XDG_CACHE_HOME=cache)
    assert "read from the cache" in (tmp_path / "second.stderr").read_text("utf-8")
    assert not _outside(second, NEVER + ("pyoxigraph", "networkx"))


@pytest.mark.parametrize("name", list(LEAN))
def test_lean_cold_command(name: str, store_dir: Path, tmp_path: Path) -> None:
    """The second run (the query headers it reads are cached by then) imports nothing a
    plain pyoxigraph script would not need (that painkg.cli loads only the command's own
    module is tests/cli/test_command_modules.py's check: ``importlib.import_module`` raises
    no audit event)."""
    args = ["--store", f"oxigraph:{store_dir}", *LEAN[name]]
    cache = str(tmp_path / "cache")
    first = _imported(args, tmp_path / "first.txt", XDG_CACHE_HOME=cache)
    modules = _imported(args, tmp_path / "second.txt", XDG_CACHE_HOME=cache)
    assert "pyoxigraph" in modules, "the record missed the store's own engine"
    outside = _outside(modules, NEVER + LEAN_NEVER)
    assert not outside, f"painkg {' '.join(LEAN[name])} imported {outside}"
    if name == "query run":
        assert "yaml" in first, "the first run reads the header with PyYAML (the check can fail)"
        assert (Path(cache) / "painkg" / "query-headers.json").is_file()
