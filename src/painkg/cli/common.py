"""Options and helpers every painkg command shares (the CLI's conventions live here).

Conventions: data on stdout, messages on stderr; ``-f/--format`` where output is data;
``-o/--output`` writes a file atomically; ``-p/--param name=value`` binds query parameters;
exit codes 0 ok, 1 findings, 2 usage, 3 input or service.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click

from painkg.errors import UsageError

__all__ = ["AppState", "pass_state", "format_option", "output_option", "emit", "warn",
           "examples"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class AppState:
    """State shared by commands through the click context (never module globals)."""

    store_spec: str | None = None
    debug: bool = False
    _store: Any = field(default=None, repr=False)

    def store(self) -> Any:
        """The store the command reads: the packaged graph in memory unless ``--store`` says."""
        if self._store is None:
            from painkg.store import open_store, parse_store_spec
            from painkg.store.load import load_packaged

            spec = parse_store_spec(self.store_spec)
            if self.debug:
                warn(f"painkg: reading {self.graph_origin()}")
            self._store = load_packaged() if spec.kind == "memory" else open_store(spec)
        return self._store

    def graph_origin(self) -> str:
        """Which graph the command reads: a checkout's, the packaged one, or --store's."""
        from painkg.resources import graph_origin

        if self.store_spec and not self.store_spec.startswith("memory"):
            return f"the store {self.store_spec}"
        return graph_origin()


pass_state = click.make_pass_decorator(AppState, ensure=True)


def format_option(choices: Sequence[str], default: str | None = None) -> Callable[[F], F]:
    """``-f/--format`` with a fixed list of choices (first one is the default)."""
    return click.option(
        "-f", "--format", "fmt", type=click.Choice(list(choices), case_sensitive=False),
        default=default or choices[0], show_default=True, help="Output format.",
    )


def output_option(
    help_text: str = "Write to FILE (atomically) instead of stdout.",
) -> Callable[[F], F]:
    """``-o/--output FILE``."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        default=None, help=help_text)


def emit(data: str | bytes, output: Path | None = None) -> None:
    """Write data to ``output`` atomically, or to stdout."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    from painkg.atomic import write_bytes_atomic

    try:
        write_bytes_atomic(output, payload)
    except OSError as exc:
        raise UsageError(f"Cannot write {output}: {exc.strerror or exc}") from exc


def warn(message: str) -> None:
    """A message for the user, on stderr."""
    click.echo(message, err=True)


def examples(*lines: str) -> str:
    """An ``Examples:`` block for the end of a command's help (kept verbatim by click)."""
    body = "\n".join(f"  {line}" for line in lines)
    return f"\n\n\b\nExamples:\n{body}"
