"""``painkg load``: an on-disk store built once, swapped in whole, never half-written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from painkg.errors import ServiceError
from painkg.store import OxigraphStore, is_oxigraph_store, open_store
from painkg.store.load import build_store, packaged_files

BAD_TTL = '@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b foo:c .\n'


def test_load_builds_a_store_that_reopens(invoke: Callable[..., Result], tmp_path: Path,
                                          kg: OxigraphStore) -> None:
    target = tmp_path / "store"
    result = invoke("load", "--store", f"oxigraph:{target}")
    assert result.exit_code == 0, result.output
    assert f"{len(kg)} triples" in result.stderr and result.stdout == ""
    assert is_oxigraph_store(target)
    store = open_store(f"oxigraph:{target}")
    assert len(store) == len(kg)
    assert not store.writable, "readers open the store read-only"
    assert [p.name for p in tmp_path.iterdir() if p.name != ".store.lock"] == ["store"], (
        "no scratch folder left behind (the lock file stays: removing it would race)")


def test_global_store_option_and_env_name_the_target(invoke: Callable[..., Result],
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke("--store", f"oxigraph:{tmp_path / 'a'}", "load")
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("PAINKG_STORE", f"oxigraph:{tmp_path / 'b'}")
    result = invoke("load")
    assert result.exit_code == 0, result.output
    assert is_oxigraph_store(tmp_path / "a") and is_oxigraph_store(tmp_path / "b")


def test_failed_load_leaves_previous_store_intact(invoke: Callable[..., Result],
                                                  tmp_path: Path) -> None:
    target = tmp_path / "store"
    good = tmp_path / "good.nt"
    good.write_text('<http://x/a> <http://x/p> "kept" .\n')
    assert invoke("load", "--store", f"oxigraph:{target}", str(good)).exit_code == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_TTL)
    result = invoke("load", "--store", f"oxigraph:{target}", str(good), str(bad))
    assert result.exit_code == 3, result.output
    assert f"{bad}, line 3, column 11" in result.stderr and "Traceback" not in result.output
    store = open_store(f"oxigraph:{target}")
    assert [str(r["o"]) for r in store.select("SELECT ?o WHERE { ?s ?p ?o }")] == ["kept"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".store.lock", "bad.ttl", "good.nt",
                                                          "store"]


def test_reload_replaces_the_store(tmp_path: Path) -> None:
    target = tmp_path / "store"
    one, two = tmp_path / "one.nt", tmp_path / "two.nt"
    one.write_text('<http://x/a> <http://x/p> "one" .\n')
    two.write_text('<http://x/a> <http://x/p> "two" .\n')
    assert build_store(target, [(one, "http://g/1")]).replaced is False
    report = build_store(target, [(two, "http://g/2")])
    assert report.replaced and report.quads == 1
    rows = open_store(f"oxigraph:{target}").select("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert [(str(r["g"]), str(r["o"])) for r in rows] == [("http://g/2", "two")]


def test_folder_that_is_not_a_store_is_refused_and_untouched(
        invoke: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    for args in (("load", "--store", f"oxigraph:{folder}"),
                 ("--store", f"oxigraph:{folder}", "query", "run", str(query))):
        result = invoke(*args)
        assert result.exit_code == 3, result.output
        assert "not an Oxigraph store" in result.stderr and "Traceback" not in result.output
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_missing_store_is_service_error(tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="painkg load"):
        open_store(f"oxigraph:{tmp_path / 'absent'}")


@pytest.mark.parametrize("spec", ["memory", "sparql:http://127.0.0.1:9/query"])
def test_load_needs_an_oxigraph_store(invoke: Callable[..., Result], spec: str) -> None:
    result = invoke("load", "--store", spec)
    assert result.exit_code == 2, result.output
    assert "oxigraph:PATH" in result.stderr


def test_load_named_folder_reads_its_rdf_files(invoke: Callable[..., Result],
                                               tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "one.nt").write_text('<http://x/a> <http://x/p> "one" .\n')
    (data / "readme.txt").write_text("not RDF, not read")
    result = invoke("load", "--store", f"oxigraph:{tmp_path / 'store'}", str(data))
    assert result.exit_code == 0, result.output
    assert "1 triple (1 quad) from 1 file." in result.stderr


def test_packaged_files_have_graphs() -> None:
    files = packaged_files()
    assert files and all(graph.startswith("https://w3id.org/painkg/id/graph/")
                         for _, graph in files)
