"""STROM_PERMALINK: each post at the address Hugo or Jekyll gave it, as its own URL."""

import datetime as dt

import pytest
from conftest import build_and_check, post
from pelican.plugins.strom.permalinks import (
    PRESETS,
    expand,
    hugo_urlize,
    jekyll_slugify,
    setting_problem,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Über Größe & Maß", "über-größe--maß"),
        ("Kafka: 10 Tipps!", "kafka-10-tipps"),
        ("C++ und C#", "c++-und-c#"),
    ],
)
def test_hugo_urlize(text, expected):
    assert hugo_urlize(text) == expected


@pytest.mark.parametrize(
    ("text", "pretty", "cased", "expected"),
    [
        ("Steam-Login", True, True, "Steam-Login"),
        ("Steam Login (neu)", True, True, "Steam-Login-(neu)"),
        ("Steam Login (neu)", False, False, "steam-login-neu"),
        ("mein_erster artikel", False, False, "mein-erster-artikel"),
        ("Größe", False, False, "größe"),
    ],
)
def test_jekyll_slugify(text, pretty, cased, expected):
    assert jekyll_slugify(text, pretty=pretty, cased=cased) == expected


def test_expand_leaves_no_empty_segment_and_knows_files_from_folders():
    day = dt.date(2013, 10, 14)
    names = {"title": "a", "categories": "", "slug": "a"}
    assert expand(PRESETS["jekyll"], day, names) == ("2013/10/14/a.html", "2013/10/14/a.html")
    assert expand("/:year/:slug", day, names) == ("2013/a/", "2013/a/index.html")
    # A dot a title brings makes no file of a folder pattern (Hugo: .../version-1.2/).
    dotted = {**names, "title": "version-1.2"}
    assert expand("/:year/:title", day, dotted) == (
        "2013/version-1.2/",
        "2013/version-1.2/index.html",
    )
    assert expand("/:year/:title.html", day, dotted) == ("2013/version-1.2.html",) * 2
    moment = dt.datetime(2013, 3, 4, 5, 6, 7)
    assert expand("/:short_year/:i_month/:i_day/:hour:minute:second-:slug/", moment, names) == (
        "13/3/4/050607-a/",
        "13/3/4/050607-a/index.html",
    )


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("/:year/:wochentag/:slug/", "':wochentag'"),
        ("/:year/:month/", "names no :slug"),
        ("blog/:slug/", "must be a pattern"),
        (["/:slug/"], "must be a pattern"),
    ],
)
def test_bad_patterns_are_refused(value, words):
    assert words in setting_problem(value)


def test_jekyll_posts_keep_their_dated_html_addresses(tmp_path, capsys):
    files = {
        "blog/2013-10-14-mein-erster-artikel.md": post("title: Mein erster Artikel\n"),
        "blog/2016-08-12-Steam-Login.markdown": post(
            "title: Steam\ncategories: [Linux, Mac]\ntags: linux mac\n"
        ),
    }
    site, status, lines, _ = build_and_check(
        tmp_path, capsys, files, STROM_DIALECT="'jekyll'", STROM_PERMALINK="'jekyll'"
    )
    assert status == 0, lines
    first = site.html("2013/10/14/mein-erster-artikel.html")
    assert first.h1.get_text() == "Mein erster Artikel"
    assert site.exists("linux/mac/2016/08/12/Steam-Login.html")
    assert not site.exists("blog/mein-erster-artikel/index.html")
    hrefs = {a["href"] for a in site.html("index.html").select("a")}
    assert "/2013/10/14/mein-erster-artikel.html" in hrefs
    assert "/linux/mac/2016/08/12/Steam-Login.html" in hrefs


def test_hugo_slugs_come_from_the_title_and_dates_keep_their_day(tmp_path, capsys):
    files = {
        "blog/erster.md": post("title: Über Größe & Maß\ndate: 2020-03-01T23:30:00Z\n"),
        "blog/zweiter.md": post("title: Zwei\nslug: Eigener Slug\ndate: 2021-01-05\n"),
    }
    site, status, lines, _ = build_and_check(
        tmp_path,
        capsys,
        files,
        STROM_DIALECT="'hugo'",
        STROM_PERMALINK="'/:year/:month/:day/:slug/'",
    )
    assert status == 0, lines
    assert site.html("2020/03/01/über-größe--maß/index.html").h1.get_text() == "Über Größe & Maß"
    # Hugo urlizes a front-matter slug too; Strom keeps the reader's slug field as written.
    assert site.exists("2021/01/05/eigener-slug/index.html")


def test_the_hugo_preset_keeps_file_names_under_posts(tmp_path, capsys):
    files = {
        "blog/mein-beitrag.md": post("title: Ganz anders\ndate: 2020-03-01\n"),
        "blog/bündel/index.md": post("title: Bündel\ndate: 2020-03-02\n"),
    }
    site, status, lines, _ = build_and_check(
        tmp_path, capsys, files, STROM_DIALECT="'hugo'", STROM_PERMALINK="'hugo'"
    )
    assert status == 0, lines
    assert site.exists("posts/mein-beitrag/index.html")
    assert site.exists("posts/bündel/index.html")


def test_an_address_no_file_may_have_is_a_problem_of_that_post(tmp_path, capsys):
    files = {
        "blog/2020-01-01-gut.md": post("title: Gut\n"),
        "blog/2020-01-02-schlecht.md": post("title: Schlecht\ncategories: ['was?']\n"),
    }
    site, status, lines, _ = build_and_check(
        tmp_path, capsys, files, STROM_DIALECT="'jekyll'", STROM_PERMALINK="'pretty'"
    )
    assert status == 1
    (line,) = lines
    assert line.startswith("content/blog/2020-01-02-schlecht.md: slug: the address STROM_PERMALINK")
    assert "'?'" in line or "question mark" in line
    assert site.exists("2020/01/01/gut/index.html")


def test_a_bad_permalink_setting_is_a_settings_problem(tmp_path, capsys):
    files = {"blog/a.md": post("title: A\ndate: 2020-01-01\n")}
    site, status, lines, _ = build_and_check(
        tmp_path, capsys, files, STROM_PERMALINK="'/:year/:wochentag/:slug/'"
    )
    assert status == 1 and site.failure is not None
    assert lines[0].startswith("site.py: STROM_PERMALINK: names the placeholder ':wochentag'")
