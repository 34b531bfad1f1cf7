"""The dump other sites import: byte-stable, readable by independent parsers, self-verifying.

Independent checks: every file is re-read by rdflib, by pyoxigraph and (Turtle, N-Triples,
TriG) by Debian's ``rapper`` (raptor2, a C toolkit), and the graphs must agree in size and be
isomorphic; sizes and SHA-256 are recomputed here with hashlib from the files' bytes.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from painkg.publish.description import DESCRIPTION_BASE, FORMAT_INFO, distribution_iri
from painkg.publish.dump import build_dump, dump
from painkg.resources import data_dir, shapes_file
from painkg.store.load import load_packaged
from support.tools import require_tool

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "trig": "trig"}
RAPPER_FORMAT = {"turtle": "turtle", "ntriples": "ntriples", "trig": "trig"}
INTEGRITY_PREDICATES = {DCAT.byteSize, SPDX.checksum, SPDX.algorithm, SPDX.checksumValue}


@pytest.fixture(scope="module")
def files(kg, tmp_path_factory) -> dict[str, Path]:
    """Every format of the packaged graph's dump, written to a temporary folder."""
    folder = tmp_path_factory.mktemp("dump")
    out = {}
    for fmt, data in build_dump(kg).files.items():
        out[fmt] = folder / f"painkg.{FORMAT_INFO[fmt].extension}"
        out[fmt].write_bytes(data)
    return out


def _rdflib(path: Path, fmt: str) -> rdflib.Graph:
    if fmt == "trig":
        ds = rdflib.Dataset()
        ds.parse(path, format="trig")
        graph = rdflib.Graph()
        for s, p, o, _ in ds.quads():
            graph.add((s, p, o))
        return graph
    graph = rdflib.Graph()
    graph.parse(path, format=RDFLIB_FORMAT[fmt])
    return graph


def _pyoxigraph(path: Path, fmt: str) -> rdflib.Graph:
    """Parsed by Oxigraph, handed over to rdflib as N-Triples (graph names dropped)."""
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "trig": ox.RdfFormat.TRIG}
    lines = {f"{ox.Triple(q.subject, q.predicate, q.object)} .\n"
             for q in ox.parse(path=str(path), format=formats[fmt])}
    graph = rdflib.Graph()
    graph.parse(data="".join(sorted(lines)), format="nt")
    return graph


def _rapper(path: Path, fmt: str) -> tuple[rdflib.Graph, int]:
    """Parsed by raptor2's ``rapper``; returns the graph and the statement count it reports."""
    rapper = require_tool("rapper")
    out = subprocess.run([rapper, "-i", RAPPER_FORMAT[fmt], "-o", "nquads", str(path)],
                         capture_output=True, text=True, check=False, timeout=120)
    assert out.returncode == 0, out.stderr
    count = int(out.stderr.split("returned ")[1].split()[0])
    ds = rdflib.Dataset()
    ds.parse(data=out.stdout, format="nquads")
    graph = rdflib.Graph()
    for s, p, o, _ in ds.quads():
        graph.add((s, p, o))
    return graph, count


def test_two_dumps_are_byte_identical(tmp_path: Path, invoke) -> None:
    first = invoke("dump", "-o", str(tmp_path / "a.ttl"))
    assert first.exit_code == 0, first.output
    second = invoke("dump", "-o", str(tmp_path / "b.ttl"))
    assert second.exit_code == 0, second.output
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()


def test_every_format_is_identical_across_fresh_stores() -> None:
    """Two separately loaded stores (fresh random blank-node ids) give the same bytes."""
    one, two = build_dump(load_packaged()), build_dump(load_packaged())
    assert set(one.files) == set(FORMAT_INFO)
    for fmt in FORMAT_INFO:
        assert one.files[fmt] == two.files[fmt], fmt


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "trig"])
def test_independent_parsers_agree(files: dict[str, Path], fmt: str) -> None:
    reference = _rdflib(files[fmt], fmt)
    assert len(reference) > 0
    by_oxigraph = _pyoxigraph(files[fmt], fmt)
    assert len(by_oxigraph) == len(reference)
    assert isomorphic(by_oxigraph, reference)
    # raptor2 has no JSON-LD parser; the JSON-LD file must then equal rapper's reading of
    # the N-Triples file, which is the same dump.
    rapper_fmt = fmt if fmt in RAPPER_FORMAT else "ntriples"
    by_rapper, rapper_count = _rapper(files[rapper_fmt], rapper_fmt)
    assert len(by_rapper) == len(reference)
    if fmt != "trig":  # for TriG rapper counts quads, checked in the next test
        assert rapper_count == len(reference)
    assert isomorphic(by_rapper, reference)


