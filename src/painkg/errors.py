"""The error hierarchy and the exit codes it maps to (documented in the README).

0 ok · 1 violations or QC rows found · 2 usage error · 3 input could not be loaded or a
service could not be reached.
"""

from __future__ import annotations

import re

__all__ = [
    "EXIT_OK", "EXIT_FINDINGS", "EXIT_USAGE", "EXIT_INPUT",
    "PainKGError", "UsageError", "UnknownNameError", "InputError", "ServiceError",
    "RefusedQueryError", "QueryTimeoutError", "OutputError", "printable",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INPUT = 3


class PainKGError(Exception):
    """Base of every error painkg reports to a user as one paragraph, without a traceback."""

    exit_code: int = EXIT_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(PainKGError):
    """A bad option, parameter or name: the user can fix the command line."""

    exit_code = EXIT_USAGE


class UnknownNameError(UsageError):
    """An entity name that resolves to nothing; carries the closest matches."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = f" Did you mean: {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"No entity is named {name!r}.{hint}")
        self.name = name
        self.suggestions = suggestions


class RefusedQueryError(UsageError):
    """A query painkg will not run (updates, SERVICE, LOAD, remote FROM...)."""


class InputError(PainKGError):
    """A file that could not be read or parsed; the message names file, line and column."""

    exit_code = EXIT_INPUT

    def __init__(
        self, message: str, path: str | None = None, line: int | None = None,
        column: int | None = None,
    ) -> None:
        where = ""
        if path is not None:
            where = str(path)
            if line is not None:
                where += f", line {line}"
                if column is not None:
                    where += f", column {column}"
            where += ": "
        super().__init__(where + message)
        self.path = path
        self.line = line
        self.column = column


class ServiceError(PainKGError):
    """A store or endpoint that could not be reached or is not what it claims to be."""

    exit_code = EXIT_INPUT


class QueryTimeoutError(PainKGError):
    """A query that ran past its time bound and was stopped."""

    exit_code = EXIT_INPUT


class OutputError(PainKGError):
    """Output that could not be written (a full disk, a closed pipe, a refused device)."""

    exit_code = EXIT_INPUT


#: Longest run of one name (a word, or a quoted string) an error message shows in full.
NAME_LIMIT = 200

# C0 controls but newline (messages may be several lines), DEL and C1 controls: raw, they can
# move the cursor, recolour or clear a terminal (an input file can hold any of them).
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_N = NAME_LIMIT + 1
_LONG_NAME = re.compile(rf"'[^'\n]{{{_N},}}'|\"[^\"\n]{{{_N},}}\"|[^\s'\"]{{{_N},}}")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _cut(match: re.Match[str]) -> str:
    text = match.group(0)
    return f"{text[:NAME_LIMIT]}… [cut: {len(text) - NAME_LIMIT} more characters]"


def printable(message: str) -> str:
    """``message`` safe for a terminal: control characters escaped (``\\x1b``), and any name
    longer than :data:`NAME_LIMIT` characters cut, saying how much was left out."""
    return _LONG_NAME.sub(_cut, _CONTROL.sub(_escape, message))
