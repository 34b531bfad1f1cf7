"""The HTML view (painkg.views.formats.html) in real headless Chromium: it renders offline, search
finds kinesiophobia, a click on its node opens its evidence panel with claims, sources and tiers.

Drives Debian's ``chromium`` through its matching ``chromedriver`` (Selenium WebDriver).
A screenshot of the final page is written to ``test-artifacts/`` (gitignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from painkg.store import OxigraphStore
from painkg.views.build import build_view
from painkg.views.formats import write_view
from support import REPO
from support.browser import chromium
from support.views import fixture_store


@pytest.fixture(scope="module")
def views_store() -> OxigraphStore:
    """The synthetic fixture graph of tests/cases/views (read-only by convention)."""
    return fixture_store()


pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A real headless Chromium with a fresh profile (support.browser)."""
    with chromium(1400, 900) as driver:
        yield driver


def _open(driver: object, page: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(page.as_uri())  # type: ignore[attr-defined]
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return document.body.getAttribute('data-ready')") == "true",
        "the graph never finished rendering",
    )


def _search_click_and_read_panel(driver: object, entity_id: str, shot: Path) -> str:
    """Type the search, click the matching node on the canvas, return the evidence panel."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    search = driver.find_element(By.ID, "search")  # type: ignore[attr-defined]
    search.send_keys("kinesiophobia")
    results = WebDriverWait(driver, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#results button"))
    assert any(entity_id == b.get_attribute("data-id") for b in results), [
        b.text for b in results]
    matched = driver.execute_script(  # type: ignore[attr-defined]
        "return painkg.cy.nodes('.match').map(function (n) { return n.id(); });")
    assert entity_id in matched
    # Close the result list, then click the node where Cytoscape drew it.
    driver.execute_script("document.getElementById('results').innerHTML = '';")  # type: ignore[attr-defined]
    canvas = driver.find_element(By.ID, "cy")  # type: ignore[attr-defined]
    pos = driver.execute_script(  # type: ignore[attr-defined]
        "var p = painkg.cy.getElementById(arguments[0]).renderedPosition();"
        "var r = document.getElementById('cy').getBoundingClientRect();"
        "return [p.x, p.y, r.width, r.height];", entity_id)
    x, y, width, height = pos
    assert 0 < x < width and 0 < y < height, f"node drawn outside the canvas: {pos}"
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - width / 2), int(y - height / 2)).click().perform()
    panel = WebDriverWait(driver, 20).until(
        lambda d: d.find_element(By.ID, "evidence")
        if d.find_element(By.ID, "evidence").get_attribute("data-entity") == entity_id else None,
        "clicking the node did not open its evidence panel")
    assert panel.is_displayed()
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(shot))  # type: ignore[attr-defined]
    return panel


def test_fixture_view_search_click_evidence(browser: object, views_store: OxigraphStore,
                                            tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    page = tmp_path / "interventions.html"
    page.write_bytes(write_view(build_view(views_store, "interventions"), "html"))
    _open(browser, page)
    assert browser.execute_script("return painkg.cy.nodes().length") == 6  # type: ignore[attr-defined]
    panel = _search_click_and_read_panel(browser, "pkr:kinesiophobia",
                                         ARTIFACTS / "html-view-fixture-kinesiophobia.png")
    assert panel.find_element(By.TAG_NAME, "h2").text == "kinesiophobia"
    claims = panel.find_elements(By.CSS_SELECTOR, "li.claim")
    assert len(claims) == 2, panel.text
    tiers = sorted(c.find_element(By.CSS_SELECTOR, ".tier").text for c in claims)
    assert tiers == ["LLM", "T1"], tiers
    assert "source: Woolf 2011 [3]" in panel.text
    assert "graded exposure targets kinesiophobia" in panel.text
    # The legend lists the classes present and the edge styles.
    legend = browser.find_element(By.ID, "legend").text  # type: ignore[attr-defined]
    assert "Intervention (4)" in legend and "ProblemForWork (2)" in legend
    assert "LLM-only" in legend


def test_page_makes_no_request(browser: object, views_store: OxigraphStore,
                               tmp_path: Path) -> None:
    """Offline: the page loads nothing but itself (no CDN, no fonts, no images)."""
    page = tmp_path / "full.html"
    page.write_bytes(write_view(build_view(views_store, "full"), "html"))
    _open(browser, page)
    urls = browser.execute_script(  # type: ignore[attr-defined]
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; });")
    assert urls == []
    assert browser.execute_script("return typeof cytoscape") == "function"  # type: ignore[attr-defined]


def test_packaged_graph_view_search_click_evidence(browser: object, kg: OxigraphStore,
                                                   tmp_path: Path) -> None:
    """The same walk on the real packaged graph: kinesiophobia's panel shows its claims."""
    from selenium.webdriver.common.by import By

    page = tmp_path / "interventions.html"
    page.write_bytes(write_view(build_view(kg, "interventions"), "html"))
    _open(browser, page)
    panel = _search_click_and_read_panel(browser, "pkr:kinesiophobia",
                                         ARTIFACTS / "html-view-kinesiophobia.png")
    assert panel.find_element(By.TAG_NAME, "h2").text == "Kinesiophobia"
    claims = panel.find_elements(By.CSS_SELECTOR, "li.claim")
    assert claims, panel.text
    tiers = {c.find_element(By.CSS_SELECTOR, ".tier").text for c in claims}
    assert tiers <= {"T1", "T2", "T3", "LLM"} and "T1" in tiers, tiers
    assert "targets Kinesiophobia" in panel.text


