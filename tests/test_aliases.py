"""Alias paths: what each form of alias names, and what is refused (pure functions)."""

import posixpath
from urllib.parse import quote

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from pelican.plugins.strom.aliases import (
    Alias,
    AliasError,
    Claim,
    alias_list,
    link,
    normalize,
    plan,
    relative_link,
)
from pelican.plugins.strom.outputs import OutputMap, Owner


@pytest.mark.parametrize(
    ("alias", "page_url", "expected"),
    [
        (
            "/2025/03/kafka-connect/",
            "blog/x/",
            Alias("/2025/03/kafka-connect/", "2025/03/kafka-connect/index.html", True),
        ),
        (
            "/2025/03/kafka-connect",
            "blog/x/",
            Alias("/2025/03/kafka-connect/", "2025/03/kafka-connect/index.html", True),
        ),
        (
            "/posts/kafka-connect.html",
            "blog/x/",
            Alias("/posts/kafka-connect.html", "posts/kafka-connect.html", True),
        ),
        ("/alt/SEITE.HTM", "", Alias("/alt/SEITE.HTM", "alt/SEITE.HTM", True)),
        ("/feed/alt.php", "", Alias("/feed/alt.php", "feed/alt.php", False)),
        ("/sitemap-index.xml", "", Alias("/sitemap-index.xml", "sitemap-index.xml", False)),
        # Hugo: relative to the folder of the page.
        ("alter-name", "blog/neu/", Alias("/blog/alter-name/", "blog/alter-name/index.html", True)),
        ("alt/name.html", "blog/neu/", Alias("/blog/alt/name.html", "blog/alt/name.html", True)),
        ("../ganz-alt/", "blog/neu/", Alias("/ganz-alt/", "ganz-alt/index.html", True)),
        ("früher", "über-uns/", Alias("/früher/", "früher/index.html", True)),
        ("./a/./b/../c", "blog/x/", Alias("/blog/a/c/", "blog/a/c/index.html", True)),
        # One address, several spellings.
        ("/über-uns/", "", Alias("/über-uns/", "über-uns/index.html", True)),
        ("/%C3%BCber-uns/", "", Alias("/über-uns/", "über-uns/index.html", True)),
        ("/u\u0308ber-uns/", "", Alias("/über-uns/", "über-uns/index.html", True)),
        (" /x//y/// ", "", Alias("/x/y/", "x/y/index.html", True)),
        ("/", "blog/x/", Alias("/", "index.html", True)),
    ],
)
def test_what_an_alias_names(alias, page_url, expected):
    assert normalize(alias, page_url) == expected


@pytest.mark.parametrize(
    ("alias", "page_url", "reason"),
    [
        ("../../../tmp/x", "blog/neu/", "leaves the site"),
        ("/../etc/passwd", "", "leaves the site"),
        ("%2e%2e/%2E%2E/x", "blog/", "leaves the site"),
        ("https://example.org/alt/", "", "another site"),
        ("http://example.org", "", "another site"),
        ("//example.org/alt/", "", "another site"),
        ("//[", "", "another site"),
        ("javascript:alert(1)", "", "another site"),
        ("mailto:a@example.org", "", "another site"),
        ("C:/Windows/x", "", "another site"),
        ("/alt?p=1", "", "query or a fragment"),
        ("/alt#teil", "", "query or a fragment"),
        ("/alt%3Fp=1", "", "contains '?'"),
        ("/mit leerzeichen/", "", "contains ' '"),
        ("/mit%20leerzeichen/", "", "contains ' '"),
        ("/a\\..\\..\\x", "", "contains '\\\\'"),
        ("/alt/*", "", "contains '*'"),
        ("/blog/:slug/", "", "contains ':'"),
        ("/zeile\nzwei", "", "contains"),
        ("/%FF/", "", "not UTF-8"),
        ("/.../", "", "path segment '...'"),
        ("", "", "is empty"),
        ("   ", "", "is empty"),
    ],
)
def test_refused_aliases_say_why(alias, page_url, reason):
    with pytest.raises(AliasError) as raised:
        normalize(alias, page_url)
    assert reason in str(raised.value)


def test_alias_sources():
    assert alias_list(None) == []
    assert alias_list("") == []
    assert alias_list("/alt/") == ["/alt/"]
    assert alias_list("/a/, /b/") == ["/a/", "/b/"]
    assert alias_list(["/a/", None, " ", 2019]) == ["/a/", "2019"]


