"""Whole sites built with real Pelican and Strom, checked in the written HTML."""

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEED, post, write_tree

# The seed post's hero, in the public folder as on the Astro site.
HERO = {
    "public/blog-placeholder-3.jpg": (ROOT / "content/public/blog-placeholder-3.jpg").read_bytes()
}

ASTRO = post(
    """
    title: Über Streams & Tabellen
    description: Was <em>Streams</em> sind
    pubDate: Jan 19 2025
    updatedDate: 03.02.2025
    heroImage: /blog-placeholder-3.jpg
    tags: [Kafka, Über Größe]
    aliases:
""",
    "## Zwischentitel\n\nText mit **fett**.\n",
)
HUGO = post("""
    title: Hugo-Beitrag
    date: 2024-05-01T10:00:00+02:00
    lastmod: 2024-05-02
    summary: Aus Hugo
    slug: hugo-eigener-slug
    tags: Daten, Streams
""")
JEKYLL = post("""
    title: Jekyll-Beitrag
    date: 2024-06-01 10:00:00 +0200
    excerpt: Aus Jekyll
    categories: [Technik]
""")
GOOD = {"blog/gut.md": post("title: Gut\npubDate: 2025-01-01\n")}


def test_seed_post_in_german(build_site):
    site = build_site({"blog/" + SEED.name: SEED.read_text("utf-8"), **HERO})
    assert site.failure is None, site.errors
    page = site.html("blog/kafka-streaming-immer-populaerer/index.html")
    assert page.html["lang"] == "de"
    time = page.select_one("article time")
    assert time.get_text() == "19. Januar 2025"
    assert time["datetime"].startswith("2025-01-19T00:00:00+01:00")
    assert page.select_one('meta[name="description"]')["content"] == "Lorem ipsum dolor sit amet"
    assert page.h1.get_text() == "Kafka Streaming immer populärer in Deutschland"
    assert page.select_one(".skip-link").get_text() == "Zum Inhalt springen"


def test_three_dialects_with_dates_tags_summaries_and_urls(build_site):
    site = build_site(
        {"blog/über-streams.md": ASTRO, "blog/hugo.md": HUGO, "blog/jekyll.md": JEKYLL, **HERO}
    )
    assert site.failure is None, site.errors
    astro = site.html("blog/über-streams/index.html")
    times = [t.get_text() for t in astro.select(".post-meta time")]
    assert times == ["19. Januar 2025", "3. Februar 2025"]
    assert [a.get_text() for a in astro.select(".tags a")] == ["Kafka", "Über Größe"]
    assert astro.select_one('meta[name="description"]')["content"] == "Was <em>Streams</em> sind"
    # Soft hyphens let long words of headings break between syllables on phones.
    assert astro.select_one(".post-body h2").get_text().replace("\u00ad", "") == "Zwischentitel"
    hugo = site.html("blog/hugo-eigener-slug/index.html")
    assert hugo.select_one("time")["datetime"] == "2024-05-01T10:00:00+02:00"
    assert [a.get_text() for a in hugo.select(".tags a")] == ["Daten", "Streams"]
    jekyll = site.html("blog/jekyll/index.html")
    assert jekyll.select_one("time").get_text() == "1. Juni 2024"
    assert site.exists("category/technik/index.html")
    index = site.html("index.html")
    titles = [a.get_text() for a in index.select(".post-list h2 a")]
    assert titles == ["Über Streams & Tabellen", "Jekyll-Beitrag", "Hugo-Beitrag"]
    summary = index.select_one(".post-list p:not(.post-meta)").get_text()
    assert summary == "Was <em>Streams</em> sind"


