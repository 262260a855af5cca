"""Image derivatives with Pillow: several widths and formats, in a content-addressed cache."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import multiprocessing
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError, features

from .messages import tr
from .outputs import DERIVATIVES_DIR
from .problems import Problem

logger = logging.getLogger(__name__)

# Bumped whenever the encoding below changes, so that cached derivatives of
# an older Strom are never served as current ones.
RECIPE_VERSION = 4

# Where the derivatives live in the output (``/assets/*`` is served immutable).
OUTPUT_DIR = DERIVATIVES_DIR

# Formats Strom reads, and what it writes: AVIF and WebP, and JPEG or PNG for
# browsers that take neither (``plan`` chooses by the source).
READABLE = {"JPEG", "MPO", "PNG", "WEBP", "AVIF", "GIF"}
MIME = {"AVIF": "image/avif", "WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}
EXTENSION = {"AVIF": "avif", "WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
MODERN = ("avif", "webp")


class ImageProblem(Exception):
    """A source that cannot become derivatives; the message says why."""


@dataclass(frozen=True)
class Recipe:
    """What to make of every source: widths, modern formats, qualities."""

    widths: tuple[int, ...]
    formats: tuple[str, ...]
    quality: tuple[tuple[str, int], ...]
    og_width: int
    avif_speed: int = 9

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Recipe:
        """Return the recipe the site's settings ask for (AVIF only where Pillow has it)."""
        formats = tuple(
            name.upper()
            for name in settings["STROM_IMAGE_FORMATS"]
            if name.lower() != "avif" or avif_supported()
        )
        return cls(
            widths=tuple(sorted(set(settings["STROM_IMAGE_WIDTHS"]))),
            formats=formats,
            quality=tuple(sorted(settings["STROM_IMAGE_QUALITY"].items())),
            og_width=settings["STROM_OG_IMAGE_WIDTH"],
            avif_speed=settings["STROM_AVIF_SPEED"],
        )

    def quality_of(self, image_format: str) -> int:
        """Return the encoder quality for ``image_format`` (AVIF, WEBP, JPEG)."""
        return dict(self.quality).get(image_format.lower(), 80)


def avif_supported() -> bool:
    """Tell whether the installed Pillow can write AVIF."""
    return bool(features.check("avif"))


@dataclass(frozen=True)
class Variant:
    """One derivative file: its name in ``OUTPUT_DIR``, format and size."""

    name: str
    format: str
    width: int
    height: int

    @property
    def mime(self) -> str:
        """The MIME type of the file."""
        return MIME[self.format]


@dataclass(frozen=True)
class Derived:
    """Everything made of one source: the variants, the fallback format, the OG image."""

    width: int
    height: int
    fallback: str
    variants: tuple[Variant, ...]
    og: Variant

    def of_format(self, image_format: str) -> list[Variant]:
        """Return the variants in ``image_format``, narrowest first."""
        return sorted((v for v in self.variants if v.format == image_format), key=lambda v: v.width)

    @property
    def names(self) -> set[str]:
        """Every file name this source needs in the output."""
        return {variant.name for variant in self.variants} | {self.og.name}


def widths_for(source_width: int, wanted: tuple[int, ...]) -> list[int]:
    """Return the widths to make of a source: the wanted ones, never wider than the source.

    A source narrower than some wanted width is also served at its own width,
    so that the widest screens still get every pixel there is.
    """
    widths = [w for w in wanted if w < source_width]
    if len(widths) < len(wanted):
        widths.append(source_width)
    return widths


def height_for(width: int, size: tuple[int, int]) -> int:
    """Return the height of ``width`` at the aspect ratio of ``size``, at least 1."""
    return max(1, round(width * size[1] / size[0]))


def file_stem(path: str) -> str:
    """Return a URL-safe ASCII stem of the source's file name for derivative names."""
    stem = re.sub(r"[^a-z0-9]+", "-", Path(path).stem.lower()).strip("-")
    return stem[:40] or "bild"


