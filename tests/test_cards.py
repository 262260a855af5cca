"""Social cards: posts without a hero are shared with a 1200x630 card of their own."""

import json
import re

from conftest import post
from pelican.plugins.strom import cards
from PIL import Image, ImageChops, ImageDraw, ImageFont
from test_hero import picture_bytes

UMLAUTS = "Größe für Übermaß"


def rendered(site):
    """Return how many cards the build drew (from its summary line)."""
    lines = [r.getMessage() for r in site.log if r.getMessage().startswith("strom: cards:")]
    assert len(lines) == 1, lines
    return int(re.match(r"strom: cards: (\d+) rendered", lines[0]).group(1))


def og_image(page):
    return {
        meta.get("property") or meta.get("name"): meta["content"]
        for meta in page.select("meta[property^='og:image'], meta[name^='twitter:']")
    }


def reference_title(text, size):
    """Draw ``text`` as the card's title, with the bundled font, as the test's own reference."""
    image = Image.new("RGB", (cards.WIDTH, cards.HEIGHT), cards.BACKGROUND)
    typeface = ImageFont.truetype(str(cards.FONT), size)
    ImageDraw.Draw(image).text(
        (cards.MARGIN, cards.TITLE_TOP), text, font=typeface, fill=cards.TITLE_COLOUR, anchor="la"
    )
    return image


def title_region(image, size):
    return image.crop((0, cards.TITLE_TOP - 20, cards.WIDTH, cards.TITLE_TOP + round(size * 1.2)))


def test_post_without_hero_is_shared_with_its_card(build_site):
    site = build_site(
        {
            "blog/gross.md": post(f"title: {UMLAUTS}\npubDate: 2025-01-19\n"),
            "blog/bild.md": post("title: Bild\npubDate: 2025-01-20\nheroImage: /bild.jpg\n"),
            "public/bild.jpg": picture_bytes((1300, 650)),
        },
        STROM_WORKERS=1,
    )
    assert site.failure is None, site.errors
    meta = og_image(site.html("blog/gross/index.html"))
    assert re.fullmatch(r"/assets/cards/card-[0-9a-f]{12}\.png", meta["og:image"])
    assert meta["og:image:width"] == "1200" and meta["og:image:height"] == "630"
    assert meta["og:image:type"] == "image/png" and meta["og:image:alt"] == UMLAUTS
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]
    data = json.loads(site.html("blog/gross/index.html").select_one("script[type*=json]").string)
    assert data["image"] == meta["og:image"]
    # The post with a hero is shared with its hero; no card is drawn for it.
    assert "/assets/img/" in og_image(site.html("blog/bild/index.html"))["og:image"]
    assert sorted(p.name for p in (site.output / "assets/cards").iterdir()) == [
        meta["og:image"].rsplit("/", 1)[1]
    ]
    assert rendered(site) == 1

    card = Image.open(site.output / meta["og:image"].lstrip("/"))
    assert card.size == (1200, 630) and card.format == "PNG"
    size, lines = cards.title_lines(UMLAUTS)
    assert lines == [UMLAUTS]
    # The title region is the test's own drawing of the title in the same font, in
    # RGB (the card is a palette image: blends may round one step apart).
    expected = title_region(reference_title(UMLAUTS, size), size)
    difference = ImageChops.difference(title_region(card.convert("RGB"), size), expected)
    assert max(high for _, high in difference.getextrema()) <= 2
    # ... and the umlauts and ß are drawn as such, not as their base letters.
    plain = title_region(reference_title("Grosse fur Ubermass", size), size)
    assert max(high for _, high in ImageChops.difference(plain, expected).getextrema()) > 200


def test_the_font_has_real_glyphs_for_umlauts_and_sharp_s():
    typeface = ImageFont.truetype(str(cards.FONT), 68)

    def drawn(text):
        image = Image.new("L", (120, 120))
        ImageDraw.Draw(image).text((10, 10), text, font=typeface, fill=255)
        return image.tobytes()

    missing = drawn("\U0010fffd")  # no glyph: the font's box
    for letter, base in zip("äöüÄÖÜß", "aouAOUs", strict=True):
        assert drawn(letter) != missing and drawn(letter) != drawn(base), letter


def test_rebuild_draws_no_card_and_a_changed_title_one(build_site):
    files = {f"blog/p{n}.md": post(f"title: Teil {n}\npubDate: 2025-01-0{n}\n") for n in (1, 2, 3)}
    first = build_site(files)
    assert first.failure is None, first.errors
    assert rendered(first) == 3
    before = {p.name: p.stat().st_mtime_ns for p in (first.output / "assets/cards").iterdir()}

    second = build_site(files)
    assert second.failure is None
    assert rendered(second) == 0
    after = {p.name: p.stat().st_mtime_ns for p in (second.output / "assets/cards").iterdir()}
    assert after == before

    files["blog/p3.md"] = post("title: Teil drei\npubDate: 2025-01-03\n")
    third = build_site(files)
    assert rendered(third) == 1
    names = {p.name for p in (third.output / "assets/cards").iterdir()}
    assert len(names) == 3 and len(names - set(before)) == 1  # the old card is gone


def test_a_very_long_title_is_wrapped_and_shortened():
    title = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen " + " ".join(
        f"Wort{n}" for n in range(60)
    )
    size, lines = cards.title_lines(title)
    assert size == min(cards.TITLE_SIZES) and len(lines) == cards.TITLE_LINES
    assert lines[-1].endswith("\u2026")
    typeface = ImageFont.truetype(str(cards.FONT), size)
    assert all(typeface.getlength(line) <= cards.WIDTH - 2 * cards.MARGIN for line in lines)
    assert lines[0].startswith("Donaudampfschifffahrts")  # a word too long for a line breaks
    assert cards.render(cards.Card(title, "Blog", "1. Januar 2025")).size == (1200, 630)
    # A title that fits keeps the largest size.
    assert cards.title_lines("Kurz") == (max(cards.TITLE_SIZES), ["Kurz"])


def test_the_card_shows_the_date_in_the_sites_language(build_site):
    site = build_site(
        {"blog/a.md": post("title: A\npubDate: 2025-03-01\n")}, DEFAULT_LANG="en", STROM_WORKERS=1
    )
    name = og_image(site.html("blog/a/index.html"))["og:image"].rsplit("/", 1)[1]
    assert name == cards.Card("A", site_name(site), "March 1, 2025").name


def site_name(site):
    return site.html("index.html").select_one("meta[property='og:site_name']")["content"]


def test_cards_can_be_turned_off_and_the_setting_is_checked(build_site):
    files = {"blog/a.md": post("title: A\npubDate: 2025-01-01\n")}
    site = build_site(files, STROM_CARDS=False)
    assert site.failure is None
    meta = og_image(site.html("blog/a/index.html"))
    assert "og:image" not in meta and meta["twitter:card"] == "summary"
    assert not (site.output / "assets/cards").exists()

    refused = build_site(files, STROM_CARDS="ja")
    assert refused.failure is not None
    assert "STROM_CARDS: must be True or False, got 'ja'" in refused.failure_text
