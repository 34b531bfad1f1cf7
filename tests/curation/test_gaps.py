"""``painkg curate gaps``: the work list on a fixture article with a known uncurated relation."""

from __future__ import annotations

import json
from pathlib import Path

from painkg.curation.gaps import find_gaps, format_gaps
from support.curation import SLUG, make_project, template


def test_fixture_lists_the_uncurated_relation_and_the_missing_definition(tmp_path: Path
                                                                         ) -> None:
    gaps = find_gaps(make_project(tmp_path), SLUG)
    assert [(g.kind, g.names) for g in gaps] == [
        ("co-mention", ("pkr:beta-problem", "pkr:gamma-therapy")),
        ("missing-definition", ("pkr:beta-problem",)),
    ]
    assert "Gamma therapy is often discussed together with the beta problem" in gaps[0].detail
    rows = json.loads(format_gaps(gaps, "json"))
    assert rows[0]["kind"] == "co-mention" and rows[0]["where"].startswith("pkc:")
    assert format_gaps(gaps, "tsv").splitlines()[0] == "kind\twhere\tnames\tdetail"


def test_a_considered_gap_is_not_listed_again(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    template(root, "considered.tsv").write_text(
        "id\tclaim\tnames\tpredicate\tdecision\treason\n"
        'X01\t"Gamma therapy is often discussed"\tpkr:gamma-therapy | pkr:beta-problem\t'
        "pk:targets\tvague\tDiscussed together is not a targeting.\n", encoding="utf-8")
    entities = template(root, "entities.tsv")
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "Beta problem\tfear of testing\t\t",
        'Beta problem\tfear of testing\t"the fear of testing"\t'), encoding="utf-8")
    assert find_gaps(root, SLUG) == []


def test_an_implied_only_relation_is_a_gap(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    relations = template(root, "relations.tsv")
    relations.write_text(relations.read_text(encoding="utf-8").replace(
        "\tstates\t", "\timplies\t"), encoding="utf-8")
    kinds = [g.kind for g in find_gaps(root, SLUG)]
    assert "no-stating-claim" in kinds
