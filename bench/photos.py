"""A first Netlify deploy of a photo blog: hundreds of posts, each photo encoded from nothing.

Usage: .venv/bin/python bench/photos.py [--posts 300] [--photos 60] [--megapixels 12]

Writes ``--posts`` posts (German text, tags) of which every fifth has a
hero and every third a photo in its text, drawn from ``--photos`` distinct
photographs (JPEGs and every fourth a PNG, 12 megapixels, made as
``bench/images.py`` makes them), and builds them with the repository's
pelicanconf.py three times:

  cold   output, image cache, text cache and search cache empty, as on a
         first Netlify deploy (or one without the strom-cache plugin)
  warm   again, nothing changed: no image is encoded
  fresh  output deleted, every cache kept: a later Netlify deploy

Prints each build's wall and CPU time (of the build and its workers), the
peak RSS of the largest process, the sources encoded and the output's size.
Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from images import make_photo

from build import TAGS, WORDS

ROOT = Path(__file__).resolve().parent.parent


def write_site(folder: Path, posts: int, photos: int, megapixels: float) -> None:
    rng = random.Random(7)
    public, blog = folder / "public", folder / "blog"
    (public / "fotos").mkdir(parents=True)
    blog.mkdir()
    names = [f"fotos/bild-{n}.{'png' if n % 4 == 3 else 'jpg'}" for n in range(photos)]
    for seed, name in enumerate(names):
        make_photo(public / name, megapixels, seed % 7)
    for number in range(posts):
        title = f"Reise {number}: {' '.join(rng.sample(WORDS, 3))}"
        hero = f"heroImage: /{names[number % photos]}\nheroAlt: Foto {number}\n"
        head = (
            f"---\ntitle: '{title}'\ndescription: Bericht {number}\n"
            f"pubDate: {['Jan', 'Feb', 'Mar', 'Apr'][number % 4]} {1 + number % 28} 2025\n"
            f"tags: [{', '.join(rng.sample(TAGS, 2))}]\n"
            + (hero if number % 5 == 0 else "")
            + "---\n"
        )
        text = " ".join(rng.choice(WORDS) for _ in range(120)) + ".\n\n"
        if number % 3 == 0:
            text += f"![Foto {number}](/{names[(number * 7) % photos]})\n\n"
        text += " ".join(rng.choice(WORDS) for _ in range(80)) + ".\n"
        (blog / f"reise-{number}.md").write_text(head + text, "utf-8")


def run(command: list[str]) -> dict[str, float | str]:
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"build failed:\n{output[-4000:]}")
    return {
        "wall": time.perf_counter() - start,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss": usage.ru_maxrss / 1024,
        "log": output,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--megapixels", type=float, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="strom-photos-") as folder:
        root = Path(folder)
        write_site(root / "content", args.posts, args.photos, args.megapixels)
        size = sum(p.stat().st_size for p in (root / "content/public").rglob("*")) / 2**20
        photos = f"{args.photos} photos of {args.megapixels:g} MP ({size:.0f} MiB)"
        print(f"{args.posts} posts, {photos}")
        caches = {
            "STROM_IMAGE_CACHE": root / "images",
            "STROM_TEXT_CACHE": root / "texts",
            "STROM_SEARCH_CACHE": root / "search",
        }
        settings = [f'{name}="{path}"' for name, path in caches.items()]
        pelican = [sys.executable, "-m", "pelican", str(root / "content"), "-s", "pelicanconf.py"]
        command = [*pelican, "-o", str(root / "output"), "-q", "-e", *settings]
        for case in ("cold", "warm", "fresh"):
            if case == "fresh":
                shutil.rmtree(root / "output")
            result = run(command)
            encoded = [line for line in result["log"].splitlines() if "images:" in line]
            out = sum(p.stat().st_size for p in (root / "output").rglob("*") if p.is_file())
            print(
                f"{case:5} {result['wall']:7.1f} s wall {result['cpu']:7.1f} s CPU  "
                f"peak RSS {result['rss']:5.0f} MiB  output {out / 2**20:5.0f} MiB"
                + (f"  ({encoded[-1].strip()})" if encoded else "")
            )


if __name__ == "__main__":
    main()
