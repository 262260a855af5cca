"""Hero and body images: resolved from each dialect, responsive, cached, shared, refused."""

import io
import logging
import random
import re
from pathlib import Path

import pytest
from conftest import ROOT, SEED, post
from pelican.plugins.strom import hero, images
from pelican.plugins.strom.settings import DEFAULTS
from PIL import Image, ImageDraw

SITEURL = "https://example.org"
AVIF = images.avif_supported()
MODERN_TYPES = ["image/avif", "image/webp"] if AVIF else ["image/webp"]
# Small widths keep the tests quick; the sources are wider than the OG width.
FAST = {"SITEURL": SITEURL, "STROM_IMAGE_WIDTHS": [400, 800]}
PLACEHOLDER = (ROOT / "content" / "public" / "blog-placeholder-3.jpg").read_bytes()


def picture_bytes(size, image_format="JPEG", mode="RGB", exif=None) -> bytes:
    """Return a photograph-like image (smooth noise, stripes): encoders have work to do.

    The same arguments give the same bytes. On flat colour alone AVIF would
    not pay, and Strom would leave it out (test_parallel_images.py).
    """
    small = (max(1, size[0] // 16), max(1, size[1] // 16))
    noise = Image.frombytes(
        "L", small, random.Random(repr((size, mode))).randbytes(small[0] * small[1])
    )
    noise = noise.resize(size, Image.Resampling.BICUBIC)
    if mode == "L":
        image = noise
    else:
        image = Image.merge(
            "RGB", (noise, noise.point(lambda v: v // 2 + 60), Image.new("L", size, 160))
        )
        image = image.convert(mode)
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 40):
        draw.rectangle(
            [x, 0, x + 6, size[1]],
            fill=(200, x % 255, 40, 128)[: len(mode)] if mode != "L" else 200,
        )
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def srcset_entries(value: str) -> list[tuple[str, int]]:
    return [(url, int(width[:-1])) for url, width in (e.split() for e in value.split(", "))]


def local(site, url: str):
    """Return the output file of a URL below SITEURL."""
    assert url.startswith(SITEURL + "/assets/img/"), url
    return site.output / url[len(SITEURL) + 1 :]


def check_picture(
    site, picture, eager: bool, sizes: str = DEFAULTS["STROM_IMAGE_SIZES"], modern=None
):
    """Assert the markup of a rendered <picture> and that every file it names is as declared."""
    assert picture is not None and picture.name == "picture"
    sources = picture.find_all("source")
    assert [s["type"] for s in sources] == (MODERN_TYPES if modern is None else modern)
    img = picture.img
    width, height = int(img["width"]), int(img["height"])
    if eager:
        assert img["fetchpriority"] == "high" and img["loading"] == "eager"
    else:
        assert img["loading"] == "lazy" and img["decoding"] == "async"
        assert not img.has_attr("fetchpriority")
    for source in sources:
        assert source["sizes"] == img["sizes"] == sizes
    kinds = [(s["type"], s["srcset"]) for s in sources] + [("fallback", img["srcset"])]
    fallback_format = None
    for kind, value in kinds:
        entries = srcset_entries(value)
        assert [w for _, w in entries] == sorted(w for _, w in entries)
        for url, declared in entries:
            with Image.open(local(site, url)) as file:
                assert file.width == declared, url
                assert abs(file.height - declared * height / width) <= 1, url
                if kind != "fallback":
                    assert Image.MIME[file.format] == kind
                else:
                    fallback_format = file.format
    assert img["src"] in [url for url, _ in srcset_entries(img["srcset"])]
    with Image.open(local(site, img["src"])) as file:
        assert file.size == (width, height)
    return fallback_format


def check_open_graph(site, page, width: int, alt: str | None):
    meta = {
        m.get("property") or m.get("name"): m["content"] for m in page.select("head meta[content]")
    }
    url = meta["og:image"]
    assert url.startswith(SITEURL + "/assets/img/") and url.endswith(".jpg")
    assert meta["twitter:image"] == url
    assert int(meta["og:image:width"]) == width
    with Image.open(local(site, url)) as file:
        assert file.format == "JPEG"
        assert file.size == (width, int(meta["og:image:height"]))
    assert meta.get("og:image:alt") == alt


ASTRO = post("""
    title: Astro mit Bild
    pubDate: Jan 19 2025
    heroImage: /bilder/astro.jpg
    heroAlt: Ein Fluss im Morgenlicht
""")
HUGO = post("""
    title: Hugo mit Bild
    date: 2024-05-01T10:00:00+02:00
    images: [hugo.png, zweites.png]
""")
JEKYLL = post("""
    title: Jekyll mit Bild
    date: 2024-06-01 10:00:00 +0200
    image:
      path: "{static}/public/bilder/jekyll.jpg"
      alt: Zwei Tassen
""")
PAGE = post("title: Über uns\nheroImage: ./team.jpg\nheroAlt: Das Team\n")


def dialect_files():
    return {
        "blog/astro.md": ASTRO,
        "public/bilder/astro.jpg": picture_bytes((1400, 700)),
        "blog/hugo.md": HUGO,
        "blog/hugo.png": picture_bytes((1300, 650), "PNG", "RGBA"),
        "blog/jekyll.md": JEKYLL,
        "public/bilder/jekyll.jpg": picture_bytes((1000, 750)),
        "pages/über-uns.md": PAGE,
        "pages/team.jpg": picture_bytes((1600, 900)),
    }


def test_heroes_from_each_dialect_are_responsive_and_shared(build_site):
    site = build_site(dialect_files(), **FAST)
    assert site.failure is None, site.errors
    astro = site.html("blog/astro/index.html")
    assert check_picture(site, astro.select_one("article picture"), eager=True) == "JPEG"
    assert astro.select_one("article picture img")["alt"] == "Ein Fluss im Morgenlicht"
    check_open_graph(site, astro, 1200, "Ein Fluss im Morgenlicht")
    widths = [w for _, w in srcset_entries(astro.select_one("picture img")["srcset"])]
    # Every configured width up to the source's own; the OG JPEG comes on top.
    assert widths == [400, 800]

    hugo = site.html("blog/hugo/index.html")
    # A PNG with transparency keeps it: PNG fallback; the shared image is a JPEG.
    assert check_picture(site, hugo.select_one("article picture"), eager=True) == "PNG"
    check_open_graph(site, hugo, 1200, None)

    jekyll = site.html("blog/jekyll/index.html")
    check_picture(site, jekyll.select_one("article picture"), eager=True)
    # Narrower than the OG width: shared at its own width, never upscaled.
    check_open_graph(site, jekyll, 1000, "Zwei Tassen")
    assert [w for _, w in srcset_entries(jekyll.select_one("picture img")["srcset"])] == [400, 800]

    page = site.html("über-uns/index.html")
    check_picture(site, page.select_one("article picture"), eager=True)
    check_open_graph(site, page, 1200, "Das Team")

    index = site.html("index.html")
    pictures = index.select(".post-list picture")
    assert len(pictures) == 3
    # The first picture of a list may be the largest paint: eager; the rest lazy.
    # Lists show them as thumbnails beside the text on wide screens.
    thumbnail = "(min-width: 40rem) 11rem, 100vw"
    check_picture(site, pictures[0], eager=True, sizes=thumbnail)
    for picture in pictures[1:]:
        check_picture(site, picture, eager=False, sizes=thumbnail)
    assert not index.select('meta[property="og:image"]')


def test_seed_post_hero_is_served_responsive(build_site):
    # The post as the Astro starter has it: without the heroAlt the repository's copy adds.
    starter = re.sub(r"^heroAlt:.*\n", "", SEED.read_text("utf-8"), flags=re.M)
    site = build_site(
        {
            "blog/" + SEED.name: starter,
            "public/blog-placeholder-3.jpg": PLACEHOLDER,
        },
        SITEURL=SITEURL,
    )
    assert site.failure is None, site.errors
    page = site.html("blog/kafka-streaming-immer-populaerer/index.html")
    picture = page.select_one("article picture")
    check_picture(site, picture, eager=True)
    # The starter's 960x480 JPEG: default widths up to its own width, no upscaling.
    assert [w for _, w in srcset_entries(picture.img["srcset"])] == [480, 800, 960]
    assert (picture.img["width"], picture.img["height"]) == ("960", "480")
    # No heroAlt in the starter: decorative, said so in a warning that says what to do.
    assert picture.img["alt"] == ""
    assert any("heroAlt" in r.getMessage() for r in site.log if r.levelno == logging.WARNING)
    check_open_graph(site, page, 960, None)
    # The original stays at the root, as on the Astro site.
    assert site.exists("blog-placeholder-3.jpg")


def encoded(site) -> int:
    (line,) = [r.getMessage() for r in site.log if "derivatives encoded" in r.getMessage()]
    return int(re.search(r"(\d+) derivatives encoded", line).group(1))


def test_unchanged_rebuild_encodes_nothing_and_sources_are_shared(build_site):
    files = {
        "blog/a.md": post("title: A\npubDate: 2025-01-01\nheroImage: /geteilt.jpg\n"),
        "blog/b.md": post("title: B\npubDate: 2025-01-02\nheroImage: ../public/geteilt.jpg\n"),
        "pages/c.md": post("title: C\nheroImage: /geteilt.jpg\n", "![Noch einmal](/geteilt.jpg)\n"),
        "public/geteilt.jpg": picture_bytes((1300, 650)),
    }
    first = build_site(files, **FAST)
    assert first.failure is None, first.errors
    # One source for three uses: each format at 400 and 800 px, the OG JPEG: once.
    assert encoded(first) == (len(MODERN_TYPES) + 1) * 2 + 1
    derivatives = sorted((first.output / "assets/img").iterdir())
    assert len(derivatives) == encoded(first)
    before = {p.name: p.stat().st_mtime_ns for p in derivatives}

    second = build_site(files, **FAST)
    assert second.failure is None
    assert encoded(second) == 0
    after = {p.name: p.stat().st_mtime_ns for p in (second.output / "assets/img").iterdir()}
    assert after == before


def test_derivatives_no_longer_used_are_removed(build_site):
    files = {
        "blog/a.md": post("title: A\npubDate: 2025-01-01\nheroImage: /eins.jpg\n"),
        "public/eins.jpg": picture_bytes((900, 450)),
        "public/zwei.jpg": picture_bytes((700, 350)),
    }
    first = build_site(files, **FAST)
    old = {p.name for p in (first.output / "assets/img").iterdir()}
    assert any(name.startswith("eins-") for name in old)
    files["blog/a.md"] = post("title: A\npubDate: 2025-01-01\nheroImage: /zwei.jpg\n")
    # A draft's image is never published.
    files["blog/entwurf.md"] = post(
        "title: Entwurf\npubDate: 2025-01-03\ndraft: true\nheroImage: /eins.jpg\n"
    )
    second = build_site(files, **FAST)
    assert second.failure is None, second.errors
    now = {p.name for p in (second.output / "assets/img").iterdir()}
    assert not any(name.startswith("eins-") for name in now)
    assert any(name.startswith("zwei-") for name in now)


BODY = """
Ein Diagramm:

![Ablauf der Daten](diagramm.png "Der Ablauf")

Text davor ![Logo]({static}/public/logo.jpg) und danach.

![Fremd](https://example.net/bild.jpg)
"""


def test_images_in_the_text_are_responsive(build_site):
    files = {
        "blog/text.md": post("title: Text\npubDate: 2025-01-01\n", BODY),
        "blog/diagramm.png": picture_bytes((1000, 500), "PNG"),
        "public/logo.jpg": picture_bytes((300, 200)),
    }
    site = build_site(files, **FAST)
    assert site.failure is None, site.errors
    body = site.html("blog/text/index.html").select_one(".post-body")
    first, second = body.find_all("picture")
    # A drawing without transparency stays PNG (JPEG would blur its edges).
    assert check_picture(site, first, eager=False) == "PNG"
    assert first.img["alt"] == "Ablauf der Daten" and first.img["title"] == "Der Ablauf"
    # At 300 px AVIF does not pay (its container alone is a few hundred bytes):
    # the logo has WebP and JPEG only, as measured here.
    check_picture(site, second, eager=False, modern=["image/webp"])
    (webp,) = srcset_entries(second.source["srcset"])
    with Image.open(local(site, second.img["src"])) as logo:
        avif = io.BytesIO()
        logo.save(avif, "AVIF", quality=55, speed=9, max_threads=1)
    assert len(avif.getvalue()) > local(site, webp[0]).stat().st_size
    assert [w for _, w in srcset_entries(second.img["srcset"])] == [300]
    assert "Text davor" in second.parent.get_text() and "und danach." in second.parent.get_text()
    external = body.select_one('img[src="https://example.net/bild.jpg"]')
    assert external["loading"] == "lazy" and external.parent.name != "picture"
    # The sources themselves are not published, only their derivatives.
    assert not site.exists("blog/diagramm.png") and not site.exists("blog/text/diagramm.png")


def drawing_bytes(size) -> bytes:
    """Return a flat drawing (a chart: bars, lines, text on white) as a PNG."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for i, x in enumerate(range(40, size[0] - 60, 90)):
        draw.rectangle([x, size[1] - 40 - (i * 67) % (size[1] - 80), x + 50, size[1] - 40],
                       fill=(30, 90 + i * 20 % 150, 160))  # fmt: skip
        draw.text((x, size[1] - 30), f"Wert {i}", fill="black")
    draw.line([(0, size[1] - 60), (size[0], 40)], fill=(200, 30, 30), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.skipif(not AVIF, reason="Pillow without AVIF")
def test_a_format_larger_than_the_next_is_left_out(build_site):
    files = {
        "blog/a.md": post("title: A\npubDate: 2025-01-01\n", "![Balken](balken.png)\n"),
        "blog/balken.png": drawing_bytes((1200, 600)),
    }
    site = build_site(files, **FAST)
    assert site.failure is None, site.errors
    picture = site.html("blog/a/index.html").select_one(".post-body picture")
    assert check_picture(site, picture, eager=False, modern=["image/webp"]) == "PNG"
    # Measured at full size: each AVIF would have been larger than its WebP.
    for url, width in srcset_entries(picture.source["srcset"]):
        with Image.open(local(site, url)) as webp:
            served = webp.convert("RGB")
        avif = io.BytesIO()
        served.save(avif, "AVIF", quality=55, speed=9, max_threads=1)
        assert len(avif.getvalue()) > local(site, url).stat().st_size, width
    assert not [p for p in (site.output / "assets/img").iterdir() if p.suffix == ".avif"]


def test_external_hero_is_used_as_given(build_site):
    url = "https://cdn.example.net/bild.jpg"
    site = build_site(
        {"blog/x.md": post(f"title: X\npubDate: 2025-01-01\nheroImage: {url}\nheroAlt: Bild\n")},
        **FAST,
    )
    assert site.failure is None, site.errors
    page = site.html("blog/x/index.html")
    img = page.select_one("article picture img")
    assert img["src"] == url and img["alt"] == "Bild" and not img.has_attr("width")
    assert page.select_one('meta[property="og:image"]')["content"] == url
    assert not page.select('meta[property="og:image:width"]')


def truncated_jpeg() -> bytes:
    data = picture_bytes((800, 400))
    return data[: len(data) // 3]


BAD_HEROES = {
    "fehlt": (
        "heroImage: /nicht-da.jpg",
        ["heroImage:", "'/nicht-da.jpg' not found", "public/nicht-da.jpg", "content/nicht-da.jpg"],
    ),
    "fehlt-relativ": (
        "images: [bilder/weg.png]",
        ["images:", "blog/bilder/weg.png", "public/bilder/weg.png"],
    ),
    "ausbruch": ("heroImage: ../../../../etc/passwd", ["heroImage:", "leaves the content folder"]),
    "skript": ("heroImage: 'javascript:alert(1)'", ["heroImage:", "javascript: URL"]),
    "daten": (
        "heroImage: 'data:image/png;base64,iVBORw0KGgo='",
        ["heroImage:", "data: URL"],
    ),
    "datei": ("image: 'file:///etc/passwd'", ["image:", "file: URL"]),
    "kein-bild": ("heroImage: /kein-bild.jpg", ["heroImage:", "is not an image"]),
    "kaputt": ("heroImage: /kaputt.jpg", ["heroImage:", "is corrupt or truncated"]),
}


def test_each_bad_hero_fails_clearly_and_the_post_is_still_written(build_site):
    files = {
        f"blog/{name}.md": post(f"title: Beitrag {name}\npubDate: 2025-01-01\n{line}\n")
        for name, (line, _) in BAD_HEROES.items()
    }
    files["public/kein-bild.jpg"] = "Das ist Text, kein JPEG.\n"
    files["public/kaputt.jpg"] = truncated_jpeg()
    files["blog/text.md"] = post(
        "title: Text\npubDate: 2025-01-02\n",
        "![weg](weg.jpg)\n\n![x](javascript:alert(1))\n\n![y](../../../../etc/passwd)\n",
    )
    site = build_site(files, **FAST)
    assert site.failure is not None
    for name, (_, expected) in BAD_HEROES.items():
        lines = [line for line in site.errors if f"blog/{name}.md" in line]
        assert len(lines) == 1, (name, site.errors)
        for part in expected:
            assert part in lines[0], (name, part, lines[0])
        page = site.html(f"blog/{name}/index.html")
        assert page.h1.get_text() == f"Beitrag {name}"
        assert page.find("picture") is None
        # Shared with its social card instead (test_cards.py).
        assert "/assets/cards/" in page.select_one('meta[property="og:image"]')["content"]
    text_errors = [line for line in site.errors if "blog/text.md" in line]
    assert len(text_errors) == 3 and all("image in the text" in e for e in text_errors)
    assert any("'weg.jpg' not found" in e and "blog/weg.jpg" in e for e in text_errors)
    written = "\n".join(p.read_text("utf-8") for p in site.output.rglob("*.html"))
    assert "javascript:" not in written and "data:image" not in written
    assert "passwd" not in written
    assert not (site.output / "assets/img").exists() or not any(
        (site.output / "assets/img").iterdir()
    )
    passwd = Path("/etc/passwd").read_bytes().splitlines()[0]  # "root:x:0:0:..."; CSS has ":root:"
    assert not any(passwd in p.read_bytes() for p in site.output.rglob("*") if p.is_file())


def test_bad_image_settings_are_refused(build_site):
    site = build_site(
        {"blog/a.md": post("title: A\npubDate: 2025-01-01\n")},
        STROM_IMAGE_WIDTHS="480",
        STROM_IMAGE_FORMATS=["jpegxl"],
    )
    assert site.failure is not None
    message = site.failure_text
    assert "STROM_IMAGE_WIDTHS" in message and "STROM_IMAGE_FORMATS" in message


# -- Pure functions and the cache ------------------------------------------------------


def test_widths_never_exceed_the_source():
    assert images.widths_for(2000, (480, 800, 1200)) == [480, 800, 1200]
    assert images.widths_for(960, (480, 800, 1200, 1600)) == [480, 800, 960]
    assert images.widths_for(300, (480, 800)) == [300]
    assert images.widths_for(800, (480, 800)) == [480, 800]


@pytest.fixture
def recipe():
    return images.Recipe.from_settings({**DEFAULTS, "STROM_IMAGE_WIDTHS": [200, 400]})


def test_large_jpeg_is_decoded_at_reduced_size(tmp_path):
    path = tmp_path / "gross.jpg"
    path.write_bytes(picture_bytes((4000, 3000)))
    image = images.decode(str(path), 1200, 900)
    # 1/2 scale is still at least 1200x900; 1/4 would not be.
    assert image.size == (2000, 1500)
    image.close()


def test_exif_orientation_is_applied(tmp_path, recipe):
    exif = Image.Exif()
    exif[0x0112] = 6  # turned 90° clockwise: stored 600x300, shown 300x600
    path = tmp_path / "hoch.jpg"
    path.write_bytes(picture_bytes((600, 300), exif=exif))
    derived = images.Cache(tmp_path / "cache").derive(str(path), recipe)
    assert (derived.width, derived.height) == (300, 600)
    widest = max(derived.of_format("JPEG"), key=lambda v: v.width)
    with Image.open(tmp_path / "cache" / "files" / widest.name) as file:
        assert file.size == (300, 600)
        assert 0x0112 not in file.getexif()


def test_cache_key_follows_content_and_settings(tmp_path, recipe):
    path = tmp_path / "bild.jpg"
    path.write_bytes(picture_bytes((500, 250)))
    cache = images.Cache(tmp_path / "cache")
    first = cache.derive(str(path), recipe)
    count = cache.encoded
    assert cache.derive(str(path), recipe) == first and cache.encoded == count
    other = images.Recipe.from_settings({**DEFAULTS, "STROM_IMAGE_WIDTHS": [300]})
    assert cache.derive(str(path), other).names.isdisjoint(first.names)
    path.write_bytes(picture_bytes((500, 260)))
    assert cache.derive(str(path), recipe).names.isdisjoint(first.names)


def test_resolve_looks_where_the_author_means(tmp_path):
    content = tmp_path / "content"
    for relative in ("public/a.jpg", "blog/b.jpg", "c.jpg"):
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_bytes(b"x")
    settings = {"PATH": str(content), "STROM_PUBLIC_DIR": "public"}
    source = str(content / "blog" / "post.md")
    assert hero.resolve("/a.jpg", source, settings) == str(content / "public/a.jpg")
    assert hero.resolve("./b.jpg", source, settings) == str(content / "blog/b.jpg")
    assert hero.resolve("b.jpg", source, settings) == str(content / "blog/b.jpg")
    assert hero.resolve("a.jpg", source, settings) == str(content / "public/a.jpg")
    assert hero.resolve("{static}/c.jpg", source, settings) == str(content / "c.jpg")
    assert hero.resolve("{static}b.jpg", source, settings) == str(content / "blog/b.jpg")
    assert hero.resolve("/c.jpg", source, settings) == str(content / "c.jpg")
    assert hero.resolve("https://x.org/y.jpg", source, settings) == hero.External(
        "https://x.org/y.jpg"
    )
    for bad in ("JavaScript:alert(1)", " data:text/html,x", "ftp://x.org/a.jpg", "/../../x"):
        with pytest.raises(hero.SourceProblem):
            hero.resolve(bad, source, settings)


def test_picture_src_when_every_width_is_wider_than_the_og_image(tmp_path):
    path = tmp_path / "content" / "bild.jpg"
    path.parent.mkdir()
    path.write_bytes(picture_bytes((300, 150)))
    settings = {
        **DEFAULTS,
        "PATH": str(tmp_path / "content"),
        "SITEURL": "",
        "STROM_IMAGE_WIDTHS": [200],
        "STROM_OG_IMAGE_WIDTH": 100,
    }
    state = hero.Images(settings)
    picture = state.picture(state.derive(str(path)), "Bild")
    assert picture.src.endswith("-200.jpg") and (picture.width, picture.height) == (200, 100)
    assert picture.src.startswith("/assets/img/")
    assert (picture.og.width, picture.og.height) == (100, 50)
    assert (tmp_path / ".cache" / "strom-images" / "files").is_dir()


def test_problems_of_images_in_the_text_come_back_with_the_content_cache(build_site):
    files = {
        **{"blog/a.md": post("title: A\npubDate: 2025-01-01\n", "![Weg](/fehlt.png)\n")},
    }
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    first = build_site(files, **cache)
    second = build_site(files, **cache)
    for site in (first, second):
        assert site.failure is not None
        assert any("blog/a.md: image in the text: '/fehlt.png' not found" in e for e in site.errors)
