"""The ``painkg`` command line: a thin layer over the library API.

Each module in this package contributes commands through a module-level ``COMMANDS`` list;
the group collects them, so command modules stay independent of each other. The group imports
a command's module only when that command runs (:data:`COMMAND_MODULES`), so ``painkg query
run`` pays for the query modules alone; listing the commands (``--help``, ``painkg docs``)
imports them all.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import MutableMapping
from typing import Any

import click

from painkg import __version__
from painkg.cli.common import AppState, examples
from painkg.errors import PainKGError, printable

__all__ = ["main", "cli"]


def _usage_message(exc: click.ClickException) -> str:
    """Click's own error (a bad option or value, a missing argument) as one painkg paragraph,
    naming the command whose ``--help`` shows the usage."""
    message = exc.format_message().rstrip(".") + "."
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        # the program is painkg however it was started (python -m, a test runner)
        path = " ".join(["painkg", *ctx.command_path.split()[1:]])
        message += f" ('{path} --help' shows the usage.)"
    return message


#: Which module of this package defines each top-level command: the group imports only the
#: module of the command that runs. A test checks it against the modules' ``COMMANDS``; a
#: module missing here is still found (imported whenever a name is not in the table).
COMMAND_MODULES: dict[str, str] = {
    "ask": "traverse", "audit": "evidence", "card": "pages", "curate": "curate",
    "diff": "diff", "docs": "docs", "dump": "dump", "evidence": "evidence",
    "export": "export", "ingest": "evidence", "load": "store", "mappings": "dump",
    "neighbours": "traverse", "path": "traverse", "query": "query", "rank": "traverse",
    "review": "review", "serve": "store", "site": "pages", "stats": "graph",
    "validate": "graph", "why": "pages", "wiki": "wiki",
}


def _command_modules() -> list[str]:
    """Every module of this package that may define commands (not ``common``, ``_*``)."""
    import pkgutil  # only when every command is listed: not on a command's cold path

    package = sys.modules[__name__]
    return sorted(info.name for info in pkgutil.iter_modules(package.__path__)
                  if not info.name.startswith("_") and info.name != "common")


class PainKGGroup(click.Group):
    """A group that turns PainKGError into one paragraph on stderr and its exit code, and
    click's usage errors into the same ``painkg: error: ...`` form (one error format).

    Commands are loaded lazily: :meth:`get_command` imports the one module that defines the
    command asked for; :attr:`commands` and :meth:`list_commands` load them all."""

    _loaded: set[str]

    @property
    def commands(self) -> MutableMapping[str, click.Command]:
        self._load(_command_modules())
        return self._commands

    @commands.setter
    def commands(self, value: MutableMapping[str, click.Command]) -> None:
        self._commands, self._loaded = dict(value), set()

    def _load(self, modules: list[str]) -> None:
        for name in modules:
            if name in self._loaded:
                continue
            self._loaded.add(name)
            module = importlib.import_module(f"{__name__}.{name}")
            for command in getattr(module, "COMMANDS", []):
                self.add_command(command)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        name = name or cmd.name
        assert name is not None
        self._commands[name] = cmd

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMAND_MODULES:
            self._load([COMMAND_MODULES[cmd_name]])
        if cmd_name not in self._commands:  # a module the table does not know yet
            self._load([m for m in _command_modules() if m not in COMMAND_MODULES.values()])
        return self._commands.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands)

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            # Non-standalone so that click's ClickException reaches us instead of its own
            # "Usage: ... Error: ..." block; exits are then ours to make.
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as exc:
            click.echo(f"painkg: error: {_usage_message(exc)}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("painkg: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PainKGError as exc:
            state = ctx.find_object(AppState)
            if state is not None and state.debug:
                import traceback  # only for --debug: not on a command's cold path

                traceback.print_exc()
            click.echo(f"painkg: error: {printable(exc.message)}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)


@click.group(
    cls=PainKGGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    help="painkg: a pain-neuroscience knowledge graph with a sentence-level evidence trail."
    + examples(
        "painkg validate",
        "painkg ask interventions --problem kinesiophobia",
        "painkg query run interventions-for-problem -p problem=kinesiophobia -f json",
    ),
)
@click.version_option(__version__, prog_name="painkg")
@click.option("--store", "store_spec", envvar="PAINKG_STORE", default=None, metavar="SPEC",
              help="Where the graph lives: memory (default), oxigraph:PATH or sparql:URL. "
              "Also read from $PAINKG_STORE.")
@click.option("--debug", is_flag=True,
              help="Show tracebacks for errors, and say which graph is read.")
@click.pass_context
def cli(ctx: click.Context, store_spec: str | None, debug: bool) -> None:
    ctx.obj = AppState(store_spec=store_spec, debug=debug)


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="painkg", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("painkg: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())  # type: ignore[func-returns-value]