def digest_of(path: str, recipe: Recipe) -> str:
    """Return the cache key: the source's bytes and everything that shapes its output.

    The file's name is part of it, as of the derivatives' names: two copies of
    one photograph under two names get the same files whichever is read first.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    digest.update(repr((RECIPE_VERSION, recipe, file_stem(path))).encode())
    return digest.hexdigest()[:16]


def probe(path: str) -> tuple[tuple[int, int], str, bool]:
    """Return (upright size, format, has transparency) from the file's header."""
    try:
        with Image.open(path) as image:
            if image.format not in READABLE:
                raise ImageProblem(
                    tr("is a {kind} image; use JPEG, PNG, WebP, AVIF or GIF", kind=image.format)
                )
            size = image.size
            if _turned(image):  # EXIF orientation: turned by 90°
                size = (size[1], size[0])
            alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            if getattr(image, "n_frames", 1) > 1:
                logger.warning(
                    "%s: %s",
                    path,
                    tr(
                        "is animated ({count} frames); Strom publishes its first frame as a "
                        "still picture; to keep the animation, link the file from public/ "
                        "in the text",
                        count=image.n_frames,
                    ),
                )
            return size, image.format, alpha
    except UnidentifiedImageError:
        raise ImageProblem(
            tr("is not an image (Pillow cannot read it); use JPEG, PNG or WebP")
        ) from None
    except Image.DecompressionBombError as error:
        raise ImageProblem(tr("is too large to process safely ({error})", error=error)) from None
    except OSError as error:
        raise ImageProblem(tr("cannot be read ({error})", error=error)) from None


def _oriented(image: Image.Image) -> bool:
    """Whether Strom applies the EXIF orientation of ``image`` (just opened).

    A PNG's EXIF counts where it comes before the pixels, as the PNG
    specification asks: looking further would decode the whole image.
    """
    return image.format != "PNG" or "exif" in image.info


def _turned(image: Image.Image) -> bool:
    """Whether ``image`` (just opened) is upright only when turned by 90°."""
    return _oriented(image) and image.getexif().get(0x0112) in (5, 6, 7, 8)


def verify(path: str) -> None:
    """Raise ``ImageProblem`` unless ``path`` is an image Strom can derive from.

    Cheap enough for `strom check`: JPEGs decode at 1/8 scale.
    """
    probe(path)
    decode(path, 1, 1).close()


def plan(path: str, digest: str, recipe: Recipe) -> Derived:
    """Return the derivatives of ``path`` by name and size, before they are encoded.

    A modern format is left out for a source whose file in it would be larger
    than in the next format a browser would take instead (``formats_for``).
    """
    size, source_format, alpha = probe(path)
    # Photographs stay JPEG, drawings PNG; other formats by their transparency.
    if source_format in ("JPEG", "MPO"):
        fallback = "JPEG"
    elif source_format in ("PNG", "GIF") or alpha:
        fallback = "PNG"
    else:
        fallback = "JPEG"
    formats = formats_for(path, size, fallback, recipe)
    stem = f"{file_stem(path)}-{digest[:12]}"
    variants = [
        Variant(f"{stem}-{w}.{EXTENSION[fmt]}", fmt, w, height_for(w, size))
        for fmt in formats
        for w in widths_for(size[0], recipe.widths)
    ]
    og_width = min(recipe.og_width, size[0])
    og = next(
        (v for v in variants if v.format == "JPEG" and v.width == og_width),
        Variant(f"{stem}-og-{og_width}.jpg", "JPEG", og_width, height_for(og_width, size)),
    )
    return Derived(size[0], size[1], fallback, tuple(variants), og)


# Width of the trial images that formats_for compares.
TRIAL_WIDTH = 320