def _refuse_remote(url: str, options: dict | None = None) -> dict:
    raise AssertionError(f"pyld tried to fetch {url}: the dump's context must be inline")


def test_pyld_reads_the_jsonld_dump_offline(files: dict[str, Path]) -> None:
    """pyld (the JSON-LD reference algorithms, independent of rdflib and Oxigraph) turns the
    JSON-LD dump into the same graph as the N-Triples dump, fetching nothing."""
    jsonld = pytest.importorskip("pyld.jsonld")
    document = json.loads(files["jsonld"].read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads",
                                      "documentLoader": _refuse_remote})
    graph = rdflib.Graph()
    graph.parse(data=nquads, format="nt")
    reference = _rdflib(files["ntriples"], "ntriples")
    assert len(graph) == len(reference) > 0
    assert isomorphic(graph, reference)


def test_formats_hold_the_same_graph(files: dict[str, Path]) -> None:
    graphs = {fmt: _rdflib(path, fmt) for fmt, path in files.items()}
    for fmt, graph in graphs.items():
        assert isomorphic(graph, graphs["ntriples"]), fmt


def test_trig_keeps_the_named_graphs(kg, files: dict[str, Path]) -> None:
    import pyoxigraph as ox

    expected = {str(g.value) for g in kg.inner.named_graphs()}
    expected.add("https://w3id.org/painkg/id/graph/description")
    ds = rdflib.Dataset()
    ds.parse(files["trig"], format="trig")
    found = {str(g) for _, _, _, g in ds.quads() if g is not None}
    assert found == expected
    oxi_quads = list(ox.parse(path=str(files["trig"]), format=ox.RdfFormat.TRIG))
    _, rapper_count = _rapper(files["trig"], "trig")
    assert rapper_count == len(oxi_quads) == len(list(ds.quads()))
    # every data quad of the store is in its own graph in the file
    in_file = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
               for q in oxi_quads if not isinstance(q.subject, ox.BlankNode)
               and not isinstance(q.object, ox.BlankNode)}
    in_store = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
                for q in kg.named_quads() if not isinstance(q.subject, ox.BlankNode)
                and not isinstance(q.object, ox.BlankNode)}
    assert in_store <= in_file


def _distributions(graph: rdflib.Graph) -> dict[str, tuple[int, str]]:
    """media type -> (dcat:byteSize, SHA-256) as the description states them."""
    out = {}
    for dist in graph.subjects(rdflib.RDF.type, DCAT.Distribution):
        media = str(graph.value(dist, DCAT.mediaType)).rsplit("media-types/", 1)[1]
        size = int(graph.value(dist, DCAT.byteSize))
        checksum = graph.value(dist, SPDX.checksum)
        assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        out[media] = (size, str(graph.value(checksum, SPDX.checksumValue)))
    return out


def test_checksums_and_sizes_match_the_files(files: dict[str, Path]) -> None:
    """Each file's description states every distribution; all agree with the bytes."""
    actual = {}
    for fmt, path in files.items():
        data = path.read_bytes()
        actual[FORMAT_INFO[fmt].media_type] = data
    for fmt, path in files.items():
        stated = _distributions(_rdflib(path, fmt))
        assert set(stated) == set(actual), fmt
        for media, (size, digest) in stated.items():
            data = actual[media]
            assert 0 < size < len(data)
            assert hashlib.sha256(data[:size]).hexdigest() == digest, (fmt, media)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "trig"])
def test_covered_bytes_are_the_dump_without_its_checksums(files: dict[str, Path],
                                                          fmt: str) -> None:
    full = _rdflib(files[fmt], fmt)
    size = _distributions(full)[FORMAT_INFO[fmt].media_type][0]
    prefix = files[fmt].parent / f"prefix.{files[fmt].suffix}"
    prefix.write_bytes(files[fmt].read_bytes()[:size])
    covered = _rdflib(prefix, fmt)
    checksum_nodes = set(full.objects(None, SPDX.checksum))
    expected = rdflib.Graph()
    for s, p, o in full:
        if p not in INTEGRITY_PREDICATES and s not in checksum_nodes:
            expected.add((s, p, o))
    assert len(covered) == len(expected)
    assert isomorphic(covered, expected)


