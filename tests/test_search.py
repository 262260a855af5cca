"""Search: the Pagefind index `pelican content` makes, and the search page in chromium."""

import json
import re
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import SITE_URL, build_tree, free_port, netlify_dev, post
from pelican.plugins.strom import search as strom_search
from pelican.plugins.strom.netlify import with_webassembly
from playwright.sync_api import expect

POSTS = {
    "blog/partition.md": post(
        """
        title: Wie Kafka eine Partition verteilt
        description: Vom Schlüssel zum Broker.
        pubDate: Jan 19 2025
        tags: [Kafka]
        """,
        "Jede Partition liegt auf genau einem Leader. Ein Zebrafink singt nur hier.\n",
    ),
    "blog/groesse.md": post(
        """
        title: Nachrichten richtig bemessen
        description: Über die Größe von Nachrichten.
        pubDate: Mar 3 2024
        tags: [Kafka, Betrieb]
        """,
        "Die Größe einer Nachricht zählt. Unser Büro liegt an der Straße am Fluss. "
        "Durchsatz messen wir gemeinsam.\n",
    ),
    "blog/flink.md": post(
        """
        title: Zustand in Flink
        pubDate: Jun 1 2024
        tags: [Flink]
        """,
        "Flink hält Zustand in Checkpoints. Durchsatz messen wir gemeinsam.\n",
    ),
    "pages/kontakt.md": post("title: Kontakt", "Schreiben Sie uns eine Brieftaube.\n"),
}


@pytest.fixture(scope="module")
def port():
    return free_port()


@pytest.fixture(scope="module")
def site(tmp_path_factory, port):
    root = tmp_path_factory.mktemp("search")
    siteurl = f"http://127.0.0.1:{port}"
    built = build_tree(root, POSTS, SITEURL=siteurl, FEED_DOMAIN=siteurl)
    assert built.failure is None, built.failure_text
    return built


@pytest.fixture(scope="module")
def served(site, port, tmp_path_factory):
    with netlify_dev(site.output, port, tmp_path_factory.mktemp("netlify-dev")):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def page(browser, served):
    """A page of the browser that records console errors and every host it asks."""
    context = browser.new_context()
    tab = context.new_page()
    tab.errors, tab.hosts = [], set()
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.on("request", lambda r: tab.hosts.add(urlsplit(r.url).netloc))
    yield tab
    context.close()


def results(tab) -> list[str]:
    return tab.locator("#SearchResults h2 a").all_inner_texts()


def search(tab, served, words: str) -> list[str]:
    tab.fill("#SearchInput", words)
    expect(tab.locator("#SearchStatus")).to_contain_text(words)
    return results(tab)


