"""`painkg site`: every IRI of the dump has a page, the .htaccess rules negotiate content for
a sample of IRIs, and in headless Chromium the site navigates, searches (keyboard only), makes
no network request and has no serious or critical axe-core accessibility violation."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from painkg.publish.dump import dump
from painkg.site.build import page_for, site_iris, write_site
from painkg.store.load import load_packaged
from support.browser import chromium

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def built() -> Iterator[tuple[Path, set[str]]]:
    store = load_packaged()
    root = Path(tempfile.mkdtemp(prefix="painkg-site-"))
    write_site(store, root)
    triples = ox.parse(dump(store, "ntriples"), format=ox.RdfFormat.N_TRIPLES)
    yield root, site_iris(triples)
    shutil.rmtree(root, ignore_errors=True)


def test_every_iri_of_the_dump_resolves_to_a_page(built: tuple[Path, set[str]]) -> None:
    root, iris = built
    assert len(iris) > 500  # ids and vocabulary terms of the shipped graph
    missing = []
    for iri in iris:
        page = page_for(iri)
        assert page is not None
        path, _, anchor = page.partition("#")
        text = (root / path).read_text(encoding="utf-8") if (root / path).is_file() else None
        if text is None or (anchor and f'id="{anchor}"' not in text):
            missing.append(iri)
        stem = path.removesuffix(".html")
        for ext in (".ttl", ".jsonld"):
            if not (root / (stem + ext)).is_file():
                missing.append(iri + ext)
    assert not missing, missing[:10]


def _rules(root: Path) -> list[tuple[str | None, re.Pattern[str], str]]:
    """(Accept condition, pattern, substitution) of each RewriteRule, in order."""
    rules, condition = [], None
    for line in (root / ".htaccess").read_text(encoding="utf-8").splitlines():
        if line.startswith("RewriteCond %{HTTP_ACCEPT}"):
            condition = line.split()[2].replace("\\", "")
        elif line.startswith("RewriteRule"):
            _, pattern, target, flags = line.split()
            assert flags == "[END]", line  # [L] would loop on the rewritten path in .htaccess
            rules.append((condition, re.compile(pattern), target))
            condition = None
    return rules


def _negotiate(rules: list[tuple[str | None, re.Pattern[str], str]], path: str,
               accept: str) -> str | None:
    for condition, pattern, target in rules:
        if condition is not None and condition not in accept:
            continue
        match = pattern.match(path)
        if match:
            return match.expand(target.replace("$1", r"\1"))
    return None


@pytest.mark.parametrize(("accept", "ext"), [
    ("text/html,application/xhtml+xml", ".html"), ("text/turtle", ".ttl"),
    ("application/ld+json", ".jsonld")])
def test_htaccess_negotiates_each_iri_to_a_file(built: tuple[Path, set[str]], accept: str,
                                                ext: str) -> None:
    root, iris = built
    rules = _rules(root)
    sample = sorted(iris)[::25] + ["https://w3id.org/painkg/id/graded-exposure",
                                   "https://w3id.org/painkg/vocab#targets"]
    for iri in sample:
        path = iri.removeprefix("https://w3id.org/painkg/").split("#")[0]
        target = _negotiate(rules, path, accept)
        assert target == path + ext, (iri, target)
        assert (root / target).is_file(), target


def test_the_site_is_deterministic(built: tuple[Path, set[str]], tmp_path: Path) -> None:
    root, _ = built
    write_site(load_packaged(), tmp_path)
    first = {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    again = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*")
             if p.is_file()}
    assert sorted(first) == sorted(again)
    assert [k for k in first if first[k] != again[k]] == []
    assert not any(str(root) in data.decode("utf-8", "replace") for data in first.values())


def test_card_page_turtle_is_the_entitys_own_statements(built: tuple[Path, set[str]]) -> None:
    root, _ = built
    turtle = (root / "id" / "graded-exposure.ttl").read_bytes()
    graph = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert graph and {t.subject.value for t in graph} == {
        "https://w3id.org/painkg/id/graded-exposure"}
    html = (root / "id" / "graded-exposure.html").read_text(encoding="utf-8")
    assert "Kinesiophobia" in html and "<details>" in html and "stated T1" in html


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A real headless Chromium with a fresh profile and its network log (support.browser)."""
    with chromium(1200, 1000, performance_log=True) as driver:
        yield driver


