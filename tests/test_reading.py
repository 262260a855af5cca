"""Reading aids: the table of contents, the copy button on code and the colour-scheme toggle."""

from urllib.parse import unquote

import pytest
from conftest import build_tree, free_port, netlify_dev, post
from pelican.plugins.strom import reading

LONG = (
    "Einleitung.\n\n## Über Größe\n\nText.\n\n### Maße & Gewichte\n\nText.\n\n"
    "## Durchsatz `messen`\n\nText.\n\n## Über Größe\n\nNoch einmal.\n\n"
    "```python\nprint('Grüße')\n```\n"
)
POSTS = {
    "blog/lang.md": post("title: Ein langer Beitrag\npubDate: 2025-01-19", LONG),
    "blog/ohne.md": post("title: Ohne Inhaltsverzeichnis\npubDate: 2025-01-18\ntoc: false", LONG),
    "blog/kurz.md": post(
        "title: Ein kurzer Beitrag\npubDate: 2025-01-17", "## Eins\n\nA.\n\n## Zwei\n\nB.\n"
    ),
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


def test_a_toc_that_is_not_true_or_false_is_a_problem_of_the_post(build_site):
    files = {
        **POSTS,
        "blog/kurz.md": POSTS["blog/kurz.md"].replace("pubDate", "toc: vielleicht\npubDate"),
    }
    built = build_site(files)
    assert built.failure is not None
    assert "blog/kurz.md" in built.failure_text
    assert "toc" in built.failure_text and "write true or false" in built.failure_text
    assert built.exists("blog/lang/index.html")  # the other posts are still written


def test_headings_are_read_with_their_ids_and_text_only():
    content = (
        '<h2 id="a&amp;b"><a class="toclink" href="#a&amp;b">A &amp; <code>b</code></a></h2>'
        "<h3>no id</h3><h3 id='c'>C</h3><h4 id='d'>D</h4>"
        '<pre><code>&lt;h2 id="x"&gt;</code></pre>'
    )
    found = reading.headings(content)
    assert [(h.level, h.id, h.text) for h in found] == [(2, "a&b", "A & b"), (3, "c", "C")]
    tree = reading.nested([reading.Heading(3, "x", "X"), *found])
    assert [h.id for h in tree] == ["x", "a&b"]
    assert [h.id for h in tree[1].children] == ["c"]
