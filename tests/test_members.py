"""Tag, category, author and period lists without scanning every post for every list."""

from __future__ import annotations

import datetime as dt
import random

from conftest import html, post
from pelican.generators import ArticlesGenerator
from pelican.plugins.strom.posts import Members, quick_period_archives


class Post:
    """Compares by identity, as Pelican's posts do."""


def test_members_answer_as_a_list_does():
    posts = [Post() for _ in range(5)]
    members = Members(posts[:3])
    assert [p in members for p in posts] == [True, True, True, False, False]
    members.append(posts[4])  # a list changed after it was asked
    assert posts[4] in members and posts[3] not in members
    assert "text" not in members and None not in members
    words = Members(["Kafka", "Flink"])  # values that compare by equality are still found
    assert "".join(["Kaf", "ka"]) in words and "Spark" not in words
    assert list(members) == [*posts[:3], posts[4]] and isinstance(members, list)


def test_tag_category_and_author_pages_list_their_posts(build_site):
    files = {
        f"blog/p{n}.md": post(
            f"title: Beitrag {n}\npubDate: 2025-03-{1 + n:02d}\n"
            f"tags: [{'Kafka' if n % 2 else 'Flink'}]"
        )
        for n in range(6)
    }
    site = build_site(files, STROM_WORKERS=1)
    assert site.failure is None
    titles = [
        a.get_text(strip=True)
        for a in html(site.output / "tag/kafka/index.html").select("main h2 a")
    ]
    assert titles == ["Beitrag 5", "Beitrag 3", "Beitrag 1"]
    every = [
        a.get_text(strip=True)
        for a in html(site.output / "category/blog/index.html").select("main h2 a")
    ]
    assert every == [f"Beitrag {n}" for n in range(5, -1, -1)]


class Dated:
    """A post with a date, comparing by identity."""

    def __init__(self, date: dt.datetime) -> None:
        self.date = date


def test_period_archives_hold_the_posts_pelican_would_give_them():
    rng = random.Random(3)
    posts = [
        Dated(dt.datetime(2023 + rng.randrange(3), 1 + rng.randrange(12), 1 + rng.randrange(28)))
        for _ in range(300)
    ]
    dates = sorted(posts, key=lambda p: p.date)
    settings = {
        "YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html",
        "YEAR_ARCHIVE_URL": "{date:%Y}/",
        "MONTH_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/index.html",
        "MONTH_ARCHIVE_URL": "{date:%Y}/{date:%m}/",
        "DAY_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/index.html",
        "DAY_ARCHIVE_URL": "{date:%Y}/{date:%m}/{date:%d}/",
    }
    generator = object.__new__(ArticlesGenerator)  # the method reads only its arguments
    pelicans = ArticlesGenerator._build_period_archives(generator, dates, posts, settings)
    quick_period_archives(generator)
    stroms = generator._build_period_archives(dates, posts, settings)
    assert set(stroms) == set(pelicans) == {"year", "month", "day"}
    for granularity, periods in pelicans.items():
        assert len(periods) > 2
        assert stroms[granularity] == periods  # the same posts in the same order, and the rest


def test_year_archives_of_a_site_list_their_posts(build_site):
    files = {
        f"blog/p{n}.md": post(f"title: Beitrag {n}\npubDate: {2023 + n % 3}-05-{1 + n:02d}")
        for n in range(9)
    }
    site = build_site(files, STROM_WORKERS=1)
    assert site.failure is None
    for year in (2023, 2024, 2025):
        listed = [
            a.get_text(strip=True)
            for a in html(site.output / f"{year}/index.html").select("main .archive-list a")
        ]
        expected = [f"Beitrag {n}" for n in range(8, -1, -1) if 2023 + n % 3 == year]
        assert listed == expected
