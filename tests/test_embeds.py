"""Two-click embeds: YouTube and Vimeo links load nothing from their hosts before a click."""

import importlib.util
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, build_tree, post
from pelican.plugins.strom import embeds

YOUTUBE_ID = "dQw4w9WgXcQ"
BODY = (
    "Ein Video:\n"
    "\n"
    f"https://www.youtube.com/watch?v={YOUTUBE_ID}&t=42s\n"
    "\n"
    "Noch eines, als Link:\n"
    "\n"
    "<https://vimeo.com/76979871>\n"
    "\n"
    "{{< youtube aBcDeFgHiJk >}}\n"
    "\n"
    f"Im Satz bleibt https://youtu.be/{YOUTUBE_ID} Text.\n"
    "\n"
    "```\n"
    f"https://youtu.be/{YOUTUBE_ID}\n"
    "```\n"
)
FILES = {
    "blog/video.md": post("title: Video\npubDate: 2025-01-01\n", BODY),
    "blog/ohne.md": post("title: Ohne\npubDate: 2025-01-02\n"),
}


@pytest.mark.parametrize(
    ("url", "video"),
    [
        (f"https://www.youtube.com/watch?v={YOUTUBE_ID}", ("YouTube", YOUTUBE_ID)),
        (f"https://youtube.com/watch?feature=share&v={YOUTUBE_ID}", ("YouTube", YOUTUBE_ID)),
        (f"https://youtu.be/{YOUTUBE_ID}?si=x", ("YouTube", YOUTUBE_ID)),
        (f"https://m.youtube.com/shorts/{YOUTUBE_ID}", ("YouTube", YOUTUBE_ID)),
        ("https://vimeo.com/76979871", ("Vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871", None),
        ("https://www.youtube.com/watch?v=kurz", None),
        ("https://example.org/watch?v=dQw4w9WgXcQ", None),
        (f'https://youtu.be/{YOUTUBE_ID}"><script>', None),
    ],
)
def test_video_addresses(url, video):
    found = embeds.video_of(url)
    assert (found.provider, found.id) == video if video else found is None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    built = build_tree(tmp_path_factory.mktemp("embeds"), FILES)
    assert built.failure is None, built.errors
    return built


def test_links_alone_on_a_line_become_embeds_that_load_nothing(site):
    page = site.html("blog/video/index.html")
    figures = page.select("article figure.embed")
    assert [f["data-src"] for f in figures] == [
        f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1",
        "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1",
        "https://www.youtube-nocookie.com/embed/aBcDeFgHiJk?autoplay=1",
    ]
    first = figures[0]
    assert first.select_one(".embed-placeholder").has_attr("hidden")  # shown by embed.js
    assert first.select_one("button.embed-load").get_text() == "Video von YouTube laden"
    assert "IP-Adresse" in first.select_one(".embed-note").get_text()
    link = first.select_one("figcaption a")
    assert link["href"] == f"https://www.youtube.com/watch?v={YOUTUBE_ID}"
    assert link.get_text() == "Video auf YouTube ansehen"
    assert figures[1].select_one("button").get_text() == "Video von Vimeo laden"
    # Nothing of another host is loaded by the HTML itself.
    assert page.select("iframe, object, embed, video") == []
    for element in page.select("[src], link[href]"):
        assert not urlsplit(element.get("src") or element["href"]).netloc, element
    # A link inside a sentence and an address in code stay as written.
    assert f"Im Satz bleibt https://youtu.be/{YOUTUBE_ID} Text." in page.get_text()
    assert page.select_one("article pre code").get_text().strip() == (
        f"https://youtu.be/{YOUTUBE_ID}"
    )


def test_only_pages_with_an_embed_load_the_script_and_allow_the_frames(site):
    # Every page has the colour scheme's two scripts (test_search.py); this one the embed's.
    scheme = ["/theme/scheme.js", "/theme/toggle.js"]
    page = site.html("blog/video/index.html")
    copy = ["/theme/copy.js"] if page.select_one("main pre") else []  # the post shows code too
    assert [s["src"] for s in page.select("script[src]")] == [*scheme, *copy, "/theme/embed.js"]
    policy = page.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com" in policy
    plain = site.html("blog/ohne/index.html")
    assert [s["src"] for s in plain.select("script[src]")] == scheme
    assert (
        "frame-src" not in plain.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    )
    # The header allows the frames (a header cannot be narrowed to one page: the
    # <meta> policy of every other page still allows no frame of another host).
    headers = (site.output / "_headers").read_text("utf-8")
    assert "frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com" in headers
    assert site.exists("theme/embed.js")


def test_a_site_without_embeds_allows_no_frames(tmp_path_factory):
    built = build_tree(tmp_path_factory.mktemp("ohne"), {"blog/ohne.md": FILES["blog/ohne.md"]})
    assert "frame-src" not in (built.output / "_headers").read_text("utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The site served on 127.0.0.1 by bench/lighthouse.py's server, built for that address."""
    spec = importlib.util.spec_from_file_location("lighthouse", ROOT / "bench" / "lighthouse.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    root = tmp_path_factory.mktemp("served")
    (root / "output").mkdir()
    server = bench.serve(root / "output")
    try:
        siteurl = f"http://127.0.0.1:{server.server_address[1]}"
        built = build_tree(root, FILES, SITEURL=siteurl, FEED_DOMAIN=siteurl)
        assert built.failure is None, built.errors
        yield siteurl
    finally:
        server.shutdown()
        server.server_close()


def test_the_video_loads_only_after_the_click(served, browser):
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    # Nothing may leave this machine: requests to other hosts are recorded, then refused.
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(served) else route.abort(),
    )
    page.goto(f"{served}/blog/video/")
    button = page.locator("figure.embed button").first
    button.wait_for(state="visible")
    assert button.inner_text() == "Video von YouTube laden"
    assert page.locator("iframe").count() == 0
    assert [url for url in requests if not url.startswith(served)] == []

    button.click()
    frame = page.locator("figure.embed iframe").first
    frame.wait_for(state="attached")
    assert frame.get_attribute("src") == (
        f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1"
    )
    assert frame.get_attribute("title") == "Video von YouTube"
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    assert page.locator("figure.embed iframe").count() == 1  # the others wait for their click
    page.close()


def test_without_javascript_a_plain_link_to_the_video(served, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served}/blog/video/")
    assert not page.locator("figure.embed button").first.is_visible()
    link = page.locator("figure.embed figcaption a").first
    assert link.is_visible() and link.inner_text() == "Video auf YouTube ansehen"
    context.close()
