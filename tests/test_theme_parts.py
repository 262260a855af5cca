"""The theme's pure parts: reading time, related posts, colours, CSS, locales, catalogs."""

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract
from pelican.plugins.strom import THEME_PATH
from pelican.plugins.strom.i18n import period_filter, translations
from pelican.plugins.strom.markdown_setup import quotes_for
from pelican.plugins.strom.messages import CONTEXT
from pelican.plugins.strom.posts import (
    attach_neighbours,
    attach_related,
    reading_minutes,
    related,
    word_count,
)
from pelican.plugins.strom.seo import og_locale
from pelican.plugins.strom.stylesheet import (
    _palette,
    _style,
    contrast,
    minify,
    pygments_css,
    readable,
)
from pelican.plugins.strom.theme import pretty_url

THEME = Path(THEME_PATH)


def test_word_count_and_reading_minutes():
    assert word_count("<p>Größe <em>und</em> Maß</p><pre>x = 1</pre>") == 5
    assert reading_minutes(0, 200) == 1
    assert reading_minutes(200, 200) == 1
    assert reading_minutes(201, 200) == 2


def post(name, day, *tags):
    return SimpleNamespace(name=name, date=dt.datetime(2025, 1, day), tags=list(tags))


def test_related_by_shared_tags_then_newest():
    a = post("a", 1, "kafka", "java", "ops")
    b = post("b", 2, "kafka")
    c = post("c", 3, "kafka", "java")
    d = post("d", 4, "kafka")
    e = post("e", 5, "go")
    f = post("f", 6)
    found = related([a, b, c, d, e, f], 3)
    assert [p.name for p in found[0]] == ["c", "d", "b"]  # c shares 2; d is newer than b
    assert [p.name for p in found[2]] == ["a", "d", "b"]
    assert found[4] == [] and found[5] == []
    assert related([a, b], 0) == [[], []]


def test_related_on_a_thousand_posts_shares_no_self():
    posts = [post(str(i), 1 + i % 28, f"t{i % 7}", "all") for i in range(1000)]
    found = related(posts, 3)
    assert all(len(r) == 3 and posts[i] not in r for i, r in enumerate(found))


def test_neighbours_by_date():
    a, b, c = post("a", 3), post("b", 1), post("c", 2)
    attach_neighbours([a, b, c])
    assert (b.older, b.newer) == (None, c)
    assert (c.older, c.newer) == (b, a)
    assert (a.older, a.newer) == (c, None)


def test_related_posts_leave_out_the_neighbours_linked_beside_them():
    posts = [post(name, day, "kafka") for day, name in enumerate("abcdef", start=1)]
    attach_neighbours(posts)
    attach_related(posts, 3)
    by_name = {p.name: p for p in posts}
    # c's neighbours b and d share its tag, yet the newest others take their place.
    assert [p.name for p in by_name["c"].related_posts] == ["f", "e", "a"]
    assert [p.name for p in by_name["f"].related_posts] == ["d", "c", "b"]  # e is older
    for item in posts:
        assert item.newer not in item.related_posts and item.older not in item.related_posts
        assert len(item.related_posts) == 3


def test_contrast_and_readable_colours():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast(readable("#999999", "#ffffff"), "#ffffff") >= 4.5
    assert contrast(readable("#333333", "#0d1117"), "#0d1117") >= 4.5
    assert readable("#000000", "#ffffff") == "#000000"  # already readable: unchanged


@pytest.mark.parametrize("name", ["default", "github-dark", "monokai", "solarized-light"])
def test_every_code_colour_reaches_aa(name):
    background, foreground, roles = _palette(_style(name))
    assert contrast(foreground, background) >= 4.5
    for role, (color, _, _) in roles.items():
        assert contrast(color, background) >= 4.5, (name, role, color)


def test_pygments_css_overrides_only_custom_properties_in_dark_mode():
    css = pygments_css("default", "github-dark")
    dark = re.search(r"@media \(prefers-color-scheme:dark\)\{(.*?\})\}", css).group(1)
    assert re.fullmatch(r":root\{[^{}]*\}", dark)
    assert ".highlight :is(.k,.kc,.kd,.kn,.kp,.kr){color:var(--hl-keyword)" in css
    assert pygments_css("no-such-style", "github-dark") == ""
    assert len(css) < 2500


