"""Paths of the files painkg ships: the ontology, the data and the query library, and the
web pages and scripts of ``painkg/static``.

In a wheel they live in ``painkg/_packaged``; in a source checkout (editable install, tests)
they are the top-level ``ontology/``, ``data/`` and ``queries/`` folders. ``painkg/static``
is inside the package in both.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["package_root", "ontology_dir", "data_dir", "queries_dir", "ontology_files",
           "shapes_file", "article_files", "static_text"]


def package_root() -> Path:
    """The folder holding ``ontology/``, ``data/`` and ``queries/``."""
    packaged = Path(str(files("painkg"))) / "_packaged"
    if (packaged / "ontology").is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError("painkg's packaged ontology/data/queries folders are missing")


def ontology_dir() -> Path:
    """The ``ontology/`` folder (OWL vocabulary and SHACL shapes)."""
    return package_root() / "ontology"


def data_dir() -> Path:
    """The ``data/`` folder (articles, their graphs, the crosswalk)."""
    return package_root() / "data"


def queries_dir() -> Path:
    """The ``queries/`` folder (research, views, qc)."""
    return package_root() / "queries"


def ontology_files() -> list[Path]:
    """The OWL vocabulary files, shapes excluded, sorted."""
    return sorted(p for p in ontology_dir().glob("*.ttl") if p.name != "shapes.ttl")


def shapes_file() -> Path:
    """The SHACL shapes graph."""
    return ontology_dir() / "shapes.ttl"


def article_files() -> list[Path]:
    """The article exports shipped in ``data/articles/``, sorted."""
    return sorted((data_dir() / "articles").glob("*.txt"))


def static_text(name: str) -> str:
    """The text of a file shipped in ``painkg/static`` (HTML pages, CSS, scripts)."""
    return (files("painkg") / "static" / name).read_text(encoding="utf-8")
