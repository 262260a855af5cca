from pathlib import Path

import pytest
from pelican.plugins.strom.frontmatter import (
    CONVERTER_NAMES,
    Converters,
    parse_yaml,
    split,
)
from pelican.plugins.strom.problems import ContentError
from pelican.plugins.strom.reader import StromReader
from pelican.plugins.strom.settings import apply
from pelican.settings import DEFAULT_CONFIG, configure_settings


@pytest.fixture
def reader(tmp_path):
    def make(**overrides):
        settings = configure_settings(
            {
                **DEFAULT_CONFIG,
                "PATH": str(tmp_path),
                "ARTICLE_PATHS": ["blog"],
                "PAGE_PATHS": ["pages"],
                "TIMEZONE": "Europe/Berlin",
                **overrides,
            }
        )
        apply(settings)
        return StromReader(settings)

    return make


def meta(reader, front, name="blog/post.md"):
    return reader.metadata(front, name, str(Path(reader.settings["PATH"]) / name))


def test_astro_front_matter(reader):
    data = meta(
        reader(),
        "title: T\ndescription: D\npubDate: Jan 19 2025\n"
        "updatedDate: 2025-02-01\nheroImage: /h.jpg\nheroAlt: Hero\n"
        "tags: [Kafka, Streaming]\naliases: [/old/]\n",
    )
    assert data["title"] == "T"
    assert str(data["summary"]) == "D" and data["description"] == "D"
    assert data["date"].isoformat() == "2025-01-19T00:00:00+01:00"
    assert data["modified"].isoformat() == "2025-02-01T00:00:00+01:00"
    assert (data["hero"], data["hero_alt"]) == ("/h.jpg", "Hero")
    assert [tag.name for tag in data["tags"]] == ["Kafka", "Streaming"]
    assert data["aliases"] == ["/old/"]
    assert data["slug"] == "post"


def test_hugo_front_matter(reader):
    data = meta(
        reader(),
        "title: T\nDate: 2024-05-01T10:00:00+02:00\nlastmod: 2024-05-02\n"
        "summary: S\nimages: [/a.jpg, /b.jpg]\nslug: eigener-slug\n"
        "categories: [Technik, Daten]\ndraft: true\n",
    )
    assert data["date"].isoformat() == "2024-05-01T10:00:00+02:00"
    assert data["modified"].date().isoformat() == "2024-05-02"
    assert data["hero"] == "/a.jpg"
    assert data["slug"] == "eigener-slug"
    assert data["category"].name == "Technik"
    assert data["status"] == "draft"


def test_jekyll_front_matter(reader):
    data = meta(
        reader(),
        "title: T\ndate: 2024-06-01 10:00:00 +0200\nexcerpt: E\n"
        "image: {path: /j.png, alt: Bild}\nredirect_from: /alt.html\n"
        "published: false\n",
    )
    assert data["date"].isoformat() == "2024-06-01T10:00:00+02:00"
    assert (data["hero"], data["hero_alt"]) == ("/j.png", "Bild")
    assert data["aliases"] == ["/alt.html"]
    assert data["status"] == "draft"


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("[A, B]", ["A", "B"]),
        ("A, B", ["A", "B"]),
        ("[]", []),
        ("", []),
        ("\n  - Über Größe\n  - B", ["Über Größe", "B"]),
    ],
)
def test_tags_in_every_spelling(reader, tags, expected):
    data = meta(reader(), f"title: T\npubDate: 2025-01-01\ntags: {tags}\n")
    assert [tag.name for tag in data.get("tags", [])] == expected


def test_description_is_plain_text(reader):
    data = meta(reader(), "title: T\npubDate: 2025-01-01\ndescription: '<b>fett</b> & *so*'\n")
    assert str(data["summary"]) == "&lt;b&gt;fett&lt;/b&gt; &amp; *so*"
    assert data["description"] == "<b>fett</b> & *so*"


def test_a_site_adds_and_removes_mappings(reader):
    custom = reader(STROM_FRONTMATTER={"teaser": ("summary", "plain"), "description": None})
    data = meta(custom, "title: T\npubDate: 2025-01-01\ndescription: D\nteaser: Anreißer\n")
    assert str(data["summary"]) == "Anreißer"


def test_the_first_key_of_the_table_wins_a_field(reader):
    data = meta(reader(), "title: T\ndate: 2025-03-01\npubDate: 2025-01-01\n")
    assert data["date"].date().isoformat() == "2025-01-01"


def test_problems_name_field_and_line(reader):
    with pytest.raises(ContentError) as caught:
        meta(reader(), "title: T\ntags: [a]\npubDate: Jan 32 2025\ndraft: vielleicht\n")
    problems = {p.field: p for p in caught.value.problems}
    assert problems["pubDate"].line == 4
    assert "write e.g." in problems["pubDate"].message
    assert problems["draft"].line == 5
    assert "true or false" in problems["draft"].message


def test_missing_title_and_date(reader):
    with pytest.raises(ContentError) as caught:
        meta(reader(), "description: D\n")
    assert {p.field for p in caught.value.problems} == {"title", "date"}


def test_pages_and_drafts_need_no_date(reader):
    assert "date" not in meta(reader(), "title: Impressum\n", name="pages/impressum.md")
    assert meta(reader(), "title: T\ndraft: true\n")["status"] == "draft"


def test_broken_yaml_names_the_line(reader):
    with pytest.raises(ContentError) as caught:
        meta(reader(), "title: T\npubDate: 2025-01-01\ntags: [a, b\n")
    (problem,) = caught.value.problems
    assert "not valid YAML" in problem.message
    assert problem.line is not None


def test_split_front_matter():
    assert split("---\ntitle: T\n---\nBody\n", "x.md")[:2] == ("title: T\n", "Body\n")
    assert split("No front matter\n", "x.md")[0] is None
    with pytest.raises(ContentError):
        split("+++\ntitle = 'T'\n+++\n", "x.md")


SAMPLES = {
    "date": "Jan 19 2025",
    "draft": "true",
    "published": "false",
    "boolean": "true",
    "list": "a, b",
}


def test_every_converter_name_converts(reader):
    converters = Converters(reader().settings)
    for name in CONVERTER_NAMES:
        fields = converters.convert(name, SAMPLES.get(name, "Wert"), "feld")
        assert fields["feld"] not in (None, "", []), name


def test_empty_unclosed_and_impossible_front_matter(reader):
    assert parse_yaml("# nur ein Kommentar\n", "x.md") == ({}, {}, {})
    with pytest.raises(ContentError) as caught:
        meta(reader(), "# nur ein Kommentar\n", name="pages/p.md")
    assert [p.field for p in caught.value.problems] == ["title"]
    with pytest.raises(ContentError) as caught:
        split("---\ntitle: T\nText ohne Ende\n", "x.md")
    assert "no closing '---'" in caught.value.problems[0].message
    with pytest.raises(ContentError) as caught:
        meta(reader(), "title: T\ndate: 2025-13-45\n")
    (problem,) = caught.value.problems
    assert (problem.field, problem.line) == ("date", 3)
    assert "month must be in 1..12" in problem.message
