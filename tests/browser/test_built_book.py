"""The built book as a reader's browser shows it (headless Chromium through Selenium).

Runs after ``make book-clean`` (``make browser``; part of ``make test``). Each page of the
table of contents must load with its figures, show no traceback or warning in a cell
output, render its math, keep its content inside the text column at 1280 px, and keep
figures legible on a 400 px phone screen; the search page must find a term. Screenshots
of a few pages are kept in ``_build/browser/`` as artifacts.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import socketserver
import threading
from pathlib import Path

import pytest
from book_toc import toc_pages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "browser"
SCREENSHOT_PAGES = {"notebooks/01_error_bars", "notebooks/90_interval_coverage", "book/preface"}


PAGES = toc_pages()


@pytest.fixture(scope="module")
def server():
    if not (HTML / "index.html").exists():
        pytest.fail("no built book: run `make book-clean` before the browser checks")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(HTML))
    handler.log_message = lambda *args: None
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (binary and driver):
        pytest.fail("the browser checks need Debian's chromium and chromium-driver "
                    "(`make browser` installs them when run as root)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--hide-scrollbars"):
        options.add_argument(flag)
    web = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    web.set_window_size(1280, 1000)
    yield web
    web.quit()


def _open(browser, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    wait = WebDriverWait(browser, 30)
    wait.until(lambda b: b.execute_script("return document.readyState") == "complete")
    # MathJax typesets asynchronously: wait for it where the page has math.
    wait.until(lambda b: b.execute_script(
        "return !document.querySelector('.math') || "
        "(window.MathJax && MathJax.startup && MathJax.startup.document && "
        "document.querySelectorAll('mjx-container').length > 0)"))


_OVERFLOW = """
const art = document.querySelector('article') || document.querySelector('main');
const right = art.getBoundingClientRect().right + 1;
const scrolls = el => {
  for (let a = el.parentElement; a && a !== art; a = a.parentElement) {
    const o = getComputedStyle(a).overflowX;
    if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
  }
  return false;
};
const bad = [];
for (const el of art.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  const spills = el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 &&
    getComputedStyle(el).overflowX === 'visible';
  if (r.width > 0 && (r.right > right || spills) && !scrolls(el)) {
    bad.push(el.tagName + '.' + el.className + ': ' + (el.textContent || '').slice(0, 60));
  }
}
return bad.slice(0, 5);
"""


@pytest.mark.parametrize("page", PAGES)
def test_page_reads_as_a_reader_sees_it(server, browser, page):
    browser.set_window_size(1280, 1000)
    _open(browser, f"{server}/{page}.html")
    assert browser.execute_script("return !!document.querySelector('article')"), (
        f"{page} did not load ({browser.title!r}): is it built?")
    broken = browser.execute_script(
        "return [...document.querySelectorAll('article img')]"
        ".filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
    assert not broken, f"{page}: images that did not load: {broken}"
    outputs = browser.execute_script(
        "return [...document.querySelectorAll('.cell_output')].map(o => o.innerText)")
    for text in outputs:
        assert "Traceback (most recent call last)" not in text, f"{page}: a traceback"
        assert "Warning:" not in text, f"{page}: a warning in a cell output: {text[:200]}"
    stderr = browser.execute_script("return document.querySelectorAll('.output.stderr').length")
    assert stderr == 0, f"{page}: {stderr} stderr output(s)"
    text = browser.execute_script("return document.querySelector('article').innerText")
    assert "\\(" not in text and "\\[" not in text, f"{page}: raw TeX left unrendered"
    assert browser.execute_script(_OVERFLOW) == [], f"{page}: content overflows its column"
    if page in SCREENSHOT_PAGES:
        SHOTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(SHOTS / f"{page.replace('/', '_')}.png"))


@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith("notebooks/")])
def test_figures_stay_legible_on_a_phone(server, browser, page):
    """At 400 px a figure is shown at least 300 px wide and shrunk at most 2.9 times, so
    the book style's 12-13 pt lettering stays at about 7 px or more."""
    browser.set_window_size(400, 900)
    try:
        _open(browser, f"{server}/{page}.html")
        sizes = browser.execute_script(
            "return [...document.querySelectorAll('article figure img, article .cell_output img')]"
            ".map(i => [i.naturalWidth, i.getBoundingClientRect().width, i.src])")
    finally:
        browser.set_window_size(1280, 1000)
    for natural, shown, src in sizes:
        assert shown >= min(300, natural), f"{page}: {src} shown only {shown:.0f} px wide"
        assert natural / shown <= 2.9, f"{page}: {src} shrunk {natural / shown:.1f} times"


def test_search_finds_a_term(server, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server}/search.html?q=clustered")
    WebDriverWait(browser, 30).until(lambda b: b.execute_script(
        "return document.querySelectorAll('#search-results li, .search li').length > 0"))
    hits = browser.execute_script(
        "return [...document.querySelectorAll('#search-results li a, .search li a')]"
        ".map(a => a.getAttribute('href'))")
    assert any("01_error_bars" in h for h in hits), hits[:5]
