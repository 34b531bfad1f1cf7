"""Hostile RDF input through painkg.store.load and `painkg validate PATH`: a correct result or
a clear InputError (exit 3), never a traceback, a hang or unbounded memory.

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
from painkg.store import OxigraphStore, open_store
from painkg.store.input_formats import input_format
from painkg.store.load import load_files
from support import REPO

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


# --- hostile articles through `painkg ingest` ----------------------------------------------

ARTICLE = REPO / "data" / "articles" / "central-sensitization.txt"


def _ingest_cli(path: Path, out: Path) -> subprocess.CompletedProcess[bytes]:
    """`painkg ingest PATH -o OUT` as a separate, memory-capped process."""
    return subprocess.run(
        [sys.executable, "-c", "from painkg.cli import main; main()", "ingest", str(path),
         "-o", str(out)], capture_output=True, timeout=600, preexec_fn=_cap_memory, check=False)


def _variant(name: str) -> bytes:
    text = ARTICLE.read_bytes()
    lines = text.split(b"\n")
    if name == "crlf":
        return text.replace(b"\n", b"\r\n")
    if name == "cr-only":
        return text.replace(b"\n", b"\r")
    if name == "mixed-line-ends":
        return b"".join(line + (b"\r\n" if i % 2 else b"\n")
                        for i, line in enumerate(lines)).rstrip(b"\r\n")
    if name == "utf8-bom":
        return b"\xef\xbb\xbf" + text
    if name == "latin-1":
        return text.decode("utf-8").encode("latin-1", "replace")
    if name == "nul-byte":
        cut = text.index(b"\n", 2000)
        return text[:cut] + b"\x00" + text[cut:]
    if name == "invalid-utf8":
        cut = text.index(b"\n", 3000)
        return text[:cut] + b" caf\xe9 \xff\xfe" + text[cut:]
    if name == "fifty-mb-one-line":
        return b"x" * (50 * 1024 * 1024)
    if name == "fifty-mb-article":
        return text + (b"More text that goes on and on LLM.\n" * (50 * 1024 * 1024 // 35))
    raise AssertionError(name)


# Each hostile article and what painkg must do with it: the same bytes as the clean article,
# or exit 3 naming the line and saying why (one paragraph, no traceback).
ARTICLE_CASES: dict[str, tuple[int | bytes | None, str] | None] = {
    "crlf": None, "cr-only": None, "mixed-line-ends": None, "utf8-bom": None,
    "latin-1": (3, "not valid UTF-8"), "nul-byte": (b"\x00", "NUL bytes"),
    "invalid-utf8": (b"caf\xe9", "not valid UTF-8"),
    "fifty-mb-one-line": (1, "larger than"), "fifty-mb-article": (None, "larger than"),
}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if "fifty" in n
                                  else n for n in ARTICLE_CASES])
def test_hostile_article_ingests_identically_or_fails_cleanly(tmp_path: Path,
                                                              name: str) -> None:
    clean = tmp_path / "clean.trig"
    reference = _ingest_cli(ARTICLE, clean)
    assert reference.returncode == EXIT_OK, reference.stderr
    path = tmp_path / f"{name}.txt"
    path.write_bytes(_variant(name))
    out = tmp_path / "out.trig"
    out.write_bytes(b"# earlier output\n")
    done = _ingest_cli(path, out)
    stderr = done.stderr.decode("utf-8", "replace")
    expected = ARTICLE_CASES[name]
    outcome = f"exit {done.returncode}: " + (
        stderr.strip() if done.returncode else "same TriG as the clean article")
    _record(name, outcome.splitlines()[0][:300])
    assert "Traceback" not in stderr
    if expected is None:
        assert done.returncode == EXIT_OK, stderr
        assert out.read_bytes() == clean.read_bytes(), "the same claims, byte for byte"
        return
    line, phrase = expected
    if isinstance(line, bytes):  # the line of the first offending byte, counted here
        data = path.read_bytes()
        line = data[: data.index(line)].count(b"\n") + 1
    assert done.returncode == EXIT_INPUT, stderr
    assert stderr.startswith(f"painkg: error: {path}, line ") and stderr.count("\n") == 1
    if line is not None:
        assert stderr.startswith(f"painkg: error: {path}, line {line}: "), stderr
    assert phrase in stderr, stderr
    assert out.read_bytes() == b"# earlier output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["clean.trig", path.name, "out.trig"]), "no temporary file left"


def _record(name: str, outcome: str) -> None:
    """Keep what painkg did with each hostile article for the closing note."""
    folder = REPO / "test-artifacts"
    folder.mkdir(exist_ok=True)
    report = folder / "hostile-articles.txt"
    lines = report.read_text().splitlines() if report.exists() else []
    kept = [line for line in lines if not line.startswith(f"{name}\t")]
    report.write_text("\n".join(sorted([*kept, f"{name}\t{outcome}"])) + "\n")
