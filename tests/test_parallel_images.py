"""Image derivatives in worker processes: the same bytes, the same problems, progress lines."""

import concurrent.futures
import io
import os
import re
from pathlib import Path

from conftest import post
from pelican.plugins.strom import images
from pelican.plugins.strom.settings import DEFAULTS
from PIL import Image, ImageFilter

FAST = {"SITEURL": "https://example.org", "STROM_IMAGE_WIDTHS": [320, 640]}


def photo(size, seed: int, image_format="JPEG") -> bytes:
    """Return a photograph-like image: smooth noise with some detail, no flat colour.

    The noise is random: each call gives other bytes.
    """
    small = Image.effect_noise((size[0] // 6, size[1] // 6), 40 + 7 * seed).convert("RGB")
    tint = Image.new("RGB", small.size, (40 * seed % 255, 120, 200 - 30 * seed % 200))
    image = Image.blend(small, tint, 0.4).resize(size, Image.Resampling.BICUBIC)
    image = image.filter(ImageFilter.DETAIL)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **({"quality": 90} if image_format == "JPEG" else {}))
    return buffer.getvalue()


def site_files() -> dict:
    """Posts with heroes and images in the text: JPEGs, a PNG, one file used three times."""
    eins = photo((1000, 600), 1)
    return {
        "blog/a.md": post(
            "title: A\npubDate: 2025-01-01\nheroImage: /eins.jpg\nheroAlt: Eins\n",
            "![Zwei](/zwei.png)\n\n![Eins noch einmal](/eins.jpg)\n",
        ),
        "blog/b.md": post("title: B\npubDate: 2025-01-02\nheroImage: /drei.jpg\nheroAlt: Drei\n"),
        "blog/c.md": post("title: C\npubDate: 2025-01-03\nheroImage: /eins.jpg\nheroAlt: E\n"),
        # The same bytes under another name: derivatives of their own name.
        "blog/d.md": post("title: D\npubDate: 2025-01-04\nheroImage: /kopie.jpg\nheroAlt: K\n"),
        "public/eins.jpg": eins,
        "public/zwei.png": photo((700, 500), 2, "PNG"),
        "public/drei.jpg": photo((800, 800), 3),
        "public/kopie.jpg": eins,
    }


def output_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def encoded(site) -> int:
    (line,) = [r.getMessage() for r in site.log if "derivatives encoded" in r.getMessage()]
    return int(re.search(r"(\d+) derivatives encoded", line).group(1))


def test_workers_write_the_same_bytes_as_one_process(build_site, tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    real_encode = images.encode

    def encode(path, *args):
        # Forked workers inherit this: each process that encodes leaves its id.
        with pids.open("a") as handle:
            handle.write(f"{os.getpid()} {Path(path).name}\n")
        return real_encode(path, *args)

    monkeypatch.setattr(images, "encode", encode)
    files = site_files()
    builds = {}
    for workers in (1, 2):
        site = build_site(
            files,
            **FAST,
            STROM_WORKERS=workers,
            OUTPUT_PATH=str(tmp_path / f"output-{workers}"),
            STROM_IMAGE_CACHE=str(tmp_path / f"cache-{workers}"),
        )
        assert site.failure is None, site.errors
        site.output = tmp_path / f"output-{workers}"  # the fixture knows its own only
        builds[workers] = site
        lines = pids.read_text().splitlines()
        pids.unlink()
        by_pid = {line.split()[0] for line in lines}
        # Each source once, though eins.jpg serves three times; kopie.jpg has
        # the same bytes under another name, so other file names.
        names = sorted(line.split()[1] for line in lines)
        assert names == ["drei.jpg", "eins.jpg", "kopie.jpg", "zwei.png"]
        if workers == 1:
            assert by_pid == {str(os.getpid())}
        else:
            assert str(os.getpid()) not in by_pid
    one, two = (output_bytes(builds[w].output) for w in (1, 2))
    assert len(one) > 20 and sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert encoded(builds[1]) == encoded(builds[2]) > 0
    derivatives = [name for name in one if name.startswith("assets/img/")]
    assert len(derivatives) == encoded(builds[1])
    # A source used by two pages: one set of files, in both pages.
    page, text = (builds[2].html("blog/a/index.html"), builds[2].html("blog/c/index.html"))
    assert (
        page.select_one("article picture img")["src"]
        == (text.select_one("article picture img")["src"])
    )


def test_a_failure_in_a_worker_is_a_problem_naming_the_image(build_site, tmp_path, monkeypatch):
    real_encode = images.encode

    def encode(path, *args):
        if Path(path).name == "drei.jpg":
            raise RuntimeError("der Encoder ist abgestürzt")
        return real_encode(path, *args)

    monkeypatch.setattr(images, "encode", encode)
    files = site_files()
    problems = {}
    for workers in (1, 2):
        site = build_site(
            files,
            **FAST,
            STROM_WORKERS=workers,
            OUTPUT_PATH=str(tmp_path / f"output-{workers}"),
            STROM_IMAGE_CACHE=str(tmp_path / f"cache-{workers}"),
        )
        assert site.failure is not None
        site.output = tmp_path / f"output-{workers}"
        (line,) = [e for e in site.errors if "drei.jpg" in e]
        assert "blog/b.md" in line and "public/drei.jpg" in line
        assert "could not be encoded" in line and "der Encoder ist abgestürzt" in line
        problems[workers] = [str(p) for p in site.failure.problems]
        # Every other page and image is written; nothing of drei.jpg is published.
        assert site.html("blog/a/index.html").select_one("article picture") is not None
        written = {p.name for p in (site.output / "assets/img").iterdir()}
        assert written and not any(name.startswith("drei-") for name in written)
        # The failed source has no cache entry: the next build tries again.
        manifests = list(Path(tmp_path / f"cache-{workers}").glob("*.json"))
        assert len(manifests) == 3
    assert problems[1] == problems[2]


def test_a_worker_that_dies_breaks_no_later_image(build_site, tmp_path, monkeypatch):
    real_encode, real_derive = images.encode, images.Cache.derive

    def encode(path, *args):
        if os.getpid() != parent:
            os._exit(9)  # as the kernel ends a worker that took too much memory
        return real_encode(path, *args)

    def derive(self, path, recipe):
        # Each source settles before the next is known: the first one breaks
        # the pool, and every later one finds it broken.
        derived = real_derive(self, path, recipe)
        pending = self._pending.get(images.digest_of(path, recipe))
        if pending is not None:
            concurrent.futures.wait([pending[2]])
        return derived

    parent = os.getpid()
    monkeypatch.setattr(images, "encode", encode)
    monkeypatch.setattr(images.Cache, "derive", derive)
    site = build_site(site_files(), **FAST, STROM_WORKERS=2)
    assert site.failure is not None
    failed = [str(p) for p in site.failure.problems]
    assert len(failed) == 1 and "could not be encoded" in failed[0], failed
    # Every page is written, and the sources after the pool broke are encoded here.
    for name in "abcd":
        assert site.exists(f"blog/{name}/index.html")
    names = {p.name.split("-")[0] for p in (site.output / "assets/img").iterdir()}
    sources = {"eins", "zwei", "drei", "kopie"}
    assert len(names & sources) == 3, names


def test_a_truncated_image_is_refused_before_its_page_is_written(build_site):
    # Cut short near its end: the header reads well, the pixels do not.
    data = photo((900, 500), 4, "PNG")
    files = {
        "blog/a.md": post("title: A\npubDate: 2025-01-01\nheroImage: /kaputt.png\n"),
        "public/kaputt.png": data[: len(data) * 9 // 10],
    }
    site = build_site(files, **FAST, STROM_WORKERS=2)
    assert site.failure is not None
    (line,) = [e for e in site.errors if "kaputt.png" in e]
    assert "heroImage" in line and "is corrupt or truncated" in line
    assert site.html("blog/a/index.html").find("picture") is None


def test_long_image_work_reports_progress_on_stderr(build_site, capfd):
    capfd.readouterr()
    site = build_site(site_files(), **FAST, STROM_WORKERS=2, STROM_IMAGE_PROGRESS=0)
    assert site.failure is None, site.errors
    lines = [line for line in capfd.readouterr().err.splitlines() if "sources encoded" in line]
    pattern = re.compile(
        r"^strom: images: (\d) of (\d) sources encoded in "
        r"(?:\d+ min )?\d+ s, about (?:\d+ min )?\d+ s left$"
    )  # a busy machine may take minutes
    assert all(pattern.match(line) for line in lines), lines
    counts = [tuple(map(int, pattern.match(line).groups())) for line in lines]
    assert [done for done, _ in counts] == [1, 2, 3, 4]
    assert all(done <= total <= 4 for done, total in counts) and counts[-1] == (4, 4)


def test_progress_in_one_process_counts_from_the_first_source(monkeypatch):
    clock = iter([0.0, 4.0, 11.0, 15.0, 25.0])
    monkeypatch.setattr(images.time, "monotonic", lambda: next(clock))
    lines = []
    progress = images.Progress(10, lines.append)
    for _ in range(3):  # as Cache.derive does with STROM_WORKERS = 1
        future = images.Future()
        progress.add(future)
        future.set_result({})
    progress.done()
    # Started at 0 s; sources done at 4 s (too soon for a line), 11 s and 15 s
    # (too soon after the last line); the end at 25 s. In one process a source
    # is encoded before the next is known: nothing is left to estimate.
    assert lines == [
        "strom: images: 2 of 2 sources encoded in 11 s, about 0 s left",
        "strom: images: 3 of 3 sources encoded in 25 s, about 0 s left",
    ]


def test_no_progress_lines_when_turned_off(build_site, capfd):
    capfd.readouterr()
    site = build_site(site_files(), **FAST, STROM_IMAGE_PROGRESS=None)
    assert site.failure is None, site.errors
    assert "sources encoded" not in capfd.readouterr().err


def test_bad_worker_settings_are_refused(build_site):
    site = build_site(
        {"blog/a.md": post("title: A\npubDate: 2025-01-01\n")},
        STROM_WORKERS=0,
        STROM_AVIF_SPEED=11,
        STROM_IMAGE_PROGRESS="oft",
    )
    assert site.failure is not None
    for name in ("STROM_WORKERS", "STROM_AVIF_SPEED", "STROM_IMAGE_PROGRESS"):
        assert name in site.failure_text


def test_one_process_records_each_source_at_once(tmp_path):
    # A reader used alone (no build) never calls finish(): the entry must be whole already.
    path = tmp_path / "foto.jpg"
    path.write_bytes(photo((700, 400), 1))
    recipe = images.Recipe.from_settings({**DEFAULTS, "STROM_IMAGE_WIDTHS": [320]})
    first = images.Cache(tmp_path / "cache", workers=1)
    derived = first.derive(str(path), recipe)
    assert first.encoded == len(derived.names) > 0
    again = images.Cache(tmp_path / "cache", workers=1)
    assert again.derive(str(path), recipe) == derived and again.encoded == 0
