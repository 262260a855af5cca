"""Reading time, neighbours, related posts; the post lists Pelican scans, indexed."""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from pelican.generators import ArticlesGenerator

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


def word_count(html: str) -> int:
    """Return the number of words in the text of ``html``."""
    return len(_WORD.findall(_TAG.sub(" ", html)))


def reading_minutes(words: int, per_minute: int) -> int:
    """Return whole minutes to read ``words`` (at least one)."""
    return max(1, math.ceil(words / per_minute))


def attach_reading_time(article: Any, per_minute: int) -> None:
    """Give ``article`` its ``word_count`` and ``reading_time`` (minutes).

    Strom's reader counts the words of the HTML it returns (``strom_words``).
    """
    words = getattr(article, "strom_words", None)
    if not isinstance(words, int):
        words = word_count(getattr(article, "_content", "") or "")
    article.word_count = words
    article.reading_time = reading_minutes(article.word_count, per_minute)


def attach_neighbours(articles: Sequence[Any]) -> None:
    """Give each article its ``older`` and ``newer`` neighbour (or None) by date."""
    by_date = sorted(articles, key=lambda article: article.date)
    for index, article in enumerate(by_date):
        article.older = by_date[index - 1] if index > 0 else None
        article.newer = by_date[index + 1] if index + 1 < len(by_date) else None


def related(articles: Sequence[Any], count: int) -> list[list[Any]]:
    """Return, for each article, up to ``count`` others sharing the most tags.

    Ties go to the newer post. One pass over an index of tag -> posts, so a
    site of 1,000 posts costs milliseconds, not a comparison of every pair.
    """
    # Posts are numbered newest first, so that a smaller number wins a tie.
    newest_first = sorted(range(len(articles)), key=lambda i: articles[i].date, reverse=True)
    ranked = [articles[index] for index in newest_first]
    tags_of = [set(getattr(article, "tags", None) or ()) for article in ranked]
    posts_of: dict[Any, list[int]] = defaultdict(list)
    for number, tags in enumerate(tags_of):
        for tag in tags:
            posts_of[tag].append(number)
    related_of: list[list[Any]] = [[] for _ in articles]
    for number, tags in enumerate(tags_of):
        shared: Counter[int] = Counter()
        for tag in tags:
            shared.update(posts_of[tag])
        shared.pop(number, None)
        best = heapq.nsmallest(count, ((-common, other) for other, common in shared.items()))
        related_of[newest_first[number]] = [ranked[other] for _, other in best]
    return related_of


def attach_related(articles: Sequence[Any], count: int) -> None:
    """Give each article its ``related_posts`` (by shared tags, newest first on ties).

    The newer and older post (``attach_neighbours``, called first) are linked
    beside it already, so they are left out and the next ones take their place.
    """
    # Two more than shown: at most the two neighbours drop out.
    for article, posts in zip(articles, related(articles, count + 2), strict=True):
        neighbours = (getattr(article, "newer", None), getattr(article, "older", None))
        article.related_posts = [post for post in posts if post not in neighbours][:count]


class Members(list):
    """A tag's, category's or author's posts: a list that answers ``in`` without a scan.

    Pelican writes each tag, category and author page with
    ``[a for a in self.dates if a in articles]``: one scan of the list for
    every post of the site, so the work grows with the square of the posts
    (0.81 s at 5,000 posts with seven tags, 0.03 s at 1,000). Posts compare by identity, so
    a set of their ids gives the same answer; it is made again whenever the
    list is changed.
    """

    def __contains__(self, item: object) -> bool:
        if getattr(self, "_ids", None) is None:
            self._ids = {id(member) for member in self}
        return id(item) in self._ids or (
            type(item).__eq__ is not object.__eq__ and list.__contains__(self, item)
        )


def _forgetting(name: str) -> Any:
    change = getattr(list, name)

    def changed(self: Members, *args: Any) -> Any:
        self._ids = None  # made again at the next ``in``
        return change(self, *args)

    changed.__name__ = name
    return changed


_CHANGES = ("__setitem__", "__delitem__", "__iadd__", "__imul__", "append", "extend")
for _name in (*_CHANGES, "insert", "remove", "pop", "clear"):
    setattr(Members, _name, _forgetting(_name))


def index_members(generator: Any) -> None:
    """Make the post lists of tags, categories and authors ``Members``.

    Connected to ``article_generator_finalized``. The generator's own lists,
    which it writes the pages from, are replaced where they stand.
    """
    for tag, articles in list(generator.tags.items()):
        generator.tags[tag] = Members(articles)
    for named in (generator.categories, generator.authors):
        named[:] = [(name, Members(articles)) for name, articles in named]


def quick_period_archives(generator: Any) -> None:
    """Find each year's (month's, day's) posts in one pass (``generator_init``).

    Pelican gives each period archive ``[a for a in articles if a in dates]``:
    every post of the site against the period's list, for every period, so
    the work grows with the square of the posts. Its method runs as before
    with no posts to pick; then one pass puts each post, in the same order,
    in the archive of its period.
    """
    if not isinstance(generator, ArticlesGenerator):
        return
    build = generator._build_period_archives

    def built(sorted_articles: Any, articles: Any, settings: Any) -> Any:
        archives = build(sorted_articles, [], settings)
        for periods in archives.values():
            period_of = {id(post): period for period in periods for post in period["dates"]}
            for post in articles:
                period = period_of.get(id(post))
                if period is not None:
                    period["articles"].append(post)
        return archives

    generator._build_period_archives = built
