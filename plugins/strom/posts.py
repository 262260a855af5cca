"""Reading time, older and newer neighbours and related posts, computed for the templates."""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

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
