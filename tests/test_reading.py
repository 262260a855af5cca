"""Reading aids: the table of contents, the copy button on code and the colour-scheme toggle."""

from urllib.parse import unquote, urlsplit

import pytest
from conftest import build_and_check, build_tree, free_port, netlify_dev, post
from pelican.plugins.strom import reading
from pelican.plugins.strom.stylesheet import contrast, with_scheme_choice
from PIL import Image
from playwright.sync_api import expect

# Long enough that each heading can be scrolled to the top of a phone's screen.
TEXT = "Ein Absatz über Ströme, der eine Zeile füllt und noch eine.\n\n" * 12
LONG = (
    f"Einleitung.\n\n## Über Größe\n\n{TEXT}### Maße & Gewichte\n\n{TEXT}"
    f"## Durchsatz `messen`\n\n{TEXT}## Über Größe\n\nNoch einmal.\n\n"
    f"```python\nprint('Grüße')\nprint(\"Maß\")\n```\n\n{TEXT}"
)
POSTS = {
    "blog/lang.md": post("title: Ein langer Beitrag\npubDate: 2025-01-19", LONG),
    "blog/ohne.md": post("title: Ohne Inhaltsverzeichnis\npubDate: 2025-01-18\ntoc: false", LONG),
    "blog/kurz.md": post(
        "title: Ein kurzer Beitrag\npubDate: 2025-01-17", "## Eins\n\nA.\n\n## Zwei\n\nB.\n"
    ),
    "pages/befehle.md": post("title: Befehle", "    make html\n"),
}


@pytest.fixture(scope="module")
def port():
    return free_port()


@pytest.fixture(scope="module")
def site(tmp_path_factory, port):
    siteurl = f"http://127.0.0.1:{port}"
    built = build_tree(tmp_path_factory.mktemp("reading"), POSTS, SITEURL=siteurl)
    assert built.failure is None, built.failure_text
    return built


@pytest.fixture(scope="module")
def served(site, port, tmp_path_factory):
    with netlify_dev(site.output, port, tmp_path_factory.mktemp("netlify-dev")):
        yield f"http://127.0.0.1:{port}"


def toc_links(page) -> list[tuple[str, str]]:
    return [(a.get_text(), a["href"]) for a in page.select(".toc a")]


# -- Table of contents ------------------------------------------------------------------------


def test_the_table_lists_h2_and_h3_by_the_ids_of_the_rendered_headings(site):
    page = site.html("blog/lang/index.html")
    ids = {h["id"] for h in page.select(".post-body :is(h2, h3)")}
    links = toc_links(page)
    assert [text for text, _ in links] == [
        "Über Größe",
        "Maße & Gewichte",
        "Durchsatz messen",
        "Über Größe",
    ]
    assert all(href.startswith("#") and unquote(href[1:]) in ids for _, href in links)
    assert len({href for _, href in links}) == 4  # the repeated heading has an id of its own
    nested = page.select(".toc > details > ol > li > ol > li > a")
    assert [a.get_text() for a in nested] == ["Maße & Gewichte"]
    assert page.select_one(".toc")["aria-labelledby"] == "TocTitle"
    assert page.select_one("#TocTitle").get_text() == "Inhalt"


def test_toc_false_and_too_few_headings_show_none(site):
    assert site.html("blog/ohne/index.html").select(".toc") == []
    assert site.html("blog/kurz/index.html").select(".toc") == []


def test_the_site_default_and_the_least_number_of_headings_are_settings(build_site):
    built = build_site(POSTS, STROM_TOC=False, STROM_TOC_MIN_HEADINGS=2)
    assert built.failure is None, built.failure_text
    assert built.html("blog/lang/index.html").select(".toc") == []
    assert built.html("blog/kurz/index.html").select(".toc") == []
    on = {**POSTS, "blog/kurz.md": POSTS["blog/kurz.md"].replace("pubDate", "toc: true\npubDate")}
    built = build_site(on, STROM_TOC=False, STROM_TOC_MIN_HEADINGS=2)
    assert len(built.html("blog/kurz/index.html").select(".toc a")) == 2


@pytest.mark.parametrize(
    ("overrides", "line"),
    [
        ({"STROM_TOC": "ja"}, "STROM_TOC: must be True or False, got 'ja'"),
        ({"STROM_TOC_MIN_HEADINGS": 0}, "STROM_TOC_MIN_HEADINGS: must be a whole number"),
        ({"STROM_TOC_MIN_HEADINGS": True}, "STROM_TOC_MIN_HEADINGS: must be a whole number"),
    ],
)
def test_bad_toc_settings_are_named(build_site, overrides, line):
    built = build_site(POSTS, **overrides)
    assert built.failure is not None
    assert line in built.failure_text


