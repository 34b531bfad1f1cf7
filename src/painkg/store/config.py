"""painkg's configuration file: where the graph lives when no option or variable says.

Precedence of the store spec: ``--store`` > ``$PAINKG_STORE`` > config file > ``memory``.
The config file is the first of ``./painkg.toml`` and ``$XDG_CONFIG_HOME/painkg/config.toml``
(``~/.config/painkg/config.toml`` when ``XDG_CONFIG_HOME`` is unset) that exists::

    # painkg.toml
    store = "oxigraph:.painkg/store"   # a relative path is relative to this file

A config file that is not valid TOML, or whose ``store`` is not a string, is a usage error
naming the file (exit 2), never silently ignored.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from painkg.errors import UsageError

__all__ = ["CONFIG_FILE_NAME", "config_paths", "find_config", "read_config",
           "configured_store", "default_store_text"]

#: Name of the project-local config file looked for in the working directory.
CONFIG_FILE_NAME = "painkg.toml"

_STORE_ENV_VAR = "PAINKG_STORE"  # same name as painkg.store.base.STORE_ENV_VAR (no import cycle)


def config_paths() -> list[Path]:
    """The places a config file is looked for, first match wins."""
    xdg = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return [Path.cwd() / CONFIG_FILE_NAME, Path(xdg) / "painkg" / "config.toml"]


def find_config() -> Path | None:
    """The config file in force, or None when there is none."""
    for path in config_paths():
        if path.is_file():
            return path
    return None


def read_config(path: Path) -> dict[str, Any]:
    """The parsed TOML table of ``path``; bad TOML is a UsageError naming file and line."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}.") from exc
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read: {exc.strerror or exc}.") from exc


def configured_store(path: Path | None = None) -> str | None:
    """The ``store`` value of the config file (relative oxigraph paths made absolute)."""
    path = path if path is not None else find_config()
    if path is None:
        return None
    value = read_config(path).get("store")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise UsageError(
            f"{path}: 'store' must be a string such as \"memory\", \"oxigraph:PATH\" or "
            f"\"sparql:URL\", not {value!r}."
        )
    value = value.strip()
    kind, sep, location = value.partition(":")
    if sep and kind == "oxigraph" and location and not Path(location).is_absolute():
        # relative to the config file, so the spec means the same from any directory
        value = f"oxigraph:{(path.parent / location).resolve()}"
    return value


def default_store_text() -> str:
    """The store spec to use when no ``--store`` option was given."""
    return os.environ.get(_STORE_ENV_VAR) or configured_store() or "memory"
