"""The ID register: every IRI ingest has minted, with the identity it was minted for.

An IRI that other sites have imported must keep its meaning, so minting consults the record
instead of recomputing from the articles read this time. The register is a TSV file beside
the document layers it governs (``<graph folder>/ids.tsv``; the packaged one is
``data/graph/ids.tsv``) with the columns ``kind``, ``iri``, ``identity`` and ``article`` (the
article that first minted it). Ingest reads it and only ever appends rows: a row, once
written, is never changed or removed, so an IRI is never given to another identity.

Identities by kind: ``source`` the work (its printed DOI/PMID/PMCID/ISBN, else its folded
citation; :func:`painkg.ingest.sourceids.identity_of`); ``question`` and ``example`` the
article and the hash of the text; ``claim`` the article, section and text hash (claim IRIs
are content hashes already, so the row records them: a reworded sentence gets a new IRI and
the old one stays listed here).
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from painkg.errors import InputError

__all__ = ["REGISTER_NAME", "IdRow", "IdRegister", "hash6"]

#: The register's file name in a graph folder.
REGISTER_NAME = "ids.tsv"
_HEADER = ("kind", "iri", "identity", "article")


def hash6(identity: str) -> str:
    """First 6 hex digits of SHA-256 of ``identity`` (the suffix that tells keys apart)."""
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:6]


@dataclass(frozen=True)
class IdRow:
    """One minted IRI."""

    kind: str
    iri: str
    identity: str
    article: str


@dataclass
class IdRegister:
    """The rows read from a register file and those minted since (``new``, to append)."""

    rows: list[IdRow] = field(default_factory=list)
    new: list[IdRow] = field(default_factory=list)
    _by_identity: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _taken: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        for row in self.rows:
            self._index(row)

    def _index(self, row: IdRow) -> None:
        self._by_identity.setdefault((row.kind, row.identity), row.iri)
        self._taken.add(row.iri)

    @classmethod
    def read(cls, path: Path) -> IdRegister:
        """The register in ``path`` (empty when the file does not exist yet)."""
        if not path.is_file():
            return cls()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot be read: {exc}", path=str(path)) from exc
        reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
        rows: list[IdRow] = []
        for number, record in enumerate(reader, start=1):
            if number == 1 and tuple(record) == _HEADER:
                continue
            if len(record) != len(_HEADER):
                raise InputError(f"an ID register row has {len(record)} columns, not 4 "
                                 f"({', '.join(_HEADER)})", path=str(path), line=number)
            rows.append(IdRow(*record))
        return cls(rows)

    def known(self, kind: str, identity: str) -> str | None:
        """The IRI already minted for ``identity``, if any."""
        return self._by_identity.get((kind, identity))

    def taken(self, iri: str) -> bool:
        """Whether ``iri`` was ever minted (for any identity)."""
        return iri in self._taken

    def assign(self, kind: str, identity: str, preferred: str, article: str) -> str:
        """The IRI of ``identity``: the one on record, else ``preferred`` if no identity ever
        had it, else ``preferred-<hash6(identity)>``; a new one is recorded in ``new``."""
        known = self.known(kind, identity)
        if known is not None:
            return known
        iri = preferred if not self.taken(preferred) else f"{preferred}-{hash6(identity)}"
        row = IdRow(kind, iri, identity, article)
        self.new.append(row)
        self._index(row)
        return iri

    def record(self, kind: str, iri: str, identity: str, article: str) -> None:
        """Record an IRI minted by a rule that cannot collide (a content hash), if new."""
        if not self.taken(iri):
            row = IdRow(kind, iri, identity, article)
            self.new.append(row)
            self._index(row)

    def append_to(self, path: Path) -> int:
        """Append the new rows to ``path`` (creating it with a header); returns how many.
        Existing bytes are never rewritten: the file only grows."""
        if not self.new:
            return 0
        lines = "".join("\t".join(_clean(v) for v in (r.kind, r.iri, r.identity, r.article))
                        + "\n" for r in self.new)
        fresh = not path.exists() or path.stat().st_size == 0
        with path.open("a", encoding="utf-8", newline="\n") as fh:
            fh.write(("\t".join(_HEADER) + "\n" if fresh else "") + lines)
            fh.flush()
        count = len(self.new)
        self.rows.extend(self.new)
        self.new = []
        return count


def _clean(value: str) -> str:
    """Tabs and newlines would break the row; identities are folded text without them."""
    return " ".join(value.replace("\t", " ").splitlines())
