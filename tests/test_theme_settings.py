"""Theme settings on small sites: language, overrides, menus, colours, bad values."""

import json
import re

from conftest import KITCHEN_SINK, ROOT, build_folder, post, write_tree

POSTS = {
    "blog/eins.md": post(
        "title: Eins\npubDate: 2025-01-01\nupdatedDate: 2025-01-09\ntags: [Kafka]\n",
        'Er sagte: "Hallo" -- und ging.\n\n' + "Wort " * 450,
    ),
    "blog/zwei.md": post("title: Zwei\npubDate: 2025-01-02\ntags: [Kafka]\n"),
}


def test_english_site_has_english_ui_dates_and_quotes(build_site):
    # A third post: the second is the first's neighbour, never among its related posts.
    third = post("title: Drei\npubDate: 2025-01-03\ntags: [Kafka]\n")
    site = build_site({**POSTS, "blog/drei.md": third}, DEFAULT_LANG="en")
    assert site.failure is None, site.errors
    page = site.html("blog/eins/index.html")
    assert page.html["lang"] == "en"
    meta = page.select_one(".post-meta").get_text(" ", strip=True)
    assert meta == "January 1, 2025 Updated on January 9, 2025 3 minutes read"
    assert page.select_one('meta[property="og:locale"]')["content"] == "en_US"
    assert "“Hallo”" in page.select_one(".post-body").get_text()
    assert page.select_one(".related h2").get_text() == "Related posts"
    menu = [a.get_text() for a in page.select("body > header nav a")]
    assert menu == ["Blog", "Archive", "Tags", "Search"]
    footer = [a.get_text() for a in page.select("body > footer a")]
    assert footer == ["Legal notice", "Privacy policy", "RSS feed", "Atom feed"]
    short = site.html("blog/zwei/index.html").select_one(".post-meta").get_text(" ", strip=True)
    assert short == "January 2, 2025 1 minute read"
    german = {"Beiträge", "Schlagwörter", "Zum", "Lesezeit", "Seite", "Impressum", "Archiv"}
    for name in ("index.html", "blog/eins/index.html", "tags/index.html", "404.html"):
        words = set(re.findall(r"\w+", site.html(name).get_text(" ")))
        assert not words & german, (name, words & german)


def test_german_site_quotes(build_site):
    site = build_site(POSTS)
    body = site.html("blog/eins/index.html").select_one(".post-body").get_text()
    assert "Er sagte: „Hallo“ – und ging." in body


