"""Time and peak memory of Strom's image derivatives for large photographs.

Run: .venv/bin/python bench/images.py [--count 3] [--megapixels 24]

Makes a few large JPEGs in a temporary folder, then derives each of them
three ways, every way in a fresh process so that its peak memory (maximum
resident set size) is its own:

  baseline  plain Pillow: full-size decode, resize to every width, encode the
            same files Strom makes (AVIF where supported, WebP, JPEG)
  cold      Strom with an empty cache (reduced-size JPEG decode, encode all)
  warm      Strom again with the cache of the cold run (nothing to encode)

Prints seconds per image, peak memory and the ratios against the baseline.
Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pelican.plugins.strom import images
from pelican.plugins.strom.settings import DEFAULTS
from PIL import Image, ImageDraw, ImageFilter


def make_photo(path: Path, megapixels: int, seed: int) -> None:
    """Write a JPEG of about ``megapixels`` (3:2) with detail the encoders must keep."""
    height = int((megapixels * 1_000_000 / 1.5) ** 0.5)
    width = int(height * 1.5)
    small = Image.effect_noise((width // 8, height // 8), 60 + seed * 10).convert("RGB")
    image = small.resize((width, height), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    for i in range(0, width, width // 24):
        draw.ellipse(
            [i, i % height, i + width // 10, (i % height) + height // 6],
            outline=(200, 80 + seed * 40, 40),
            width=12,
        )
    image = image.filter(ImageFilter.DETAIL)
    image.save(path, "JPEG", quality=90)


def baseline(path: str, recipe: images.Recipe, out: Path) -> int:
    """Derive like Strom, but decode at full size: what plain Pillow code does."""
    with Image.open(path) as image:
        image.load()
        full = image.convert("RGB")
    size = full.size
    count = 0
    widths = images.widths_for(size[0], recipe.widths)
    for image_format in (*recipe.formats, "JPEG"):
        for width in widths:
            resized = full.resize((width, images.height_for(width, size)), Image.Resampling.LANCZOS)
            data = images.to_bytes(resized, image_format, recipe)
            (out / f"{Path(path).stem}-{width}.{images.EXTENSION[image_format]}").write_bytes(data)
            count += 1
    if recipe.og_width not in widths:
        og = full.resize(
            (recipe.og_width, images.height_for(recipe.og_width, size)), Image.Resampling.LANCZOS
        )
        (out / f"{Path(path).stem}-og.jpg").write_bytes(images.to_bytes(og, "JPEG", recipe))
        count += 1
    return count


def peak_kib() -> int:
    """Return the process's peak resident memory in KiB.

    Linux's VmHWM belongs to this program alone; ``ru_maxrss`` would carry the
    peak of the parent over ``exec``.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_one(mode: str, cache: str, paths: list[str]) -> None:
    """Child process: derive every path in ``mode``; print time, peak memory and counts."""
    recipe = images.Recipe.from_settings(DEFAULTS)
    idle = peak_kib()
    start = time.perf_counter()
    encoded = 0
    if mode == "baseline":
        out = Path(cache)
        out.mkdir(parents=True, exist_ok=True)
        for path in paths:
            encoded += baseline(path, recipe, out)
    else:
        store = images.Cache(cache)
        for path in paths:
            store.derive(path, recipe)
        encoded = store.encoded
    seconds = time.perf_counter() - start
    peak = peak_kib()
    print(json.dumps({"seconds": seconds, "peak_kib": peak, "idle_kib": idle, "encoded": encoded}))


def measure(mode: str, cache: Path, paths: list[Path]) -> dict:
    command = [sys.executable, __file__, "--child", mode, str(cache), *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=1800)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3, help="number of photographs (3)")
    parser.add_argument("--megapixels", type=int, default=24, help="size of each (24)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, cache, *paths = args.child
        run_one(mode, cache, paths)
        return

    recipe = images.Recipe.from_settings(DEFAULTS)
    with tempfile.TemporaryDirectory(prefix="strom-bench-") as folder:
        root = Path(folder)
        paths = []
        for seed in range(args.count):
            path = root / f"foto-{seed}.jpg"
            make_photo(path, args.megapixels, seed)
            paths.append(path)
        with Image.open(paths[0]) as first:
            size = first.size
        mib = sum(p.stat().st_size for p in paths) / 2**20
        print(
            f"{args.count} JPEGs of {size[0]}x{size[1]} ({size[0] * size[1] / 1e6:.1f} MP, "
            f"{mib:.1f} MiB together); widths {list(recipe.widths)}, formats "
            f"{[f.lower() for f in recipe.formats]} + source format, OG {recipe.og_width} px; "
            f"Pillow {Image.__version__}, AVIF {'yes' if images.avif_supported() else 'no'}"
        )
        runs = {
            "baseline": measure("baseline", root / "baseline", paths),
            "cold": measure("cold", root / "cache", paths),
            "warm": measure("warm", root / "cache", paths),
        }
    base = runs["baseline"]
    print(
        f"{'run':<10}{'s/image':>10}{'peak MiB':>10}{'+MiB':>8}{'files':>7}{'time':>9}{'peak':>8}"
    )
    for name, run in runs.items():
        per_image = run["seconds"] / args.count
        added = (run["peak_kib"] - run["idle_kib"]) / 1024
        print(
            f"{name:<10}{per_image:>10.3f}{run['peak_kib'] / 1024:>10.1f}{added:>8.1f}"
            f"{run['encoded']:>7}{run['seconds'] / base['seconds']:>8.2f}x"
            f"{run['peak_kib'] / base['peak_kib']:>7.2f}x"
        )
    print(
        "peak MiB: maximum resident set size of the process; +MiB: above the process "
        "before the first image; time and peak: ratio against the baseline"
    )


if __name__ == "__main__":
    main()
