"""painkg.serve.query_page in real headless Chromium against a real ``painkg serve`` on 127.0.0.1:
an example from the gallery runs and its shareable URL reproduces it; painkg's prefixes are
predefined; the editor highlights and autocompletes; nothing is fetched from another host.

Drives Debian's ``chromium`` through its ``chromedriver`` (Selenium), as
tests/views/formats/test_html.py does. Screenshots go to ``test-artifacts/`` (gitignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support.browser import chromium
from support.query_page import PainkgServe

pytestmark = [pytest.mark.browser, pytest.mark.server]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
EXAMPLE = "interventions-for-problem"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A real headless Chromium with a fresh profile (support.browser)."""
    with chromium(1400, 1000) as driver:
        yield driver


@pytest.fixture(scope="module")
def served() -> Iterator[PainkgServe]:
    server = PainkgServe()
    yield server
    server.stop()


def _open(driver: object, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")  # type: ignore[attr-defined]
    driver.get(url)  # type: ignore[attr-defined]
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return document.body.getAttribute('data-ready')") == "true",
        "the query page never became ready")


def _finished(driver: object) -> str:
    from selenium.webdriver.support.ui import WebDriverWait

    state: str = WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("var s = document.body.getAttribute('data-state');"
                                   "return s === 'done' || s === 'error' ? s : null;"),
        "the query never finished")
    return state


def _table(driver: object) -> list[list[str]]:
    rows: list[list[str]] = driver.execute_script(  # type: ignore[attr-defined]
        "return Array.prototype.map.call(document.querySelectorAll('#result-table tr'),"
        " function (tr) { return Array.prototype.map.call(tr.children,"
        " function (c) { return c.textContent; }); });")
    return rows


def test_gallery_example_runs_and_its_shareable_url_reproduces_it(
        browser: object, served: PainkgServe) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, served.base + "/")
    examples = browser.find_elements(By.CSS_SELECTOR, "#examples button")  # type: ignore[attr-defined]
    assert len(examples) == len(browser.execute_script(  # type: ignore[attr-defined]
        "return painkg.data.gallery;")) >= 10
    example = browser.find_element(  # type: ignore[attr-defined]
        By.CSS_SELECTOR, f'#examples button[data-name="{EXAMPLE}"]')
    assert "Interventions for a problem-for-work" in example.text
    example.click()
    assert _finished(browser) == "done", browser.find_element(By.ID, "status").text  # type: ignore[attr-defined]
    table = _table(browser)
    query = browser.execute_script("return painkg.yasqe.getValue();")  # type: ignore[attr-defined]
    assert "VALUES (?_problem_iri)" in query
    # The page shows what the endpoint answers to the same query.
    answer = httpx.post(served.base + "/query", data={"query": query}, trust_env=False,
                        headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    assert table[0] == answer["head"]["vars"]
    assert len(table) - 1 == len(answer["results"]["bindings"]) > 0
    # painkg IRIs as CURIEs linking to their pages.
    links = browser.find_elements(By.CSS_SELECTOR, "#result-table a.painkg")  # type: ignore[attr-defined]
    assert links and all(a.get_attribute("href").startswith("https://w3id.org/painkg/")
                         for a in links)
    assert any(a.text.startswith("pkr:") for a in links), [a.text for a in links[:5]]
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "query-page-example.png"))  # type: ignore[attr-defined]
    # The link in the page and the address bar hold the query; opened afresh, it runs again.
    link = browser.find_element(By.ID, "share").get_attribute("value")  # type: ignore[attr-defined]
    assert link.startswith(served.base + "/#query=")
    assert browser.current_url == link  # type: ignore[attr-defined]
    _open(browser, link)
    assert _finished(browser) == "done"
    assert browser.execute_script("return painkg.yasqe.getValue();") == query  # type: ignore[attr-defined]
    assert _table(browser) == table
    browser.save_screenshot(str(ARTIFACTS / "query-page-shared-link.png"))  # type: ignore[attr-defined]


def test_prefixes_are_predefined_and_the_editor_highlights_and_autocompletes(
        browser: object, served: PainkgServe) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, served.base + "/")
    # No PREFIX written: painkg's prefixes are declared for the query.
    browser.execute_script(  # type: ignore[attr-defined]
        "painkg.yasqe.setValue('SELECT ?label WHERE { pkr:kinesiophobia rdfs:label ?label }');")
    browser.find_element(By.ID, "run").click()  # type: ignore[attr-defined]
    assert _finished(browser) == "done", browser.find_element(By.ID, "status").text  # type: ignore[attr-defined]
    assert _table(browser) == [["label"], ["Kinesiophobia"]]
    # Typing: the keyword is highlighted, the prefix is declared as it is typed, and the
    # class completion offers painkg's own vocabulary (no call to prefix.cc or LOV).
    browser.execute_script("painkg.yasqe.setValue(''); painkg.yasqe.focus();")  # type: ignore[attr-defined]
    browser.find_element(By.CSS_SELECTOR, ".CodeMirror textarea").send_keys(  # type: ignore[attr-defined]
        "SELECT ?x WHERE { ?x a pk:Interv")
    hints = WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li"), "no completion")
    assert "pk:Intervention" in [h.text for h in hints]
    text = browser.execute_script("return painkg.yasqe.getValue();")  # type: ignore[attr-defined]
    assert text.startswith("PREFIX pk: <https://w3id.org/painkg/vocab#>\n"), text
    assert browser.find_elements(By.CSS_SELECTOR, ".CodeMirror .cm-keyword")  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "query-page-autocomplete.png"))  # type: ignore[attr-defined]
    # A refused query says why.
    browser.execute_script(  # type: ignore[attr-defined]
        "painkg.yasqe.setValue('SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }');")
    browser.find_element(By.ID, "run").click()  # type: ignore[attr-defined]
    assert _finished(browser) == "error"
    assert "HTTP 403" in browser.find_element(By.ID, "status").text  # type: ignore[attr-defined]


def test_query_page_loads_nothing_from_another_host(browser: object,
                                                    served: PainkgServe) -> None:
    _open(browser, served.base + "/")
    browser.find_element("css selector", "#run").click()  # type: ignore[attr-defined]
    _finished(browser)
    urls = browser.execute_script(  # type: ignore[attr-defined]
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; });")
    assert urls and all(u.startswith(served.base + "/") for u in urls), urls
