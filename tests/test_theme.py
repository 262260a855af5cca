"""The theme on the kitchen-sink site: page types, post page, Markdown, SEO, feeds, privacy."""

import hashlib
import itertools
import json
import re
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
from babel.messages.pofile import read_po
from conftest import SITE_URL
from pelican.plugins.strom import THEME_PATH
from pelican.plugins.strom.i18n import catalog_path
from pelican.plugins.strom.messages import CONTEXT

POST = "blog/küchenspüle/index.html"
HOST = urlsplit(SITE_URL).hostname


def html_pages(site):
    """The theme's pages: every HTML file but the redirect pages of aliases."""
    return sorted(
        p
        for p in site.files()
        if p.endswith(".html") and 'http-equiv="refresh"' not in (site.output / p).read_text()
    )


def local_file(site, url: str) -> str:
    """Return the output file an absolute site URL points to (checking it is ours)."""
    parts = urlsplit(url)
    assert parts.hostname == HOST, url
    path = parts.path.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def test_the_site_builds_without_problems(kitchen_sink):
    assert kitchen_sink.failure is None, kitchen_sink.errors
    assert kitchen_sink.errors == []


def test_every_page_type_is_written(kitchen_sink):
    files = kitchen_sink.files()
    expected = {
        "index.html",
        "seite/2/index.html",
        POST,
        "über-uns/index.html",
        "impressum/index.html",
        "datenschutz/index.html",
        "tag/kafka/index.html",
        "tag/kafka/seite/2/index.html",
        "tags/index.html",
        "category/technik/index.html",
        "categories/index.html",
        "author/max-mustermann/index.html",
        "authors/index.html",
        "archiv/index.html",
        "2024/index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "rss.xml",
        "atom.xml",
        "theme/favicon.svg",
    }
    assert expected <= files, expected - files


def test_every_page_has_one_h1_landmarks_and_an_ordered_outline(kitchen_sink):
    for name in html_pages(kitchen_sink):
        page = kitchen_sink.html(name)
        assert len(page.find_all("h1")) == 1, name
        levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]
        assert levels[0] == 1, name
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (name, levels)
        main = page.find("main")
        skip = page.select_one("a.skip-link")
        assert skip["href"] == "#" + main["id"], name
        assert page.select_one("body > header nav[aria-label]"), name
        assert page.select_one("body > footer"), name
        assert page.html["lang"] == "de"


def test_post_page(kitchen_sink):
    page = kitchen_sink.html(POST)
    assert page.h1.get_text() == "Küchenspüle: alles, was ein Beitrag haben kann"
    meta = page.select_one(".post-header .post-meta")
    assert [t.get_text() for t in meta.select("time")] == ["19. Januar 2025", "3. Februar 2025"]
    assert "Aktualisiert am 3. Februar 2025" in meta.get_text(" ", strip=True)
    assert "2 Minuten Lesezeit" in meta.get_text()
    authors = [a.get_text() for a in page.select(".post-authors a")]
    assert authors == ["Erika Mustermann", "Max Mustermann"]
    tags = page.select(".post-footer .tags a")
    assert [a.get_text() for a in tags] == ["Kafka", "Über Größe", "Streaming", "Architektur"]
    for link in tags + page.select(".post-nav a, .related a, .post-authors a"):
        assert local_file(kitchen_sink, link["href"]) in kitchen_sink.files(), link["href"]
    newer = page.select_one(".post-nav .newer a")
    older = page.select_one(".post-nav .older a")
    assert newer.get_text(" ", strip=True) == "Neuerer Beitrag Ereignisse statt Tabellen"
    assert older.get_text(" ", strip=True) == "Älterer Beitrag Kafka Connect im Überblick"
    # Related: most shared tags first (3 of 4), then newer before older; not the
    # newer post "Ereignisse statt Tabellen", which the post links already.
    related = [a.get_text() for a in page.select(".related a")]
    assert related[:2] == ["Exactly-once ohne Mythen", "Streams und Tabellen in ksqlDB"]
    assert len(related) == 3 and newer.get_text() not in related


