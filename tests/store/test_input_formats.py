"""Which files painkg loads: by suffix, with the content checked; refused formats say why."""

from __future__ import annotations

from pathlib import Path

import pytest

from painkg.errors import InputError
from painkg.store.input_formats import input_format


@pytest.mark.parametrize(("name", "fmt"), [("a.ttl", "turtle"), ("a.nt", "ntriples"),
                                           ("a.nq", "nquads"), ("a.trig", "trig")])
def test_accepted_suffixes(tmp_path: Path, name: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_text("<http://x/a> <http://x/p> <http://x/o> .\n")
    assert input_format(path) == fmt


@pytest.mark.parametrize("name", ["a.rdf", "a.jsonld", "a.txt"])
def test_refused_suffixes_name_the_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("x")
    with pytest.raises(InputError, match=name):
        input_format(path)


def test_xml_in_a_turtle_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "disguised.ttl"
    path.write_text('<?xml version="1.0"?>\n<rdf:RDF/>\n')
    with pytest.raises(InputError, match="XML"):
        input_format(path)