def test_the_index_holds_posts_and_pages_only(site):
    entry = json.loads((site.output / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["de"]["page_count"] == 4  # three posts and one page
    assert not list((site.output / "pagefind").glob("pagefind-ui*"))
    suche = site.html("suche/index.html")
    assert suche.h1.get_text() == "Suche"
    header = [a.get_text() for a in site.html("index.html").select(".site-nav a")]
    assert "Suche" in header


@pytest.mark.slow
def test_a_word_of_one_post_finds_it_with_no_other_host(page, served):
    page.goto(f"{served}/suche/")
    assert search(page, served, "Zebrafink") == ["Wie Kafka eine Partition verteilt"]
    excerpt = page.locator("#SearchResults li").first
    expect(excerpt.locator("mark")).to_have_text(re.compile("Zebrafink", re.I))
    assert excerpt.locator(".post-meta").inner_text() == "19. Januar 2025"
    expect(page.locator("#SearchStatus")).to_have_text("1 Treffer für „Zebrafink“")
    assert page.errors == []
    assert page.hosts == {urlsplit(served).netloc}


@pytest.mark.slow
def test_inflected_forms_and_umlauts_are_found(page, served):
    page.goto(f"{served}/suche/")
    assert search(page, served, "Partitionen") == ["Wie Kafka eine Partition verteilt"]
    assert search(page, served, "Größe") == ["Nachrichten richtig bemessen"]
    assert search(page, served, "Straße") == ["Nachrichten richtig bemessen"]
    assert search(page, served, "Brieftaube") == ["Kontakt"]  # a page, not only posts
    assert page.errors == []


@pytest.mark.slow
def test_a_tag_filter_narrows_the_results_and_stays_in_the_address(page, served):
    page.goto(f"{served}/suche/")
    assert sorted(search(page, served, "Durchsatz")) == [
        "Nachrichten richtig bemessen",
        "Zustand in Flink",
    ]
    page.get_by_label(re.compile(r"^Kafka")).check()
    expect(page.locator("#SearchResults h2 a")).to_have_count(1)
    assert results(page) == ["Nachrichten richtig bemessen"]
    assert "tag=Kafka" in page.url and "q=Durchsatz" in page.url
    assert page.errors == []


@pytest.mark.slow
def test_the_query_in_the_address_fills_in_and_runs_the_search(page, served):
    page.goto(f"{served}/suche/?q={quote('Checkpoints')}")
    expect(page.locator("#SearchResults h2 a")).to_have_text(["Zustand in Flink"])
    assert page.input_value("#SearchInput") == "Checkpoints"
    page.goto(f"{served}/suche/?q=Zebrafink&year=2024")
    expect(page.locator("#SearchStatus")).to_have_text("Keine Treffer für „Zebrafink“")
    assert page.errors == []


@pytest.mark.slow
def test_only_the_keyboard_finds_and_opens_a_result(page, served):
    page.goto(f"{served}/suche/")
    page.locator("#SearchInput").focus()
    page.keyboard.type("Checkpoints")
    expect(page.locator("#SearchResults h2 a")).to_have_count(1)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#SearchResults') !== null"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/blog/flink/")


@pytest.mark.slow
def test_without_javascript_the_page_says_so_and_links_the_archive(browser, served):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{served}/suche/")
    note = tab.locator(".search-nojs")
    expect(note).to_contain_text("Die Suche braucht JavaScript")
    assert note.locator("a").evaluate_all("links => links.map(a => a.pathname)") == [
        "/archiv/",
        "/tags/",
    ]
    context.close()


@pytest.mark.slow
def test_the_search_page_alone_may_run_webassembly(site, served):
    text = (site.output / "_headers").read_text()
    policies = dict(re.findall(r"^(/\S*)\n  Content-Security-Policy: (.*)$", text, re.M))
    assert "'wasm-unsafe-eval'" in policies["/suche/*"]
    assert "'wasm-unsafe-eval'" in policies["/pagefind/*"]
    others = {
        path: csp for path, csp in policies.items() if path not in ("/suche/*", "/pagefind/*")
    }
    assert {"/", "/blog/*", "/tag/*", "/404.html"} <= others.keys()
    assert not any("wasm" in csp for csp in others.values())
    assert "/*" not in policies  # a second policy on /* would be obeyed on /suche/ as well


def test_every_page_has_the_scheme_scripts_and_only_code_embeds_and_search_more(kitchen_sink):
    pages = sorted(kitchen_sink.output.rglob("*.html"))
    assert len(pages) > 40
    scheme = [f"{SITE_URL}/theme/scheme.js", f"{SITE_URL}/theme/toggle.js"]
    more, redirects = {}, 0
    for path in pages:
        soup = BeautifulSoup(path.read_text("utf-8"), "lxml")
        scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        name = path.relative_to(kitchen_sink.output).as_posix()
        if soup.select_one('meta[http-equiv="refresh"]'):
            assert scripts == [], name  # the redirect pages of aliases have none
            redirects += 1
            continue
        # The colour scheme before the first paint, in <head>, and the header's toggle.
        assert [s["src"] for s in scripts[:2]] == scheme, name
        assert [s.parent.name for s in scripts[:2]] == ["head", "head"]
        assert (scripts[0].get("type"), scripts[1]["type"]) == (None, "module")
        if scripts[2:]:
            more[name] = [s["src"] for s in scripts[2:]]
        has_code = soup.select_one("main pre") is not None
        assert has_code == (f"{SITE_URL}/theme/copy.js" in more.get(name, [])), name
    assert redirects > 0
    assert more == {
        "blog/küchenspüle/index.html": [f"{SITE_URL}/theme/copy.js"],
        # The post with a two-click embed (test_embeds.py).
        "blog/beitrag-2/index.html": [f"{SITE_URL}/theme/embed.js"],
        "suche/index.html": [f"{SITE_URL}/theme/search.js"],
    }


def test_search_off_writes_no_index_page_or_link(build_site):
    built = build_site({"blog/a.md": POSTS["blog/flink.md"]}, STROM_SEARCH=False)
    assert built.failure is None, built.failure_text
    assert not (built.output / "pagefind").exists()
    assert not built.exists("suche/index.html")
    assert "Suche" not in [a.get_text() for a in built.html("index.html").select(".site-nav a")]


def test_an_english_site_searches_at_search(build_site):
    built = build_site({"blog/a.md": POSTS["blog/flink.md"]}, DEFAULT_LANG="en")
    assert built.failure is None, built.failure_text
    assert built.html("search/index.html").h1.get_text() == "Search"
    entry = json.loads((built.output / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"]


def test_an_unchanged_rebuild_copies_the_index_and_a_change_makes_a_new_one(build_site, capsys):
    files = {"blog/a.md": POSTS["blog/flink.md"]}
    first = build_site(files)
    assert "built in" in capsys.readouterr().out
    before = {p.name: p.read_bytes() for p in (first.output / "pagefind").rglob("*") if p.is_file()}
    again = build_site(files)
    assert "copied from the cache" in capsys.readouterr().out
    after = {p.name: p.read_bytes() for p in (again.output / "pagefind").rglob("*") if p.is_file()}
    assert after == before
    changed = build_site({"blog/a.md": POSTS["blog/flink.md"].replace("Checkpoints", "Savepoints")})
    assert "built in" in capsys.readouterr().out
    assert changed.failure is None


def test_an_edit_stages_only_its_page_again_and_a_deleted_post_leaves_the_index(
    build_site, tmp_path, capsys
):
    """Pagefind reads the pages from the search cache's site/: only changed ones are written."""
    staged = tmp_path / "search-cache" / "site"

    def stamps() -> dict[str, int]:
        return {
            str(path.relative_to(staged)): path.stat().st_mtime_ns
            for path in staged.rglob("*.html")
        }

    def searchable(site) -> int:
        entry = json.loads((site.output / "pagefind" / "pagefind-entry.json").read_text())
        return entry["languages"]["de"]["page_count"]

    first = build_site(POSTS)
    assert searchable(first) == 4
    before = stamps()
    assert set(before) == {
        "blog/partition/index.html",
        "blog/groesse/index.html",
        "blog/flink/index.html",
        "kontakt/index.html",
    }
    edited = {**POSTS, "blog/flink.md": POSTS["blog/flink.md"].replace("Checkpoints", "Savepoints")}
    second = build_site(edited)
    after = stamps()
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"blog/flink/index.html"}
    assert "Savepoints" in (staged / "blog/flink/index.html").read_text("utf-8")
    assert searchable(second) == 4
    (second.content / "blog/groesse.md").unlink()
    fewer = {name: text for name, text in edited.items() if name != "blog/groesse.md"}
    third = build_site(fewer)
    assert third.failure is None, third.failure_text
    assert searchable(third) == 3
    assert "blog/groesse/index.html" not in stamps()
    assert not (staged / "blog/groesse").exists()
    # The same pages and words as an index made from nothing (read before that build
    # replaces it; Pagefind names its filter file anew in every run).
    index = index_files(third.output)
    fresh = build_site(fewer, STROM_SEARCH_CACHE=str(tmp_path / "other-search-cache"))
    assert "built in" in capsys.readouterr().out  # made again: not copied from a cache
    assert index_files(fresh.output) == index
    assert len([name for name in index if name.startswith("fragment/")]) == 3


def index_files(output) -> dict[str, bytes]:
    """The index's fragments (one a page) and word chunks, by name."""
    return {
        str(path.relative_to(output / "pagefind")): path.read_bytes()
        for folder in ("fragment", "index")
        for path in (output / "pagefind" / folder).rglob("*")
        if path.is_file()
    }


def test_a_page_cannot_take_the_index_folder(build_site):
    built = build_site(
        {"blog/a.md": POSTS["blog/flink.md"], "pages/pagefind.md": "title: P\n\nX\n"}
    )
    assert built.failure is not None
    assert (
        "content/pages/pagefind.md: its file name gives the address /pagefind/"
        in built.failure_text
    )
    assert "search index" in built.failure_text
    assert built.exists("blog/a/index.html")


def test_webassembly_is_added_to_the_policy_that_governs_scripts():
    assert with_webassembly("default-src 'self'; script-src 'self'") == (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
    )
    assert with_webassembly("default-src 'self'") == "default-src 'self' 'wasm-unsafe-eval'"
    already = "script-src 'self' 'wasm-unsafe-eval'"
    assert with_webassembly(already) == already
    assert with_webassembly("img-src 'self'") == "img-src 'self'"  # scripts are not limited


def test_a_site_policy_of_its_own_for_every_address_is_left_alone(build_site):
    own = "/*\n  Content-Security-Policy: default-src 'self' 'wasm-unsafe-eval'\n"
    built = build_site({"blog/a.md": POSTS["blog/flink.md"], "public/_headers": own})
    assert built.failure is None, built.failure_text
    text = (built.output / "_headers").read_text()
    assert text.count("Content-Security-Policy") == 1


def test_a_pagefind_that_dies_fails_the_build_in_time_and_loses_no_page(
    build_site, tmp_path, monkeypatch
):
    dying = tmp_path / "pagefind-dies"
    dying.write_text("#!/bin/sh\nsleep 1\nexit 3\n")
    dying.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(dying))
    monkeypatch.setattr(strom_search, "time_limit", lambda pages: 5)
    built = build_site({"blog/a.md": POSTS["blog/flink.md"]})
    assert built.failure is not None
    assert "STROM_SEARCH: the search index cannot be built" in built.failure_text
    assert "(RuntimeError: Pagefind stopped with exit status 3)" in built.failure_text
    assert built.html("blog/a/index.html").h1.get_text() == "Zustand in Flink"
    assert not (built.output / "pagefind").exists()


def test_pagefinds_own_settings_of_the_site_cannot_reshape_the_index(
    build_site, tmp_path, monkeypatch
):
    """Pagefind obeys PAGEFIND_* variables and a pagefind.yml where it runs; not in Strom's run."""
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("PAGEFIND_OUTPUT_PATH", str(elsewhere))
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "fr")
    monkeypatch.setenv("PAGEFIND_GLOB", "nothing/*.html")  # no flag of Strom's overrides it
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pagefind.yml").write_text('glob: "nothing/*.html"\nexclude_selectors: ["p"]\n')
    built = build_site({"blog/a.md": POSTS["blog/flink.md"]})
    assert built.failure is None, built.failure_text
    entry = json.loads((built.output / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["de"]
    assert entry["languages"]["de"]["page_count"] == 1
    assert not elsewhere.exists()


def test_every_page_repeats_its_policy_for_addresses_no_header_rule_names(site):
    """The 404 page Netlify serves at any missing address carries the strict policy itself."""

    def policy(name):
        meta = site.html(name).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        return meta["content"]

    strict = policy("404.html")
    assert "script-src 'self'" in strict and "wasm" not in strict
    assert "frame-ancestors" not in strict  # a header-only directive; browsers complain in a meta
    assert policy("index.html") == policy("blog/flink/index.html") == strict
    assert policy("suche/index.html") == strict.replace(
        "script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"
    )


@pytest.mark.parametrize(
    ("overrides", "line"),
    [
        ({"STROM_SEARCH": "ja"}, "STROM_SEARCH: must be True or False, got 'ja'"),
        ({"STROM_SEARCH_CACHE": 5}, "STROM_SEARCH_CACHE: must be a folder path or None, got 5"),
    ],
)
def test_bad_search_settings_are_named(build_site, overrides, line):
    built = build_site({"blog/a.md": POSTS["blog/flink.md"]}, **overrides)
    assert built.failure is not None
    assert line in built.failure_text
