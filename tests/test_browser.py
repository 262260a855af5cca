"""The kitchen-sink site in Debian's chromium (Playwright): keyboard, dark mode, clean console."""

import importlib.util
from urllib.parse import quote, urlsplit

import pytest
from conftest import KITCHEN_SINK, ROOT, build_folder

# Every test here drives Chromium.
pytestmark = pytest.mark.slow

PAGES = [
    "",
    "blog/küchenspüle/",
    "tag/kafka/",
    "tags/",
    "archiv/",
    "2024/",
    "impressum/",
    "seite/2/",
    "gibt-es-nicht/",
]


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_lighthouse", ROOT / "bench" / "lighthouse.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The kitchen-sink site served on 127.0.0.1, built with that address as SITEURL."""
    output = tmp_path_factory.mktemp("served") / "output"
    output.mkdir()
    server = _bench().serve(output)
    siteurl = f"http://127.0.0.1:{server.server_address[1]}"
    site = build_folder(KITCHEN_SINK, output, SITEURL=siteurl, FEED_DOMAIN=siteurl)
    assert site.failure is None, site.errors
    yield siteurl
    server.shutdown()
    server.server_close()


def url(siteurl, path):
    return f"{siteurl}/{quote(path)}"


def test_skip_link_moves_focus_to_the_main_content(served, browser):
    page = browser.new_page()
    page.goto(url(served, "blog/küchenspüle/"))
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.className")
    assert skip == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] > 0  # shown when focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # visible focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    page.keyboard.press("Tab")  # the next stop is inside the main content
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    page.close()


@pytest.mark.parametrize(
    ("scheme", "background", "code"),
    [
        ("light", "rgb(255, 255, 255)", "rgb(248, 248, 248)"),
        ("dark", "rgb(15, 19, 24)", "rgb(13, 17, 23)"),
    ],
)
def test_colour_scheme_applies(served, browser, scheme, background, code):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(url(served, "blog/küchenspüle/"))
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background
    highlight = "getComputedStyle(document.querySelector('.highlight')).backgroundColor"
    assert page.evaluate(highlight) == code
    context.close()


def test_no_console_errors_and_no_other_hosts(served, browser):
    page = browser.new_page()
    errors, hosts, failed = [], set(), []
    current = {"path": ""}
    page.on("console", lambda m: m.type == "error" and errors.append((current["path"], m.text)))
    page.on("pageerror", lambda e: errors.append((current["path"], str(e))))
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on(
        "response",
        lambda r: (
            r.status >= 400 and r.request.resource_type != "document" and failed.append(r.url)
        ),
    )
    for path in PAGES:
        current["path"] = path
        response = page.goto(url(served, path), wait_until="load")
        missing = path.startswith("gibt-es-nicht")
        assert response.status == (404 if missing else 200), path
        page.mouse.wheel(0, 20000)  # scroll, so lazy images load too
        page.wait_for_load_state("networkidle")
    page.close()
    # The one expected error: Chromium reports the 404 status of the missing page itself.
    expected = (
        "gibt-es-nicht/",
        "Failed to load resource: the server responded with a status of 404 (Not Found)",
    )
    assert [e for e in errors if e != expected] == []
    assert failed == []
    assert hosts == {"127.0.0.1"}


@pytest.mark.parametrize("width", [320, 640])  # a phone; 1280 px at 200 % zoom
def test_no_sideways_scrolling_on_narrow_screens(served, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    for path in PAGES:
        page.goto(url(served, path))
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, (path, overflow)
    page.close()


@pytest.mark.parametrize(("motion", "behavior"), [("reduce", "auto"), ("no-preference", "smooth")])
def test_reduced_motion(served, browser, motion, behavior):
    context = browser.new_context(reduced_motion=motion)
    page = context.new_page()
    page.goto(url(served, ""))
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == behavior
    context.close()
