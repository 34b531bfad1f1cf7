"""A wiki, not one article: a folder of synthetic articles (generated here, never shipped)
ingested together, shared sources as one node, one article re-ingested alone, incremental
per-article validation, and a broken article that leaves earlier outputs untouched."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from painkg.errors import EXIT_INPUT, EXIT_USAGE, InputError
from painkg.ingest.document import SOURCES_GRAPH
from painkg.ingest.sourceids import (
    identity_of,
    mint_sources,
    normalise_citation,
    printed_identifiers,
)
from painkg.ingest.wiki import read_wiki, write_wiki
from painkg.namespaces import DATA_BASE, graph_iri
from painkg.validation.wiki import validate_articles
from support.articles import render_article, titled_header

Invoke = Callable[..., Result]
PK = "https://w3id.org/painkg/vocab#"

DOE_FIRST = "Doe, J. (2001). A first title. Journal of Tests, 1(2), 3–4. — linkT1"
# The same work as DOE_FIRST printed with other case, punctuation and an ASCII dash.
DOE_FIRST_VARIANT = "doe, j. (2001). A First Title: Journal of Tests, 1(2), 3-4 — linkT1"
# Another work with the same first author and year.
DOE_OTHER = "Doe, J. (2001). A different synthetic work. Other Journal, 2, 5–6. — linkT2"
ROE_DOI = "Roe, R. (2010). Shared work with a DOI. Journal X, 5, 1–9. doi:10.1000/xyz123 — linkT1"
# The same DOI (other case, as a URL) under a differently printed citation.
ROE_DOI_VARIANT = ("Roe, R. (2010). Shared work, retitled. J X. https://doi.org/10.1000/XYZ123 "
                   "— linkT1")
POE_ONLY = "Poe, E. (1999). A work only gamma cites. Gamma Journal, 9, 1–2. — linkT3"


def _article(title: str, sources: list[str], extra: str = "") -> str:
    """A synthetic article in the real template citing every source once, plus LLM claims."""
    cites = " ".join(f"Synthetic claim {k} of {title.lower()} {k}." for k in
                     range(1, len(sources) + 1))
    paragraphs = [cites, f"A synthetic model-written remark about {title.lower()} LLM." + extra]
    return render_article([("Core Principles", paragraphs)],
                          [f"  {k}. {s}" for k, s in enumerate(sources, 1)],
                          titled_header(title))


WIKI = {
    "alpha.txt": ("Synthetic Wiki Alpha", [DOE_FIRST, ROE_DOI]),
    "beta.txt": ("Synthetic Wiki Beta", [DOE_FIRST_VARIANT, DOE_OTHER, ROE_DOI_VARIANT]),
    "gamma.txt": ("Synthetic Wiki Gamma", [POE_ONLY, DOE_FIRST]),
    "sub/delta.txt": ("Synthetic Wiki Delta", [ROE_DOI]),
}
SLUGS = ["synthetic-wiki-alpha", "synthetic-wiki-beta", "synthetic-wiki-delta",
         "synthetic-wiki-gamma"]


@pytest.fixture
def wiki_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    for name, (title, sources) in WIKI.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(_article(title, sources), encoding="utf-8")
    return folder


def _ingest(invoke: Invoke, src: Path, out: Path) -> Result:
    result = invoke("ingest", str(src), "-o", str(out))
    assert result.exit_code == 0, result.output
    return result


def _store(folder: Path) -> object:
    import pyoxigraph as ox

    store = ox.Store()
    for path in sorted(folder.glob("*.trig")):
        store.load(path=str(path), format=ox.RdfFormat.TRIG)
    return store


def _referenced(store: object, slug: str, number: int) -> str:
    ref = f"<{DATA_BASE}article/{slug}/reference/{number}>"
    rows = list(store.query(  # type: ignore[attr-defined]
        f"SELECT ?s WHERE {{ GRAPH ?g {{ {ref} <{PK}referencedSource> ?s }} }}"))
    assert len(rows) == 1, rows
    return str(rows[0]["s"].value)


def test_folder_becomes_one_trig_per_article_each_in_its_graph(
    wiki_dir: Path, tmp_path: Path, invoke: Invoke,
) -> None:
    import pyoxigraph as ox

    out = tmp_path / "graph"
    result = _ingest(invoke, wiki_dir, out)
    assert "4 articles into" in result.stderr and "4 written, 0 unchanged" in result.stderr
    written = sorted(p.name for p in out.glob("*.document.trig"))
    assert written == [f"{s}.document.trig" for s in SLUGS]
    for slug in SLUGS:
        quads = list(ox.parse(path=str(out / f"{slug}.document.trig"), format=ox.RdfFormat.TRIG))
        assert {q.graph_name.value for q in quads} == {graph_iri(slug), SOURCES_GRAPH}
        own = {q.subject.value for q in quads if q.graph_name.value == graph_iri(slug)}
        assert all(s.startswith(f"{DATA_BASE}article/{slug}") for s in own), slug
    # the same input gives the same bytes, and nothing is rewritten
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    again = _ingest(invoke, wiki_dir, out)
    assert "0 written, 4 unchanged" in again.stderr
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()} == before


def test_shared_sources_are_one_node_and_printings_stay_on_references(
    wiki_dir: Path, tmp_path: Path, invoke: Invoke,
) -> None:
    out = tmp_path / "graph"
    result = _ingest(invoke, wiki_dir, out)
    store = _store(out)
    alpha, beta, delta, gamma = SLUGS
    doe = _referenced(store, alpha, 1)
    # normalised citation: case, punctuation and dash variants are the same work
    assert _referenced(store, beta, 1) == doe == _referenced(store, gamma, 2)
    # DOI first: a differently printed citation with the same DOI is the same work
    roe = _referenced(store, alpha, 2)
    assert roe == _referenced(store, beta, 3) == _referenced(store, delta, 1)
    assert roe == f"{DATA_BASE}source/roe-2010"
    # same author and year, different work: different nodes, both marked by a hash
    other = _referenced(store, beta, 2)
    assert other != doe and doe.startswith(f"{DATA_BASE}source/doe-2001-")
    assert other.startswith(f"{DATA_BASE}source/doe-2001-")
    assert "different works share the key 'doe-2001'" in result.stderr
    # one description per work in the union: a single label, citation and tier each
    for prop in ("http://www.w3.org/2000/01/rdf-schema#label",
                 "http://purl.org/dc/terms/bibliographicCitation", f"{PK}tier"):
        rows = list(store.query(  # type: ignore[attr-defined]
            f"SELECT ?s (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?s a <{PK}Source> ; <{prop}> ?v }} "
            "GROUP BY ?s", use_default_graph_as_union=True))
        assert len(rows) == 4 and all(int(r["n"].value) == 1 for r in rows), prop
    # each article keeps the citation as it printed it on its own reference
    printed = list(store.query(  # type: ignore[attr-defined]
        f"SELECT ?t WHERE {{ <{DATA_BASE}article/{beta}/reference/1> <{PK}citationText> ?t }}",
        use_default_graph_as_union=True))
    assert [r["t"].value for r in printed] == [DOE_FIRST_VARIANT.split(" — link")[0]]


def test_source_iris_do_not_depend_on_reading_order(wiki_dir: Path) -> None:
    files = sorted(wiki_dir.rglob("*.txt"))
    texts = [[a.text for a in read_wiki(order).articles]
             for order in (files, files[::-1], random.Random(7).sample(files, len(files)))]
    assert texts[0] == texts[1] == texts[2]
    entries = [(a.slug, e) for a in read_wiki(files).articles for e in a.article.sources]
    shuffled = random.Random(3).sample(entries, len(entries))
    assert ({k: v.key for k, v in mint_sources(entries).items()}
            == {k: v.key for k, v in mint_sources(shuffled).items()})


def test_citation_identity_rules() -> None:
    assert normalise_citation("Woolf, C.J. (1983). Nature, 306, 686–688.") == \
        normalise_citation("woolf, c. j. (1983) nature 306 686-688")
    assert printed_identifiers("X. doi:10.1038/306686a0. PMID: 6656869") == [
        "doi:10.1038/306686a0", "pmid:6656869"]
    assert printed_identifiers("https://doi.org/10.1038/306686A0.") == ["doi:10.1038/306686a0"]
    assert printed_identifiers("Woolf (1983). Nature, 306, 686–688.") == []
    from painkg.ingest.citations import parse_source_entry

    one = parse_source_entry("1. " + ROE_DOI, 1)
    two = parse_source_entry("2. " + ROE_DOI_VARIANT, 2)
    assert identity_of(one) == identity_of(two) == "doi:10.1000/xyz123"


def test_reingesting_after_editing_one_article_rewrites_only_its_file(
    wiki_dir: Path, tmp_path: Path, invoke: Invoke,
) -> None:
    out = tmp_path / "graph"
    _ingest(invoke, wiki_dir, out)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.glob("*.document.trig")}
    title, sources = WIKI["gamma.txt"]
    (wiki_dir / "gamma.txt").write_text(
        _article(title, sources, " One more synthetic sentence LLM."), encoding="utf-8")
    result = _ingest(invoke, wiki_dir, out)
    assert "1 written, 3 unchanged" in result.stderr
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.glob("*.document.trig")}
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == ["synthetic-wiki-gamma.document.trig"]


def test_single_article_into_a_folder_uses_the_wiki_file_name(
    wiki_dir: Path, tmp_path: Path, invoke: Invoke,
) -> None:
    out = tmp_path / "graph"
    out.mkdir()
    _ingest(invoke, wiki_dir / "sub" / "delta.txt", out)
    assert sorted(p.name for p in out.iterdir()) == [
        "ids.tsv", "synthetic-wiki-delta.document.trig"]  # and its ID register
    folder_without_output = invoke("ingest", str(wiki_dir))
    assert folder_without_output.exit_code == EXIT_USAGE, folder_without_output.output
    assert "-o DIR" in folder_without_output.stderr


def test_broken_article_in_folder_names_file_and_line_and_keeps_outputs(
    wiki_dir: Path, tmp_path: Path, invoke: Invoke,
) -> None:
    out = tmp_path / "graph"
    _ingest(invoke, wiki_dir, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = wiki_dir / "epsilon.txt"
    text = _article("Synthetic Wiki Epsilon", [DOE_FIRST])
    broken.write_text(text.replace(" — linkT1", " — link"), encoding="utf-8")
    line = text.splitlines().index("  1. " + DOE_FIRST) + 1
    result = invoke("ingest", str(wiki_dir), "-o", str(out))
    assert result.exit_code == EXIT_INPUT, result.output
    assert result.stderr.startswith(f"painkg: error: {broken}, line {line}: "), result.stderr
    assert "no evidence tier" in result.stderr and result.stderr.count("\n") == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before, "outputs were touched"
    # the library raises the same error before writing anything
    with pytest.raises(InputError, match=f"line {line}"):
        write_wiki(read_wiki([wiki_dir]), out)


def test_duplicate_titles_are_refused_naming_both_files(wiki_dir: Path) -> None:
    shutil.copy(wiki_dir / "alpha.txt", wiki_dir / "alpha-copy.txt")
    with pytest.raises(InputError, match="alpha.txt") as info:
        read_wiki([wiki_dir])
    assert "alpha-copy.txt" in str(info.value)


def test_validation_is_per_article_and_incremental(
    wiki_dir: Path, tmp_path: Path, invoke: Invoke,
) -> None:
    out, cache = tmp_path / "graph", tmp_path / "cache"
    _ingest(invoke, wiki_dir, out)
    first = validate_articles([out], cache, workers=2)
    assert [r.name for r in first] == SLUGS
    assert [r.cached for r in first] == [False] * 4
    assert all(r.report.conforms("violation") for r in first), [
        (r.name, [x.message for x in r.report.at_or_above("violation")]) for r in first]
    entries = sorted(p.name for p in (cache / "validate").rglob("*.json"))
    assert entries == sorted(f"{r.key}.json" for r in first)
    second = validate_articles([out], cache)
    assert [r.cached for r in second] == [True] * 4
    from painkg.validation.render import render_json

    assert [render_json(r.report) for r in second] == [render_json(r.report) for r in first]
    # change one article: only it is validated again
    title, sources = WIKI["alpha.txt"]
    (wiki_dir / "alpha.txt").write_text(
        _article(title, sources, " A further synthetic remark LLM."), encoding="utf-8")
    _ingest(invoke, wiki_dir, out)
    third = validate_articles([out], cache)
    assert {r.name: r.cached for r in third} == {
        "synthetic-wiki-alpha": False, "synthetic-wiki-beta": True,
        "synthetic-wiki-delta": True, "synthetic-wiki-gamma": True}
    assert third[0].key != first[0].key


def test_per_article_validation_finds_a_broken_article_only(tmp_path: Path,
                                                           wiki_dir: Path) -> None:
    out = tmp_path / "graph"
    write_wiki(read_wiki([wiki_dir]), out)
    beta = out / "synthetic-wiki-beta.document.trig"
    # a claim that loses its marker: the shapes must catch it in beta and nowhere else
    text = beta.read_text(encoding="utf-8")
    marker_line = next(ln for ln in text.splitlines() if "pk:marker pk:LLM" in ln)
    beta.write_text(text.replace(marker_line, "", 1), encoding="utf-8")
    reports = {r.name: r for r in validate_articles([out], use_cache=False, workers=1)}
    assert not reports["synthetic-wiki-beta"].conforms()
    assert all(r.conforms() for name, r in reports.items() if name != "synthetic-wiki-beta")


def test_cli_wiki_validate_reports_per_article_and_is_quiet_when_piped(
    wiki_dir: Path, tmp_path: Path, invoke: Invoke,
) -> None:
    import json

    out, cache = tmp_path / "graph", tmp_path / "cache"
    _ingest(invoke, wiki_dir, out)
    result = invoke("wiki", "validate", str(out), "--cache", str(cache), "-f", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [a["name"] for a in payload["articles"]] == SLUGS
    assert [a["cached"] for a in payload["articles"]] == [False] * 4
    assert result.stderr == "", "no progress bar or message when stderr is not a terminal"
    text = invoke("wiki", "validate", str(out), "--cache", str(cache))
    assert text.exit_code == 0, text.output
    assert "4 from the cache, 0 validated" in text.stdout and text.stderr == ""


def test_cli_wiki_validate_bad_trig_exits_3_naming_file_and_line(
    tmp_path: Path, invoke: Invoke,
) -> None:
    bad = tmp_path / "synthetic-bad.document.trig"
    bad.write_text("@prefix pk: <https://w3id.org/painkg/vocab#> .\n<urn:x:g> {\n"
                   "  <urn:x:b> pk:x <urn:x:c> <urn:x:d> .\n}\n", encoding="utf-8")
    result = invoke("wiki", "validate", str(bad), "--cache", str(tmp_path / "cache"))
    assert result.exit_code == EXIT_INPUT, result.output
    assert result.stderr.startswith(f"painkg: error: {bad}, line 3"), result.stderr
    assert "Traceback" not in result.stderr


def test_progress_bar_appears_on_a_terminal_only(wiki_dir: Path, tmp_path: Path) -> None:
    import pty

    painkg = shutil.which("painkg") or ""
    assert painkg, "the painkg script is installed"
    env = {**os.environ, "COLUMNS": "100"}
    argv = [painkg, "ingest", str(wiki_dir), "-o", str(tmp_path / "graph")]
    piped = subprocess.run(argv, capture_output=True, env=env, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert b"Reading articles" not in piped.stderr
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [painkg, "wiki", "validate", str(tmp_path / "graph"), "--cache",
             str(tmp_path / "cache"), "-j", "1"],
            stdout=subprocess.PIPE, stderr=follower, env=env, timeout=300)
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: everything has been read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    assert proc.returncode == 0, seen
    assert b"Validating articles" in seen and b"4/4" in seen, seen
    assert b"Validating" not in proc.stdout, "the bar goes to stderr, never stdout"


def test_wiki_ingest_library_api_round_trip(wiki_dir: Path, tmp_path: Path) -> None:
    """The functions the CLI wraps: read_wiki -> write_wiki -> validate_articles."""
    wiki = read_wiki([wiki_dir])
    assert [a.slug for a in wiki.articles] == SLUGS
    report = write_wiki(wiki, tmp_path / "graph")
    assert len(report.written) == 4 and report.unchanged == []
    assert write_wiki(read_wiki([wiki_dir]), tmp_path / "graph").written == []
