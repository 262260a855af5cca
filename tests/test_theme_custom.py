"""Restyling Strom without copying its theme: logo, site CSS, intro, partials, overrides."""

import io
import re
from pathlib import Path

from conftest import ROOT, post
from PIL import Image

THEME = ROOT / "theme" / "templates"
POSTS = {
    "blog/eins.md": post("title: Eins\npubDate: 2025-01-01\n"),
    "blog/zwei.md": post("title: Zwei\npubDate: 2025-01-02\n"),
}


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#8a1538").save(buffer, "PNG")
    return buffer.getvalue()


def stylesheet(site):
    """Return the stylesheet the home page links."""
    href = site.html("index.html").select_one('link[rel="stylesheet"]')["href"]
    return (site.output / href.lstrip("/")).read_text("utf-8")


def test_a_site_restyles_strom_by_settings_and_partials(build_site, tmp_path):
    overrides = tmp_path / "eigene-vorlagen"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials" / "custom_footer.html").write_text(
        '<p class="hausmitteilung">{{ SITENAME }} wird gefördert.</p>\n', "utf-8"
    )
    (overrides / "partials" / "custom_article_end.html").write_text(
        '<p class="nachsatz">Danke fürs Lesen von „{{ article.title }}“.</p>\n', "utf-8"
    )
    files = {
        **POSTS,
        "public/marke.png": png(120, 40),
        "public/site.css": ":root { --accent: #8a1538; --font: Georgia, serif; }\n",
    }
    site = build_site(files, STROM_LOGO="marke.png", THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert site.failure is None, site.failure_text
    page = site.html("blog/eins/index.html")
    assert page.select_one("footer .hausmitteilung").get_text().endswith("wird gefördert.")
    assert page.select_one("article .nachsatz").get_text() == "Danke fürs Lesen von „Eins“."
    assert not site.html("index.html").select(".nachsatz")  # only at the end of posts
    logo = page.select_one(".brand img")
    assert (logo["src"], logo["width"], logo["height"]) == ("/marke.png", "84", "28")
    assert not page.select(".brand svg")
    # The site's tokens come last in the one fingerprinted stylesheet, so they win.
    css = stylesheet(site)
    assert css.rstrip().endswith(":root{--accent:#8a1538;--font:Georgia,serif}")
    assert css.index("--accent:#0b57c5") < css.index("--accent:#8a1538")
    (site.content / "public" / "site.css").unlink()
    assert "--accent:#8a1538" not in stylesheet(build_site(POSTS))  # no file, no tokens


def test_no_logo(build_site):
    site = build_site(POSTS, STROM_LOGO=None)
    assert site.failure is None, site.failure_text
    brand = site.html("index.html").select_one(".brand")
    assert not brand.select("svg, img") and brand.get_text(strip=True)
    default = build_site(POSTS)
    assert default.html("index.html").select(".brand svg.brand-mark")  # the theme's own


def test_a_bad_logo_is_named_and_the_pages_are_still_written(build_site):
    files = {**POSTS, "public/kaputt.png": b"kein Bild", "secret.svg": "<svg/>"}
    for value, reason in [
        ("fehlt.svg", "cannot be read"),
        ("kaputt.png", "is not an SVG, PNG, JPEG, WebP, AVIF or GIF image"),
        ("../secret.svg", "outside the content folder"),
    ]:
        site = build_site(files, STROM_LOGO=value)
        assert site.failure is not None, value
        (line,) = [e for e in site.errors if "STROM_LOGO" in e]
        assert f"'{value}'" in line or value in line, line
        assert reason in line and "set None for no logo" in line, line
        assert site.html("blog/eins/index.html").h1.get_text() == "Eins"
        assert not site.html("index.html").select(".brand img")


def test_bad_customisation_settings_are_refused_by_name(build_site):
    site = build_site(POSTS, STROM_LOGO=False, STROM_INTRO=3, STROM_SITE_CSS=["a.css"])
    message = site.failure_text
    assert "STROM_LOGO: must be True, None or a file name in the public folder" in message
    assert "STROM_INTRO: must be None or Markdown text, got 3" in message
    assert "STROM_SITE_CSS: must be None or a CSS file's path" in message


def test_a_named_site_css_must_exist_inside_the_content_folder(build_site, tmp_path):
    (tmp_path / "draussen.css").write_text(":root{}", "utf-8")
    for value, reason in [("fehlt.css", "cannot be read"), ("../draussen.css", "outside")]:
        site = build_site(POSTS, STROM_SITE_CSS=value)
        (line,) = [e for e in site.errors if "STROM_SITE_CSS" in e]
        assert reason in line and "fix the path inside the content folder" in line, line
        assert site.exists("blog/eins/index.html")


def documented_partials():
    """The partial templates the README's "Customise the theme" section names."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Customise the theme", 1)[1].split("\n## ", 1)[0]
    return sorted(set(re.findall(r"`(partials/[\w-]+\.html)`", section)))


def test_every_documented_partial_is_in_the_theme_and_the_hooks_are_empty(build_site):
    names = documented_partials()
    assert {"partials/custom_head.html", "partials/custom_footer.html"} <= set(names)
    for name in names:
        assert (THEME / name).is_file(), name
    site = build_site(POSTS)
    hooks = [name for name in names if Path(name).name.startswith("custom_")]
    assert len(hooks) == 4
    # Each hook is included, and renders nothing of its own.
    for hook in hooks:
        text = (THEME / hook).read_text("utf-8")
        assert re.fullmatch(r"(\{#.*?#\}\s*)?", text, re.DOTALL), hook
        included = [p for p in THEME.rglob("*.html") if f'"{hook}"' in p.read_text("utf-8")]
        assert included, hook
    assert site.failure is None