def test_a_post_with_one_minute_and_no_update(kitchen_sink):
    page = kitchen_sink.html("blog/beitrag-1/index.html")
    meta = page.select_one(".post-meta").get_text(" ", strip=True)
    assert "1 Minute Lesezeit" in meta and "Aktualisiert" not in meta
    assert page.select_one(".post-nav .newer") is None  # the newest post
    assert page.select_one(".post-nav .older a")


def test_the_hero_slot_shows_the_hero_and_nothing_without_one(kitchen_sink):
    page = kitchen_sink.html(POST)
    (picture,) = page.select(".post-header picture")
    assert picture.img["alt"] == "Ein abstraktes Bild in Blau und Grün"
    og = page.select_one('meta[property="og:image"]')["content"]
    assert og.startswith(f"{SITE_URL}/assets/img/") and og.endswith(".jpg")
    assert page.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    plain = kitchen_sink.html("blog/beitrag-1/index.html")
    assert plain.select(".post-header img, .post-header picture") == []
    # A post without a hero is shared with its social card (test_cards.py).
    card = plain.select_one('meta[property="og:image"]')["content"]
    assert card.startswith(f"{SITE_URL}/assets/cards/card-") and card.endswith(".png")
    assert plain.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"


def test_markdown_rendering(kitchen_sink):
    page = kitchen_sink.html(POST)
    body = page.select_one(".post-body")
    text = body.get_text()
    assert "„Anführungszeichen“" in text and "Halbgeviertstrich – und" in text
    assert "Ellipse…" in text
    python = body.select_one(".highlight")
    assert python.select_one("span.kn").get_text() == "from"  # keyword (namespace)
    assert python.select_one("span.k").get_text() == "class"
    assert python.select_one("span.c1").get_text().startswith("# Kommentar")
    heading = body.find("h2")
    assert heading["id"] == "code-mit-hervorhebung"
    assert heading.a["href"] == "#code-mit-hervorhebung" and "toclink" in heading.a["class"]
    assert body.find(id="eine-tabelle")
    assert body.find(id=re.compile("^fußnoten"))
    table = body.select_one(".table-wrap > table")
    assert [th.get("class") for th in table.select("th")] == [
        ["align-left"],
        ["align-right"],
        ["align-center"],
    ]
    notes = body.select(".footnote li")
    assert len(notes) == 2
    backref = notes[0].select_one(".footnote-backref")
    assert backref["title"] == "Zurück zur Fußnote 1 im Text"
    assert body.select_one("sup a.footnote-ref")["href"] == "#" + notes[0]["id"]
    assert body.select_one("abbr")["title"] == "Datenschutz-Grundverordnung"
    assert body.select_one("img") is None
    other = kitchen_sink.html("blog/partitionen-richtig-waehlen/index.html")
    image = other.select_one(".post-body img")
    assert (image["loading"], image["decoding"]) == ("lazy", "async")


def test_no_inline_styles_or_scripts(kitchen_sink):
    """The theme works under a Content-Security-Policy without 'unsafe-inline'."""
    for name in html_pages(kitchen_sink):
        page = kitchen_sink.html(name)
        assert page.select("[style]") == [], name
        assert page.find("style") is None, name
        for script in page.find_all("script", src=False):  # inline: a data block only
            assert script.get("type") == "application/ld+json", name
        assert not [a for tag in page.find_all(True) for a in tag.attrs if a.startswith("on")]


def test_nothing_is_loaded_from_another_host(kitchen_sink):
    urls = []
    for name in html_pages(kitchen_sink):
        page = kitchen_sink.html(name)
        urls += [tag["src"] for tag in page.select("[src]")]
        urls += [tag.get("srcset", "") for tag in page.select("[srcset]")]
        urls += [tag["href"] for tag in page.select("link[href]")]
    for css in kitchen_sink.output.glob("assets/*.css"):
        urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text("utf-8"))
    assert urls
    for url in urls:
        for part in url.split(","):
            found = re.match(r"\s*(https?:)?//([^/\s]+)", part)
            assert not found or found.group(2) == HOST, (url, part)


