"""The query catalogue: grlc-style headers, parameters, lookup by name, the shipped library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from painkg.errors import InputError, UsageError
from painkg.query.catalog import (
    KINDS,
    find_query,
    list_queries,
    parse_header,
    parse_parameters,
    read_query_file,
)


@pytest.fixture(scope="module")
def cases(repo: Path) -> Path:
    return repo / "tests" / "cases" / "catalog"


def test_header_reads_scalars_folded_text_and_lists() -> None:
    header = parse_header(
        "#+ summary: One line\n#+ description: >\n#+   folded\n#+   text\n"
        "#+ tags:\n#+   - a\n#+   - 'b'\n#+ defaults:\n#+   - problem: pkr:kinesiophobia\n"
        "\nSELECT * WHERE { ?s ?p ?o }\n#+ summary: not header any more\n"
    )
    assert header == {"summary": "One line", "description": "folded text", "tags": ["a", "b"],
                      "defaults": [{"problem": "pkr:kinesiophobia"}]}


def test_header_error_names_file_and_line() -> None:
    with pytest.raises(InputError, match=r"x\.rq, line 2"):
        parse_header("#+ summary: ok\n#+ no colon here\n", "x.rq")


def test_parameters_follow_grlc_naming() -> None:
    params = parse_parameters(
        "SELECT * WHERE { ?s ?p ?_problem_iri ; ?q ?_name . ?s ?r ?__year_gYear . "
        "?s ?t ?__n_integer . ?s ?u ?_x }", {"problem": "pkr:kinesiophobia"})
    got = {(p.name, p.variable, p.kind, p.required, p.default) for p in params}
    assert got == {
        ("problem", "_problem_iri", "iri", True, "pkr:kinesiophobia"),
        ("name", "_name", "literal", True, None),
        ("year", "__year_gYear", "gYear", False, None),
        ("n", "__n_integer", "integer", False, None),
        ("x", "_x", "literal", True, None),
    }


def test_parameter_names_ignore_comments_and_strings() -> None:
    params = parse_parameters('# ?_ghost_iri\nSELECT * WHERE { ?s ?p "?_fake" }', {})
    assert params == ()


def test_fixture_query_reads_completely(cases: Path) -> None:
    q = read_query_file(cases / "research" / "targets.rq", "research")
    assert q.name == "targets" and q.kind == "research"
    assert q.summary == "What targets a problem"
    assert q.description == "Interventions that target the given problem, with their labels."
    assert q.tags == ("interventions", "fixture")
    assert [(p.name, p.kind, p.default) for p in q.parameters] == [
        ("problem", "iri", "http://example.org/kinesiophobia")]


def test_defaults_for_unknown_parameters_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ defaults:\n#+   - nope: 1\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(InputError, match="nope"):
        read_query_file(bad)


def test_find_by_name_kind_and_path(cases: Path) -> None:
    assert find_query("targets", root=cases).kind == "research"
    assert find_query("qc/fixture-check", root=cases).problem.startswith("A node has no")
    path = cases / "research" / "by-label.rq"
    assert find_query(str(path), root=cases).name == "by-label"


def test_unknown_name_suggests_close_ones(cases: Path) -> None:
    with pytest.raises(UsageError, match="Did you mean: targets") as info:
        find_query("target", root=cases)
    assert info.value.exit_code == 2


# --- the shipped library -------------------------------------------------------------------

def test_library_names_are_unique_and_kebab_case() -> None:
    names = [q.name for q in list_queries()]
    assert len(names) == len(set(names)), names
    assert all(n == n.lower() and " " not in n and "_" not in n for n in names), names


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: f"{q.kind}/{q.name}")
def test_every_library_query_has_a_header(query) -> None:  # type: ignore[no-untyped-def]
    assert query.kind in KINDS
    assert query.summary, f"{query.path} needs '#+ summary:'"
    assert query.tags, f"{query.path} needs '#+ tags:'"
    if query.kind == "qc":
        assert query.problem and query.solution, f"{query.path} needs problem/solution"
    if query.kind == "research":
        assert "ORDER BY" in query.text.upper(), f"{query.path} needs a deterministic ORDER BY"


def test_catalogue_markdown_lists_every_query(cases: Path) -> None:
    from painkg.query.catalog import catalogue_markdown

    text = catalogue_markdown(cases)
    assert "### `targets`" in text and "### `fixture-check`" in text
    assert "- **Problem:** A node has no rdfs:label" in text
    assert "`problem` (iri, required, default `http://example.org/kinesiophobia`)" in text
    assert text == catalogue_markdown(cases), "deterministic"


def test_a_header_read_once_is_cached_as_json(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache answers the same header text without PyYAML; an unreadable cache, or one of
    another cache format, is a miss and is rewritten."""
    import painkg.query.catalog as catalog

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text = "#+ summary: Cached\n#+ tags:\n#+   - a\nSELECT * WHERE { ?s ?p ?o }\n"
    first = parse_header(text)
    cache = tmp_path / "painkg" / "query-headers.json"
    assert json.loads(cache.read_text("utf-8"))["headers"] == {
        " summary: Cached\n tags:\n   - a": first}

    def no_yaml(header: str, source: str) -> dict[str, object]:
        raise AssertionError("the cached header was parsed again")

    monkeypatch.setattr(catalog, "_parse_yaml_header", no_yaml)
    assert parse_header(text) == first == {"summary": "Cached", "tags": ["a"]}
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for broken in ("{not json", json.dumps({"format": 0, "headers": {}})):
        cache.write_text(broken, encoding="utf-8")
        assert parse_header(text) == first
        assert json.loads(cache.read_text("utf-8"))["format"] == catalog._HEADER_CACHE_FORMAT
