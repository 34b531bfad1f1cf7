"""Writing files so that a failed or interrupted run never loses or half-writes earlier output.

The new content goes to a temporary file beside the target, which is renamed into place only
once it is complete and synced. While the temporary file exists, SIGTERM (the default signal
of ``kill`` and of process managers) is turned into an exception so the file is removed, and
is then delivered again with its default action: the process still dies of SIGTERM, and
neither a half-written target nor a stray temporary file is left.

:func:`write_output` is the one helper every command's ``-o`` goes through: it decides, from
what the target is, how to write it (see :func:`output_target`), and
:func:`format_for_output` takes the format from the target's extension when none is named.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from painkg.errors import OutputError, UsageError

__all__ = ["atomic_writer", "write_bytes_atomic", "write_text_atomic", "removable_on_sigterm",
           "OutputTarget", "output_target", "write_output", "EXTENSION_FORMATS",
           "format_for_output"]


class _Terminated(BaseException):
    """SIGTERM arrived while a temporary file was open."""


@contextlib.contextmanager
def removable_on_sigterm() -> Iterator[None]:
    """Within the block, SIGTERM raises an exception (so ``except``/``finally`` clauses can
    remove temporary files); when the block is left, the signal is delivered again."""
    import signal  # here and below, not at the top: writing to stdout needs neither
    import threading

    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):
        yield  # a thread cannot take signals; a program with its own handler keeps it
        return
    received: list[int] = []

    def _handler(signum: int, frame: object) -> None:
        received.append(signum)
        raise _Terminated

    signal.signal(signal.SIGTERM, _handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if received:
            os.kill(os.getpid(), signal.SIGTERM)  # die as the sender meant, now cleaned up


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], mode: str = "wb") -> Iterator[IO[Any]]:
    """Yield a temporary file beside ``path``; rename it into place only if the block succeeds."""
    import tempfile

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)  # -o checks parents first (output_target)
    with removable_on_sigterm():
        tmp: str | None = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                       dir=target.parent)
            # mkstemp creates 0600; give the file the mode an ordinary write would (or keep
            # the old one).
            os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists()
                     else 0o666 & ~_umask())
            text: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8",
                                                            "newline": "\n"}
            with os.fdopen(fd, mode, **text) as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            if tmp is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
            raise


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    with atomic_writer(path, "wb") as fh:
        fh.write(data)


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Replace ``path`` with UTF-8 ``text`` atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


# --- output targets ------------------------------------------------------------------------

#: Paths that name the process's own standard streams: written through the open stream (an
#: atomic rename would replace the link, and /dev/stdout may be a pipe or a terminal).
_STDIO = {"/dev/stdout": 1, "/dev/fd/1": 1, "/proc/self/fd/1": 1,
          "/dev/stderr": 2, "/dev/fd/2": 2, "/proc/self/fd/2": 2}


@dataclass(frozen=True)
class OutputTarget:
    """How an output is written: ``stdout``/``stderr`` (the open stream), ``in_place`` (a
    character device, FIFO or /dev/fd/N: opened and written, never renamed over) or
    ``atomic`` (a regular file, new or old, symlinks followed: temporary file + rename)."""

    kind: Literal["stdout", "stderr", "in_place", "atomic"]
    path: Path | None = None


def output_target(target: str | os.PathLike[str] | None,
                  make_parents: bool = False) -> OutputTarget:
    """What writing to ``target`` means (``None`` or ``-`` is stdout).

    A folder, a block device or a socket is a UsageError (exit 2), and so is a missing parent
    folder unless ``make_parents`` (for commands that document that they create folders).
    """
    raw = "-" if target is None else os.fspath(target)
    if raw == "-":
        return OutputTarget("stdout")
    if raw in _STDIO:
        return OutputTarget("stdout" if _STDIO[raw] == 1 else "stderr")
    if raw.startswith(("/dev/fd/", "/proc/self/fd/")):
        return OutputTarget("in_place", Path(raw))
    real = Path(os.path.realpath(raw))  # a symlink's target is what gets (atomically) written
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise UsageError(f"Cannot write {raw}: {exc.strerror or exc}.") from exc
    if mode is None:
        if not real.parent.is_dir() and not make_parents:
            raise UsageError(f"Cannot write {raw}: the folder {real.parent} does not exist "
                             f"(this command does not create folders; create it first).")
        return OutputTarget("atomic", real)
    if stat.S_ISREG(mode):
        return OutputTarget("atomic", real)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return OutputTarget("in_place", Path(raw))
    what = "a folder" if stat.S_ISDIR(mode) else "not a file, character device or FIFO"
    raise UsageError(f"Cannot write {raw}: it is {what}; name a file to write.")


def write_output(target: str | os.PathLike[str] | None, data: bytes,
                 make_parents: bool = False) -> OutputTarget:
    """Write ``data`` to ``target`` the way :func:`output_target` says; a write that fails
    (a full disk, a closed pipe, no permission) is an OutputError (exit 3) with the reason."""
    where = output_target(target, make_parents)
    name = "standard output" if where.path is None else str(target)
    try:
        if where.kind in ("stdout", "stderr"):
            stream = sys.stdout if where.kind == "stdout" else sys.stderr
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
        elif where.kind == "in_place":
            assert where.path is not None
            with open(where.path, "wb") as fh:
                fh.write(data)
        else:
            assert where.path is not None
            write_bytes_atomic(where.path, data)
    except BrokenPipeError:
        raise  # the reader went away: not an error of ours (the CLI exits quietly)
    except OSError as exc:
        raise OutputError(f"Cannot write {name}: {exc.strerror or exc}.") from exc
    return where


#: File extensions and the formats they name, most likely first (ROBOT and riot guess the
#: same way); a command picks the first one it offers.
EXTENSION_FORMATS: Mapping[str, tuple[str, ...]] = {
    ".ttl": ("turtle",), ".nt": ("ntriples",), ".jsonld": ("jsonld",), ".trig": ("trig",),
    ".nq": ("nquads",), ".tsv": ("tsv", "sssom", "unmapped"), ".csv": ("csv",),
    ".json": ("json",), ".md": ("markdown",), ".txt": ("text", "table"), ".rq": ("rq",),
    ".graphml": ("graphml",), ".gexf": ("gexf",), ".cyjs": ("cyjs",), ".dot": ("dot",),
    ".gv": ("dot",), ".svg": ("svg",), ".mmd": ("mermaid",), ".html": ("html",),
    ".zip": ("csv",),
}


def format_for_output(
    fmt: str | None, target: str | os.PathLike[str] | None, choices: Sequence[str],
    default: str, extensions: Mapping[str, tuple[str, ...]] = EXTENSION_FORMATS,
) -> str:
    """The format to write: ``fmt`` if named, else the one ``target``'s extension names, else
    ``default``. An extension that names a format other than ``fmt``, or one the command
    cannot write, is a UsageError (exit 2); an extension nobody knows leaves the choice alone.
    """
    suffix = "" if target is None else Path(os.fspath(target)).suffix.lower()
    named = extensions.get(suffix, ())
    if fmt is not None:
        if named and fmt.lower() not in named:
            raise UsageError(f"-f {fmt} contradicts the extension of {target} "
                             f"({suffix} is {' or '.join(named)}); rename the file or drop -f.")
        return fmt.lower()
    if not named:
        return default
    for name in named:
        if name in choices:
            return name
    raise UsageError(f"This command cannot write {' or '.join(named)} ({suffix}); it writes "
                     f"{', '.join(choices)}: choose one with -f and a matching file name.")
