"""Paths of the files painkg reads: the ontology, the data and the query library.

The project-folder rule: run inside a painkg checkout (found by walking up from the current
directory, the way git finds its repository, to a folder with a ``pyproject.toml`` naming
painkg beside ``ontology/``, ``data/`` and ``queries/``), every command reads that folder's
files and ``painkg curate build`` writes there, so a curator's edit shows in the next ``ask``
without reinstalling. Outside one, the packaged files are used: in a wheel they live in
``painkg/_packaged``; in an editable install, the checkout painkg was installed from.
``painkg/static`` (web pages and scripts) is inside the package in both cases.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

__all__ = ["cache_home", "package_root", "project_root", "graph_origin", "ontology_dir", "data_dir",
           "queries_dir", "curation_dir", "ontology_files", "shapes_file", "article_files",
           "static_text"]

_NAMES_PAINKG = re.compile(r'^\s*name\s*=\s*["\']painkg["\']', re.MULTILINE)


def _is_project(folder: Path) -> bool:
    if not all((folder / sub).is_dir() for sub in ("ontology", "data", "queries")):
        return False
    try:
        text = (folder / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return False
    return bool(_NAMES_PAINKG.search(text))


@lru_cache(maxsize=8)
def _project_from(start: str) -> Path | None:
    here = Path(start)
    for folder in (here, *here.parents):
        if _is_project(folder):
            return folder
    return None


def project_root(start: Path | None = None) -> Path | None:
    """The painkg checkout holding ``start`` (default: the current directory), or None."""
    try:
        where = start if start is not None else Path(os.getcwd())
    except OSError:  # the current directory was removed
        return None
    return _project_from(str(where.resolve()))


def graph_origin() -> str:
    """Which files painkg reads, for ``--debug`` and ``painkg stats``."""
    project = project_root()
    if project is not None:
        return f"the checkout {project} (found from the current directory)"
    return f"the packaged graph in {package_root()}"


def cache_home() -> Path:
    """painkg's per-user cache folder: ``$XDG_CACHE_HOME/painkg``, else ``~/.cache/painkg``
    (not created here)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "painkg"


def package_root() -> Path:
    """The folder holding ``ontology/``, ``data/`` and ``queries/``: the checkout around the
    current directory if there is one, else the packaged files."""
    project = project_root()
    if project is not None:
        return project
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


def curation_dir() -> Path:
    """The ``data/curation/`` folder: one folder of templates per article slug."""
    return data_dir() / "curation"


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
