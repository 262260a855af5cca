"""Related posts for 1,000 posts: Strom's tag index against comparing every pair.

Usage: .venv/bin/python bench/related.py [--posts 1000] [--tags 3] [--runs 5]

Both find, for every post, the three others sharing the most tags (newer
first on ties); the script checks that they agree, then prints each median
time and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from types import SimpleNamespace

from pelican.plugins.strom.posts import related

TAGS = [f"Schlagwort {n}" for n in range(40)] + ["Kafka"] * 10


def make_posts(count: int, per_post: int) -> list[SimpleNamespace]:
    rng = random.Random(1)
    start = dt.datetime(2020, 1, 1)
    return [
        SimpleNamespace(
            date=start + dt.timedelta(hours=7 * n), tags=set(rng.sample(TAGS, per_post))
        )
        for n in range(count)
    ]


def pairwise(posts: list[SimpleNamespace], count: int) -> list[list[SimpleNamespace]]:
    """The obvious way: compare each post with every other one."""
    result = []
    for post in posts:
        scored = [
            (len(post.tags & other.tags), other.date, other)
            for other in posts
            if other is not post and post.tags & other.tags
        ]
        scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
        result.append([other for _, _, other in scored[:count]])
    return result


def median_time(function, *args) -> tuple[float, object]:
    times, result = [], None
    for _ in range(ARGS.runs):
        begin = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - begin)
    return statistics.median(times), result


def main() -> None:
    posts = make_posts(ARGS.posts, ARGS.tags)
    fast, found = median_time(related, posts, 3)
    slow, expected = median_time(pairwise, posts, 3)
    assert found == expected, "the tag index and the pairwise comparison disagree"
    print(f"{ARGS.posts} posts, {ARGS.tags} tags each, median of {ARGS.runs} runs")
    print(f"tag index (Strom): {fast * 1000:8.1f} ms")
    print(f"every pair:        {slow * 1000:8.1f} ms")
    print(f"ratio:             {slow / fast:8.1f}x faster")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--tags", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    ARGS = parser.parse_args()
    main()