def test_links_percent_encode_and_keep_the_site_path():
    assert link("", "/blog/über-streams/") == "/blog/%C3%BCber-streams/"
    assert link("https://example.de/blog/", "/blog/a/") == "https://example.de/blog/blog/a/"
    assert link("https://example.de/blog", "/") == "https://example.de/blog/"
    assert relative_link("2025/03/alt/index.html", "/blog/über/") == "../../../blog/%C3%BCber/"
    assert relative_link("alt.html", "/blog/a/") == "blog/a/"
    assert relative_link("blog/index.html", "/") == "../"
    assert relative_link("index.html", "/") == "./"


SEGMENT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=8
) | st.sampled_from(["..", ".", "", "über", "a.html", "x.xml", "%C3%BC", "%2e%2e", "%2F"])
ALIAS = st.builds(
    lambda lead, parts, trail: lead + "/".join(parts) + trail,
    st.sampled_from(["", "/", "//", "./", "../"]),
    st.lists(SEGMENT, max_size=6),
    st.sampled_from(["", "/"]),
)
PAGE_URL = st.lists(st.sampled_from(["blog", "neu", "über", "a"]), max_size=3).map(
    lambda parts: "/".join(parts) + "/" if parts else ""
)


@given(ALIAS, PAGE_URL)
@example("../../../tmp/x", "blog/neu/")
@example("/%2e%2e/x", "")
def test_any_accepted_alias_stays_inside_the_output(alias, page_url):
    try:
        result = normalize(alias, page_url)
    except AliasError:
        return
    output = "/srv/output"
    written = posixpath.normpath(posixpath.join(output, result.file))
    assert written.startswith(output + "/")
    assert result.path.startswith("/") and not result.file.startswith("/")
    segments = result.file.split("/")
    assert "" not in segments and ".." not in segments and "." not in segments
    assert not any(char.isspace() for char in result.path)
    assert result.page == result.file.lower().endswith((".html", ".htm"))
    # Normalising is idempotent, and both spellings of an address are one alias.
    assert normalize(result.path) == result
    assert normalize(quote(result.path)) == result


@given(ALIAS, PAGE_URL)
def test_a_relative_alias_is_the_absolute_one_below_the_page_folder(alias, page_url):
    # An alias is taken without the white space around it; empty is refused as empty.
    assume(alias.strip() and not alias.strip().startswith("/"))
    folder = posixpath.dirname("/" + page_url.strip("/"))
    absolute = folder.rstrip("/") + "/" + alias.strip()
    try:
        relative = normalize(alias, page_url)
    except AliasError:
        with pytest.raises(AliasError):  # refused either way
            normalize(absolute)
        return
    assert normalize(absolute) == relative


def claim(alias, source, target="/blog/neu/", required=True):
    return Claim(alias, target, "Neu", source, "aliases", "blog/neu/", required)


def test_plan_refuses_repeats_and_collisions_naming_both_files():
    taken = OutputMap()
    taken.claim("blog/neu/index.html", Owner("content/blog/neu.md"))
    taken.claim("rss.xml", Owner("", what="the feed rss.xml"))
    taken.reserve("theme", Owner("", what="the folder theme/ of theme files"))
    redirects, problems = plan(
        [
            claim("/alt/", "content/blog/a.md"),
            claim("/alt", "content/blog/a.md"),  # the same alias again: fine
            claim("/alt/", "content/blog/b.md"),
            claim("/blog/neu/", "content/blog/b.md"),
            claim("/rss.xml/", "content/blog/b.md"),
            claim("/theme/css/", "content/blog/b.md"),
            claim("/alt/index.html", "content/blog/c.md"),
            claim("https://example.org/", "content/blog/c.md"),
            claim("/blog/neu/", "Strom", required=False),
        ],
        taken,
        "https://example.de/blog",
    )
    assert [(r.alias.path, r.source, r.location) for r in redirects] == [
        ("/alt/", "content/blog/a.md", "https://example.de/blog/blog/neu/")
    ]
    messages = [str(problem) for problem in problems]
    assert messages[0].startswith("content/blog/b.md: aliases: '/alt/' collides with")
    assert "content/blog/a.md" in messages[0]
    assert "content/blog/neu.md" in messages[1]
    assert "rss.xml" in messages[2]
    assert "theme/" in messages[3]
    assert "content/blog/c.md" in messages[4] and "content/blog/a.md" in messages[4]
    assert "another site" in messages[5]
    assert len(messages) == 6  # the built-in claim yields to the page quietly