def test_markup_in_titles_and_descriptions_is_shown_not_run(build_site):
    site = build_site(
        {
            "blog/x.md": post(
                "title: '<script>alert(1)</script>'\npubDate: 2025-01-01\n"
                "description: '<img src=x onerror=alert(1)>'\n"
            )
        }
    )
    assert site.failure is None
    for relative in ("blog/x/index.html", "index.html"):
        page = site.html(relative)
        # The only inline script elements are JSON-LD data blocks, never run.
        scripts = page.find_all("script", src=False)
        assert all(s.get("type") == "application/ld+json" for s in scripts)
        assert page.find("img") is None
        assert "<script>alert(1)</script>" in page.get_text()
    data = json.loads(site.html("blog/x/index.html").find("script", src=False).string)
    assert data["headline"] == "<script>alert(1)</script>"


def test_drafts_stay_out_of_pages_lists_feeds_and_sitemap(build_site):
    site = build_site(
        {
            **GOOD,
            "blog/entwurf.md": post("title: Entwurf\npubDate: 2025-01-02\ndraft: true\n"),
            "blog/jekyll.md": post("title: Unveröffentlicht\ndate: 2025-01-03\npublished: false\n"),
        }
    )
    assert site.failure is None
    written = "\n".join(
        p.read_text("utf-8") for p in site.output.rglob("*") if p.suffix in (".html", ".xml")
    )
    assert "Gut" in written
    assert "Entwurf" not in written and "entwurf" not in written
    assert "Unveröffentlicht" not in written


def test_images_beside_posts_are_no_problem(build_site):
    site = build_site({**GOOD, "blog/bild.png": b"\x89PNG", "blog/.DS_Store": b"x"})
    assert site.failure is None, site.errors


def test_public_folder_is_copied_to_the_root(build_site):
    site = build_site(
        {
            **GOOD,
            "public/favicon.svg": "<svg/>",
            "public/fonts/a.txt": "a",
            "public/README.md": "not a post",
        }
    )
    assert {"favicon.svg", "fonts/a.txt", "README.md"} <= site.files()


def test_pages_live_at_their_slug(build_site):
    site = build_site({**GOOD, "pages/über-uns.md": post("title: Über uns\n")})
    assert site.failure is None
    assert site.html("über-uns/index.html").h1.get_text() == "Über uns"


def test_bom_and_crlf_are_fine(build_site):
    text = "\ufeff" + post("title: Windows\npubDate: 2025-01-05\n").replace("\n", "\r\n")
    site = build_site({"blog/windows.md": text.encode("utf-8")})
    assert site.failure is None, site.errors
    assert site.html("blog/windows/index.html").h1.get_text() == "Windows"


def test_english_site(build_site):
    site = build_site({"blog/" + SEED.name: SEED.read_text("utf-8"), **HERO}, DEFAULT_LANG="en")
    page = site.html("blog/kafka-streaming-immer-populaerer/index.html")
    assert page.html["lang"] == "en"
    assert page.select_one("article time").get_text() == "January 19, 2025"
    assert page.select_one(".skip-link").get_text() == "Skip to content"


BAD = {
    "blog/kaputt.md": (
        post("title: Kaputt\npubDate: 2025-01-01\ntags: [a, b\n"),
        ["blog/kaputt.md:", "not valid YAML"],
    ),
    "blog/ohne-titel.md": (
        post("pubDate: 2025-01-01\n"),
        ["blog/ohne-titel.md:", "title:", "add 'title: ...'"],
    ),
    "blog/datum.md": (
        post("title: Datum\npubDate: 32.01.2025\n"),
        ["blog/datum.md:3: pubDate:", "'32.01.2025' is not a date", "write e.g."],
    ),
    "blog/ohne-datum.md": (
        post("title: Ohne Datum\n"),
        ["blog/ohne-datum.md:", "date:", "add 'pubDate:"],
    ),
    "blog/latin1.md": (
        post("title: Grüße\npubDate: 2025-01-01\n").encode("latin-1"),
        ["blog/latin1.md:2:", "not UTF-8", "save the file as UTF-8"],
    ),
    "blog/komponente.mdx": (
        post("title: MDX\npubDate: 2025-01-01\n"),
        ["blog/komponente.mdx:", "MDX is not supported"],
    ),
    "blog/toml.md": ("+++\ntitle = 'T'\n+++\n", ["blog/toml.md:1:", "TOML"]),
    "blog/notiz.adoc": ("= Notiz\n", ["blog/notiz.adoc:", "neither reads nor publishes '.adoc'"]),
    "blog/folien.pdf": (b"%PDF-1.4", ["blog/folien.pdf:", "move the file to content/public/"]),
    "blog/hugo-url.md": (
        post("title: U\npubDate: 2025-01-01\nurl: /anders/\n"),
        ["blog/hugo-url.md:4: url: Strom makes the address", "'aliases:'"],
    ),
    "blog/reserviert.md": (
        post("title: R\npubDate: 2025-01-01\nstrom_images: ['../../x']\n"),
        ["blog/reserviert.md:4: strom_images: is kept for Strom's own data"],
    ),
}