def _requests(driver: object) -> list[str]:
    import json

    urls = []
    for entry in driver.get_log("performance"):  # type: ignore[attr-defined]
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _axe(driver: object) -> list[dict[str, object]]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    result = driver.execute_async_script(  # type: ignore[attr-defined]
        "var done = arguments[arguments.length - 1];"
        "axe.run(document).then(function (r) { done(r.violations); });")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.browser
def test_site_in_chromium_search_keyboard_no_network_accessible(
        built: tuple[Path, set[str]], browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    root, _ = built
    driver = browser
    driver.get((root / "index.html").as_uri())  # type: ignore[attr-defined]
    assert not _axe(driver), _axe(driver)
    body = driver.find_element(By.TAG_NAME, "body")  # type: ignore[attr-defined]
    body.send_keys(Keys.TAB)  # the first focusable element is the search box
    active = driver.switch_to.active_element  # type: ignore[attr-defined]
    if active.get_attribute("id") != "search":
        active.send_keys(Keys.TAB)
        active = driver.switch_to.active_element  # type: ignore[attr-defined]
    assert active.get_attribute("id") == "search"
    active.send_keys("fear of mov")
    first = WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#results a"))[0]
    assert first.text == "Kinesiophobia"
    active.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("id/kinesiophobia.html"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Kinesiophobia"  # type: ignore[attr-defined]
    summary = [s for s in driver.find_elements(By.CSS_SELECTOR, "details summary")  # type: ignore[attr-defined]
               if s.text.startswith("Graded exposure")][0]
    summary.send_keys(Keys.ENTER)  # keyboard: Enter opens a <details>
    assert driver.find_element(By.CSS_SELECTOR, "details[open] li.sentence").is_displayed()  # type: ignore[attr-defined]
    assert not _axe(driver), _axe(driver)
    # Navigation: the card links to another entity's page, and back to the index.
    driver.find_element(By.LINK_TEXT, "Open Graded exposure").click()  # type: ignore[attr-defined]
    assert driver.current_url.endswith("id/graded-exposure.html")  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "site-card.png"))  # type: ignore[attr-defined]
    driver.get((root / "id" / "article" / "central-sensitization.html").as_uri())  # type: ignore[attr-defined]
    assert driver.find_elements(By.CSS_SELECTOR, "mark.llm") and driver.find_elements(  # type: ignore[attr-defined]
        By.CSS_SELECTOR, "mark.sourced")
    assert not _axe(driver), _axe(driver)
    driver.get((root / "id" / "source" / "woolf-2011.html").as_uri())  # type: ignore[attr-defined]
    heading = driver.find_element(By.XPATH, "//h2[starts-with(., 'Sentences citing it')]")  # type: ignore[attr-defined]
    assert heading.text == "Sentences citing it (14)"
    assert not _axe(driver), _axe(driver)
    driver.find_element(By.LINK_TEXT, "painkg: all entities").click()  # type: ignore[attr-defined]
    assert driver.current_url.endswith("/index.html")  # type: ignore[attr-defined]
    requests = _requests(driver)
    assert any(u.startswith("file:") for u in requests)  # the log does record requests
    # chrome:// pages are the browser's own; anything over a network scheme is a defect.
    outside = [u for u in requests if u.startswith(("http:", "https:", "ws:", "wss:", "ftp:"))]
    assert not outside, outside


@pytest.mark.browser
def test_card_and_view_pages_screenshots(built: tuple[Path, set[str]], browser: object) -> None:
    """The card of graded exposure with its 'Targets' relation open, and the graph view page
    of the site, photographed into test-artifacts/ (docs/img/card.png is the first, copied)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    root, _ = built
    driver = browser
    driver.set_window_size(1000, 1300)  # type: ignore[attr-defined]
    driver.get((root / "id" / "graded-exposure.html").as_uri())  # type: ignore[attr-defined]
    for summary in driver.find_elements(By.CSS_SELECTOR, "details summary"):  # type: ignore[attr-defined]
        if summary.text.startswith("Kinesiophobia"):
            summary.click()
    opened = driver.find_elements(By.CSS_SELECTOR, "details[open] li.sentence")  # type: ignore[attr-defined]
    assert len(opened) == 3  # two stating sentences, one implying
    ARTIFACTS.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / "card.png"))  # type: ignore[attr-defined]
    driver.set_window_size(1400, 900)  # type: ignore[attr-defined]
    driver.get((root / "views" / "interventions.html").as_uri())  # type: ignore[attr-defined]
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return document.body.getAttribute('data-ready')") == "true")
    assert driver.save_screenshot(str(ARTIFACTS / "site-view.png"))  # type: ignore[attr-defined]
    assert not _axe(driver), _axe(driver)  # the graph view page of the site, too