def _ready_packaged_view(driver: object, kg: OxigraphStore, tmp_path: Path, view: str) -> object:
    """The packaged graph's ``view`` opened at 1400x1000, the size readers reported from."""
    graph = build_view(kg, view)
    page = tmp_path / f"{view}.html"
    page.write_bytes(write_view(graph, "html"))
    driver.set_window_size(1400, 1000)  # type: ignore[attr-defined]
    _open(driver, page)
    return graph


def _type(driver: object, text: str) -> None:
    from selenium.webdriver.common.by import By

    search = driver.find_element(By.ID, "search")  # type: ignore[attr-defined]
    search.clear()
    search.send_keys(text)


def test_first_view_labels_are_legible_and_unconnected_entities_listed_by_class(
        browser: object, kg: OxigraphStore, tmp_path: Path) -> None:
    """At the first view every label drawn is >= 11 px on screen (zoom x font size), the
    most connected entity is named, edges are no hairlines, and entities without a relation
    are listed by class beside the graph instead of parked in rows."""
    graph = _ready_packaged_view(browser, kg, tmp_path, "full")
    linked = {e.source for e in graph.edges} | {e.target for e in graph.edges}
    isolated = sorted(n.id for n in graph.nodes if n.id not in linked)
    assert isolated, "the full view is expected to hold entities without a relation"
    seen = browser.execute_script("""
        var cy = painkg.cy, z = cy.zoom();
        var labelled = cy.nodes().filter(function (n) { return n.style('label') !== ''; });
        var hub = cy.nodes().max(function (n) { return n.degree(false); }).ele;
        return {zoom: z, drawn: cy.nodes().length,
                sizes: labelled.map(function (n) { return z * parseFloat(n.style('font-size')); }),
                hub: hub.id(), hub_labelled: hub.style('label') !== '',
                pens: cy.edges().map(function (e) { return z * parseFloat(e.style('width')); }),
                lonely_drawn: cy.nodes().filter(function (n) {
                    return n.degree(false) === 0; }).length,
                listed: Array.prototype.map.call(
                    document.querySelectorAll('#unconnected button'),
                    function (b) { return b.getAttribute('data-id'); }).sort(),
                groups: Array.prototype.map.call(
                    document.querySelectorAll('#unconnected h3'),
                    function (h) { return h.textContent.trim(); })};
    """)  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "html-view-full-first-view.png"))  # type: ignore[attr-defined]
    assert seen["drawn"] == len(graph.nodes) - len(isolated)
    assert seen["sizes"] and min(seen["sizes"]) >= 11, seen
    assert len(seen["sizes"]) >= seen["drawn"] // 2, seen  # at least half named at first view
    assert seen["hub_labelled"], seen
    assert min(seen["pens"]) >= 1.0, seen
    assert seen["lonely_drawn"] == 0
    assert seen["listed"] == isolated
    classes = sorted({n.cls for n in graph.nodes if n.id in isolated})
    assert sorted(seen["groups"]) == classes
    urls = browser.execute_script(  # type: ignore[attr-defined]
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; });")
    assert urls == [], "the page must work offline"


def test_enter_opens_the_first_listed_match(browser: object, kg: OxigraphStore,
                                            tmp_path: Path) -> None:
    """'fear of mov' lists Kinesiophobia (synonym 'fear of movement') before 'Reduce fear of
    movement' (the text inside a name), and Enter opens what is listed first."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    _ready_packaged_view(browser, kg, tmp_path, "full")
    _type(browser, "fear of mov")
    buttons = WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#results button"))
    listed = [b.get_attribute("data-id") for b in buttons]
    assert listed[0] == "pkr:kinesiophobia", listed
    assert any(i.endswith("reduce-fear-of-movement") for i in listed[1:]), listed
    browser.find_element(By.ID, "search").send_keys(Keys.ENTER)  # type: ignore[attr-defined]
    panel = browser.find_element(By.ID, "evidence")  # type: ignore[attr-defined]
    assert panel.get_attribute("data-entity") == listed[0]
    assert panel.find_element(By.TAG_NAME, "h2").text == "Kinesiophobia"
    # The same for a prefix of a label, and for an entity not drawn (no relation).
    lonely = browser.execute_script("return painkg.unconnected[0];")  # type: ignore[attr-defined]
    label = browser.execute_script(  # type: ignore[attr-defined]
        "var id = arguments[0]; return painkg.data.elements.nodes.filter(function (n) {"
        " return n.data.id === id; })[0].data.label;", lonely)
    _type(browser, label)
    WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#results button"))
    first = browser.find_element(By.CSS_SELECTOR, "#results button")  # type: ignore[attr-defined]
    assert first.get_attribute("data-id") == lonely
    browser.find_element(By.ID, "search").send_keys(Keys.ENTER)  # type: ignore[attr-defined]
    assert panel.get_attribute("data-entity") == lonely
    assert "not drawn" in panel.text


def test_a_misspelt_search_says_no_match_and_offers_the_closest_names(
        browser: object, kg: OxigraphStore, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _ready_packaged_view(browser, kg, tmp_path, "full")
    _type(browser, "kinesofobia")
    note = WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#results .no-match"))
    assert "No match" in note[0].text and "kinesofobia" in note[0].text
    offered = browser.find_elements(By.CSS_SELECTOR, "#results button")  # type: ignore[attr-defined]
    assert offered and offered[0].get_attribute("data-id") == "pkr:kinesiophobia", [
        b.text for b in offered]
    offered[0].click()
    panel = browser.find_element(By.ID, "evidence")  # type: ignore[attr-defined]
    assert panel.get_attribute("data-entity") == "pkr:kinesiophobia"
    # Nothing near at all: the note alone, no suggestion.
    _type(browser, "zzzzqqqq")
    WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#results .no-match"))
    assert browser.find_elements(By.CSS_SELECTOR, "#results button") == []  # type: ignore[attr-defined]
