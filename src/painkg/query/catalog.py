"""The query library: ``.rq`` files under ``queries/`` and their grlc-style headers.

A query file starts with ``#+`` lines holding a YAML header, as grlc reads it::

    #+ summary: Interventions that target a problem, with their evidence
    #+ description: >
    #+   Longer text, folded into one paragraph.
    #+ tags:
    #+   - interventions
    #+ defaults:
    #+   - problem: pkr:kinesiophobia

QC queries (``queries/qc/``) also carry ``problem:`` and ``solution:``. Parameters are the
query's variables named grlc-style: ``?_name`` (a literal), ``?_name_iri`` (an IRI),
``?_name_integer`` / ``_decimal`` / ``_boolean`` / ``_date`` / ``_gYear`` (typed literals);
a double underscore (``?__name``) makes one optional. ``-p name=value`` binds ``name``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from painkg.errors import InputError, UsageError
from painkg.sparql_tokens import Token, tokenize, variables

__all__ = ["KINDS", "Parameter", "QueryFile", "parse_header", "parse_parameters",
           "read_query_file", "query_from_text", "list_queries", "find_query", "query_names",
           "catalogue_markdown"]

#: The folders of the library, in listing order.
KINDS = ("research", "views", "qc")

#: Typed-literal suffixes grlc understands, mapped to their XSD datatype local name.
_TYPED_SUFFIXES = ("iri", "integer", "decimal", "boolean", "date", "gYear")

_PARAM_RE = re.compile(r"^(_{1,2})([A-Za-z0-9]+?)(?:_(" + "|".join(_TYPED_SUFFIXES) + r"))?$")


@dataclass(frozen=True)
class Parameter:
    """A query parameter: its CLI name, the variable it binds and how its value is read."""

    name: str
    variable: str
    kind: str  # "iri", "literal", or an XSD datatype local name ("integer", "gYear", ...)
    required: bool
    default: str | None = None

    @property
    def is_iri(self) -> bool:
        """True when the value must become an IRI."""
        return self.kind == "iri"


@dataclass(frozen=True)
class QueryFile:
    """One ``.rq`` file of the library (or a user file), with its parsed header."""

    name: str
    kind: str  # research | views | qc | file
    path: Path
    text: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    problem: str = ""
    solution: str = ""
    header: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    #: The text's tokens, read once: screening, parameters and binding all reuse them.
    tokens: list[Token] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.tokens:
            object.__setattr__(self, "tokens", tokenize(self.text))

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; a usage error listing the others if there is none."""
        for param in self.parameters:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise UsageError(
            f"Query {self.name!r} has no parameter {name!r} (its parameters: {known})."
        )