def formats_for(path: str, size: tuple[int, int], fallback: str, recipe: Recipe) -> tuple[str, ...]:
    """Return the formats to make of ``path``: the recipe's, less those that do not pay.

    A browser takes the first format it knows of AVIF, WebP and the fallback;
    a format whose file is larger than that of the next one kept would cost
    bytes rather than save them (AVIF does, for example, for flat drawings).
    The sizes are measured on a trial image ``TRIAL_WIDTH`` pixels wide; the
    decode also refuses a source that is cut short or damaged, before a page
    names its files (a JPEG decodes at reduced size, from 1/8 up).
    """
    width = min(TRIAL_WIDTH, size[0])
    source = decode(path, width, height_for(width, size))
    try:
        small = _normalised(source, keep_alpha=fallback == "PNG")
        trial = small.resize((width, height_for(width, size)), Image.Resampling.LANCZOS)
    except (OSError, ValueError) as error:
        raise ImageProblem(tr("is corrupt or truncated ({error})", error=error)) from None
    finally:
        source.close()
    kept = [fallback]
    following = len(to_bytes(_fallback_ready(trial, fallback), fallback, recipe))
    for image_format in reversed(recipe.formats):
        measured = len(to_bytes(trial, image_format, recipe))
        if measured < following:
            kept.insert(0, image_format)
            following = measured
    return tuple(kept)


def _fallback_ready(image: Image.Image, image_format: str) -> Image.Image:
    """Return ``image`` in a mode ``image_format`` can store (JPEG has no alpha)."""
    if image_format == "JPEG" and image.mode != "RGB":
        return _normalised(image, keep_alpha=False)
    return image


