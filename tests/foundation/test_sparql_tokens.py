"""painkg.sparql_tokens, the SPARQL tokenizer: tokens, the query form, the outer WHERE brace,
the variables."""

from __future__ import annotations

import pytest

from painkg.errors import RefusedQueryError, UsageError
from painkg.sparql_tokens import outer_group_brace, query_form, tokenize, variables

QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
# a comment with a { brace
CONSTRUCT { ?s rdfs:label ?label } WHERE { ?s rdfs:label ?label . FILTER(?label != "}") }"""


def test_comments_and_strings_are_single_tokens() -> None:
    tokens = tokenize(QUERY)
    assert all(t.kind != "comment" for t in tokens)
    assert any(t.kind == "comment" for t in tokenize(QUERY, keep_trivia=True))
    assert '"}"' in [t.text for t in tokens]
    assert "".join(t.text for t in tokenize(QUERY, keep_trivia=True)) == QUERY


def test_form_brace_and_variables() -> None:
    tokens = tokenize(QUERY)
    assert query_form(tokens) == "CONSTRUCT"
    brace = outer_group_brace(tokens)
    assert tokens[brace].text == "{" and tokens[brace - 1].upper == "WHERE"
    assert variables(tokens) == ["s", "label"]


def test_an_update_is_not_a_query_form() -> None:
    with pytest.raises(RefusedQueryError):
        query_form(tokenize("INSERT DATA { <urn:a> <urn:b> <urn:c> }"))


def test_an_unterminated_string_names_its_line() -> None:
    with pytest.raises(UsageError, match="line 2"):
        tokenize('SELECT * WHERE {\n ?s ?p "open }')


def test_the_narrowed_name_classes_match_what_the_wide_ones_did() -> None:
    """The tokenizer's ``[...\\u00C0-\\uFFFF]`` classes are compiled as negated Latin-1 classes
    (fast to compile): each BMP character, in a variable, a prefixed name and a bare word,
    gives the same token as the pattern as written."""
    import re

    from painkg import sparql_tokens

    wide = re.compile(sparql_tokens._TOKEN_PATTERN, re.VERBOSE | re.DOTALL)
    narrow = sparql_tokens._TOKEN_RE
    assert "uFFFF" in wide.pattern and "uFFFF" not in narrow.pattern
    for code in range(0x10000):
        for context in ("?v{}x", "p:{}x", "a{}b", "{}"):
            text = context.format(chr(code))
            a, b = wide.match(text), narrow.match(text)
            assert (a and (a.lastgroup, a.group())) == (b and (b.lastgroup, b.group())), hex(code)
