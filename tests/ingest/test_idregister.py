"""IRIs never change once minted: ingesting later articles into a graph folder keeps every
IRI of the earlier ones with its meaning (the folder's ID register, ids.tsv, is read and only
appended to). The fixtures change the real article in marked, obviously synthetic ways."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from painkg.ingest.idregister import REGISTER_NAME, IdRegister
from painkg.ingest.wiki import read_register, read_wiki, write_wiki

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO / "data" / "articles" / "central-sensitization.txt"
LATREMOLIERE = ("  2. Latremoliere, A., & Woolf, C.J. (2009). Central Sensitization: A "
                "Generator of Pain Hypersensitivity by Central Neural Plasticity. The Journal of "
                "Pain, 10(9), 895–926. — linkT1")
OTHER_WORK = ("  2. Latremoliere, A. (2009). Test fixture: a different work with the same "
              "author-year key. Test Journal, 1(1), 1–2. — linkT1")
FIRST_QUESTION = "  • How do I currently explain persistent pain"


def _ingest(articles: list[Path], out: Path) -> None:
    write_wiki(read_wiki(articles, register=read_register(out)), out)


def _texts(folder: Path) -> dict[str, str]:
    """Every subject IRI of the folder's document layers with what it says (label or text)."""
    said: dict[str, str] = {}
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    text = ox.NamedNode("https://w3id.org/painkg/vocab#text")
    for path in sorted(folder.glob("*.document.trig")):
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
            if quad.predicate in (label, text) and isinstance(quad.subject, ox.NamedNode):
                key = f"{quad.subject.value} {quad.predicate.value}"
                said[key] = said.get(key, quad.object.value)
    return said


def _second_article(tmp_path: Path, citation: str) -> Path:
    text = ARTICLE.read_text(encoding="utf-8")
    assert LATREMOLIERE in text
    text = text.replace("\nCentral Sensitization\n", "\nCentral Sensitization Test Copy\n", 1)
    second = tmp_path / "second" / "central-sensitization-test-copy.txt"
    second.parent.mkdir()
    second.write_text(text.replace(LATREMOLIERE, citation), encoding="utf-8")
    return second


def test_a_later_article_sharing_a_key_changes_no_existing_iri(tmp_path: Path) -> None:
    out = tmp_path / "graph"
    _ingest([ARTICLE], out)
    before = _texts(out)
    assert "https://w3id.org/painkg/id/source/latremoliere-2009 " \
           "http://www.w3.org/2000/01/rdf-schema#label" in before
    rows_before = (out / REGISTER_NAME).read_text()
    second = _second_article(tmp_path, OTHER_WORK)
    _ingest([ARTICLE, second], out)
    after = _texts(out)
    changed = {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v}
    assert changed == {}, "an IRI of the first article changed meaning or disappeared"
    register = IdRegister.read(out / REGISTER_NAME)
    sources = [r.iri for r in register.rows if r.kind == "source"
               and r.iri.startswith("https://w3id.org/painkg/id/source/latremoliere-2009")]
    assert len(sources) == 2 and sources[0].endswith("/latremoliere-2009")
    assert sources[1].startswith(sources[0] + "-"), "the newcomer gets the suffixed IRI"
    assert (out / REGISTER_NAME).read_text().startswith(rows_before), "rows only appended"


def test_the_same_wiki_read_again_appends_nothing(tmp_path: Path) -> None:
    out = tmp_path / "graph"
    _ingest([ARTICLE], out)
    first = (out / REGISTER_NAME).read_bytes()
    _ingest([ARTICLE], out)
    assert (out / REGISTER_NAME).read_bytes() == first


def test_a_question_inserted_first_renumbers_no_existing_question(tmp_path: Path) -> None:
    out = tmp_path / "graph"
    _ingest([ARTICLE], out)
    before = {k: v for k, v in _texts(out).items() if "/question/" in k and "#text" in k}
    assert len(before) == 7
    text = ARTICLE.read_text(encoding="utf-8")
    assert FIRST_QUESTION in text
    edited = tmp_path / "edited" / ARTICLE.name
    edited.parent.mkdir()
    edited.write_text(text.replace(FIRST_QUESTION, "  • Test fixture question inserted "
                                   "first? LLM\n" + FIRST_QUESTION, 1), encoding="utf-8")
    _ingest([edited], out)
    after = _texts(out)
    assert {k: after.get(k) for k in before} == before
    new = {k for k in after if "/question/" in k and "#text" in k} - set(before)
    assert len(new) == 1 and after[new.pop()].startswith("Test fixture question")


def test_the_packaged_register_lists_every_packaged_iri(repo: Path) -> None:
    register = IdRegister.read(repo / "data" / "graph" / REGISTER_NAME)
    wiki = read_wiki([repo / "data" / "articles"], register=register)
    assert wiki.register.new == [], "run `painkg ingest data/articles/ -o data/graph/`"
