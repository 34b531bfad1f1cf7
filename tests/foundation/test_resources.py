"""The files painkg ships are found (checkout or wheel) and are the ones the docs name."""

from __future__ import annotations

from painkg.resources import (
    article_files,
    data_dir,
    ontology_dir,
    ontology_files,
    package_root,
    queries_dir,
    shapes_file,
)


def test_the_shipped_folders_exist() -> None:
    root = package_root()
    assert ontology_dir() == root / "ontology" and data_dir() == root / "data"
    assert queries_dir() == root / "queries"
    for folder in (ontology_dir(), data_dir(), queries_dir()):
        assert folder.is_dir(), folder


def test_ontology_shapes_and_articles() -> None:
    assert [p.name for p in ontology_files()] == ["painkg.ttl"]
    assert shapes_file().name == "shapes.ttl" and shapes_file().is_file()
    assert "central-sensitization.txt" in [p.name for p in article_files()]
