"""Where a Pelican build's time grows with the number of posts: plain Pelican at N and 5N posts.

Usage: .venv/bin/python bench/scaling.py [--posts 1000] [--top 25] [--strom]

Builds the posts of bench/build.py (plain Pelican's metadata, its default
theme; --strom: Astro front matter with the repository's pelicanconf.py)
under cProfile at N and at 5N posts, timing CPU time of the build process
(``time.process_time``: what other work on the machine does not change), and
prints the whole build's wall and CPU time at both sizes and, for the
functions that take the most time at 5N, the ratio of their cumulative CPU
time. A ratio near 5 is linear; well above 5 is where the build grows faster
than the posts.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import build

ROOT = Path(__file__).resolve().parent.parent


def profiled(folder: Path, posts: int, strom: bool) -> tuple[float, float, dict]:
    """Build ``posts`` posts under cProfile in a child process; return wall, CPU and its stats."""
    content = folder / f"posts-{posts}"
    build.write_posts(content, posts, astro=strom)
    if strom:
        settings = ROOT / "pelicanconf.py"
    else:
        settings = folder / f"plain-{posts}.py"
        settings.write_text(build.PLAIN_SETTINGS.format(path=str(content)))
    stats = folder / f"stats-{posts}"
    extra = ["-e", f'STROM_TEXT_CACHE="{folder / f"texts-{posts}"}"'] if strom else []
    command = [sys.executable, __file__, "--child", str(stats), str(content), "-s", str(settings)]
    command += ["-o", str(folder / f"out-{posts}"), "-q", *extra]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=7200)
    wall = time.perf_counter() - start
    loaded = pstats.Stats(str(stats))
    return wall, loaded.total_tt, loaded.stats


def child(stats: str, arguments: list[str]) -> None:
    """Run `pelican` with ``arguments`` under cProfile (CPU time); write the stats."""
    from pelican import main  # noqa: PLC0415 (the child alone builds)

    sys.argv = ["pelican", *arguments]
    profile = cProfile.Profile(time.process_time)
    with contextlib.suppress(SystemExit):  # pelican exits 1 after a build with problems
        profile.runcall(main)
    profile.dump_stats(stats)


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--strom", action="store_true", help="Strom's build instead of plain")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small = profiled(Path(folder), args.posts, args.strom)
        large = profiled(Path(folder), 5 * args.posts, args.strom)
    who = "Strom" if args.strom else "plain Pelican"
    print(f"{who}, {args.posts} and {5 * args.posts} posts, under cProfile (CPU time)")
    print(f"wall: {small[0]:.1f} s and {large[0]:.1f} s ({large[0] / small[0]:.1f}x)")
    print(f"CPU:  {small[1]:.1f} s and {large[1]:.1f} s ({large[1] / small[1]:.1f}x)")
    rows = []
    for key, values in large[2].items():
        before = small[2].get(key)
        if before and values[3] > 0.02 * large[1]:
            rows.append((values[3], values[3] / max(before[3], 1e-6), key))
    print(f"{'ratio':>6}  {'CPU 5N':>8}  function")
    for cumulative, ratio, (file, line, name) in sorted(rows, reverse=True)[: args.top]:
        print(f"{ratio:6.1f}  {cumulative:7.1f}s  {Path(file).name}:{line}({name})")


if __name__ == "__main__":
    main()
