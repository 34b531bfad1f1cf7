"""Opening a store from its spec: ``memory``, ``oxigraph:PATH`` or ``sparql:URL``."""

from __future__ import annotations

from pathlib import Path

from painkg.errors import ServiceError, UsageError
from painkg.store.base import GraphStore, StoreSpec

__all__ = ["parse_store_spec", "open_store", "is_oxigraph_store", "is_empty_dir"]


def parse_store_spec(text: str | None) -> StoreSpec:
    """Parse ``memory``, ``oxigraph:PATH`` or ``sparql:URL``; raise UsageError otherwise.

    With no text, the spec comes from ``$PAINKG_STORE``, then the config file
    (:mod:`painkg.store.config`), then ``memory``.
    """
    if not text:
        from painkg.store.config import default_store_text

        text = default_store_text()
    text = text.strip()
    if text == "memory":
        return StoreSpec("memory")
    kind, sep, location = text.partition(":")
    if sep and kind == "oxigraph" and location:
        return StoreSpec("oxigraph", location)
    if sep and kind == "sparql" and location.startswith(("http://", "https://")):
        return StoreSpec("sparql", location)
    raise UsageError(
        f"Unknown store {text!r}: use 'memory', 'oxigraph:PATH' or 'sparql:URL' "
        f"(an http:// or https:// endpoint)."
    )



def open_store(
    spec: StoreSpec | str | None = None, *, create: bool = False, read_only: bool | None = None,
) -> GraphStore:
    """Open the store a spec names. ``memory`` starts empty; callers load what they need.

    An ``oxigraph:PATH`` store must already exist (``painkg load`` builds it) unless
    ``create``; it is opened read-only unless ``create`` or ``read_only=False``, so that many
    readers (and ``painkg serve``'s engine) can share it. A folder that is not an Oxigraph
    store is a ServiceError (exit 3), and is never written to.
    """
    if not isinstance(spec, StoreSpec):
        spec = parse_store_spec(spec)
    if spec.kind == "sparql":
        from painkg.store.endpoint import SparqlEndpointStore

        return SparqlEndpointStore(spec)
    import pyoxigraph as ox

    from painkg.store.oxigraph import OxigraphStore

    if spec.kind == "memory":
        return OxigraphStore(spec, ox.Store())
    path = Path(spec.location or "")
    if read_only is None:
        read_only = not create
    if not path.exists() and not create:
        raise ServiceError(
            f"No Oxigraph store at {path}: run 'painkg load --store oxigraph:{path}' first."
        )
    if path.exists() and not is_oxigraph_store(path) and not (create and is_empty_dir(path)):
        raise ServiceError(
            f"{path} is not an Oxigraph store (no RocksDB files in it). Point --store at a "
            f"folder built by 'painkg load', or at a new path for 'painkg load' to create."
        )
    try:
        inner = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        raise ServiceError(f"{path} is not a usable Oxigraph store: {exc}") from exc
    return OxigraphStore(spec, inner, writable=not read_only)


def is_oxigraph_store(path: Path) -> bool:
    """Whether ``path`` is a folder holding an Oxigraph (RocksDB) store; reads, never writes."""
    return path.is_dir() and (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


def is_empty_dir(path: Path) -> bool:
    """Whether ``path`` is a folder with nothing in it (a store may be created there)."""
    return path.is_dir() and not any(path.iterdir())
