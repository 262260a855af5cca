"""The theme's edges: syllable breaks, meta lines, mark and kbd, home page, menu, logo."""

import gzip
import importlib.util
import itertools
import re

import pytest
from conftest import ROOT, build_tree, post
from pelican.plugins.strom.hyphens import SOFT_HYPHEN, breaks, hyphenate_headings, hyphenate_text
from pelican.plugins.strom.stylesheet import contrast


def serve(folder):
    """Serve ``folder`` on 127.0.0.1 as bench/lighthouse.py does."""
    spec = importlib.util.spec_from_file_location("bench_lighthouse", ROOT / "bench/lighthouse.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.serve(folder)


# Where the long words may break: their syllables as the Duden divides them.
SYLLABLES = {
    "Datenschutzerklärung": "Da-ten-schutz-er-klä-rung",
    "Verbraucherstreitbeilegung": "Ver-brau-cher-streit-bei-le-gung",
    "Barrierefreiheit": "Bar-ri-e-re-frei-heit",
    "Erklärung": "Er-klä-rung",
}


def allowed(word):
    """Return the break positions (letters before the break) of a word of SYLLABLES."""
    positions, count = set(), 0
    for piece in SYLLABLES[word].split("-")[:-1]:
        count += len(piece)
        positions.add(count)
    return positions


def test_soft_hyphens_only_between_syllables():
    for word in SYLLABLES:
        assert set(breaks(word, "de")) <= allowed(word), word
    assert hyphenate_text("Datenschutzerklärung", "de") == SOFT_HYPHEN.join(
        ["Da", "ten", "schutz", "er", "klä", "rung"]
    )
    assert hyphenate_text("Kurze Wörter", "de") == "Kurze Wörter"  # short words stay whole
    html = (
        '<h2 id="datenschutzerklärung"><a href="#datenschutzerklärung">'
        "Datenschutzerklärung</a></h2><p>Datenschutzerklärung</p>"
    )
    done = hyphenate_headings(html, "de")
    assert done.count(SOFT_HYPHEN) == 5  # the heading's text only, not its id, link or the text
    assert 'id="datenschutzerklärung"' in done and "<p>Datenschutzerklärung</p>" in done


LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 32">'
    '<rect width="64" height="32" fill="#8a1538"/></svg>'
)