def test_one_fingerprinted_stylesheet(kitchen_sink):
    (css,) = kitchen_sink.output.glob("assets/strom.*.css")
    data = css.read_bytes()
    assert css.name == f"strom.{hashlib.sha256(data).hexdigest()[:12]}.css"
    # About 16 KB: the dark tokens stand twice (system and toggle); ToC, buttons, series
    # box and two-click embeds added about 2.7 KB.
    assert len(data) <= 17 * 1024, len(data)
    text = data.decode()
    assert "@media screen and (prefers-color-scheme:dark)" in text and "@media print" in text
    assert ".highlight" in text and "prefers-reduced-motion" in text
    for name in html_pages(kitchen_sink):
        links = kitchen_sink.html(name).select('link[rel="stylesheet"]')
        assert [link["href"] for link in links] == [f"{SITE_URL}/assets/{css.name}"], name


def test_search_and_sharing_metadata(kitchen_sink):
    for name in html_pages(kitchen_sink):
        page = kitchen_sink.html(name)
        assert page.title.get_text().strip(), name
        assert page.select_one('meta[name="description"]')["content"].strip(), name
        canonical = page.select_one('link[rel="canonical"]')
        if name == "404.html":
            assert canonical is None
            assert page.select_one('meta[name="robots"]')["content"] == "noindex"
            continue
        assert canonical["href"] == f"{SITE_URL}/{name.removesuffix('index.html')}", name
        assert page.select_one('meta[property="og:locale"]')["content"] == "de_DE"
        for kind in ("rss+xml", "atom+xml"):
            feed = page.select_one(f'link[rel="alternate"][type="application/{kind}"]')
            assert feed["href"].startswith(SITE_URL), name
    titles = [kitchen_sink.html(name).title.get_text() for name in html_pages(kitchen_sink)]
    assert len(titles) == len(set(titles)), "every page has its own title"
    post = kitchen_sink.html(POST)

    def meta(prop):
        return [m["content"] for m in post.select(f'meta[property="{prop}"]')]

    assert meta("og:type") == ["article"]
    assert meta("og:url") == [f"{SITE_URL}/blog/küchenspüle/"]
    assert meta("article:published_time") == ["2025-01-19T00:00:00+01:00"]
    assert meta("article:modified_time") == ["2025-02-03T00:00:00+01:00"]
    assert meta("article:tag") == ["Kafka", "Über Größe", "Streaming", "Architektur"]
    description = post.select_one('meta[name="description"]')["content"]
    assert description.endswith("„Größe“ & Maß.")