def test_each_bad_file_fails_clearly_and_the_rest_is_written(build_site):
    files = {**GOOD, **{name: body for name, (body, _) in BAD.items()}}
    site = build_site(files)
    assert site.failure is not None
    assert site.html("blog/gut/index.html").h1.get_text() == "Gut"
    for name, (_, expected) in BAD.items():
        lines = [line for line in site.errors if name in line]
        assert lines, f"no error names {name}: {site.errors}"
        for part in expected:
            assert any(part in line for line in lines), (name, part, lines)
    assert "11 problems" in site.failure_text or "11 problems" in "\n".join(
        r.getMessage() for r in site.log
    )
    assert not any("Could not process" in line for line in site.errors)
    # Written after the problems: the sitemap and the feed list the good post.
    assert "blog/gut/" in (site.output / "sitemap.xml").read_text("utf-8")
    assert "blog/gut/" in (site.output / "rss.xml").read_text("utf-8")


def test_two_sources_for_one_url(build_site):
    site = build_site(
        {**GOOD, "blog/doppelt.md": post("title: Doppelt\npubDate: 2025-01-02\nslug: gut\n")}
    )
    assert site.failure is not None
    (line,) = [line for line in site.errors if "gives the address" in line]
    assert "blog/gut.md" in line and "blog/doppelt.md" in line and "slug" in line
    # The post whose own file name gives the address keeps it.
    assert site.html("blog/gut/index.html").h1.get_text() == "Gut"


def test_page_claiming_an_article_url(build_site):
    site = build_site({**GOOD, "pages/gut.md": post("title: Seite\nslug: blog/gut\n")})
    assert site.failure is not None
    assert site.html("blog/gut/index.html").h1.get_text() == "Gut"
    assert any("pages/gut.md" in line and "gives the address" in line for line in site.errors)
    menu = [a.get_text() for a in site.html("index.html").select("header nav a")]
    assert "Seite" not in menu


def test_custom_404_page(build_site):
    site = build_site(GOOD)
    page = site.html("404.html")
    assert page.h1.get_text() == "Seite nicht gefunden"


def test_other_content_folder_builds_with_the_same_settings(build_site, tmp_path):
    site = build_site({"blog/a.md": post("title: A\npubDate: 2025-01-01\n")})
    assert site.exists("blog/a/index.html") and site.exists("rss.xml")
    assert site.exists("sitemap.xml")


def test_hidden_posts_and_written_drafts_build(build_site):
    site = build_site(
        {
            **GOOD,
            "blog/versteckt.md": post("title: Versteckt\npubDate: 2025-01-02\nstatus: hidden\n"),
            "blog/entwurf.md": post("title: Entwurf\npubDate: 2025-01-03\ndraft: true\n"),
        },
        DRAFT_SAVE_AS="drafts/{slug}/index.html",
    )
    assert site.failure is None, site.errors
    hidden = site.html("blog/versteckt/index.html")
    assert hidden.h1.get_text() == "Versteckt"
    assert hidden.select_one('script[type="application/ld+json"]') is not None
    assert site.html("drafts/entwurf/index.html").h1.get_text() == "Entwurf"
    assert "Versteckt" not in site.html("index.html").get_text()


