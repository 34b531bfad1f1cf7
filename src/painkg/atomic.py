"""Writing files so that a failed or interrupted run never loses or half-writes earlier output.

The new content goes to a temporary file beside the target, which is renamed into place only
once it is complete and synced. While the temporary file exists, SIGTERM (the default signal
of ``kill`` and of process managers) is turned into an exception so the file is removed, and
is then delivered again with its default action: the process still dies of SIGTERM, and
neither a half-written target nor a stray temporary file is left.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_writer", "write_bytes_atomic", "write_text_atomic", "removable_on_sigterm"]


class _Terminated(BaseException):
    """SIGTERM arrived while a temporary file was open."""


@contextlib.contextmanager
def removable_on_sigterm() -> Iterator[None]:
    """Within the block, SIGTERM raises an exception (so ``except``/``finally`` clauses can
    remove temporary files); when the block is left, the signal is delivered again."""
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
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
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
