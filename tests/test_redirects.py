"""Whole sites with aliases: redirect pages, _redirects and _headers as written, and bad aliases."""

import functools
import http.server
import json
import subprocess
import threading
import uuid
from pathlib import Path
from urllib.parse import quote, urljoin

import pelican
import pytest
from bs4 import BeautifulSoup
from conftest import BUILD_FOLDERS, CHROMIUM, ROOT, VNU_JAR, build_tree, post, require_tools
from pelican.settings import read_settings
from playwright.sync_api import sync_playwright
from redirect_site import ALIASES, ASTRO, FILES, page_file

VNU = VNU_JAR


def rules(site) -> list[list[str]]:
    """Return the rules of the written _redirects, each split into its fields."""
    lines = (site.output / "_redirects").read_text("utf-8").splitlines()
    return [line.split() for line in lines if line.strip() and not line.startswith("#")]


def header_blocks(text: str) -> list[tuple[str, dict[str, str]]]:
    blocks: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            blocks.append((line.strip(), {}))
        else:
            name, value = line.strip().split(":", 1)
            blocks[-1][1][name] = value.strip()
    return blocks


@pytest.fixture(scope="module")
def kitchen(tmp_path_factory):
    site = build_tree(tmp_path_factory.mktemp("kitchen"), FILES)
    assert site.failure is None
    return site


def test_every_alias_has_a_forced_301_after_the_sites_own_rules(kitchen):
    found = rules(kitchen)
    assert found[0] == ["/alt-kontakt", "/about/", "302"]
    ours = {rule[0]: rule[1:] for rule in found[1:]}
    expected = {path: [quote(target), "301!"] for path, (target, _) in ALIASES.items()}
    expected |= {path: [target, "301!"] for path, target in ASTRO.items()}
    assert ours == expected
    assert len(found) == 1 + len(expected)  # the alias written twice is one rule
    raw = (kitchen.output / "_redirects").read_text("utf-8")
    assert "/über-uns/ /about/ 301!" in raw and "%C3%BC" not in raw.split("/about/")[0]


