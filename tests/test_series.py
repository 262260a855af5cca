"""Series: ``series:`` in front matter, the series box on each part, a page for each series."""

import pytest
from conftest import post
from pelican.plugins.strom import series


def part(title, date, value):
    return post(f"title: {title}\npubDate: {date}\nseries: {value}\n")


SERIES = {
    # Written out of order: the order wins over the dates, dates order the rest.
    "blog/drei.md": part("Kafka 3", "2025-01-01", "{name: Kafka lernen, order: 3}"),
    "blog/eins.md": part("Kafka 1", "2025-03-01", "{name: Kafka lernen, part: 1}"),
    "blog/zwei.md": part("Kafka 2", "2025-02-01", "{name: Kafka lernen, order: 2}"),
    "blog/anhang.md": part("Kafka Anhang", "2024-12-01", "Kafka lernen"),
    "blog/einzeln.md": post("title: Einzeln\npubDate: 2025-01-05\n"),
}


def box(site, slug):
    return site.html(f"blog/{slug}/index.html").select_one(".series-box")


def test_each_part_lists_the_series_and_its_neighbours(build_site):
    site = build_site(SERIES)
    assert site.failure is None, site.errors
    two = box(site, "zwei")
    assert two.h2.a["href"] == "/serie/kafka-lernen/"
    assert two.h2.a.get_text() == "Kafka lernen"
    assert "Teil 2 von 4 der Serie" in two.h2.get_text()
    assert [a.get_text() for a in two.select("ol a")] == [
        "Kafka 1",
        "Kafka 2",
        "Kafka 3",
        "Kafka Anhang",
    ]
    (current,) = two.select("[aria-current]")
    assert current["aria-current"] == "page" and current["href"] == "/blog/zwei/"
    assert two.select_one(".series-nav .previous a")["href"] == "/blog/eins/"
    assert two.select_one(".series-nav .next a")["href"] == "/blog/drei/"
    assert "Vorheriger Teil" in two.select_one(".previous").get_text()
    first, last = box(site, "eins"), box(site, "anhang")
    assert first.select_one(".previous") is None
    assert first.select_one(".next a").get_text() == "Nächster TeilKafka 2"
    assert last.select_one(".next") is None
    assert box(site, "einzeln") is None


def test_the_series_page_lists_its_parts_and_is_in_the_sitemap(build_site):
    site = build_site(SERIES)
    page = site.html("serie/kafka-lernen/index.html")
    assert page.h1.get_text() == "Kafka lernen"
    assert page.title.get_text().startswith("Serie: Kafka lernen")
    assert [a["href"] for a in page.select(".series-parts a")] == [
        "/blog/eins/",
        "/blog/zwei/",
        "/blog/drei/",
        "/blog/anhang/",
    ]
    assert "4 Teile" in page.select_one(".lead").get_text()
    assert "serie/kafka-lernen/" in (site.output / "sitemap.xml").read_text("utf-8")


def test_english_sites_have_english_series_addresses(build_site):
    site = build_site(SERIES, DEFAULT_LANG="en")
    assert site.failure is None, site.errors
    assert site.exists("series/kafka-lernen/index.html")
    assert "Part 1 of 4 in the series" in box(site, "eins").h2.get_text()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[1, 2]", "series: must be a name or a mapping, got [1, 2]"),
        ("{order: 2}", "series: needs a 'name' that is text, got None"),
        ("{name: Kafka, order: zwei}", "series: 'order' must be a whole number, got 'zwei'"),
        ("{name: Kafka, order: 0}", "series: 'order' must be 1 or more, got 0"),
        ("{name: Kafka, teil: 2}", "series: has the unknown key 'teil'"),
        ("{name: Kafka, order: 1, part: 1}", "series: has both 'order' and 'part'"),
        ("'  '", "series: is empty"),
    ],
)
def test_a_bad_series_is_a_problem_naming_file_and_field(build_site, value, message):
    site = build_site({"blog/kaputt.md": part("Kaputt", "2025-01-01", value)})
    assert site.failure is not None
    (line,) = site.errors
    assert line.startswith(f"{site.content}/blog/kaputt.md: {message}"), line
    # The post is still written, without a series box.
    assert box(site, "kaputt") is None and site.html("blog/kaputt/index.html").h1


def test_two_parts_with_one_order_are_a_problem(build_site):
    site = build_site(
        {
            "blog/a.md": part("A", "2025-01-01", "{name: Kafka, order: 1}"),
            "blog/b.md": part("B", "2025-01-02", "{name: Kafka, order: 1}"),
        }
    )
    assert site.failure is not None
    (line,) = site.errors
    assert line.startswith(f"{site.content}/blog/b.md: series: is part 1 of the series 'Kafka'")
    assert f"as {site.content}/blog/a.md is; give each part its own order" in line
    assert site.exists("serie/kafka/index.html")  # every page is still written


def test_a_series_page_never_takes_another_pages_address(build_site):
    site = build_site(
        {
            "blog/a.md": part("A", "2025-01-01", "Über uns"),
            "pages/x.md": post("title: X\nslug: serie/über-uns\n"),
        },
        PAGE_URL="{slug}/",
        PAGE_SAVE_AS="{slug}/index.html",
    )
    assert site.failure is not None
    assert any("the series page 'Über uns'" in line for line in site.errors), site.errors
    assert site.html("serie/über-uns/index.html").h1.get_text() == "X"
    assert box(site, "a").h2.a is None  # no link to a page that is not the series'


def test_parse_reads_names_and_mappings():
    assert series.parse("  Kafka   lernen ") == ("Kafka lernen", None)
    assert series.parse({"name": "Kafka", "part": 2}) == ("Kafka", 2)
    with pytest.raises(series.SeriesProblem, match="must be a name or a mapping"):
        series.parse(True)


def test_the_kitchen_sink_post_is_part_one_of_its_series(kitchen_sink):
    page = kitchen_sink.html("blog/küchenspüle/index.html")
    series_box = page.select_one("article .series-box")
    assert series_box.h2.a["href"] == "https://blog.example.de/serie/strom-im-detail/"
    assert series_box.select_one("[aria-current=page]").get_text().startswith("Küchenspüle")
    assert kitchen_sink.exists("serie/strom-im-detail/index.html")