def test_theme_templates_overrides(build_site, tmp_path):
    overrides = tmp_path / "overrides"
    write_tree(
        overrides,
        {
            "partials/custom_head.html": '<meta name="x-strom-test" content="eigener Kopf">\n',
            "partials/footer.html": '<footer class="eigener-fuss"><p>Eigener Fuß</p></footer>\n',
        },
    )
    site = build_site(POSTS, THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert site.failure is None, site.errors
    for name in ("index.html", "blog/eins/index.html", "tags/index.html"):
        page = site.html(name)
        assert page.select_one('head meta[name="x-strom-test"]')["content"] == "eigener Kopf"
        assert page.select_one("footer.eigener-fuss").get_text() == "Eigener Fuß"
        assert page.select_one(".site-footer") is None
        assert page.select_one(".site-header")  # the rest of the theme stays


def test_menu_items_social_links_and_legal_urls(build_site):
    pages = {
        "pages/team.md": post("title: Team\n"),
        "pages/intern.md": post("title: Intern\nmenu: false\n"),
        "pages/impressum.md": post("title: Impressum\n"),
    }
    site = build_site(
        {**POSTS, **pages},
        MENUITEMS=[("Jobs", "https://example.com/jobs/")],
        SOCIAL=[("Mastodon", "https://social.example/@strom")],
        STROM_PRIVACY_URL="https://example.com/datenschutz/",
        STROM_IMPRINT_URL="impressum/",
    )
    assert site.failure is None, site.errors
    page = site.html("index.html")
    menu = {a.get_text(): a["href"] for a in page.select("body > header nav a")}
    assert list(menu) == ["Blog", "Archiv", "Schlagwörter", "Suche", "Jobs", "Team"]
    footer = {a.get_text(): a["href"] for a in page.select("body > footer a")}
    assert footer["Impressum"] == "/impressum/"
    assert footer["Datenschutzerklärung"] == "https://example.com/datenschutz/"
    assert footer["Mastodon"] == "https://social.example/@strom"
    assert page.select_one('footer a[href^="https://social"]')["rel"] == ["me"]
    impressum = site.html("impressum/index.html")
    assert impressum.select_one('footer a[aria-current="page"]').get_text() == "Impressum"


def test_site_css_is_added_to_the_one_stylesheet(build_site):
    files = {**POSTS, "marke.css": ":root { --accent: #8a1538; }\n"}
    site = build_site(files, STROM_CSS_EXTRA=["marke.css"], STROM_PYGMENTS_STYLE="xcode")
    assert site.failure is None, site.errors
    (css,) = site.output.glob("assets/strom.*.css")
    text = css.read_text("utf-8")
    assert text.rstrip().endswith(":root{--accent:#8a1538}")
    plain = build_site(POSTS)
    href = plain.html("index.html").select_one('link[rel="stylesheet"]')["href"]
    assert href.startswith("/assets/strom.") and href != f"/assets/{css.name}"


def test_missing_css_file_fails_the_build_and_writes_the_rest(build_site):
    site = build_site(POSTS, STROM_CSS_EXTRA=["fehlt.css"])
    assert site.failure is not None
    (line,) = [e for e in site.errors if "fehlt.css" in e]
    assert "STROM_CSS_EXTRA" in line and "fix the name or remove it" in line
    assert site.html("blog/eins/index.html").h1.get_text() == "Eins"


def test_bad_theme_settings_are_refused_by_name(build_site):
    site = build_site(POSTS, STROM_PYGMENTS_DARK_STYLE="nachtblau", STROM_RELATED_POSTS="drei")
    assert site.failure is not None
    message = site.failure_text
    assert "STROM_PYGMENTS_DARK_STYLE: 'nachtblau' is not a Pygments style" in message
    assert "STROM_RELATED_POSTS: must be a whole number, got 'drei'" in message


def test_related_posts_can_be_switched_off(build_site):
    site = build_site(POSTS, STROM_RELATED_POSTS=0)
    assert site.html("blog/eins/index.html").select_one(".related") is None


def test_repository_site_builds_with_its_legal_pages(tmp_path):
    site = build_folder(ROOT / "content", tmp_path / "output")
    assert site.failure is None, site.errors
    assert site.html("impressum/index.html").h1.get_text() == "Impressum"
    privacy = site.html("datenschutz/index.html")
    # Soft hyphens let the long word break between its syllables on phones.
    assert privacy.h1.get_text().replace("\u00ad", "") == "Datenschutzerklärung"
    assert "keine Cookies" in privacy.get_text()
    menu = [a.get_text() for a in site.html("index.html").select("body > header nav a")]
    assert "Impressum" not in menu and "Datenschutzerklärung" not in menu
    assert KITCHEN_SINK.is_dir()


def test_the_hero_is_the_sharing_image(build_site):
    site = build_site(
        {
            "blog/held.md": post(
                "title: Held\npubDate: 2025-01-01\nheroImage: /held.jpg\nheroAlt: Wellen\n"
            ),
            "public/held.jpg": (ROOT / "content/public/blog-placeholder-3.jpg").read_bytes(),
        },
        SITEURL="https://blog.example.de",
    )
    assert site.failure is None, site.errors
    page = site.html("blog/held/index.html")
    image = page.select_one('meta[property="og:image"]')["content"]
    assert image.startswith("https://blog.example.de/assets/img/held-")
    # A 960-px source is shared at its own width, never upscaled.
    assert page.select_one('meta[property="og:image:width"]')["content"] == "960"
    assert page.select_one('meta[property="og:image:alt"]')["content"] == "Wellen"
    assert page.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["image"] == image


QUOTED = """\
"Am Anfang" des Absatzes.

Eine Zeile
"nach dem Umbruch" und *"in Betonung"* und ein Strich – "danach".

"...und dann" kam nichts.

'...einfach' so.
"""


def test_german_quotes_in_every_position(build_site):
    site = build_site({"blog/zitate.md": post("title: Zitate\npubDate: 2025-01-01\n", QUOTED)})
    assert site.failure is None, site.errors
    paragraphs = [
        p.get_text(" ", strip=True)
        for p in site.html("blog/zitate/index.html").select(".post-body p")
    ]
    assert paragraphs[0] == "„Am Anfang“ des Absatzes."
    assert "„nach dem Umbruch“" in paragraphs[1]
    assert "„in Betonung“" in paragraphs[1]
    assert "– „danach“" in paragraphs[1]
    assert paragraphs[2] == "„…und dann“ kam nichts."
    assert paragraphs[3] == "‚…einfach’ so."
    # No English opening quote anywhere: the laub corpus showed “…“.
    assert not any("“" in p.split("„")[0] for p in paragraphs)
