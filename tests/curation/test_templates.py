"""painkg.curation.templates: reading cells with their positions and parsing references."""

from __future__ import annotations

from pathlib import Path

import pytest

from painkg.curation.templates import (
    Cell,
    TemplateError,
    parse_reference,
    read_template,
    split_values,
)


def test_cells_know_their_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "entities.tsv"
    path.write_text("# a comment\nid\tlabel\n\npkr:a\tAlpha | alpha\n", encoding="utf-8")
    template = read_template(path, ("id", "label"), "entities.tsv")
    [row] = template.rows
    assert (row["label"].line, row["label"].column) == (4, 7)
    assert [(c.text, c.column) for c in split_values(row["label"])] == [("Alpha", 7),
                                                                       ("alpha", 15)]


def test_a_missing_column_is_an_error_naming_the_header(tmp_path: Path) -> None:
    path = tmp_path / "relations.tsv"
    path.write_text("subject\tobject\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        read_template(path, ("subject", "predicate"), "relations.tsv")
    assert info.value.message.startswith("relations.tsv:1:1: E11 ")


def test_references_by_id_fragment_or_both() -> None:
    cell = Cell('pkc:core-principles-c49ebc49 "pain in response"', "f.tsv", 2, 5)
    ref = parse_reference(cell)
    assert (ref.ident, ref.quote) == ("pkc:core-principles-c49ebc49", "pain in response")
    assert parse_reference(Cell('"only a fragment"', "f.tsv", 2, 5)).ident is None
    with pytest.raises(TemplateError):
        parse_reference(Cell('"unclosed', "f.tsv", 2, 5))
