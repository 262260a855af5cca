"""Social cards of a blog without heroes: a build from nothing, and a rebuild.

    .venv/bin/python bench/cards.py [--posts 500]

Builds POSTS posts without hero images twice: first with an empty card cache
(cold: every card is drawn), then again (warm). Prints both build times, the
cards drawn in each, and the same site with STROM_CARDS off for comparison.
"""

import argparse
import logging
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import build_tree  # noqa: E402  (the tests' site builder)


def write_site(content: Path, posts: int) -> None:
    (content / "blog").mkdir(parents=True)
    for number in range(posts):
        title = f"Größe für Übermaß, Teil {number}: Daten in Bewegung mit Kafka und Streams"
        front = f"title: '{title}'\npubDate: 2024-01-{1 + number % 28:02d}\ntags: [Kafka]"
        text = f"---\n{front}\n---\n## Abschnitt\n\nText über Daten in Bewegung.\n"
        (content / "blog" / f"beitrag-{number:05d}.md").write_text(text, "utf-8")


def cpu_seconds() -> float:
    """Return the CPU time of this process and of its finished workers."""
    own, workers = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def build(root: Path, **settings) -> tuple[float, float, int]:
    start, cpu = time.perf_counter(), cpu_seconds()
    site = build_tree(root, {}, DELETE_OUTPUT_DIRECTORY=True, STROM_SEARCH=False, **settings)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    assert site.failure is None, site.failure
    drawn = [
        int(match.group(1))
        for record in site.log
        if (match := re.match(r"strom: cards: (\d+) rendered", record.getMessage()))
    ]
    return seconds, cpu, drawn[0] if drawn else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=500)
    args = parser.parse_args()
    # The build's summary line of the cards is logged at INFO.
    logging.getLogger("pelican.plugins.strom.cards").setLevel(logging.INFO)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root / "content", args.posts)
        runs = {
            "cold build, empty card cache": build(root),
            "warm rebuild": build(root),
            "STROM_CARDS = False": build(root, STROM_CARDS=False),
        }
    print(f"{args.posts} posts without heroes (search off), wall time and CPU time:")
    for name, (seconds, cpu, drawn) in runs.items():
        print(f"  {name:<30} {seconds:6.2f} s  CPU {cpu:6.2f} s  {drawn} cards drawn")


if __name__ == "__main__":
    main()
