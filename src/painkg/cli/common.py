"""Options and helpers every painkg command shares (the CLI's conventions live here).

Conventions: data on stdout, messages on stderr; ``-f/--format`` where output is data;
``-o/--output`` writes through :func:`painkg.atomic.write_output` (``-`` is stdout, devices and
FIFOs are written in place, files atomically) and, without ``-f``, its extension names the
format; ``-p/--param name=value`` binds query parameters; numeric options take bounded,
finite numbers (:data:`SECONDS`, :func:`count_type`); exit codes 0 ok, 1 findings, 2 usage,
3 input or service.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import click

__all__ = ["AppState", "pass_state", "format_option", "output_option", "output_options", "emit",
           "warn", "examples", "FiniteFloat", "SECONDS", "count_type", "timeout_option",
           "limit_option"]

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

            spec = parse_store_spec(self.store_spec)
            if self.debug:
                warn(f"painkg: reading {self.graph_origin()}")
            if spec.kind == "memory":
                # the loader (rdflib, the parsers) only when the packaged graph is loaded
                from painkg.store.load import load_packaged

                self._store = load_packaged()
            else:
                self._store = open_store(spec)
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


_OUTPUT_HELP = ("Write to FILE instead of stdout ('-' is stdout): a file is replaced "
                "atomically, a device or FIFO written in place; the folder must exist.")


def output_option(help_text: str = _OUTPUT_HELP) -> Callable[[F], F]:
    """``-o/--output FILE`` (``-`` for stdout); what FILE is decides how it is written."""
    return click.option("-o", "--output", type=click.Path(path_type=Path, allow_dash=True),
                        default=None, help=help_text)


def output_options(
    choices: Sequence[str], default: str | None = None, *,
    extensions: Mapping[str, tuple[str, ...]] | None = None, output_help: str = _OUTPUT_HELP,
) -> Callable[[F], F]:
    """``-f/--format`` and ``-o/--output`` together: without ``-f`` the format comes from
    ``-o``'s extension (``.ttl`` Turtle, ``.json`` JSON...), else ``default`` (the first
    choice); an ``-f`` the extension contradicts, or an extension the command cannot write,
    is exit 2. The command receives the resolved ``fmt`` (lower case) and ``output``."""
    names = [c.lower() for c in choices]
    fallback = (default or names[0]).lower()

    def decorate(func: F) -> F:
        from painkg.atomic import EXTENSION_FORMATS, format_for_output

        @functools.wraps(func)
        def resolved(*args: Any, **kwargs: Any) -> Any:
            kwargs["fmt"] = format_for_output(kwargs.get("fmt"), kwargs.get("output"), names,
                                              fallback, extensions or EXTENSION_FORMATS)
            return func(*args, **kwargs)

        with_output = output_option(output_help)(resolved)
        return cast(F, click.option(
            "-f", "--format", "fmt", type=click.Choice(names, case_sensitive=False),
            default=None, help=f"Output format [default: named by -o's extension, else "
            f"{fallback}].")(with_output))

    return decorate


def emit(data: str | bytes, output: Path | None = None, make_parents: bool = False) -> None:
    """Write data to ``output`` (see :func:`painkg.atomic.write_output`), or to stdout."""
    from painkg.atomic import write_output

    write_output(output, data.encode("utf-8") if isinstance(data, str) else data,
                 make_parents=make_parents)


class FiniteFloat(click.FloatRange):
    """A float within bounds that is a number: NaN and infinities are refused (exit 2)."""

    name = "finite float"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):  # NaN passes every range comparison, so ask directly
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


#: Seconds a query, walk or request may run: above zero, at most a day, a finite number.
SECONDS = FiniteFloat(min=0, min_open=True, max=86_400)


def count_type(minimum: int = 0, maximum: int = 10_000_000) -> click.IntRange:
    """A whole number within bounds (a count, depth or size), the same type for every option."""
    return click.IntRange(min=minimum, max=maximum)


def timeout_option(what: str = "query", default: float = 30.0,
                   minimum: float = 0.0) -> Callable[[F], F]:
    """``--timeout SECONDS``: the work runs in a worker stopped after that long (exit 3)."""
    kind = SECONDS if minimum <= 0 else FiniteFloat(min=minimum, max=86_400)
    return click.option("--timeout", type=kind, default=default, show_default=True,
                        help=f"Stop the {what} after this many seconds (at most 86400).")


def limit_option(what: str, default: int = 10_000) -> Callable[[F], F]:
    """``--limit N``: report at most N rows (0: no limit), with a note on stderr when cut."""
    return click.option("--limit", type=count_type(0), default=default, show_default=True,
                        help=f"Report at most this many {what} (0: no limit); a note on "
                        f"stderr says when some were cut.")


def warn(message: str) -> None:
    """A message for the user, on stderr."""
    click.echo(message, err=True)


def examples(*lines: str) -> str:
    """An ``Examples:`` block for the end of a command's help (kept verbatim by click)."""
    body = "\n".join(f"  {line}" for line in lines)
    return f"\n\n\b\nExamples:\n{body}"