def test_nothing_replaces_a_generated_page_silently(build_site):
    site = build_site(
        {
            **GOOD,
            "pages/archiv.md": post("title: Archiv-Seite\nslug: archiv\n"),
            "public/index.html": "<p>alt</p>",
            "public/blog/gut/index.html": "<p>alt</p>",
            "public/favicon.ico": b"\x00",
        }
    )
    assert site.failure is not None
    errors = "\n".join(site.errors)
    assert "pages/archiv.md" in errors and "archives page" in errors
    assert "public/index.html: would replace the index page (index.html)" in errors
    assert "public/blog/gut/index.html: would replace" in errors and "blog/gut.md" in errors
    assert site.html("blog/gut/index.html").h1.get_text() == "Gut"
    assert site.html("index.html").select_one(".post-list")
    assert site.html("archiv/index.html").select_one("h1").get_text() != "Archiv-Seite"
    assert site.exists("favicon.ico")


def test_settings_every_file_depends_on_are_refused_once_by_name(build_site):
    site = build_site(
        GOOD,
        TIMEZONE="Europe/Bärlin",
        DEFAULT_LANG="klingonisch",
        STROM_FRONTMATTER={"teaser": ("summary", "klartext")},
    )
    message = site.failure_text
    assert "TIMEZONE: unknown time zone 'Europe/Bärlin'" in message
    assert "DEFAULT_LANG: unknown language 'klingonisch'" in message
    assert "STROM_FRONTMATTER: 'teaser' names the unknown converter 'klartext'" in message
    assert not site.exists("index.html")  # refused before anything is read


def test_a_devserver_build_reports_problems_without_failing(build_site, capsys):
    site = build_site(
        {**GOOD, "blog/datum.md": post("title: D\npubDate: 32.01.2025\n")},
        STROM_FAIL_ON_PROBLEMS=False,
    )
    assert site.failure is None
    assert any("blog/datum.md:3: pubDate:" in line for line in site.errors)
    summary = capsys.readouterr().err.splitlines()
    assert "strom: 1 problem; the site is incomplete:" in summary
    assert any("blog/datum.md:3: pubDate:" in line for line in summary)


def test_the_sites_own_favicon_is_used(build_site):
    own = build_site({**GOOD, "public/favicon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    assert own.html("index.html").select_one('link[rel="icon"]')["href"] == "/favicon.svg"


def test_an_empty_tag_overview_says_so(build_site):
    site = build_site(GOOD)
    page = site.html("tags/index.html")
    assert page.select_one("main p").get_text() == "Hier gibt es noch nichts."
    assert page.select("main ul") == []


def test_two_builds_of_the_same_posts_write_the_same_site(tmp_path):
    """Posts of one date keep one order whatever PYTHONHASHSEED is (Pelican reads a set)."""
    files = {
        f"blog/p{n:02d}.md": post(f"title: P{n}\npubDate: 2025-01-01\ntags: [T]\n")
        for n in range(12)
    }
    write_tree(tmp_path / "content", files)
    pelican = Path(sys.executable).parent / "pelican"
    outputs = []
    for seed in ("1", "2"):
        output = tmp_path / f"out-{seed}"
        subprocess.run(
            [
                str(pelican),
                str(tmp_path / "content"),
                "-s",
                str(ROOT / "pelicanconf.py"),
                "-o",
                str(output),
                "-q",
                "-e",
                f'CACHE_PATH="{tmp_path / ("cache-" + seed)}"',
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=300,
        )
        outputs.append(output)
    compared = filecmp.dircmp(outputs[0], outputs[1])
    # The sitemap dates the lists by the newest post, not by the build's time.
    assert compared.diff_files == []
    assert not compared.left_only and not compared.right_only
    assert "<lastmod>2025-01-01" in (outputs[0] / "sitemap.xml").read_text("utf-8")
    for sub in ("tag/t", "blog/p03"):
        first, second = (out / sub / "index.html" for out in outputs)
        assert first.read_bytes() == second.read_bytes()