def _plain(value: object) -> object:
    """A header value as painkg reads it: strings (folded text on one line), lists of
    strings and of one-entry ``{name: value}`` maps; YAML's numbers and booleans as text."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): str(_plain(v)) for k, v in value.items()}
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())


def parse_header(text: str, source: str = "<query>") -> dict[str, object]:
    """The ``#+`` header of a query as a dict of strings and lists.

    The header is YAML, as grlc reads it (PyYAML's safe loader): ``key: value``, folded
    ``key: >`` blocks and ``key:`` followed by ``- item`` or ``- name: value`` list entries.
    A value holding ``": "`` must be quoted, as in any YAML. The ``#+`` lines end at the
    first line that is neither one of them, blank, nor a comment.

    A header read once is cached as JSON under the hash of its text (:func:`_cached_header`),
    so a cold ``painkg query run`` of a query whose header is unchanged does not import PyYAML.
    """
    lines: list[str] = []
    for raw in text.splitlines():
        if not raw.startswith("#+"):
            if raw.strip() == "" or raw.lstrip().startswith("#"):
                lines.append("")  # keeps YAML's line numbers equal to the file's
                continue
            break
        lines.append(raw[2:])
    header = "\n".join(lines)
    cached = _cached_header(header)
    if cached is not None:
        return cached
    parsed = _parse_yaml_header(header, source)
    _cache_header(header, parsed)
    return parsed


#: Bumped when what a cached header holds changes (the cache also records painkg's version).
_HEADER_CACHE_FORMAT = 1
#: Most headers kept (the library has a few dozen; the rest are a user's own files).
_HEADER_CACHE_SIZE = 1000


def _header_cache_file() -> Path:
    from painkg.resources import cache_home

    return cache_home() / "query-headers.json"


def _header_cache() -> dict[str, object]:
    """The cached headers by text (``#+`` stripped); empty when there is none, it cannot be
    read, or another painkg version or cache format wrote it. Keyed by the text itself, no
    hash: headers are short, and hashlib would cost the cold path more than it saves."""
    import json

    from painkg import __version__

    try:
        loaded = json.loads(_header_cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (not isinstance(loaded, dict) or loaded.get("format") != _HEADER_CACHE_FORMAT
            or loaded.get("painkg") != __version__ or not isinstance(loaded.get("headers"), dict)):
        return {}
    headers: dict[str, object] = loaded["headers"]
    return headers


def _cached_header(header: str) -> dict[str, object] | None:
    """The parsed header cached for this exact text, if any."""
    found = _header_cache().get(header)
    return found if isinstance(found, dict) else None


def _cache_header(header: str, parsed: dict[str, object]) -> None:
    """Keep ``parsed`` for the next run (rewritten atomically; a cache that cannot be written
    only costs speed)."""
    import json

    from painkg import __version__
    from painkg.atomic import write_bytes_atomic

    headers = {**_header_cache(), header: parsed}
    if len(headers) > _HEADER_CACHE_SIZE:  # edited files leave old texts: start afresh
        headers = {header: parsed}
    doc = {"format": _HEADER_CACHE_FORMAT, "painkg": __version__, "headers": headers}
    path = _header_cache_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, json.dumps(doc, sort_keys=True, indent=0).encode("utf-8"))
    except OSError:
        pass


def _parse_yaml_header(header: str, source: str) -> dict[str, object]:
    """The header text (``#+`` stripped) read by PyYAML's safe loader."""
    import yaml

    try:
        loaded = yaml.safe_load(header)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"the #+ header is not YAML: {problem}", path=source,
                         line=None if mark is None else mark.line + 1) from exc
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise InputError("the #+ header must be 'key: value' lines", path=source, line=1)
    return {str(k).lower(): _plain(v) for k, v in loaded.items()}


def parse_parameters(text: str, defaults: dict[str, str],
                     tokens: list[Token] | None = None) -> tuple[Parameter, ...]:
    """The grlc parameters (``?_name``, ``?_name_iri``, ``?__name``...) a query uses
    (``tokens``: the text's, if already read)."""
    found: dict[str, Parameter] = {}
    for var in variables(tokenize(text) if tokens is None else tokens):
        match = _PARAM_RE.match(var)
        if match is None:
            continue
        underscores, name, suffix = match.groups()
        kind = suffix or "literal"
        previous = found.get(name)
        if previous is not None and previous.variable != var:
            raise UsageError(
                f"Parameter {name!r} is used as both ?{previous.variable} and ?{var}."
            )
        found[name] = Parameter(name=name, variable=var, kind=kind,
                                required=len(underscores) == 1, default=defaults.get(name))
    return tuple(sorted(found.values(), key=lambda p: p.name))


def _defaults(header: dict[str, object]) -> dict[str, str]:
    out: dict[str, str] = {}
    raw = header.get("defaults", [])
    for entry in raw if isinstance(raw, list) else []:
        if isinstance(entry, dict):
            out.update({str(k): str(v) for k, v in entry.items()})
    return out


def read_query_file(path: Path, kind: str = "file") -> QueryFile:
    """Read one ``.rq`` file and its header; an unreadable file is an InputError."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot be read: {exc}", path=str(path)) from exc
    return query_from_text(text, path.stem, kind, path)


def query_from_text(text: str, name: str, kind: str = "file",
                    path: Path | None = None) -> QueryFile:
    """A query (header parsed, parameters found) from its text, e.g. read from stdin.

    ``path`` is where the text came from, for messages (``<stdin>`` when absent).
    """
    path = Path("<stdin>") if path is None else path
    header = parse_header(text, str(path))
    tags = header.get("tags", [])
    defaults = _defaults(header)
    tokens = tokenize(text)
    parameters = parse_parameters(text, defaults, tokens)
    unknown = sorted(set(defaults) - {p.name for p in parameters})
    if unknown:
        raise InputError(f"defaults name parameters the query does not use: {unknown}",
                         path=str(path))
    return QueryFile(
        name=name, kind=kind, path=path, text=text,
        summary=str(header.get("summary", "")), description=str(header.get("description", "")),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (str(tags),),
        parameters=parameters, problem=str(header.get("problem", "")),
        solution=str(header.get("solution", "")), header=header, tokens=tokens,
    )


def list_queries(kind: str | None = None, root: Path | None = None) -> list[QueryFile]:
    """Every query of the library (or of one folder), sorted by kind then name."""
    if root is None:
        from painkg.resources import queries_dir

        root = queries_dir()
    kinds = KINDS if kind is None else (kind,)
    out: list[QueryFile] = []
    for k in kinds:
        out.extend(read_query_file(p, k) for p in sorted((root / k).glob("*.rq")))
    return out


def query_names(root: Path | None = None) -> list[str]:
    """The names of every library query, sorted."""
    return sorted(q.name for q in list_queries(root=root))


def find_query(name_or_path: str, root: Path | None = None) -> QueryFile:
    """A library query by name (``name`` or ``kind/name``), or a ``.rq`` file by path.

    Only the file asked for is read and parsed; the rest of the library is listed by file
    name, and only to suggest close names when nothing matches.
    """
    path = Path(name_or_path)
    if name_or_path.endswith(".rq") and path.is_file():
        return read_query_file(path)
    if root is None:
        from painkg.resources import queries_dir

        root = queries_dir()
    kind, _, name = name_or_path.rpartition("/")
    for k in KINDS:
        candidate = root / k / f"{name}.rq"
        if (not kind or k == kind) and candidate.is_file():
            return read_query_file(candidate, k)
    if name_or_path.endswith(".rq"):
        raise UsageError(f"No query file {name_or_path!r} exists.")
    import difflib

    names = [p.stem for k in KINDS for p in sorted((root / k).glob("*.rq"))]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise UsageError(
        f"No query is named {name_or_path!r}.{hint} ('painkg query list' shows them all.)"
    )


_KIND_TITLES = {"research": "Research questions (`queries/research/`)",
                "views": "Views (`queries/views/`, CONSTRUCT, used by the exports)",
                "qc": "Quality checks (`queries/qc/`, no rows on clean data)",
                "internal": "Internal queries (`queries/internal/`, used by painkg's commands; "
                            "not listed by `painkg query list`, but runnable as files)"}


def _param_text(param: Parameter) -> str:
    need = "required" if param.required else "optional"
    default = f", default `{param.default}`" if param.default is not None else ""
    return f"`{param.name}` ({param.kind}, {need}{default})"


def catalogue_markdown(root: Path | None = None) -> str:
    """The query library as Markdown, from the queries' own headers (for ``docs/queries.md``)."""
    out = ["# Query catalogue\n\n",
           "Generated from the `#+` headers of the `.rq` files by `painkg docs`; do not edit.\n",
           "Run any of them with ",
           "`painkg query run NAME [-p name=value ...] [-f table|csv|tsv|json]`.",
           "\n"]
    for kind in (*KINDS, "internal"):
        queries = list_queries(kind, root)
        if not queries:
            continue
        out.append(f"\n## {_KIND_TITLES[kind]}\n")
        for q in queries:
            out.append(f"\n### `{q.name}`\n\n{q.summary}\n")
            if q.description:
                out.append(f"\n{q.description}\n")
            bullets = []
            if q.problem:
                bullets += [f"- **Problem:** {q.problem}", f"- **Solution:** {q.solution}"]
            if q.parameters:
                bullets.append("- **Parameters:** "
                               + ", ".join(_param_text(p) for p in q.parameters))
            if q.tags:
                bullets.append(f"- **Tags:** {', '.join(q.tags)}")
            if bullets:
                out.append("\n" + "\n".join(bullets) + "\n")
    return "".join(out)