POSTS = {
    "blog/datenschutz.md": post(
        """
        title: Datenschutzerklärung
        pubDate: 2025-01-01
        tags: [recht]
        description: Ein Beitrag.
        """,
        "## Verbraucherstreitbeilegung\n\n"
        "Text mit <mark>Markierung</mark> und <kbd>Strg</kbd>+<kbd>C</kbd>.\n\n"
        "## Output\n\n## Output\n\n## Über Größe & Maß\n",
    ),
    **{
        f"blog/post-{day}.md": post(
            f"""
            title: Beitrag {day}
            pubDate: 2025-01-{day:02d}
            tags: [recht]
            description: Noch ein Beitrag.
            """
        )
        for day in range(2, 14)
    },
    "pages/barrierefreiheit.md": post(
        """
        title: Erklärung zur Barrierefreiheit
        """
    ),
    "public/logo.svg": LOGO,
    "public/kaputt.svg": "<svg",
    "public/site.css": ":root { --accent: #8a1538; --font: Georgia, serif; }",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("edges")
    (root / "output").mkdir()
    server = serve(root / "output")
    siteurl = f"http://127.0.0.1:{server.server_address[1]}"
    built = build_tree(
        root,
        POSTS,
        SITEURL=siteurl,
        FEED_DOMAIN=siteurl,
        STROM_LOGO="logo.svg",
        STROM_INTRO="Ein Blog über *Strom*.",
    )
    assert built.failure is None, built.failure_text
    built.url = siteurl
    yield built
    server.shutdown()
    server.server_close()


def test_soft_hyphens_stay_out_of_titles_feeds_json_ld_and_ids(site):
    page = site.html("blog/datenschutz/index.html")
    assert SOFT_HYPHEN in page.h1.get_text()
    assert SOFT_HYPHEN in page.find("h2", id="verbraucherstreitbeilegung").get_text()
    assert SOFT_HYPHEN not in page.title.get_text()
    for tag in page.find_all("meta"):
        assert SOFT_HYPHEN not in tag.get("content", ""), tag
    assert SOFT_HYPHEN not in page.find("script", type="application/ld+json").get_text()
    assert all(SOFT_HYPHEN not in tag["id"] for tag in page.find_all(id=True))
    for feed in site.output.rglob("*.xml"):
        assert SOFT_HYPHEN not in feed.read_text("utf-8"), feed
    fragments = list((site.output / "pagefind").rglob("*.pf_fragment"))
    assert fragments
    for fragment in fragments:
        assert SOFT_HYPHEN.encode() not in gzip.decompress(fragment.read_bytes()), fragment


def test_duplicate_headings_get_astros_ids(site):
    ids = [h["id"] for h in site.html("blog/datenschutz/index.html").select(".post-body h2")]
    assert ids == ["verbraucherstreitbeilegung", "output", "output-1", "über-größe--maß"]


# Each rendered line of an element: the text of its characters, grouped by line.
LINES = """element => {
  const lines = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let top = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      if (!rects.length) { if (lines.length) lines[lines.length - 1] += node.data[i]; continue; }
      // A character after a break also reports the hyphen shown before it: its line
      // is the one of its last box.
      const y = Math.round(rects[rects.length - 1].top);
      if (top === null || y > top + 2) { lines.push(""); top = y; }
      lines[lines.length - 1] += node.data[i];
    }
  }
  return lines;
}"""


def check_breaks(lines):
    """Assert that each line of a heading ends at a space or at a syllable's soft hyphen."""
    for line, following in itertools.pairwise(lines):
        if line.endswith(" ") or following.startswith(" "):
            continue
        assert line.endswith(SOFT_HYPHEN), (line, following)  # shown as a hyphen
        word = re.search(r"\w+$", line.replace(SOFT_HYPHEN, "")).group()
        rest = re.match(r"\w+", following.replace(SOFT_HYPHEN, "")).group()
        whole = word + rest
        for known in SYLLABLES:
            if known in whole:
                assert len(word) - whole.index(known) in allowed(known), (line, following)
                break
        else:
            pytest.fail(f"break in a word without known syllables: {line!r} / {following!r}")


@pytest.mark.parametrize("width", [320, 390])
def test_headings_break_only_between_syllables(site, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    broken = 0
    for path, selector in [
        ("blog/datenschutz/", "h1"),
        ("blog/datenschutz/", "h2#verbraucherstreitbeilegung"),
        ("barrierefreiheit/", "h1"),
        ("", "h2.p-name"),
    ]:
        page.goto(f"{site.url}/{path}")
        heading = page.locator(selector).first
        assert heading.evaluate("e => getComputedStyle(e).hyphens") == "manual"
        lines = heading.evaluate(LINES)
        broken += len(lines) > 1
        check_breaks(lines)
    page.close()
    assert broken  # the long words do not fit in one line: the test saw breaks


def test_a_wrapped_meta_line_never_starts_with_its_separator(site, browser):
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(f"{site.url}/blog/datenschutz/")
    meta = page.locator(".post-meta").first
    meta.evaluate("e => e.style.maxWidth = '9rem'")  # narrower than date and reading time
    tops = meta.evaluate(
        "e => [...e.children].map(c => [Math.round(c.getBoundingClientRect().top),"
        " getComputedStyle(c, '::before').content, getComputedStyle(c, '::after').content])"
    )
    assert len({top for top, _, _ in tops}) > 1  # it wraps
    for index, (_, before, after) in enumerate(tops):
        assert "·" not in before  # no item begins with the separator
        if index + 1 < len(tops):
            assert "·" in after
    page.close()


def rgb(text):
    return "#" + "".join(f"{int(v):02x}" for v in re.findall(r"\d+", text)[:3])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_mark_and_kbd_use_the_tokens_and_stay_readable(site, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{site.url}/blog/datenschutz/")
    mark = page.locator(".post-body mark").evaluate(
        "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"
    )
    assert rgb(mark[1]) not in ("#ffff00", "#000000")  # not the browser's yellow
    assert contrast(rgb(mark[0]), rgb(mark[1])) >= 4.5, mark
    kbd = page.locator(".post-body kbd").first.evaluate(
        "e => [getComputedStyle(e).borderTopWidth, getComputedStyle(e).backgroundColor,"
        " getComputedStyle(e).color]"
    )
    assert kbd[0] == "1px"
    assert contrast(rgb(kbd[2]), rgb(kbd[1])) >= 4.5, kbd
    context.close()


def test_the_home_page_shows_posts_first(site, browser):
    for path in ("index.html", "seite/2/index.html"):
        page = site.html(path)
        h1 = page.find_all("h1")
        assert len(h1) == 1 and "visually-hidden" in h1[0]["class"], path
        name = page.select_one(".brand-name").get_text()
        assert h1[0].get_text().startswith(name)
        h1[0].decompose()
        # Shown twice: the header and, at the page's end, the footer's copyright.
        assert page.body.get_text().count(name) == 2
    home = site.html("index.html")
    assert home.select_one(".home-intro em").get_text() == "Strom"
    assert not site.html("seite/2/index.html").select(".home-intro")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{site.url}/")
    box = page.locator(".post-list h2").first.bounding_box()
    assert box["y"] + box["height"] <= 844
    page.close()


@pytest.mark.parametrize(
    ("path", "current", "value"),
    [
        ("index.html", "Blog", "page"),
        ("seite/2/index.html", "Blog", "true"),
        ("tags/index.html", "Schlagwörter", "page"),
        ("tag/recht/index.html", "Schlagwörter", "true"),
        ("tag/recht/seite/2/index.html", "Schlagwörter", "true"),
        ("archiv/index.html", "Archiv", "page"),
        ("2025/index.html", "Archiv", "true"),
        ("categories/index.html", "Blog", "true"),
        ("authors/index.html", "Blog", "true"),
        ("suche/index.html", "Suche", "page"),
    ],
)
def test_the_menu_marks_the_current_list(site, path, current, value):
    marked = site.html(path).select(".site-nav [aria-current]")
    assert [(a.get_text(), a["aria-current"]) for a in marked] == [(current, value)]


def test_related_posts_leave_out_the_neighbours(site):
    page = site.html("blog/post-7/index.html")
    neighbours = {a["href"] for a in page.select(".post-nav a")}
    related = {a["href"] for a in page.select(".related a")}
    assert len(neighbours) == 2 and len(related) == 3
    assert not neighbours & related


def test_the_logo_is_the_sites_file(site):
    logo = site.html("index.html").select_one(".brand img.brand-logo")
    assert logo["src"].endswith("/logo.svg") and logo["alt"] == ""
    assert (logo["width"], logo["height"]) == ("56", "28")  # 64x32 at the header's 28 px
    assert not site.html("index.html").select(".brand svg")
