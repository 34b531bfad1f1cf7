"""Hostile RDF input through painkg.load and `painkg validate PATH`: a correct result or a clear
InputError (exit 3), never a traceback, a hang or unbounded memory.

The CLI cases run `painkg validate` as a real process under a 3 GB address-space cap, so a
parser that expanded without bound would die instead of passing; the subprocess timeout only
guards the suite against a hang and is not a speed assertion.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from painkg.errors import EXIT_INPUT, EXIT_OK, InputError
from painkg.load import load_files
from painkg.safeparse import input_format
from painkg.store import OxigraphStore, open_store

P = "@prefix ex: <http://x/> .\n"
MEMORY_CAP = 3 * 1024**3
DEPTH = 100_000


def _laughs(levels: int = 9) -> str:
    """A 'billion laughs' RDF/XML document (10^levels copies of 'lol...' if expanded)."""
    ents = ['<!ENTITY a "lollollollollollollollollollol">']
    names = "abcdefghijklmnop"
    for i in range(1, levels + 1):
        ents.append(f'<!ENTITY {names[i]} "' + f"&{names[i - 1]};" * 10 + '">')
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(ents) + "\n]>\n"
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:ex="http://x/">\n'
            f'<rdf:Description rdf:about="http://x/a"><ex:p>&{names[levels]};</ex:p>'
            "</rdf:Description>\n</rdf:RDF>\n")


def _xxe(secret: Path) -> str:
    return ('<?xml version="1.0"?>\n'
            f'<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:ex="http://x/">\n'
            '<rdf:Description rdf:about="http://x/a"><ex:p>[&xxe;]</ex:p></rdf:Description>\n'
            "</rdf:RDF>\n")


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("PAINKG-SECRET-7f3a9c\n")
    return path


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def validate_cli(path: Path) -> subprocess.CompletedProcess[str]:
    """`painkg validate PATH` as a separate, memory-capped process."""
    return subprocess.run(
        [sys.executable, "-c", "from painkg.cli import main; main()", "validate", str(path)],
        capture_output=True, text=True, timeout=600, preexec_fn=_cap_memory, check=False)


def _load(path: Path) -> OxigraphStore:
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    load_files(store, [(path, "http://g/test")])
    return store


# --- refused formats -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["laughs.rdf", "laughs.owl", "laughs.xml", "laughs.trix",
                                  "laughs.ttl", "laughs.nt"])
def test_billion_laughs_is_refused_unparsed(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(_laughs())
    with pytest.raises(InputError) as info:
        _load(path)
    assert info.value.exit_code == EXIT_INPUT
    assert str(path) in info.value.message and "entity expansion" in info.value.message
    done = validate_cli(path)
    assert done.returncode == EXIT_INPUT, done.stderr
    assert "entity expansion" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("name", ["xxe.rdf", "xxe.ttl"])
def test_external_entity_is_refused_and_never_read(tmp_path: Path, secret: Path,
                                                   name: str) -> None:
    path = tmp_path / name
    path.write_text(_xxe(secret))
    done = validate_cli(path)
    assert done.returncode == EXIT_INPUT, done.stderr
    assert "PAINKG-SECRET" not in done.stdout + done.stderr
    assert "XML" in done.stderr


@pytest.mark.parametrize(("name", "text", "named"), [
    ("remote.jsonld", '{"@context": "http://127.0.0.1:9/c.jsonld", "@id": "http://x/a"}',
     "JSON-LD"),
    ("sneaky.ttl", '{ "@context": {"ex": "http://x/"}, "@id": "ex:a" }', "JSON"),
    ("rules.n3", "@prefix ex: <http://x/> . { ?a ex:p ?b } => { ?b ex:p ?a } .", "N3"),
])
def test_other_refused_syntaxes_say_why(tmp_path: Path, name: str, text: str, named: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputError, match=named):
        input_format(path)


@pytest.mark.parametrize("text", ["[ <http://x/p> 1 ] <http://x/q> 2 .\n",
                                  "{ <http://x/a> <http://x/p> 1 }\n"])
def test_turtle_and_trig_opening_with_brackets_are_not_mistaken_for_json(
        tmp_path: Path, text: str) -> None:
    path = tmp_path / ("a.trig" if text.startswith("{") else "a.ttl")
    path.write_text(text)
    assert len(_load(path)) >= 1


def test_pyoxigraph_would_expand_entities_without_bound(tmp_path: Path, secret: Path) -> None:
    """The engine fact behind refusing RDF/XML (if this starts failing, revisit safeparse)."""
    laughs = tmp_path / "laughs.rdf"
    laughs.write_text(_laughs())
    code = ("import pyoxigraph as ox, sys\n"
            f"list(ox.parse(path={str(laughs)!r}, format=ox.RdfFormat.RDF_XML))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600, preexec_fn=_cap_memory, check=False)
    assert done.returncode != 0 and "memory allocation" in done.stderr, done.stderr[-500:]
    xxe = tmp_path / "xxe.rdf"
    xxe.write_text(_xxe(secret))
    import pyoxigraph as ox

    try:
        parsed = [str(q) for q in ox.parse(path=str(xxe), format=ox.RdfFormat.RDF_XML)]
    except SyntaxError as exc:
        parsed = [str(exc)]
    assert not any("PAINKG-SECRET" in text for text in parsed)


# --- accepted syntaxes, hostile content -----------------------------------------------------


@pytest.mark.slow
def test_turtle_collections_nested_100000_deep(tmp_path: Path) -> None:
    path = tmp_path / "nested.ttl"
    path.write_text(P + "ex:a ex:p " + "( " * DEPTH + "ex:b" + " )" * DEPTH + " .\n")
    store = _load(path)
    assert len(store) == 2 * DEPTH + 1
    done = validate_cli(path)
    assert done.returncode == EXIT_OK, done.stderr


@pytest.mark.slow
def test_ten_megabyte_literal(tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    path.write_text(P + 'ex:a ex:p "' + "x" * 10_000_000 + '" .\n')
    store = _load(path)
    rows = store.select("SELECT (STRLEN(?o) AS ?n) WHERE { ?s ?p ?o }")
    assert int(rows[0]["n"]) == 10_000_000
    done = validate_cli(path)
    assert done.returncode == EXIT_OK, done.stderr


def test_ten_thousand_prefixes(tmp_path: Path) -> None:
    path = tmp_path / "prefixes.ttl"
    path.write_text("".join(f"@prefix p{i}: <http://x/{i}/> .\n" for i in range(10_000))
                    + "p9999:a p0:b p5000:c .\n")
    store = _load(path)
    rows = store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert [(str(r["s"]), str(r["p"]), str(r["o"])) for r in rows] == [
        ("http://x/9999/a", "http://x/0/b", "http://x/5000/c")]
    done = validate_cli(path)
    assert done.returncode == EXIT_OK, done.stderr


@pytest.mark.parametrize(("name", "data", "line"), [
    ("badutf8.ttl", P.encode() + b'ex:a ex:p "caf\xe9" .\n', 2),
    ("nul.ttl", P.encode() + b"ex:a ex:p ex:b .\x00\nex:c ex:p ex:d .\n", 2),
    ("truncated.ttl", P.encode() + b"ex:a ex:p ex:b ;\n ex:q", 3),
])
def test_broken_bytes_give_a_located_input_error(tmp_path: Path, name: str, data: bytes,
                                                 line: int) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        _load(path)
    assert info.value.line == line and info.value.column is not None, info.value.message
    done = validate_cli(path)
    assert done.returncode == EXIT_INPUT, done.stderr
    assert f"{name}, line {line}" in done.stderr and "Traceback" not in done.stderr


def test_nul_inside_a_string_is_kept_as_data(tmp_path: Path) -> None:
    path = tmp_path / "nulstring.ttl"
    path.write_bytes(P.encode() + b'ex:a ex:p "a\x00b" .\n')
    rows = _load(path).select("SELECT ?o WHERE { ?s ?p ?o }")
    assert str(rows[0]["o"]) == "a\x00b"
    done = validate_cli(path)
    assert done.returncode == EXIT_OK, done.stderr


def test_crlf_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "crlf.ttl"
    path.write_bytes(P.replace("\n", "\r\n").encode()
                     + b'ex:a ex:p "one" ;\r\n  ex:q """two\r\nlines""" .\r\n')
    rows = _load(path).select("SELECT ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p")
    assert [str(r["o"]) for r in rows] == ["one", "two\r\nlines"]
    done = validate_cli(path)
    assert done.returncode == EXIT_OK, done.stderr


def test_failed_load_keeps_the_earlier_graphs(tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(P + "ex:a ex:p ex:b .\n")
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(P.encode() + b"ex:c ex:p ex:d .\nex:e ex:p \xff .\n")
    store = _load(good)
    with pytest.raises(InputError):
        load_files(store, [(bad, "http://g/bad")])
    assert len(store) == 1, "the failed file left nothing behind and the good one stayed"