def test_json_ld_blog_posting(kitchen_sink):
    for name in html_pages(kitchen_sink):
        for script in kitchen_sink.html(name).select('script[type="application/ld+json"]'):
            json.loads(script.string)
    script = kitchen_sink.html(POST).select_one('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Küchenspüle: alles, was ein Beitrag haben kann"
    assert data["datePublished"] == "2025-01-19T00:00:00+01:00"
    assert data["dateModified"] == "2025-02-03T00:00:00+01:00"
    assert data["inLanguage"] == "de"
    assert data["url"] == f"{SITE_URL}/blog/küchenspüle/"
    assert [a["name"] for a in data["author"]] == ["Erika Mustermann", "Max Mustermann"]
    odd = kitchen_sink.html("blog/beitrag-9/index.html")
    data = json.loads(odd.select_one('script[type="application/ld+json"]').string)
    assert data["headline"] == "Vergleich: <Kafka> & „Pulsar“"


def test_robots_and_sitemap(kitchen_sink):
    robots = (kitchen_sink.output / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in robots.splitlines()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(kitchen_sink.output / "sitemap.xml").getroot()
    entries = {u.find("s:loc", ns).text: u.find("s:lastmod", ns).text for u in root}
    assert entries[f"{SITE_URL}/blog/küchenspüle/"] == "2025-02-03T00:00:00+01:00"
    assert entries[f"{SITE_URL}/blog/beitrag-1/"] == "2025-03-02T00:00:00+01:00"
    assert not [loc for loc in entries if "404" in loc or "versteckt" in loc]


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_feeds_parse_with_full_content_and_absolute_links(kitchen_sink, name):
    feed = feedparser.parse(str(kitchen_sink.output / name))
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 13
    entry = next(e for e in feed.entries if "Küchenspüle" in e.title)
    assert unquote(entry.link) == f"{SITE_URL}/blog/küchenspüle/"
    content = entry.content[0].value if "content" in entry else entry.description
    assert 'class="highlight"' in content and "Definitionsliste" in content


def test_footer_links_legal_pages_and_menu(kitchen_sink):
    for name in html_pages(kitchen_sink):
        page = kitchen_sink.html(name)
        footer = {a.get_text(): a["href"] for a in page.select("body > footer a")}
        assert footer["Impressum"] == f"{SITE_URL}/impressum/", name
        assert footer["Datenschutzerklärung"] == f"{SITE_URL}/datenschutz/", name
        assert footer["RSS-Feed"] == f"{SITE_URL}/rss.xml"
        menu = [a.get_text() for a in page.select("body > header nav a")]
        assert menu == ["Blog", "Archiv", "Schlagwörter", "Suche", "Über uns"], name
    archive = kitchen_sink.html("archiv/index.html")
    current = archive.select('[aria-current="page"]')
    assert [a.get_text() for a in current] == ["Archiv"]


def test_lists_paginate_and_group(kitchen_sink):
    index = kitchen_sink.html("index.html")
    assert len(index.select(".post-list > li")) == 10
    assert index.select_one('.pagination a[rel="next"]')["href"] == f"{SITE_URL}/seite/2/"
    assert "Seite 1 von 2" in index.select_one(".pagination").get_text()
    second = kitchen_sink.html("seite/2/index.html")
    assert len(second.select(".post-list > li")) == 3
    assert second.select_one('.pagination a[rel="prev"]')["href"] == f"{SITE_URL}/"
    assert second.title.get_text().endswith("– Seite 2")
    tag = kitchen_sink.html("tag/kafka/index.html")
    assert tag.h1.get_text() == "Kafka"
    assert "11 Beiträge" in tag.select_one(".lead").get_text()
    assert tag.title.get_text().startswith("Beiträge zum Schlagwort „Kafka“")
    tags = kitchen_sink.html("tags/index.html")
    kafka = next(a for a in tags.select(".tag-cloud a") if a.get_text().startswith("Kafka"))
    assert kafka.select_one(".count").get_text() == "11 Beiträge"
    archive = kitchen_sink.html("archiv/index.html")
    assert [h.get_text() for h in archive.select("main h2")] == ["2025", "2024", "2023"]
    first = archive.select_one(".archive-list li")
    assert first.time.get_text() == "2. März"
    year = kitchen_sink.html("2024/index.html")
    assert year.h1.get_text() == "2024"
    assert len(year.select(".archive-list li")) == 7


# Common English words of blog themes, and the months English spells apart.
ENGLISH_UI = {
    *("read", "more", "next", "previous", "home", "posts", "post", "page", "pages"),
    *("tags", "tag", "published", "updated", "minutes", "skip", "content", "menu"),
    *("search", "archive", "older", "newer", "related", "back", "privacy", "policy"),
    *("legal", "notice", "subscribe", "category", "categories", "author", "authors"),
    *("january", "february", "march", "may", "june", "july", "october", "december"),
}


def english_words_from_catalogs():
    """Words of the English catalog that the German one does not use."""

    def words(lang):
        with catalog_path(THEME_PATH, lang).open("rb") as handle:
            catalog = read_po(handle)
        # The theme's words; the build's messages are never on a page.
        strings = [
            text
            for message in catalog
            if message.id and message.context != CONTEXT
            for text in (message.string if isinstance(message.string, tuple) else [message.string])
        ]
        return {w.lower() for s in strings for w in re.findall(r"[A-Za-zÄÖÜäöüß]{2,}", s)}

    return words("en") - words("de")


def test_no_english_ui_word_on_a_german_page(kitchen_sink):
    english = ENGLISH_UI | english_words_from_catalogs()
    assert {"minutes", "tagged", "skip"} <= english
    for name in html_pages(kitchen_sink):
        page = kitchen_sink.html(name)
        # The theme's words: everything but the author's text, code and data.
        for tag in page.select(".post-body, .p-summary, script, pre, code"):
            tag.decompose()
        texts = [page.get_text(" ")]
        texts += [t[a] for a in ("aria-label", "title", "alt") for t in page.select(f"[{a}]")]
        words = {w.lower() for text in texts for w in re.findall(r"[A-Za-zÄÖÜäöüß]+", text)}
        assert not words & english, (name, words & english)