@pytest.mark.parametrize("path", sorted(ALIASES))
def test_each_html_alias_has_a_redirect_page(kitchen, path):
    target, title = ALIASES[path]
    file = page_file(path)
    if file is None:
        assert not (kitchen.output / path.lstrip("/")).exists()
        return
    page = kitchen.html(file)
    link = quote(target)
    assert page.html["lang"] == "de"
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={link}"
    assert page.find("link", rel="canonical")["href"] == link
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    anchor = page.body.find("a")
    assert (anchor["href"], anchor.get_text()) == (link, title)
    assert page.find("script") is None and page.find("style") is None
    # The link leads to the page the alias names.
    assert kitchen.html(target.lstrip("/") + "index.html").h1.get_text() == title


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def served(kitchen):
    """The kitchen-sink output on a plain static server, as a host without _redirects."""
    handler = functools.partial(QuietHandler, directory=str(kitchen.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.mark.slow
def test_redirect_pages_lead_readers_on_without_javascript(served):
    require_tools(CHROMIUM)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_context(java_script_enabled=False).new_page()
            for path, (target, title) in sorted(ALIASES.items()):
                if page_file(path):
                    page.goto(served + quote(path), timeout=15_000)
                    page.wait_for_url(served + quote(target), timeout=15_000)
                    assert page.locator("h1").inner_text() == title
        finally:
            browser.close()


def test_astro_addresses_still_answer(kitchen):
    page = kitchen.html("blog/index.html")
    assert page.find("link", rel="canonical")["href"] == "/"
    assert kitchen.html("index.html").select(".post-list h2 a")
    assert kitchen.exists("rss.xml") and kitchen.exists("sitemap.xml")
    assert kitchen.html("about/index.html").h1.get_text() == "Über uns"
    # An HTML page cannot stand for an XML file: Netlify redirects those alone.
    assert not (kitchen.output / "sitemap-index.xml").exists()


def test_redirect_pages_stay_out_of_the_sitemap_and_feeds(kitchen):
    sitemap = BeautifulSoup((kitchen.output / "sitemap.xml").read_text("utf-8"), "xml")
    listed = {loc.get_text() for loc in sitemap.find_all("loc")}
    assert "/blog/kafka-connect/" in listed and "/about/" in listed
    for path in [*ALIASES, *ASTRO]:
        assert path not in listed and quote(path) not in listed
    for feed in ("rss.xml", "atom.xml"):
        text = (kitchen.output / feed).read_text("utf-8")
        assert "kafka-connect/" in text
        assert "2025/03/kafka-connect" not in text and "Umgezogen" not in text


def test_site_headers_are_kept_and_stroms_follow(kitchen):
    text = (kitchen.output / "_headers").read_text("utf-8")
    assert text.startswith("/about/*\n  X-Eigene: ja\n")
    blocks = header_blocks(text)
    everywhere = dict(blocks)["/*"]
    # With search on, the policy is written per top-level entry (netlify.search_policies).
    assert "Content-Security-Policy" not in everywhere
    csp = dict(blocks)["/blog/*"]["Content-Security-Policy"]
    assert dict(blocks)["/"]["Content-Security-Policy"] == csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert everywhere["X-Content-Type-Options"] == "nosniff"
    assert everywhere["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in everywhere["Permissions-Policy"]
    assert "X-Robots-Tag" not in everywhere
    caching = {
        path: values["Cache-Control"] for path, values in blocks if "Cache-Control" in values
    }
    assert caching["/assets/*"] == "public, max-age=31536000, immutable"
    for path in ("/", "/blog/*", "/about/*", "/tag/*", "/404.html"):
        assert caching[path] == "public, max-age=0, must-revalidate"
    # Netlify joins a header that two matching rules set: never twice for one address.
    assert [path for path in caching if path.startswith(("/*", "/assets"))] == ["/assets/*"]


def test_the_public_copies_of_netlify_files_do_not_replace_the_merged_ones(kitchen):
    assert (kitchen.output / "_redirects").read_text("utf-8").count("# Strom") == 1
    assert (kitchen.output / "_headers").read_text("utf-8").count("# Strom") == 1
    assert kitchen.exists("assets/strom.1a2b3c4d.css")


def test_redirect_pages_are_valid_html(kitchen):
    require_tools(VNU)
    files = [str(kitchen.output / "2025/03/kafka-connect/index.html")]
    files.append(str(kitchen.output / "über-uns/index.html"))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert json.loads(result.stderr)["messages"] == []


def test_siteurl_with_a_path(build_site):
    site = build_site(FILES, SITEURL="https://example.de/blog")
    assert site.failure is None, site.errors
    ours = {rule[0]: rule[1] for rule in rules(site)}
    assert ours["/2025/03/kafka-connect/"] == "https://example.de/blog/blog/kafka-connect/"
    assert ours["/über-uns/"] == "https://example.de/blog/about/"
    assert ours["/blog/"] == "https://example.de/blog/"
    assert ours["/streams/über/"] == "https://example.de/blog/blog/%C3%BCber-streams/"
    page = site.html("2025/03/kafka-connect/index.html")
    target = "https://example.de/blog/blog/kafka-connect/"
    assert page.find("link", rel="canonical")["href"] == target
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert site.html("blog/alter-name/index.html").body.a["href"] == target


def test_relative_urls_link_from_the_page(build_site):
    site = build_site(FILES, RELATIVE_URLS=True)
    assert site.failure is None, site.errors
    for path, (target, _) in ALIASES.items():
        file = page_file(path)
        if file:
            href = site.html(file).body.a["href"]
            assert urljoin("https://host/" + file, href) == "https://host" + quote(target)


def test_previews_send_noindex(build_site):
    site = build_site(FILES, STROM_NOINDEX=True)
    everywhere = dict(header_blocks((site.output / "_headers").read_text("utf-8")))["/*"]
    assert everywhere["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize(
    ("environment", "siteurl", "noindex"),
    [
        ({"CONTEXT": "production", "URL": "https://strom.de"}, "https://strom.de", False),
        ({"URL": "https://strom.de/"}, "https://strom.de", False),
        (
            {"CONTEXT": "production", "URL": "https://x.de", "SITEURL": "https://example.de/blog/"},
            "https://example.de/blog",
            False,
        ),
        (
            {
                "CONTEXT": "deploy-preview",
                "URL": "https://strom.de",
                "DEPLOY_PRIME_URL": "https://deploy-preview-4--strom.netlify.app",
                "SITEURL": "https://example.de/blog",
            },
            "https://deploy-preview-4--strom.netlify.app",
            True,
        ),
        (
            {
                "CONTEXT": "branch-deploy",
                "URL": "https://strom.de",
                "DEPLOY_PRIME_URL": "https://entwurf--strom.netlify.app",
            },
            "https://entwurf--strom.netlify.app",
            True,
        ),
    ],
)
def test_publishconf_follows_netlifys_deploy_context(monkeypatch, environment, siteurl, noindex):
    for name in ("CONTEXT", "URL", "DEPLOY_PRIME_URL", "SITEURL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = read_settings(str(ROOT / "publishconf.py"))
    assert settings["SITEURL"] == siteurl
    assert settings["FEED_DOMAIN"] == siteurl
    assert settings["STROM_NOINDEX"] is noindex


def test_site_redirects_are_laid_over_the_built_in_ones(build_site):
    site = build_site(
        {
            "blog/a.md": post("title: A\npubDate: 2025-01-01\n"),
            "pages/kontakt.md": post("title: Kontakt\n"),
        },
        STROM_REDIRECTS={"/impressum/": "/kontakt/", "/blog/": None},
    )
    assert site.failure is None, site.errors
    ours = {rule[0]: rule[1] for rule in rules(site)}
    assert ours["/impressum/"] == "/kontakt/"
    assert "/blog/" not in ours and not site.exists("blog/index.html")
    link = site.html("impressum/index.html").body.a
    assert (link["href"], link.get_text()) == ("/kontakt/", "Kontakt")


def test_a_page_at_an_astro_address_wins_over_the_built_in_redirect(build_site):
    site = build_site(
        {
            "blog/a.md": post("title: A\npubDate: 2025-01-01\n"),
            "pages/blog.md": post("title: Blog\n"),
        }
    )
    assert site.failure is None, site.errors
    assert site.html("blog/index.html").h1.get_text() == "Blog"
    assert "/blog/" not in {rule[0] for rule in rules(site)}


@pytest.mark.parametrize(
    "redirects",
    [{"https://example.org/": "/"}, {"/alt/": "https://example.org/"}, {"/alt/": 3}, ["/alt/"]],
)
def test_bad_site_redirects_stop_the_build(build_site, redirects):
    site = build_site(
        {"blog/a.md": post("title: A\npubDate: 2025-01-01\n")}, STROM_REDIRECTS=redirects
    )
    assert site.failure is not None
    assert "STROM_REDIRECTS" in site.failure_text


# An unsafe alias of blog/neu.md -> what the error must say (besides the file).
MARKER = f"strom-alias-{uuid.uuid4().hex}"
UNSAFE = {
    f"../../../../../../../../../../../tmp/{MARKER}/x": ["leaves the site"],
    f"/../../{MARKER}/": ["leaves the site"],
    "https://example.org/alt/": ["another site"],
    "//example.org/alt/": ["another site"],
    "javascript:alert(1)": ["another site"],
    "/blog/andere/": ["collides with", "blog/andere.md"],
    "/Blog/ANDERE/": ["collides with", "blog/andere.md"],
    "/blog/neu/": ["collides with", "blog/neu.md (blog/neu/index.html)"],
    "/tag/kafka/": ["collides with", "tag/kafka/index.html"],
    "/": ["collides with", "index.html"],
    "/rss.xml": ["collides with", "rss.xml"],
    "/rss.xml/alt/": ["collides with", "rss.xml"],
    "/bild.html": ["collides with", "public/bild.html"],
    "/_redirects": ["collides with", "_redirects"],
    "/theme/css/": ["collides with", "theme/"],
    "/assets/alt/": ["collides with", "assets/"],
}
UNSAFE_SITE = {
    "blog/andere.md": post("title: Andere\npubDate: 2025-01-02\n"),
    "public/bild.html": "<!DOCTYPE html><title>Bild</title><p>Bild</p>\n",
}


@pytest.mark.parametrize("alias", sorted(UNSAFE))
def test_an_unsafe_alias_fails_clearly_and_writes_nothing(build_site, tmp_path, alias):
    neu = post(
        f"title: Neu\npubDate: 2025-01-03\ntags: [Kafka]\naliases: [{json.dumps(alias)}, /gut/]\n"
    )
    site = build_site({**UNSAFE_SITE, "blog/neu.md": neu})
    assert site.failure is not None
    lines = [line for line in site.errors if "neu.md" in line and "aliases:" in line]
    assert len(lines) == 1, site.errors
    for part in UNSAFE[alias]:
        assert part in lines[0], lines[0]
    # Nothing outside the output folder, no page overwritten, every other page written.
    assert {path.name for path in tmp_path.iterdir()} <= BUILD_FOLDERS
    assert not Path("/tmp", MARKER).exists()
    assert site.html("blog/neu/index.html").h1.get_text() == "Neu"
    assert site.html("blog/andere/index.html").h1.get_text() == "Andere"
    assert site.html("gut/index.html").body.a["href"] == "/blog/neu/"
    assert (site.output / "bild.html").read_text("utf-8").startswith("<!DOCTYPE html><title>Bild")
    assert (site.output / "rss.xml").is_file() and (site.output / "_redirects").is_file()
    refreshing = {
        path.relative_to(site.output).as_posix()
        for path in site.output.rglob("*.html")
        if 'http-equiv="refresh"' in path.read_text("utf-8")
    }
    assert refreshing == {"gut/index.html", "blog/index.html"}
    assert [rule[0] for rule in rules(site)] == ["/gut/", *ASTRO]


def test_an_alias_in_two_files_names_both(build_site):
    site = build_site(
        {
            "blog/a.md": post("title: A\npubDate: 2025-01-01\naliases: [/alt/, /x.html]\n"),
            "blog/b.md": post("title: B\npubDate: 2025-01-02\naliases: [/alt/, /x.html/y/]\n"),
            "blog/c.md": post("title: C\npubDate: 2025-01-03\naliases: /alt/index.html\n"),
        }
    )
    assert site.failure is not None
    problems = [line for line in site.errors if "aliases:" in line]
    assert len(problems) == 3, site.errors
    assert all("blog/a.md" in line for line in problems)
    assert sum("blog/b.md" in line for line in problems) == 2
    assert sum("blog/c.md" in line for line in problems) == 1
    assert site.html("alt/index.html").body.a["href"] == "/blog/a/"
    assert [rule[0] for rule in rules(site)].count("/alt/") == 1


def test_a_theme_without_a_redirect_template_gets_stroms(build_site):
    simple = Path(pelican.__file__).parent / "themes" / "simple"
    site = build_site(
        {"blog/a.md": post("title: A\npubDate: 2025-01-01\naliases: /alt/\n")},
        THEME=str(simple),
        DIRECT_TEMPLATES=["index"],
    )
    assert site.failure is None, site.errors
    assert site.html("alt/index.html").body.a["href"] == "/blog/a/"


def test_publishconf_refuses_a_build_without_an_address(monkeypatch):
    for name in ("CONTEXT", "URL", "DEPLOY_PRIME_URL", "SITEURL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SystemExit) as caught:
        read_settings(str(ROOT / "publishconf.py"))
    assert "the site has no address; set SITEURL" in str(caught.value)