class Cache:
    """Derivatives by content digest in a folder kept between builds.

    ``files/`` holds the encoded files, ``<digest>.json`` what was made of a
    source, with the size and SHA-256 of each file. An entry counts only when
    its manifest and every file of the recorded size exist; the manifest is
    written last, so an interrupted build leaves no half entry. Each file is
    checked against its hash before it is copied to the output (``copy``).

    With ``workers`` above 1 the sources are encoded in that many processes
    while the build goes on (``derive`` returns the names at once); ``finish``
    waits for them. Each worker holds one decoded source at a time.
    """

    def __init__(self, folder: str | Path, workers: int = 1, progress: float | None = None) -> None:
        self.folder = Path(folder)
        self.files = self.folder / "files"
        self.encoded = 0
        # Entries found damaged (a file missing, cut short or changed): re-encoded.
        self.repaired: list[str] = []
        self._records: dict[str, tuple[int, str]] = {}
        self.workers = max(1, workers)
        self.progress = Progress(progress)
        self._pool: Executor | None = None
        # Sources being encoded, by digest: a source is encoded once a build,
        # however many posts (or copies of the file) use it.
        self._pending: dict[str, tuple[str, Derived, Future]] = {}

    def load(self, digest: str) -> Derived | None:
        """Return the cached derivatives of ``digest``, if all of them are there, whole."""
        try:
            data = json.loads((self.folder / f"{digest}.json").read_text("utf-8"))
            derived = Derived(
                data["width"],
                data["height"],
                data["fallback"],
                tuple(Variant(**v) for v in data["variants"]),
                Variant(**data["og"]),
            )
            records = {name: (int(size), str(sha)) for name, (size, sha) in data["files"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if set(records) != derived.names or not all(
            _size(self.files / name) == size for name, (size, _) in records.items()
        ):
            self.repaired.append(digest)
            return None
        self._records.update(records)
        return derived

    def derive(self, path: str, recipe: Recipe) -> Derived:
        """Return the derivatives of ``path``, encoding only what the cache lacks.

        A source that cannot be decoded raises ``ImageProblem`` here, before
        any page names its files; the encoding itself may still be under way
        (``finish`` waits for it and returns what failed).
        """
        digest = digest_of(path, recipe)
        if digest in self._pending:
            return self._pending[digest][1]
        cached = self.load(digest)
        if cached is not None:
            return cached
        # A broken file is refused here (``plan`` decodes a trial image), before
        # a page names its files; one that fails later, while encoding, is a
        # problem that ``finish`` returns. Both are the same in one process and in several.
        derived = plan(path, digest, recipe)
        self.files.mkdir(parents=True, exist_ok=True)
        if self.workers != 1:
            try:
                future = self._executor().submit(encode_job, path, derived, recipe, self.files)
            except BrokenProcessPool:
                # A worker died (killed for its memory, a crash in an encoder): the
                # pool takes no more work, so this source and the rest are encoded here.
                self._pool, self.workers = None, 1
            else:
                self.progress.add(future)
                self._pending[digest] = (path, derived, future)
                return derived
        future = Future()
        self.progress.add(future)
        future.set_result(encode_job(path, derived, recipe, self.files))
        self._pending[digest] = (path, derived, future)
        self._collect(digest)  # recorded now: a reader used alone never calls finish()
        return derived

    def finish(self) -> list[tuple[str, ImageProblem]]:
        """Wait for every source under way, record it; return (path, problem) of each failure."""
        failures = []
        for digest in list(self._pending):
            failure = self._collect(digest)
            if failure is not None:
                failures.append(failure)
        self._pending.clear()
        self.progress.done()
        return failures

    def _collect(self, digest: str) -> tuple[str, ImageProblem] | None:
        """Wait for the source of ``digest``; write its manifest, or return its failure."""
        path, derived, future = self._pending[digest]
        try:
            result = future.result()
        except Exception as error:  # a worker that died or raised: that source failed
            reason = error or type(error).__name__
            result = ImageProblem(tr("could not be encoded ({error})", error=reason))
        if isinstance(result, ImageProblem):
            return path, result  # kept pending: finish() reports it
        del self._pending[digest]
        self.encoded += len(result)
        self._records.update(result)
        manifest = {
            "width": derived.width,
            "height": derived.height,
            "fallback": derived.fallback,
            "variants": [asdict(v) for v in derived.variants],
            "og": asdict(derived.og),
            "files": result,
        }
        _write_atomic(self.folder / f"{digest}.json", json.dumps(manifest).encode())
        return None

    def close(self) -> None:
        """Stop the worker processes (the next ``derive`` starts new ones)."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def _executor(self) -> Executor:
        if self._pool is None:
            # fork: the workers start at once with Strom already imported.
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        return self._pool

    def forget(self, digest: str) -> None:
        """Drop the entry of ``digest`` (its manifest), so that it is encoded again."""
        (self.folder / f"{digest}.json").unlink(missing_ok=True)

    def record(self, name: str) -> tuple[int, str] | None:
        """Return the size and SHA-256 the cache recorded for its file ``name``."""
        if name not in self._records:
            found = _DIGEST_IN_NAME.search(name)
            for manifest in self.folder.glob(f"{found.group(1)}*.json") if found else ():
                self.load(manifest.stem)
        return self._records.get(name)

    def current(self, name: str, target: Path) -> bool:
        """Whether ``target`` (in the output) already holds the cached file ``name``.

        ``copy`` gives the output file the cache file's modification time: a
        file changed in either place since then has another time, or size.
        """
        record = self.record(name)
        try:
            cached, written = (self.files / name).stat(), target.stat()
        except OSError:
            return False
        return (
            record is not None
            and written.st_size == cached.st_size == record[0]
            and written.st_mtime_ns == cached.st_mtime_ns
        )

    def copy(self, name: str, target: Path) -> bool:
        """Copy the cached file ``name`` to ``target`` if its bytes are the ones recorded.

        Written through a temporary name and a rename, so that an interrupted
        build never leaves half a file in the output. Return False (nothing
        written) for a file that is missing or whose bytes changed.
        """
        record = self.record(name)
        try:
            data = (self.files / name).read_bytes()
        except OSError:
            return False
        if record is None or hashlib.sha256(data).hexdigest() != record[1]:
            return False
        _write_atomic(target, data)
        made = (self.files / name).stat()
        os.utime(target, ns=(made.st_atime_ns, made.st_mtime_ns))
        return True


# Derivative names hold the first 12 hex digits of their source's digest.
_DIGEST_IN_NAME = re.compile(r"-([0-9a-f]{12})-(?:og-)?\d+\.[a-z]+$")


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def decode(path: str, width: int, height: int) -> Image.Image:
    """Return the upright image, decoded no larger than needed for ``width`` x ``height``.

    JPEG decodes at 1/2, 1/4 or 1/8 scale (``draft``) when that is still at
    least as large as the widest derivative: a 24-megapixel photograph then
    never sits in memory at full size.
    """
    try:
        image = Image.open(path)
        oriented = _oriented(image)
        turned = _turned(image)
        image.draft(None, (height, width) if turned else (width, height))
        image.load()
        if oriented:
            ImageOps.exif_transpose(image, in_place=True)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ImageProblem(tr("is corrupt or truncated ({error})", error=error)) from None
    return image


def _normalised(image: Image.Image, keep_alpha: bool) -> Image.Image:
    """Return ``image`` in RGB, or RGBA where it has transparency and that is kept."""
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        # 16- and 32-bit greys: RGB would clip every value above 255 to white.
        top = 65535 if image.mode != "F" else 1.0
        image = image.convert("F").point(lambda value: value * 255 / top).convert("L")
    if image.mode == "CMYK":
        image = image.convert("RGB")
        image.info.pop("icc_profile", None)  # a CMYK profile would misdescribe RGB
    transparent = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if transparent and keep_alpha:
        return image if image.mode == "RGBA" else image.convert("RGBA")
    if transparent:
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image if image.mode == "RGB" else image.convert("RGB")


def encode_job(
    path: str, derived: Derived, recipe: Recipe, folder: Path
) -> dict[str, tuple[int, str]] | ImageProblem:
    """Return ``encode(...)``, or the problem that stopped it (run in a worker process)."""
    try:
        return encode(path, derived, recipe, folder)
    except ImageProblem as problem:
        return problem
    except Exception as error:  # never let one image end the build
        return ImageProblem(tr("could not be encoded ({error})", error=error))


class Progress:
    """One line on stderr every ``interval`` seconds while sources are encoded (CI logs).

    Each line gives the sources done of those known so far, the time taken and
    an estimate of the time left for them; work that took longer than
    ``interval`` ends with a line of its total. ``None`` prints nothing.
    """

    def __init__(self, interval: float | None, write: Callable[[str], None] | None = None):
        self.interval = interval
        self.write = write or (lambda line: print(line, file=sys.stderr, flush=True))
        self.total = self.finished = self.reported = 0
        self.start = self.last = 0.0

    def add(self, future: Future) -> None:
        """Count ``future`` in (before it runs), and report when it is done."""
        if self.interval is None:
            return
        if self.total == 0:
            self.start = self.last = time.monotonic()
        self.total += 1
        future.add_done_callback(self._one_done)

    def _one_done(self, future: Future) -> None:
        self.finished += 1
        now = time.monotonic()
        if now - self.last >= self.interval:
            self._line(now)

    def _line(self, now: float) -> None:
        self.last = now
        self.reported = self.finished
        elapsed = now - self.start
        left = elapsed / self.finished * (self.total - self.finished)
        self.write(
            tr(
                "strom: images: {done} of {total} sources encoded in {elapsed}, about {left} left",
                done=self.finished,
                total=self.total,
                elapsed=_duration(elapsed),
                left=_duration(left),
            )
        )

    def done(self) -> None:
        """End the count (every source is done): a last line after long work."""
        if self.interval is not None and self.finished and self.reported != self.finished:
            now = time.monotonic()
            if now - self.start >= self.interval:
                self._line(now)
        self.total = self.finished = self.reported = 0


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def encode(path: str, derived: Derived, recipe: Recipe, folder: Path) -> dict[str, tuple[int, str]]:
    """Write every derivative of ``derived`` into ``folder``; return each file's size and hash."""
    widest = max(v.width for v in (*derived.variants, derived.og))
    source = decode(path, widest, height_for(widest, (derived.width, derived.height)))
    base, written = source, {}
    try:
        base = _normalised(source, keep_alpha=derived.fallback == "PNG")
        if base is not source:
            source.close()  # only one full-size image in memory at a time
        # One resize a size, for all of its formats, widest first.
        by_size: dict[tuple[int, int], list[Variant]] = {}
        for variant in sorted({*derived.variants, derived.og}, key=lambda v: (-v.width, v.name)):
            by_size.setdefault((variant.width, variant.height), []).append(variant)
        for size, variants in by_size.items():
            resized = base.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
            for variant in variants:
                data = to_bytes(_fallback_ready(resized, variant.format), variant.format, recipe)
                _write_atomic(folder / variant.name, data)
                written[variant.name] = (len(data), hashlib.sha256(data).hexdigest())
            resized.close()
    except OSError as error:
        raise ImageProblem(tr("could not be encoded ({error})", error=error)) from None
    finally:
        source.close()
        base.close()
    logger.debug("strom: encoded %d derivatives of %s", len(written), path)
    return written


def to_bytes(image: Image.Image, image_format: str, recipe: Recipe) -> bytes:
    """Return ``image`` encoded as ``image_format``, without metadata (no EXIF, no GPS)."""
    options: dict[str, Any] = {"icc_profile": image.info.get("icc_profile")}
    quality = recipe.quality_of(image_format)
    if image_format == "JPEG":
        options.update(quality=quality, optimize=True, progressive=True)
    elif image_format == "WEBP":
        options.update(quality=quality, method=4)
    elif image_format == "AVIF":
        # One encoder thread: libavif's output depends on the thread count, and
        # the bytes must not depend on the machine or on STROM_WORKERS.
        options.update(quality=quality, speed=recipe.avif_speed, max_threads=1)
    else:
        options.update(optimize=True)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **{k: v for k, v in options.items() if v is not None})
    return buffer.getvalue()


def _write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so that no reader ever sees half a file."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_settings(settings: Mapping[str, Any]) -> list[Problem]:
    """Return problems with the STROM_IMAGE_* settings, each naming what to write."""
    problems = []

    def bad(name: str, expected: str) -> None:
        message = tr("must be {expected}, got {value!r}", expected=expected, value=settings[name])
        problems.append(Problem("pelicanconf.py", message, field=name))

    widths = settings["STROM_IMAGE_WIDTHS"]
    if not (
        isinstance(widths, (list, tuple))
        and widths
        and all(isinstance(w, int) and not isinstance(w, bool) and w > 0 for w in widths)
    ):
        bad("STROM_IMAGE_WIDTHS", tr("a non-empty list of widths in pixels, e.g. [480, 800, 1200]"))
    formats = settings["STROM_IMAGE_FORMATS"]
    if not (
        isinstance(formats, (list, tuple))
        and all(isinstance(f, str) and f.lower() in MODERN for f in formats)
    ):
        bad("STROM_IMAGE_FORMATS", tr('a list of "avif" and/or "webp"'))
    quality = settings["STROM_IMAGE_QUALITY"]
    if not (
        isinstance(quality, dict)
        and all(
            k in ("avif", "webp", "jpeg") and isinstance(v, int) and 1 <= v <= 100
            for k, v in quality.items()
        )
    ):
        bad("STROM_IMAGE_QUALITY", tr('a dict like {{"avif": 55, "webp": 75, "jpeg": 80}} (1-100)'))
    og_width = settings["STROM_OG_IMAGE_WIDTH"]
    if not (isinstance(og_width, int) and not isinstance(og_width, bool) and og_width > 0):
        bad("STROM_OG_IMAGE_WIDTH", tr("a width in pixels, e.g. 1200"))
    if not isinstance(settings["STROM_IMAGE_SIZES"], str):
        bad("STROM_IMAGE_SIZES", tr('a "sizes" attribute value, e.g. "100vw"'))
    cache = settings["STROM_IMAGE_CACHE"]
    if cache is not None and not isinstance(cache, str):
        bad("STROM_IMAGE_CACHE", tr("a folder path or None"))
    speed = settings["STROM_AVIF_SPEED"]
    if not (isinstance(speed, int) and not isinstance(speed, bool) and 0 <= speed <= 10):
        bad("STROM_AVIF_SPEED", tr("an AVIF encoder speed from 0 (slowest) to 10, e.g. 9"))
    workers = settings["STROM_WORKERS"]
    if workers is not None and not (
        isinstance(workers, int) and not isinstance(workers, bool) and workers > 0
    ):
        bad("STROM_WORKERS", tr("a number of processes (1: encode in the build's own) or None"))
    progress = settings["STROM_IMAGE_PROGRESS"]
    if progress is not None and not (
        isinstance(progress, (int, float)) and not isinstance(progress, bool) and progress >= 0
    ):
        bad("STROM_IMAGE_PROGRESS", tr("seconds between progress lines, e.g. 10, or None"))
    return problems
