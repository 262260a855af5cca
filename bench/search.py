"""The search index of 1,000 posts: its time, its size, and what it adds to a build.

Usage: .venv/bin/python bench/search.py [--posts 1000] [--runs 3]

Builds the posts of bench/build.py (Astro front matter, heroes cached after the
warm-up) with the repository's pelicanconf.py three ways, interleaved in each
run: search off (STROM_SEARCH=false), search on with an empty search cache (the
index is made, as on a first build), and search on with the cache of the run
before (the index is copied). Prints the medians, the ratios to the build
without search, the time Strom reports for the index itself, and the index's
file count and size.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import ROOT, write_posts  # the bench's own module beside this one

REPORT = re.compile(r"Search index: .* in ([\d.]+) seconds")


def timed(command: list[str]) -> tuple[float, float | None]:
    """Run a build; return its wall time and the index time it printed, if any."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    found = REPORT.search(result.stdout)
    return elapsed, float(found.group(1)) if found else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        temp = Path(folder)
        write_posts(temp / "content", args.posts, astro=True)
        cache = temp / "search-cache"

        def build(search: bool) -> list[str]:
            return [
                *(sys.executable, "-m", "pelican", str(temp / "content")),
                *("-s", str(ROOT / "pelicanconf.py"), "-o", str(temp / "output"), "-q"),
                *("-e", f"STROM_SEARCH={'true' if search else 'false'}"),
                f'STROM_SEARCH_CACHE="{cache}"',
            ]

        timed(build(True))  # warm-up: imports, image derivatives, the file system
        times: dict[str, list[float]] = {"off": [], "cold": [], "warm": []}
        index_times: dict[str, list[float]] = {"cold": [], "warm": []}
        for _ in range(args.runs):
            times["off"].append(timed(build(False))[0])
            shutil.rmtree(cache, ignore_errors=True)
            for case in ("cold", "warm"):
                elapsed, index = timed(build(True))
                times[case].append(elapsed)
                index_times[case].append(index or 0.0)
        files = [p for p in (temp / "output" / "pagefind").rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        fragments = sum(1 for p in files if p.parent.name == "fragment")
    print(f"posts: {args.posts}, runs: {args.runs}")
    print(f"index: {len(files)} files ({fragments} page fragments), {size / 1e6:.1f} MB")
    off = statistics.median(times["off"])
    labels = {
        "off": "search off",
        "cold": "search on, index made",
        "warm": "search on, index copied",
    }
    for case, label in labels.items():
        median = statistics.median(times[case])
        runs = ", ".join(f"{t:.2f}" for t in times[case])
        line = f"{label:24} median {median:6.2f} s  ({runs})"
        if case != "off":
            ratios = [t / o for t, o in zip(times[case], times["off"], strict=True)]
            line += f"  ratio to off {statistics.median(ratios):.2f}"
            line += f"  index step {statistics.median(index_times[case]):.2f} s"
        print(line)
    print(f"(search off median {off:.2f} s)")


if __name__ == "__main__":
    main()
