"""How long `strom check` takes for 1,000 posts, against reading and parsing them alone.

Run: .venv/bin/python bench/check.py [--posts N]

Writes N posts (default 1,000) into a temporary folder, then measures in the
same run: the baseline (read each file and parse its YAML front matter with
PyYAML's C loader, nothing else), `strom check` in this process, and
`strom check` as a command (with Python's start and Strom's imports). Prints
the figures and the ratio to the baseline; the best of several runs counts.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from pelican.plugins.strom import cli

ROOT = Path(__file__).resolve().parent.parent

POST = """---
title: "Beitrag {n}: Über Ströme"
description: Zahlen, Tabellen und Streams, Teil {n}
pubDate: {day:02d}.{month:02d}.2024
updatedDate: 2025-01-{day:02d}
heroImage: /blog-placeholder-3.jpg
tags: [Kafka, Daten, Teil {n}]
aliases:
---
## Abschnitt

Text mit **fett** und einem [Link](https://example.org/{n}).

{body}
"""


def write_posts(content: Path, count: int) -> None:
    blog = content / "blog"
    blog.mkdir(parents=True)
    # The hero every post names: strom check finds it and decodes it.
    public = content / "public"
    public.mkdir()
    shutil.copy(ROOT / "content" / "public" / "blog-placeholder-3.jpg", public)
    body = "Ein Absatz über Daten in Bewegung. " * 40
    for n in range(count):
        text = POST.format(n=n, day=n % 28 + 1, month=n % 12 + 1, body=body)
        (blog / f"beitrag-{n:04d}.md").write_text(text, "utf-8")


def baseline(content: Path) -> int:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    count = 0
    for path in sorted((content / "blog").glob("*.md")):
        text = path.read_text("utf-8")
        front = text.split("---\n", 2)[1]
        count += bool(yaml.load(front, Loader=loader))
    return count


def in_process(content: Path) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return cli.main(["check", str(content)])


def command(content: Path) -> int:
    strom = Path(sys.executable).with_name("strom")
    done = subprocess.run([str(strom), "check", str(content)], capture_output=True, check=False)
    return done.returncode


def best(function, content: Path, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function(content)
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        write_posts(content, args.posts)
        base, parsed = best(baseline, content, args.runs)
        assert parsed == args.posts, parsed
        inside, status = best(in_process, content, args.runs)
        assert status == 0, f"strom check found problems in the generated posts ({status})"
        outside, status = best(command, content, args.runs)
        assert status == 0, status
    print(f"posts: {args.posts} (best of {args.runs} runs)")
    print(f"baseline, read + YAML only:   {base:6.3f} s")
    print(f"strom check, in process:      {inside:6.3f} s  ({inside / base:4.1f} x baseline)")
    print(f"strom check, as a command:    {outside:6.3f} s  ({outside / base:4.1f} x baseline)")
    print(f"per post (command):           {outside / args.posts * 1000:6.2f} ms")


if __name__ == "__main__":
    main()
