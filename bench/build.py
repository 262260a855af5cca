"""Build time of 1,000 posts: Strom against plain Pelican, measured in the same run.

Usage: .venv/bin/python bench/build.py [--posts 1000] [--runs 3]

Plain Pelican builds the posts with Pelican's own metadata and its default
theme, no plugins. Strom builds the same posts written with Astro front matter,
with the repository's pelicanconf.py as users get it (theme, plugins, sitemap,
feeds, typography, search); every
post has one of five hero images (their derivatives are cached after the
warm-up build, as on any rebuild). Runs alternate between the two; the script
prints each median and the ratio.

By default each run rebuilds into the output of the run before (`make html`,
`make devserver`). With --fresh each run deletes its output first, as a build
on a new machine (Netlify) starts without one: then Strom also pays for
creating a folder per post (/blog/<slug>/index.html), where plain Pelican
writes flat files (<slug>.html).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    *("Kafka", "Streams", "Daten", "Verarbeitung", "Echtzeit", "Plattform", "Unternehmen"),
    *("Ereignis", "Skalierung", "Fehlertoleranz", "Cluster", "Partition", "Thema"),
]
TAGS = ["Kafka", "Streaming", "Daten", "Architektur", "Betrieb", "Sicherheit", "Cloud"]


def body(rng: random.Random) -> str:
    paragraphs = []
    for index in range(6):
        if index % 3 == 0:
            paragraphs.append(f"## {' '.join(rng.sample(WORDS, 3))}")
        paragraphs.append(" ".join(rng.choice(WORDS) for _ in range(80)) + ".")
    items = (f"- **{rng.choice(WORDS)}**: {rng.choice(WORDS)}" for _ in range(4))
    paragraphs.append("\n".join(items))
    return "\n\n".join(paragraphs) + "\n"


HEROES = 5


def write_heroes(folder: Path) -> None:
    """Five 1600x800 JPEGs in public/: the heroes of the posts."""
    from PIL import Image  # noqa: PLC0415 (only the bench needs it here)

    public = folder / "public"
    public.mkdir(parents=True)
    for number in range(HEROES):
        image = Image.linear_gradient("L").resize((1600, 800)).convert("RGB")
        image.putpixel((number, number), (255, 0, 0))  # a different file each
        image.save(public / f"hero-{number}.jpg", quality=85)


def write_posts(folder: Path, count: int, astro: bool) -> None:
    rng = random.Random(1)
    blog = folder / "blog"
    blog.mkdir(parents=True)
    write_heroes(folder)
    for number in range(count):
        day = 1 + number % 28
        title = f"Beitrag {number}: {' '.join(rng.sample(WORDS, 3))}"
        tags = rng.sample(TAGS, 2)
        if astro:
            head = (
                f"---\ntitle: '{title}'\ndescription: Kurzfassung {number}\n"
                f"pubDate: Jan {day} 2025\ntags: [{', '.join(tags)}]\naliases:\n"
                f"heroImage: /hero-{number % HEROES}.jpg\nheroAlt: Bild {number}\n---\n"
            )
        else:
            head = (
                f"Title: {title}\nSummary: Kurzfassung {number}\n"
                f"Date: 2025-01-{day:02d}\nTags: {', '.join(tags)}\n"
                f"Slug: beitrag-{number}\n\n"
            )
        (blog / f"beitrag-{number}.md").write_text(head + body(rng), "utf-8")


PLAIN_SETTINGS = """
PATH = {path!r}
ARTICLE_PATHS = ["blog"]
STATIC_PATHS = ["public"]
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
PLUGINS = []
SITEURL = ""
FEED_ALL_ATOM = "atom.xml"
FEED_ALL_RSS = "rss.xml"
DEFAULT_PAGINATION = 10
"""


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--no-typography",
        dest="typography",
        action="store_false",
        help="Strom with STROM_TYPOGRAPHY = False (pelicanconf.py and strom new turn it on)",
    )
    parser.add_argument("--fresh", action="store_true", help="delete the output before each run")
    args = parser.parse_args()
    pelican = [sys.executable, "-m", "pelican"]
    with tempfile.TemporaryDirectory() as folder:
        temp = Path(folder)
        write_posts(temp / "plain", args.posts, astro=False)
        write_posts(temp / "strom", args.posts, astro=True)
        (temp / "plainconf.py").write_text(PLAIN_SETTINGS.format(path=str(temp / "plain")))
        fresh = ["--delete-output-directory"] if args.fresh else []
        plain = [
            *pelican,
            str(temp / "plain"),
            "-s",
            str(temp / "plainconf.py"),
            "-o",
            str(temp / "out-plain"),
            "-q",
            *fresh,
        ]
        strom = [
            *pelican,
            str(temp / "strom"),
            "-s",
            str(ROOT / "pelicanconf.py"),
            "-o",
            str(temp / "out-strom"),
            "-q",
            *fresh,
            "-e",
            f"STROM_TYPOGRAPHY={'true' if args.typography else 'false'}",
        ]
        timed(plain), timed(strom)  # warm-up: imports, caches of the file system
        times: dict[str, list[float]] = {"plain": [], "strom": []}
        for _ in range(args.runs):
            times["plain"].append(timed(plain))
            times["strom"].append(timed(strom))
        pages = sum(1 for _ in (temp / "out-strom").rglob("*.html"))
        shutil.rmtree(temp / "out-plain", ignore_errors=True)
    plain_median = statistics.median(times["plain"])
    strom_median = statistics.median(times["strom"])
    ratios = [s / p for s, p in zip(times["strom"], times["plain"], strict=True)]
    typography = "on" if args.typography else "off"
    output = "deleted before each run" if args.fresh else "kept between runs (rebuild)"
    print(
        f"posts: {args.posts}, runs: {args.runs}, Strom pages written: {pages}, "
        f"typography {typography}, output {output}"
    )
    for name, key, median in (
        ("plain Pelican", "plain", plain_median),
        ("Strom", "strom", strom_median),
    ):
        runs = ", ".join(f"{t:.2f}" for t in times[key])
        print(f"{name:14} median {median:6.2f} s  ({runs})")
    print(
        f"ratio Strom/plain: median {statistics.median(ratios):.2f} "
        f"(min {min(ratios):.2f}, max {max(ratios):.2f}); target <= 1.00"
    )


if __name__ == "__main__":
    main()
