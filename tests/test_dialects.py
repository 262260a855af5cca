"""Posts as Hugo and Jekyll read them: dates in file names, tags split on spaces, offsets kept.

Each rule is checked in a site built with real Pelican and with `strom check`
on the same folder: both must say the same.
"""

import logging
import sys

import pytest
from conftest import ROOT, build_and_check, post
from pelican.plugins.strom.reader import filename_date

HERO = (ROOT / "content/public/blog-placeholder-3.jpg").read_bytes()


def test_filename_date_parts():
    assert filename_date("2016-08-12-steam-login.markdown") == (
        "2016-08-12",
        "steam-login.markdown",
    )
    assert filename_date("2016-13-45-kein-tag.md") is None
    assert filename_date("steam-login.md") is None
    assert filename_date("2016-08-12-.md") is None


JEKYLL_POST = post("title: Steam-Login\ntags: linux mac\ncategories: technik notizen\n")


def test_jekyll_dialect_takes_the_date_and_slug_from_the_file_name(tmp_path, capsys):
    files = {
        "blog/2016-08-12-steam-login.markdown": JEKYLL_POST,
        "blog/2017-01-02-mit-datum.md": post("title: Mit Datum\ndate: 2017-03-04\n"),
    }
    site, status, lines, _ = build_and_check(tmp_path, capsys, files, STROM_DIALECT="'jekyll'")
    assert status == 0, lines
    page = site.html("blog/steam-login/index.html")
    time = page.select_one("article time")
    assert time["datetime"].startswith("2016-08-12T00:00:00+02:00")
    assert time.get_text() == "12. August 2016"
    tags = sorted(a.get_text(strip=True) for a in page.select("article a[rel=tag]"))
    assert tags == ["linux", "mac"], tags
    assert site.exists("tag/linux/index.html") and site.exists("tag/mac/index.html")
    assert site.exists("category/technik/index.html")
    # The front matter's date wins by default; the prefix still leaves the slug.
    other = site.html("blog/mit-datum/index.html").select_one("article time")
    assert other["datetime"].startswith("2017-03-04")


def test_without_the_setting_a_dated_name_is_a_missing_date_with_the_hint(tmp_path, capsys):
    files = {"blog/2016-08-12-steam-login.markdown": JEKYLL_POST}
    site, status, lines, _ = build_and_check(tmp_path, capsys, files)
    assert status == 1
    (line,) = lines
    assert line.startswith("content/blog/2016-08-12-steam-login.markdown: date: missing")
    assert "STROM_FILENAME_DATES = True" in line
    assert not site.exists("blog/steam-login/index.html")


def test_filename_date_first_wins_over_the_front_matter(tmp_path, capsys):
    files = {"blog/2019-05-05-hugo.md": post("title: Hugo\ndate: 2020-01-01\n")}
    site, status, lines, _ = build_and_check(
        tmp_path, capsys, files, STROM_FILENAME_DATES="'first'"
    )
    assert status == 0, lines
    time = site.html("blog/hugo/index.html").select_one("article time")
    assert time["datetime"].startswith("2019-05-05")


def test_a_bad_filename_dates_setting_is_a_problem(tmp_path, capsys):
    files = {"blog/a.md": post("title: A\ndate: 2020-01-01\n")}
    site, status, lines, _ = build_and_check(tmp_path, capsys, files, STROM_FILENAME_DATES="'ja'")
    assert site.failure is not None
    assert status == 1
    assert any("STROM_FILENAME_DATES: must be True, False or 'first'" in line for line in lines)


@pytest.mark.parametrize(
    ("dialect", "expected"),
    [("'jekyll'", ["linux", "mac"]), ("None", ["linux mac"])],
)
def test_space_separated_tags_follow_the_dialect(tmp_path, capsys, dialect, expected):
    files = {"blog/a.md": post("title: A\ndate: 2020-01-01\ntags: linux mac\n")}
    site, status, lines, _ = build_and_check(tmp_path, capsys, files, STROM_DIALECT=dialect)
    assert status == 0, lines
    page = site.html("blog/a/index.html")
    assert sorted(a.get_text(strip=True) for a in page.select("article a[rel=tag]")) == expected


def test_a_list_of_tags_keeps_its_spaces_in_the_jekyll_dialect(tmp_path, capsys):
    files = {"blog/a.md": post("title: A\ndate: 2020-01-01\ntags: [Apache Kafka, b]\n")}
    site, status, lines, _ = build_and_check(tmp_path, capsys, files, STROM_DIALECT="'jekyll'")
    assert status == 0, lines
    page = site.html("blog/a/index.html")
    names = sorted(a.get_text(strip=True) for a in page.select("article a[rel=tag]"))
    assert names == ["Apache Kafka", "b"]


