"""The store seam: one contract (:mod:`.base`), one module per backend, and loading.

``memory`` and ``oxigraph:PATH`` are :class:`~painkg.store.oxigraph.OxigraphStore`,
``sparql:URL`` is :class:`~painkg.store.endpoint.SparqlEndpointStore`; :func:`open_store`
picks one from a spec. :mod:`painkg.store.load` fills an Oxigraph store from files.

The backends are imported lazily (``painkg.store.OxigraphStore`` works as before) so that a
command that only needs the contract does not pay for the backend modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from painkg.store.base import (
    STORE_ENV_VAR,
    GraphStore,
    LoadFormat,
    StoreSpec,
    ox_format,
    parse_error,
)
from painkg.store.open import is_empty_dir, is_oxigraph_store, open_store, parse_store_spec

if TYPE_CHECKING:
    from painkg.store.endpoint import SparqlEndpointStore
    from painkg.store.oxigraph import OxigraphStore

__all__ = [
    "StoreSpec", "GraphStore", "OxigraphStore", "SparqlEndpointStore", "parse_store_spec",
    "open_store", "is_oxigraph_store", "is_empty_dir", "STORE_ENV_VAR", "LoadFormat",
    "parse_error", "ox_format",
]

_BACKENDS = {"OxigraphStore": "painkg.store.oxigraph",
             "SparqlEndpointStore": "painkg.store.endpoint"}


def __getattr__(name: str) -> Any:
    if name in _BACKENDS:
        import importlib

        return getattr(importlib.import_module(_BACKENDS[name]), name)
    raise AttributeError(f"module 'painkg.store' has no attribute {name!r}")
