"""painkg.curation.revisions (issue 13): graph files diff like their articles; rewording
matches and their ambiguity.
"""

from __future__ import annotations

from pathlib import Path

from painkg.curation.revisions import ClaimRecord, _match_rewordings, diff_files
from painkg.ingest.article import read_article
from painkg.ingest.document import ingest_text
from support.reviews import (
    ACCEPTANCE_EDITS,
    ARTICLE,
    revise,
)


def test_graph_files_diff_like_their_articles(tmp_path: Path) -> None:
    revised = revise(tmp_path / "revised.txt", *ACCEPTANCE_EDITS)
    graphs = []
    for name, article in (("old", ARTICLE), ("new", revised)):
        path = tmp_path / f"{name}.document.trig"
        path.write_text(ingest_text(read_article(article)), encoding="utf-8")
        graphs.append(path)
    from_text = diff_files(ARTICLE, revised).counts()
    assert diff_files(graphs[0], graphs[1]).counts() == from_text


def test_rewording_matches_are_ambiguous_when_a_rival_is_close() -> None:
    old = [ClaimRecord("o", "Graded exposure reduces fear of movement.", "S", "LLM", "LLM")]
    new = [ClaimRecord("n1", "Graded exposure reduces the fear of movement.", "S", "LLM", "LLM"),
           ClaimRecord("n2", "Graded exposure reduces a fear of movement.", "S", "LLM", "LLM")]
    [(before, after, ratio, ambiguous)] = _match_rewordings(old, new)
    assert ambiguous and ratio > 0.9
    clear = _match_rewordings(old, new[:1] + [ClaimRecord("n3", "Something else.", "S", "LLM",
                                                          "LLM")])
    assert [(a.iri, amb) for _, a, _, amb in clear] == [("n1", False)]
    other_section = _match_rewordings(old, [ClaimRecord("n4", new[0].text, "T", "LLM", "LLM")])
    assert other_section == []