CONVERTER = """'''Tags from a site's own key, as plain strings.'''
def words(value, settings):
    return str(value).split("/")
def chosen(value, settings):
    return str(value).upper()
"""


def test_a_converter_function_may_return_strings(tmp_path, capsys):
    (tmp_path / "converters.py").write_text(CONVERTER, "utf-8")
    files = {
        "blog/a.md": post(
            "title: A\ndate: 2020-01-01\nthemen: kafka/flink\nrubrik: technik\nvon: Ada, Bo\n"
        )
    }
    sys.path.insert(0, str(tmp_path))
    try:
        table = (
            "{'themen': ('tags', __import__('converters').words),"
            " 'rubrik': ('category', __import__('converters').chosen),"
            " 'von': ('authors', lambda value, settings: value)}"
        )
        site, status, lines, _ = build_and_check(tmp_path, capsys, files, STROM_FRONTMATTER=table)
    finally:
        sys.path.remove(str(tmp_path))
    assert status == 0, lines
    page = site.html("blog/a/index.html")
    assert sorted(a.get_text(strip=True) for a in page.select("article a[rel=tag]")) == [
        "flink",
        "kafka",
    ]
    assert site.exists("category/technik/index.html")
    assert site.exists("author/ada/index.html") and site.exists("author/bo/index.html")


@pytest.mark.parametrize(
    ("dialect", "day", "datetime"),
    [
        ("'hugo'", "1. Juni 2024", "2024-06-01T23:30:00+00:00"),
        ("None", "2. Juni 2024", "2024-06-02T01:30:00+02:00"),
    ],
)
def test_a_utc_timestamp_keeps_its_day_in_the_hugo_dialect(
    tmp_path, capsys, dialect, day, datetime
):
    files = {"blog/a.md": post("title: A\ndate: 2024-06-01T23:30:00Z\n")}
    site, status, lines, _ = build_and_check(tmp_path, capsys, files, STROM_DIALECT=dialect)
    assert status == 0, lines
    time = site.html("blog/a/index.html").select_one("article time")
    assert (time.get_text(), time["datetime"]) == (day, datetime)


def test_an_unmapped_image_key_warns_once_with_the_line_to_add(tmp_path, capsys):
    files = {
        f"blog/{name}.md": post(f"title: {name}\ndate: 2024-06-0{n + 1}\nfeature-img: /bild.jpg\n")
        for n, name in enumerate(["a", "b", "c"])
    }
    files["public/bild.jpg"] = HERO
    site, status, lines, err = build_and_check(tmp_path, capsys, files, STROM_IMAGE_WIDTHS="[400]")
    assert status == 0, lines
    warned = [
        r.getMessage()
        for r in site.log
        if r.levelno == logging.WARNING and "feature-img" in r.getMessage()
    ]
    assert len(warned) == 1, warned
    assert 'STROM_FRONTMATTER = {"feature-img": ("hero", "image")} to site.py' in warned[0]
    assert warned[0].startswith("content/blog/a.md:4: feature-img:")
    checked = [line for line in err.splitlines() if "feature-img" in line]
    assert checked == [f"warning: {warned[0]}"]
    assert site.html("blog/a/index.html").select_one("article picture") is None


def test_a_mapped_image_key_gives_the_hero_and_no_warning(tmp_path, capsys):
    files = {
        "blog/a.md": post(
            "title: A\ndate: 2024-06-01\nfeature-img: /bild.jpg\nheroAlt: Ein Bild\n"
        ),
        "blog/b.md": post("title: B\ndate: 2024-06-02\ncover: {image: /bild.jpg, alt: Bild}\n"),
        "public/bild.jpg": HERO,
    }
    table = "{'feature-img': ('hero', 'image'), 'cover': ('hero', 'image')}"
    site, status, lines, err = build_and_check(
        tmp_path, capsys, files, STROM_FRONTMATTER=table, STROM_IMAGE_WIDTHS="[400]"
    )
    assert status == 0, lines
    assert "names an image" not in err
    for name, alt in (("a", "Ein Bild"), ("b", "Bild")):
        image = site.html(f"blog/{name}/index.html").select_one("article picture img")
        assert image is not None and image["alt"] == alt