def test_a_toc_that_is_not_true_or_false_is_a_problem_of_the_post(tmp_path, capsys):
    files = {
        **POSTS,
        "blog/kurz.md": POSTS["blog/kurz.md"].replace("pubDate", "toc: vielleicht\npubDate"),
    }
    # The build and `strom check` name the same problem (build_and_check compares them).
    built, status, lines, _ = build_and_check(tmp_path, capsys, files)
    assert status == 1
    (line,) = lines
    assert line.startswith("content/blog/kurz.md:")
    assert "toc:" in line and "write true or false" in line
    assert built.exists("blog/lang/index.html")  # the other posts are still written


def test_headings_are_read_with_their_ids_and_text_only():
    content = (
        '<h2 id="a&amp;b"><a class="toclink" href="#a&amp;b">A &amp; <code>b</code></a></h2>'
        "<h3>no id</h3><h3 data-id='x'>not an id</h3><h3 class=\"c\" id='c'>C</h3><h4 id='d'>D</h4>"
        '<pre><code>&lt;h2 id="x"&gt;</code></pre>'
    )
    found = reading.headings(content)
    assert [(h.level, h.id, h.text) for h in found] == [(2, "a&b", "A & b"), (3, "c", "C")]
    tree = reading.nested([reading.Heading(3, "x", "X"), *found])
    assert [h.id for h in tree] == ["x", "a&b"]
    assert [h.id for h in tree[1].children] == ["c"]


# -- In chromium, served by Netlify's dev server with the real _headers policy ---------------


@pytest.fixture
def context(browser, served):
    """A browser context that records console errors (a policy refusal is one)."""
    made = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    made.errors = []
    made.on("console", lambda m: m.type == "error" and made.errors.append(m.text))
    made.on("weberror", lambda e: made.errors.append(str(e.error)))
    yield made
    assert made.errors == []
    made.close()


def box(tab, selector: str) -> dict:
    return tab.locator(selector).bounding_box()


def test_toc_links_move_to_their_headings_without_javascript(browser, served):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 800}, reduced_motion="reduce"
    )
    tab = context.new_page()
    tab.goto(f"{served}/blog/lang/")
    assert tab.locator("#SchemeToggle").is_hidden()  # no script, no toggle
    links = tab.locator(".toc a")
    assert links.count() == 4
    for index in range(4):
        href = links.nth(index).get_attribute("href")
        links.nth(index).click()
        assert unquote(urlsplit(tab.url).fragment) == unquote(href[1:])
        top = tab.evaluate(
            "document.getElementById(decodeURIComponent(location.hash.slice(1)))"
            ".getBoundingClientRect().top"
        )
        assert 0 <= top < 100  # the heading is scrolled to the top
    context.close()


def test_toc_stands_before_the_text_on_phones_and_beside_it_on_wide_screens(context, served):
    tab = context.new_page()
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"{served}/blog/lang/")
    toc, body = box(tab, ".toc"), box(tab, ".post-body")
    assert toc["y"] + toc["height"] <= body["y"]
    assert toc["x"] >= 0 and toc["x"] + toc["width"] <= 390
    tab.set_viewport_size({"width": 1366, "height": 768})
    toc, body, title = box(tab, ".toc"), box(tab, ".post-body"), box(tab, ".post-header h1")
    assert toc["x"] >= body["x"] + body["width"]  # beside the text, to its right
    assert toc["x"] + toc["width"] <= 1366
    assert abs(toc["y"] - body["y"]) < 5
    assert abs(body["x"] - title["x"]) < 1  # the text keeps its column
    tab.emulate_media(reduced_motion="reduce")  # scroll at once
    tab.evaluate("scrollTo(0, 900)")
    assert tab.evaluate("scrollY") == 900
    assert 0 <= box(tab, ".toc")["y"] <= 40  # sticky: still in view after scrolling


# -- Copy button ------------------------------------------------------------------------------


def copy_scripts(page) -> list:
    return [s for s in page.find_all("script", src=True) if s["src"].endswith("/copy.js")]


def test_only_pages_with_code_load_the_copy_script_with_its_german_texts(site):
    (script,) = copy_scripts(site.html("blog/lang/index.html"))
    assert script["type"] == "module"
    assert (script["data-copy"], script["data-copied"]) == ("Kopieren", "Kopiert")
    assert script["data-done"] == "Code in die Zwischenablage kopiert."
    assert script["data-failed"] == "Der Code konnte nicht kopiert werden."
    assert copy_scripts(site.html("blog/kurz/index.html")) == []
    assert copy_scripts(site.html("index.html")) == []
    assert len(copy_scripts(site.html("befehle/index.html"))) == 1  # a page with code
    assert site.html("befehle/index.html").select(".toc") == []  # tables are for posts


def test_the_copy_button_copies_the_code_and_says_so(context, served):
    tab = context.new_page()
    tab.goto(f"{served}/blog/lang/")
    button = tab.locator(".highlight .copy-button")
    expect(button).to_have_count(1)
    expect(button).to_have_accessible_name("Kopieren")
    button.click()
    expect(tab.get_by_role("status")).to_have_text("Code in die Zwischenablage kopiert.")
    expect(button).to_have_text("Kopiert")
    assert tab.evaluate("navigator.clipboard.readText()") == "print('Grüße')\nprint(\"Maß\")"
    tab.goto(f"{served}/blog/kurz/")
    expect(tab.locator("#SchemeToggle")).to_be_visible()  # the page has run its scripts
    assert tab.locator(".copy-button").count() == 0