def test_minify_keeps_strings_and_meaning():
    css = '/* note */\na  :hover , b > c {\n  content: "a  :  b" ;\n  color: red;\n}\n'
    assert minify(css) == 'a :hover,b>c{content:"a  :  b";color:red}'
    media = "@media (prefers-color-scheme: dark) and (min-width: 40em) { :root { --x: 1px } }"
    assert (
        minify(media) == "@media (prefers-color-scheme:dark) and (min-width:40em){:root{--x:1px}}"
    )


def tokens(css: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))


def test_theme_colours_meet_aa_in_light_and_dark_mode():
    css = (THEME / "css" / "tokens.css").read_text("utf-8")
    light_css, dark_css = css.split("@media (prefers-color-scheme: dark)")
    light = tokens(light_css)
    dark = {**light, **tokens(dark_css)}
    pairs = [
        ("fg", "bg"),
        ("fg", "bg-soft"),
        ("muted", "bg"),
        ("muted", "bg-soft"),
        ("accent", "bg"),
        ("accent", "bg-soft"),
        ("accent-strong", "accent-soft"),
        ("on-accent", "accent"),
    ]
    for palette in (light, dark):
        for text, background in pairs:
            ratio = contrast(palette[text], palette[background])
            assert ratio >= 4.5, (text, background, palette[text], palette[background], ratio)
        # Focus ring and borders of controls: 3:1 against the page (WCAG 1.4.11).
        assert contrast(palette["accent"], palette["bg"]) >= 3


def test_og_locale_and_quotes():
    assert og_locale("de") == "de_DE"
    assert og_locale("en") == "en_US"
    assert og_locale("de-AT") == "de_AT"
    assert quotes_for("de")["left-double-quote"] == "&bdquo;"
    assert quotes_for("de_CH")["left-double-quote"] == "&laquo;"
    assert quotes_for("en") is None


def test_pretty_url():
    assert pretty_url("index.html") == ""
    assert pretty_url("blog/x/index.html") == "blog/x/"
    assert pretty_url("404.html") == "404.html"


def template_messages():
    """Every message the templates and the plugin translate."""
    found = set()
    for path in (THEME / "templates").rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                for _, _, message, _ in babel_extract(handle, ("_", "ngettext"), [], {}):
                    found.add(message if isinstance(message, str) else message[0])
    found.add("Back to footnote %d in the text")  # markdown_setup.py
    found.add("search")  # search.url_slug, context "URL path"
    found.add("series")  # series.url_slug, context "URL path"
    with (THEME.parent / "embeds.py").open("rb") as handle:  # the embeds' labels
        found |= {message for _, _, message, _ in extract_python(handle, ("gettext",), [], {})}
    return found


@pytest.mark.parametrize("lang", ["de", "en"])
def test_catalogs_translate_every_message_with_plurals(lang):
    with (THEME / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.num_plurals == 2
    # Strom's build messages have their own test (test_messages.py).
    ids = {
        m.id if isinstance(m.id, str) else m.id[0]: m
        for m in catalog
        if m.id and m.context != CONTEXT
    }
    messages = template_messages()
    assert len(messages) > 30
    assert messages <= ids.keys(), messages - ids.keys()
    assert ids.keys() <= messages, f"unused: {ids.keys() - messages}"
    for message in ids.values():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), message.id
    minutes = ids["%(num)d minute read"].string
    if lang == "de":
        assert minutes == ("%(num)d Minute Lesezeit", "%(num)d Minuten Lesezeit")


def test_period_names_and_regional_catalogs():
    assert period_filter("de")((2025,)) == "2025"
    assert period_filter("de")((2025, 3)) == "März 2025"
    assert period_filter("en")((2025, 3, 2)) == "March 2, 2025"
    assert translations(THEME, "de_AT").gettext("Skip to content") == "Zum Inhalt springen"
    assert translations(THEME, "de-CH").gettext("Archive") == "Archiv"
    assert translations(THEME, "fr").gettext("Archive") == "Archive"