def test_void_triples_equals_the_actual_count(files: dict[str, Path]) -> None:
    import pyoxigraph as ox

    triples = {(str(q.subject), str(q.predicate), str(q.object))
               for q in ox.parse(path=str(files["ntriples"]), format=ox.RdfFormat.N_TRIPLES)}
    data = {t for t in triples if not t[0].startswith("<" + DESCRIPTION_BASE)}
    stated = [t[2] for t in triples
              if t[0] == f"<{DESCRIPTION_BASE}painkg>" and t[1] == "<http://rdfs.org/ns/void#triples>"]
    assert len(stated) == 1
    assert int(stated[0].split('"')[1]) == len(data)


def test_jsonld_uses_the_shipped_context(files: dict[str, Path]) -> None:
    shipped = json.loads((data_dir() / "painkg.context.jsonld").read_text(encoding="utf-8"))
    document = json.loads(files["jsonld"].read_text(encoding="utf-8"))
    assert document["@context"] == shipped["@context"]
    from painkg.publish.serialize import jsonld_context

    assert shipped == jsonld_context(), (
        "data/painkg.context.jsonld is stale: regenerate it from "
        "painkg.publish.serialize.jsonld_context()"
    )


def test_shapes_are_included_on_request(kg, invoke, tmp_path: Path) -> None:
    target = tmp_path / "with-shapes.trig"
    result = invoke("dump", "-f", "trig", "--with-shapes", "-o", str(target))
    if not shapes_file().is_file():
        assert result.exit_code == 3, result.output
        assert "shapes" in result.stderr
        return
    assert result.exit_code == 0, result.output
    shapes = rdflib.Graph()
    shapes.parse(shapes_file(), format="turtle")
    ds = rdflib.Dataset()
    ds.parse(target, format="trig")
    in_dump = ds.graph(rdflib.URIRef("https://w3id.org/painkg/id/graph/shapes"))
    assert len(in_dump) == len(shapes) > 0
    assert isomorphic(in_dump, shapes)
    again = tmp_path / "again.trig"
    assert invoke("dump", "-f", "trig", "--with-shapes", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == target.read_bytes()


def test_stdout_is_the_same_dump(invoke) -> None:
    result = invoke("dump", "-f", "ntriples")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == dump(load_packaged(), "ntriples")


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "trig"])
def test_one_format_describes_its_own_distribution(fmt: str, tmp_path: Path) -> None:
    """A single-format dump states one distribution, whose size and SHA-256 match its bytes,
    and holds the same graph as that format's file from the four-format dump."""
    data = dump(load_packaged(), fmt)
    path = tmp_path / f"one.{FORMAT_INFO[fmt].extension}"
    path.write_bytes(data)
    graph = _rdflib(path, fmt)
    stated = _distributions(graph)
    assert list(stated) == [FORMAT_INFO[fmt].media_type]
    size, digest = stated[FORMAT_INFO[fmt].media_type]
    assert 0 < size < len(data)
    assert hashlib.sha256(data[:size]).hexdigest() == digest
    all_four = tmp_path / f"all.{FORMAT_INFO[fmt].extension}"
    all_four.write_bytes(build_dump(load_packaged()).files[fmt])
    expected, actual = _core(_rdflib(all_four, fmt), fmt), _core(graph, fmt)
    assert len(actual) == len(expected) > 0
    assert isomorphic(actual, expected)


def _core(graph: rdflib.Graph, fmt: str) -> rdflib.Graph:
    """``graph`` without integrity statements and without other formats' distributions."""
    others = tuple(distribution_iri(f) for f in FORMAT_INFO if f != fmt)
    out = rdflib.Graph()
    for s, p, o in graph:
        if not (p in INTEGRITY_PREDICATES or str(s).endswith("/checksum")
                or str(s).startswith(others) or str(o).startswith(others)):
            out.add((s, p, o))
    return out


@pytest.mark.parametrize("args", [
    ["--sparql-endpoint", "not a url"], ["--issued", "2026-02-30"], ["-f", "rdfxml"],
    ["--base-url", "ftp://example.org/"], ["--timeout", "0"],
])
def test_bad_options_exit_2(invoke, args: list[str]) -> None:
    result = invoke("dump", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
