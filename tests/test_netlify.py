"""Netlify's own parsers and dev server read what Strom writes, and serve every alias as a 301."""

import http.client
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import NODE_BIN, ROOT, build_tree, free_port, netlify_dev, require_tools
from pelican.plugins.strom.netlify import (
    DEFAULT_HEADERS,
    header_table,
    headers_text,
    html_cache_patterns,
    overlaps,
    setting_problems,
)
from pelican.plugins.strom.settings import DEFAULTS
from redirect_site import ALIASES, ASTRO, FILES

BIN = NODE_BIN
needs_tools = pytest.mark.usefixtures("netlify_tools")


@pytest.fixture
def netlify_tools():
    require_tools(BIN / "netlify", BIN / "deno", shutil.which("node") or "node")


@pytest.fixture(scope="module")
def port():
    return free_port()


@pytest.fixture(scope="module")
def site(tmp_path_factory, port):
    """The kitchen-sink site, built as a production build for the address it is served at."""
    built = build_tree(
        tmp_path_factory.mktemp("netlify"), FILES, SITEURL=f"http://127.0.0.1:{port}"
    )
    assert built.failure is None
    return built


def check(output: Path, samples: list[str] = (), root: Path = ROOT) -> dict:
    """What Netlify's parsers read from ``output``'s files and ``root``'s netlify.toml."""
    script = ROOT / "tests" / "netlify_check.mjs"
    result = subprocess.run(
        ["node", str(script), str(output), str(root), json.dumps(list(samples))],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


@needs_tools
def test_netlifys_parsers_read_every_file_without_errors(site, port):
    samples = ["/", "/blog/kafka-connect/", "/about/", "/assets/strom.1a2b3c4d.css", "/rss.xml"]
    parsed = check(site.output, samples)
    assert parsed["redirectErrors"] == []
    assert parsed["headerErrors"] == []
    assert parsed["configError"] is None
    redirects = {item["from"]: item for item in parsed["redirects"]}
    assert redirects["/alt-kontakt"] == {
        "from": "/alt-kontakt",
        "to": "/about/",
        "status": 302,
        "force": False,
    }
    for path, (target, _) in ALIASES.items():
        assert redirects[path] == {
            "from": path,
            "to": f"http://127.0.0.1:{port}{quote(target)}",
            "status": 301,
            "force": True,
        }
    assert set(ASTRO) <= set(redirects)
    headers: dict[str, dict[str, str]] = {}
    for item in parsed["headers"]:  # a path may have a block of the site's and one of Strom's
        headers.setdefault(item["path"], {}).update(item["values"])
    assert headers["/about/*"]["X-Eigene"] == "ja"
    assert headers["/assets/*"]["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Security-Policy" in headers["/"]  # per top-level entry, search on
    # Each address gets each header from one rule only, as Netlify would serve it.
    matches = parsed["matches"]
    for path in samples:
        assert all(len(values) == 1 for values in matches[path].values()), matches[path]
        assert "content-security-policy" in matches[path]
    assert matches["/assets/strom.1a2b3c4d.css"]["cache-control"] == [
        "public, max-age=31536000, immutable"
    ]
    for path in ("/", "/blog/kafka-connect/", "/about/"):
        assert matches[path]["cache-control"] == ["public, max-age=0, must-revalidate"]
    assert matches["/about/"]["x-eigene"] == ["ja"]
    assert "cache-control" not in matches["/rss.xml"]
    build = parsed["config"]["build"]
    assert build["command"] == "pelican content -s publishconf.py"
    assert build["publish"] == str(ROOT / "output")
    assert build["environment"]["PYTHON_VERSION"] == "3.11"
    assert (ROOT / "requirements.txt").read_text().splitlines()[-1] == "."


@needs_tools
def test_an_invalid_headers_file_is_reported_by_the_parser(tmp_path):
    # The check above could only pass if the parser never complained: show that it can.
    (tmp_path / "_redirects").write_text("/a /b 301\n")
    (tmp_path / "_headers").write_text("  X-Ohne-Pfad: ja\n")
    assert check(tmp_path)["headerErrors"]


@pytest.fixture(scope="module")
def server(site, port, tmp_path_factory):
    """Netlify's dev server serving the site's output."""
    with netlify_dev(site.output, port, tmp_path_factory.mktemp("netlify-dev")):
        yield port


def get(port: int, path: str) -> tuple[int, dict[str, str], str]:
    """GET ``path`` (sent percent-encoded) without following redirects."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request("GET", quote(path), headers={"Accept": "text/html"})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, body
    finally:
        connection.close()


def follow(port: int, path: str) -> tuple[str, str]:
    """Request an alias: it must answer 301; return where to and the title found there."""
    status, headers, _ = get(port, path)
    assert status == 301, (path, status)
    location = urlsplit(headers["location"])
    assert (location.hostname, location.port) == ("127.0.0.1", port)
    status, _, body = get(port, unquote(location.path))
    assert status == 200, (path, location.path, status)
    page = BeautifulSoup(body, "lxml")
    return location.path, page.h1.get_text() if page.h1 else ""


@needs_tools
@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(ALIASES))
def test_every_alias_answers_with_a_301_to_its_page(server, path):
    target, title = ALIASES[path]
    spellings = {path, path.rstrip("/") or "/"}
    for spelling in sorted(spellings):
        assert follow(server, spelling) == (quote(target), title)


@needs_tools
@pytest.mark.slow
def test_astro_addresses_answer(server):
    assert follow(server, "/blog/")[0] == "/"
    for old in ("/sitemap-index.xml", "/sitemap-0.xml"):
        status, headers, _ = get(server, old)
        assert status == 301 and urlsplit(headers["location"]).path == "/sitemap.xml"
    status, _, body = get(server, "/sitemap.xml")
    assert status == 200 and "<urlset" in body
    status, _, body = get(server, "/rss.xml")
    assert status == 200 and "<rss" in body
    assert get(server, "/about/")[0] == 200


@needs_tools
@pytest.mark.slow
def test_the_sites_own_rules_and_headers_still_work(server):
    status, headers, _ = get(server, "/alt-kontakt")
    assert status == 302 and headers["location"] == "/about/"
    assert get(server, "/about/")[1]["x-eigene"] == "ja"


@needs_tools
@pytest.mark.slow
def test_pages_get_the_security_headers(server):
    # Caching is checked with Netlify's parser above: the dev server's static
    # server sends its own Cache-Control over every _headers rule.
    for path in ("/blog/kafka-connect/", "/assets/strom.1a2b3c4d.css"):
        status, headers, _ = get(server, path)
        assert status == 200
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "geolocation=()" in headers["permissions-policy"]
        assert "x-robots-tag" not in headers


@needs_tools
@pytest.mark.slow
def test_the_custom_404_page(server):
    status, headers, body = get(server, "/gibt-es-nicht/")
    assert status == 404
    assert BeautifulSoup(body, "lxml").h1.get_text() == "Seite nicht gefunden"
    assert headers["x-content-type-options"] == "nosniff"


def test_html_cache_patterns_avoid_every_address_with_its_own_cache_control():
    files = ["index.html", "404.html", "blog/a/index.html", "assets/x.html", "über-uns/index.html"]
    assert html_cache_patterns(files, ["/assets/*"]) == [
        "/",
        "/%C3%BCber-uns/*",
        "/404",  # Netlify's pretty URL of 404.html
        "/404.html",
        "/blog/*",
        "/index.html",
        "/über-uns/*",
    ]
    assert html_cache_patterns(files, ["/*"]) == []
    assert "/blog/*" not in html_cache_patterns(files, ["/blog/a/*"])


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("/*", "/blog/*", True),
        ("/assets/*", "/blog/*", False),
        ("/blog/*", "/blog/a/", True),
        ("/blog/*", "/blog", True),
        ("/", "/index.html", False),
        ("/:lang/*", "/de/x", True),
        ("/a", "/a/", True),
    ],
)
def test_overlapping_path_patterns(first, second, expected):
    assert overlaps(first, second) is expected
    assert overlaps(second, first) is expected


def test_the_sites_header_wins_over_stroms_for_the_same_path():
    text = headers_text(
        "/*\n  X-Frame-Options: SAMEORIGIN\n/blog/*\n  Cache-Control: max-age=60\n",
        {"/*": {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"}},
        "public, max-age=0, must-revalidate",
        ["blog/a/index.html", "index.html"],
    )
    assert text.count("X-Frame-Options") == 1 and "SAMEORIGIN" in text
    assert "  X-Content-Type-Options: nosniff" in text
    assert text.count("Cache-Control") == 3  # the site's /blog/*, and "/" and "/index.html"


def test_the_readme_documents_every_setting_and_the_built_in_headers():
    readme = (ROOT / "README.md").read_text("utf-8")
    for name, default in DEFAULTS.items():
        assert f"| `{name}` | `{default!r}`".replace("'", '"') in readme, name
    for values in DEFAULT_HEADERS.values():
        for name, value in values.items():
            assert f"  {name}: {value}\n" in readme


def test_site_headers_are_laid_over_stroms():
    table = header_table(
        {
            "STROM_HEADERS": {
                "/*": {"content-security-policy": "default-src 'self'", "X-Frame-Options": None},
                "/assets/*": None,
                "/fonts/*": {"Access-Control-Allow-Origin": "*"},
            },
            "STROM_NOINDEX": True,
        }
    )
    everywhere = table["/*"]
    assert everywhere["content-security-policy"] == "default-src 'self'"
    assert "Content-Security-Policy" not in everywhere and "X-Frame-Options" not in everywhere
    assert everywhere["X-Content-Type-Options"] == "nosniff"
    assert everywhere["X-Robots-Tag"] == "noindex"
    assert "/assets/*" not in table
    assert table["/fonts/*"] == {"Access-Control-Allow-Origin": "*"}


@pytest.mark.parametrize(
    "headers",
    [["/*"], {"*": {}}, {"/a b/": {}}, {"/*": {"Bad Name": "x"}}, {"/*": {"X-A": "a\nb"}}],
)
def test_bad_header_settings_are_refused(headers):
    problems = setting_problems(
        {"STROM_HEADERS": headers, "STROM_HTML_CACHE_CONTROL": None, "STROM_NOINDEX": False}
    )
    assert [problem.field for problem in problems] == ["STROM_HEADERS"]