# -- Colour scheme ----------------------------------------------------------------------------

LIGHT_BG, DARK_BG = "rgb(255, 255, 255)", "rgb(15, 19, 24)"
TOKENS = ("bg", "bg-soft", "fg", "muted", "accent", "accent-strong", "accent-soft", "on-accent")
# What a page looks like before its module scripts run: readyState "interactive"
# comes after the render-blocking scheme.js and before toggle.js.
FIRST_LOOK = """
document.addEventListener("readystatechange", () => {
  if (document.readyState === "interactive" && !window.firstLook) {
    window.firstLook = {
      scheme: document.documentElement.dataset.scheme,
      background: getComputedStyle(document.body).backgroundColor,
      pressed: document.getElementById("SchemeToggle").getAttribute("aria-pressed"),
    };
  }
});
"""


def background(tab) -> str:
    return tab.evaluate("getComputedStyle(document.body).backgroundColor")


def tokens(tab) -> dict[str, str]:
    return {
        name: tab.evaluate(
            f"getComputedStyle(document.documentElement).getPropertyValue('--{name}').trim()"
        )
        for name in TOKENS
    }


def test_the_stored_scheme_is_there_at_the_first_paint_on_the_next_page(browser, served, tmp_path):
    context = browser.new_context(color_scheme="light")
    tab = context.new_page()
    tab.goto(f"{served}/blog/kurz/")
    toggle = tab.get_by_role("button", name="Dunkles Farbschema")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert background(tab) == LIGHT_BG
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert background(tab) == DARK_BG
    assert tab.evaluate("localStorage.getItem('strom-scheme')") == "dark"
    # The next page, with the toggle's own script refused: only scheme.js runs.
    context.route("**/toggle.js", lambda route: route.abort())
    context.add_init_script(FIRST_LOOK)
    tab.goto(f"{served}/blog/lang/", wait_until="commit")
    tab.wait_for_load_state("domcontentloaded")
    first = tab.evaluate("window.firstLook")
    assert first == {"scheme": "dark", "background": DARK_BG, "pressed": "false"}
    shot = tmp_path / "first-paint.png"
    tab.screenshot(path=shot, clip={"x": 0, "y": 0, "width": 40, "height": 40})
    assert Image.open(shot).convert("RGB").getpixel((5, 5)) == (15, 19, 24)
    context.close()


def test_a_light_choice_wins_over_a_dark_system_and_both_keep_their_tokens(browser, served):
    context = browser.new_context(color_scheme="dark")
    tab = context.new_page()
    tab.goto(f"{served}/blog/kurz/")
    dark_tokens = tokens(tab)
    toggle = tab.locator("#SchemeToggle")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert background(tab) == DARK_BG
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    tab.goto(f"{served}/blog/lang/")
    assert tab.evaluate("document.documentElement.dataset.scheme") == "light"
    assert background(tab) == LIGHT_BG
    expect(tab.locator("#SchemeToggle")).to_have_attribute("aria-pressed", "false")
    chosen_light = tokens(tab)
    context.close()
    # The same tokens as the system's light and a chosen dark as the system's dark.
    context = browser.new_context(color_scheme="light")
    tab = context.new_page()
    tab.goto(f"{served}/blog/kurz/")
    assert tokens(tab) == chosen_light
    tab.locator("#SchemeToggle").click()
    assert tokens(tab) == dark_tokens
    assert dark_tokens != chosen_light
    tab.emulate_media(media="print")  # paper is light, whatever was chosen
    assert background(tab) == LIGHT_BG
    context.close()
    for palette in (dark_tokens, chosen_light):
        for text, ground in [("fg", "bg"), ("muted", "bg"), ("muted", "bg-soft"), ("accent", "bg")]:
            assert contrast(palette[text], palette[ground]) >= 4.5, (text, ground, palette)


def test_without_javascript_the_system_scheme_applies_and_no_toggle_shows(browser, served):
    context = browser.new_context(java_script_enabled=False, color_scheme="dark")
    tab = context.new_page()
    tab.goto(f"{served}/blog/kurz/")
    assert background(tab) == DARK_BG
    expect(tab.locator("#SchemeToggle")).to_be_hidden()
    context.close()


def test_dark_tokens_follow_the_choice_in_the_stylesheet():
    css = "@media (prefers-color-scheme:dark){:root{--bg:#000}}a{color:red}"
    assert with_scheme_choice(css) == (
        "@media screen and (prefers-color-scheme:dark){:root:not([data-scheme=light]){--bg:#000}}"
        "@media screen{:root[data-scheme=dark]{--bg:#000}}a{color:red}"
    )
    nested = "@media (prefers-color-scheme:dark){a{color:red}}"
    assert with_scheme_choice(nested) == nested  # only :root tokens follow the toggle
