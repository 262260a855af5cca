"""One site, however it is built: in one process or on two cores, from the text cache or not.

Each build is a real `pelican` process; the whole output folders are compared
file by file, byte by byte.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, post, write_tree
from pelican.plugins.strom import pagecache
from pelican.plugins.strom import reader as reader_module
from PIL import Image

PELICAN = Path(sys.executable).parent / "pelican"


def page(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "html.parser")


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((640, 320)).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


def site_files() -> dict[str, str | bytes]:
    """Posts sharing dates and tags, one with an image in its text, one with a shortcode."""
    files: dict[str, str | bytes] = {
        f"blog/p{n:02d}.md": post(
            f"title: 'Beitrag {n}'\npubDate: 2025-01-0{1 + n % 3}\ntags: [Kafka, T{n % 4}]\n"
            f"description: 'Über \"Ströme\" {n}'\n",
            f'## Teil "{n}"\n\nText mit "Zitat" -- und ... mehr.\n\n- eins\n- zwei\n',
        )
        for n in range(24)
    }
    files["blog/bild.md"] = post("title: Bild\npubDate: 2025-01-02", "![Ein Bild](./bild.jpg)\n")
    files["blog/bild.jpg"] = jpeg()
    files["blog/verweis.md"] = post(
        "title: Verweis\npubDate: 2025-01-03", '[Eins]({{< relref "p01.md" >}})\n'
    )
    files["pages/ueber.md"] = post("title: Über uns", "Wir.\n")
    return files


def build(
    content: Path, output: Path, *settings: str, seed: str = "0", debug: bool = False
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            *(str(PELICAN), str(content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(output)),
            *(("-q", "-D") if debug else ("-q",)),  # the last of them sets the log level
            *("-e", *settings, f'STROM_SEARCH_CACHE="{output.parent / "search"}"'),
            'STROM_MESSAGES_LANG="en"',  # as the other tests read Strom's messages
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": seed, "COLUMNS": "300"},  # a log line on one line
        timeout=300,
        check=False,
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    return sorted(
        name for name in first.keys() | second.keys() if first.get(name) != second.get(name)
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The same posts built five ways; each output folder's files."""
    root = tmp_path_factory.mktemp("reproducible")
    write_tree(root / "content", site_files())
    cache = root / "texts"
    ways = {
        "one process, no cache": ("STROM_WORKERS=1", "STROM_TEXT_CACHE=false"),
        "two cores, cold cache": ("STROM_WORKERS=2", f'STROM_TEXT_CACHE="{cache}"'),
        "two cores, warm cache": ("STROM_WORKERS=2", f'STROM_TEXT_CACHE="{cache}"'),
        "one process, warm cache": ("STROM_WORKERS=1", f'STROM_TEXT_CACHE="{cache}"'),
    }
    outputs, reports = {}, {}
    for number, (name, settings) in enumerate(ways.items()):
        result = build(root / "content", root / f"out-{number}", *settings, seed=str(number))
        assert result.returncode == 0, result.stderr
        outputs[name] = tree(root / f"out-{number}")
        printed = (result.stdout + result.stderr).splitlines()
        reports[name] = [line for line in printed if "Text cache" in line]
    # Another hash seed each build, and the warm ones still find every cacheable text:
    # the 24 posts and the page; the texts with an image or a shortcode are read again.
    assert reports["two cores, cold cache"] == ["Text cache: 0 of 27 texts unchanged, 27 read."]
    for warm in ("two cores, warm cache", "one process, warm cache"):
        assert reports[warm] == ["Text cache: 25 of 27 texts unchanged, 2 read."], reports
    return outputs


def test_every_way_of_building_writes_the_same_bytes(built):
    first = next(iter(built.values()))
    assert len(first) > 40  # posts, lists, feeds, images, search index, _headers
    assert any(name.startswith("blog/bild/") or "bild" in name for name in first)
    for name, files in built.items():
        assert differences(first, files) == [], name


def test_the_built_site_holds_what_the_reader_gave(built):
    files = built["two cores, warm cache"]
    doc = page(files["blog/p05/index.html"].decode())
    assert doc.select_one("h1").get_text() == "Beitrag 5"
    assert "„Zitat“" in doc.select_one(".post-body").get_text()  # smarty, German quotes
    assert doc.select_one(".post-body picture") is None
    assert page(files["blog/bild/index.html"].decode()).select_one(".post-body picture")
    link = page(files["blog/verweis/index.html"].decode()).select_one(".post-body a")
    assert link["href"].endswith("/blog/p01/")


def test_a_changed_setting_or_post_is_never_served_from_the_cache(tmp_path):
    content, cache = tmp_path / "content", tmp_path / "texts"
    write_tree(content, site_files())
    settings = ("STROM_WORKERS=2", f'STROM_TEXT_CACHE="{cache}"')
    assert build(content, tmp_path / "a", *settings).returncode == 0
    result = build(content, tmp_path / "b", *settings, "STROM_TYPOGRAPHY=false")
    assert result.returncode == 0, result.stderr
    body = page((tmp_path / "b/blog/p05/index.html").read_text("utf-8")).select_one(".post-body")
    assert '"Zitat"' in body.get_text() and "„" not in body.get_text()
    (content / "blog/p05.md").write_text(post("title: Neu\npubDate: 2025-01-01", "Neuer Text.\n"))
    assert build(content, tmp_path / "c", *settings).returncode == 0
    doc = page((tmp_path / "c/blog/p05/index.html").read_text("utf-8"))
    assert doc.select_one("h1").get_text() == "Neu"
    assert "Neuer Text." in doc.select_one(".post-body").get_text()
    # One file per key: the default settings' and those without typography.
    assert len(list(cache.glob("texts-*.pickle"))) == 2


def test_a_warm_build_reads_no_text_again(build_site, monkeypatch):
    files = site_files()
    build_site(files, STROM_WORKERS=1)
    calls = []
    read_here = reader_module.StromReader.read_here

    def counted(self, source_path):
        calls.append(os.path.basename(source_path))
        return read_here(self, source_path)

    monkeypatch.setattr(reader_module.StromReader, "read_here", counted)
    site = build_site(files, STROM_WORKERS=1)
    assert site.failure is None
    # The text with an image and the one with a shortcode are read every time.
    assert sorted(calls) == ["bild.md", "verweis.md"]


def test_problems_read_by_a_worker_are_reported_as_in_one_process(tmp_path):
    files = site_files()
    files["blog/kaputt.md"] = post("title: Kaputt\npubDate: irgendwann", "Text.\n")
    write_tree(tmp_path / "content", files)
    outcomes = []
    for workers in ("1", "2"):
        result = build(
            tmp_path / "content",
            tmp_path / f"out-{workers}",
            f"STROM_WORKERS={workers}",
            "STROM_TEXT_CACHE=false",
        )
        lines = [line for line in result.stderr.splitlines() if "kaputt.md" in line]
        outcomes.append((result.returncode, lines))
        assert (tmp_path / f"out-{workers}/blog/p03/index.html").exists()
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == 1 and len(outcomes[0][1]) == 1 and "pubDate" in outcomes[0][1][0]


def page_cache_line(result: subprocess.CompletedProcess) -> tuple[int, int, int]:
    """Return the build's (unchanged, pages, rendered) of its page cache line."""
    found = re.findall(
        r"Page cache: (\d+) of (\d+) pages? unchanged, (\d+) rendered\.", result.stdout
    )
    assert len(found) == 1, result.stdout + result.stderr
    return tuple(int(number) for number in found[0])


def rendered_pages(result: subprocess.CompletedProcess) -> set[str]:
    """Return the pages a build (run with -D) rendered rather than took from its page cache."""
    printed = result.stdout + result.stderr
    return set(re.findall(r"strom: rendered (\S+) \(not in the page cache\)", printed))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_edited_post_renders_again_the_pages_that_show_it_and_no_other(tmp_path, workers):
    content, cache = tmp_path / "content", tmp_path / "texts"
    write_tree(content, site_files())
    settings = (f"STROM_WORKERS={workers}", f'STROM_TEXT_CACHE="{cache}"')
    first = build(content, tmp_path / "a", *settings, debug=True)
    assert first.returncode == 0, first.stderr
    unchanged, pages, rendered = page_cache_line(first)
    assert (unchanged, rendered) == (0, pages) and pages > 40
    again = build(content, tmp_path / "a", *settings, debug=True)
    assert page_cache_line(again) == (pages, pages, 0)
    assert rendered_pages(again) == set()

    edited = content / "blog/p05.md"
    edited.write_text(edited.read_text("utf-8") + "\nNoch ein Satz über Kafka.\n", "utf-8")
    warm = build(content, tmp_path / "a", *settings, debug=True)
    assert warm.returncode == 0, warm.stderr
    unchanged, total, rendered = page_cache_line(warm)
    assert total == pages and unchanged + rendered == pages
    again = rendered_pages(warm)
    assert len(again) == rendered
    # The post itself, the lists that list it, the posts that link to it; not the others.
    assert {"blog/p05/index.html", "index.html", "tag/t1/index.html"} <= again
    assert not again & {"blog/p06/index.html", "tag/t2/index.html", "ueber/index.html"}
    assert rendered < pages / 2
    # Byte for byte the site a build without any cache writes.
    fresh = build(content, tmp_path / "b", "STROM_WORKERS=1", "STROM_TEXT_CACHE=false")
    assert fresh.returncode == 0, fresh.stderr
    assert "Page cache" not in fresh.stdout
    assert differences(tree(tmp_path / "a"), tree(tmp_path / "b")) == []
    body = page((tmp_path / "a/blog/p05/index.html").read_text("utf-8")).select_one(".post-body")
    assert "Noch ein Satz über Kafka." in body.get_text()
    # What the edit rendered again was kept: the next build renders nothing.
    again = build(content, tmp_path / "a", *settings, debug=True)
    assert page_cache_line(again) == (pages, pages, 0)


def test_a_changed_template_setting_or_linked_post_is_never_served_from_the_page_cache(tmp_path):
    files = site_files()
    files["pages/plan.md"] = post("title: Plan", "Siehe [Eins]({filename}/blog/p01.md).\n")
    content, cache, overrides = tmp_path / "content", tmp_path / "texts", tmp_path / "vorlagen"
    write_tree(content, files)
    (overrides / "partials").mkdir(parents=True)
    footer = overrides / "partials" / "custom_footer.html"
    footer.write_text('<p class="fuss">Erster Fuß</p>\n', "utf-8")
    settings = (f'STROM_TEXT_CACHE="{cache}"', f'THEME_TEMPLATES_OVERRIDES=["{overrides}"]')
    output = tmp_path / "out"

    def shown(name: str, selector: str) -> Any:
        return page((output / name).read_text("utf-8")).select_one(selector)

    _, pages, _ = page_cache_line(build(content, output, *settings))
    assert page_cache_line(build(content, output, *settings)) == (pages, pages, 0)
    assert shown("plan/index.html", "article a")["href"] == "/blog/p01/"
    # The linked post moves: the page that links to it (and reads nothing else
    # of it) is rendered again with its new address.
    moved = content / "blog/p01.md"
    moved.write_text(moved.read_text("utf-8").replace("title:", "slug: eins\ntitle:", 1))
    _, _, rendered = page_cache_line(build(content, output, *settings))
    assert 0 < rendered < pages / 2
    assert shown("plan/index.html", "article a")["href"] == "/blog/eins/"
    # A template changed in the site's own folder: every page again, with it.
    footer.write_text('<p class="fuss">Zweiter Fuß</p>\n', "utf-8")
    assert page_cache_line(build(content, output, *settings)) == (0, pages, pages)
    for name in ("blog/p07/index.html", "index.html", "plan/index.html"):
        assert shown(name, ".fuss").get_text() == "Zweiter Fuß"
    # A setting changed: every page again, with it.
    renamed = build(content, output, *settings, 'SITENAME="Andere Seite"')
    assert page_cache_line(renamed) == (0, pages, pages)
    assert shown("blog/p07/index.html", "title").get_text().endswith("Andere Seite")


def test_a_fragment_that_lists_repeat_carries_what_it_read_to_every_list(tmp_path):
    """strom.once renders a post's entry once a build; each list that repeats it depends on it."""
    content, cache, overrides = tmp_path / "content", tmp_path / "texts", tmp_path / "vorlagen"
    write_tree(content, site_files())
    theme = (ROOT / "theme/templates/partials/post_list.html").read_text("utf-8")
    shown = '<p class="anfang">{{ item.content|striptags|truncate(60, leeway=0) }}</p>'
    end = "    </article>\n    {%- endcall %}"
    assert theme.count(end) == 1
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials/post_list.html").write_text(
        theme.replace(end, f"    {shown}\n{end}"), "utf-8"
    )
    settings = (f'STROM_TEXT_CACHE="{cache}"', f'THEME_TEMPLATES_OVERRIDES=["{overrides}"]')

    def start_of(output: Path, name: str) -> str:
        """The start of p05's text in its entry on the list ``name``."""
        doc = page((output / name).read_text("utf-8"))
        return doc.select_one('li.post-item:has(a[href="/blog/p05/"]) .anfang').get_text()

    assert build(content, tmp_path / "a", *settings).returncode == 0
    assert "„Zitat“" in start_of(tmp_path / "a", "tag/t1/index.html")
    # The same number of words, another text: only its text's digest changes.
    edited = content / "blog/p05.md"
    edited.write_text(edited.read_text("utf-8").replace("Zitat", "Beleg"), "utf-8")
    result = build(content, tmp_path / "a", *settings)
    assert result.returncode == 0, result.stderr
    _, pages, rendered = page_cache_line(result)
    assert 0 < rendered < pages / 2
    for name in ("index.html", "tag/t1/index.html", "tag/kafka/index.html"):
        assert "„Beleg“" in start_of(tmp_path / "a", name), name
    fresh = build(content, tmp_path / "b", settings[1], "STROM_TEXT_CACHE=false")
    assert fresh.returncode == 0, fresh.stderr
    assert differences(tree(tmp_path / "a"), tree(tmp_path / "b")) == []


def test_a_setting_json_cannot_hold_is_keyed_by_its_value(tmp_path):
    """A date in the settings (say, of the build) that a template shows renders every page again."""
    content, cache, overrides = tmp_path / "content", tmp_path / "texts", tmp_path / "vorlagen"
    write_tree(content, site_files())
    conf = tmp_path / "conf.py"
    conf.write_text(
        f"import datetime, os\nexec(open({str(ROOT / 'pelicanconf.py')!r}).read())\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
        "STAND = datetime.date.fromisoformat(os.environ['STAND'])\n",
        "utf-8",
    )
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials/custom_footer.html").write_text('<p class="stand">{{ STAND }}</p>\n')
    command = [
        *(str(PELICAN), str(content), "-s", str(conf), "-o", str(tmp_path / "out"), "-q"),
        *("-e", f'STROM_TEXT_CACHE="{cache}"', f'THEME_TEMPLATES_OVERRIDES=["{overrides}"]'),
        *(f'STROM_SEARCH_CACHE="{tmp_path / "search"}"', 'STROM_MESSAGES_LANG="en"'),
    ]
    for stand in ("2025-01-01", "2025-02-01"):
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env={**os.environ, "STAND": stand},
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        footer = page((tmp_path / "out/blog/p07/index.html").read_text("utf-8")).select_one(
            ".stand"
        )
        assert footer.get_text() == stand


def test_the_walk_tells_apart_what_it_could_take_for_another():
    """No two values share a token: two short-lived dicts (one id after the other), paths."""
    walk = pagecache._Walk({})
    walk.value({"eins": 1})
    walk.value({"zwei": 2})  # likely at the address the first one had
    assert "s4:zwei" in walk.out
    first, second = pagecache._Walk({}), pagecache._Walk({})
    first.value(Path("blog/a.md"))
    second.value(Path("blog/b.md"))
    assert first.digest() != second.digest()


def test_the_first_edit_after_a_rebuild_from_the_caches_renders_only_its_pages(tmp_path):
    """Texts all from the text cache, then one read again: what reading leaves in a setting's
    objects (the heading slugs' counts) is no input of the pages."""
    files = {name: text for name, text in site_files().items() if name.startswith("blog/p")}
    content, cache = tmp_path / "content", tmp_path / "texts"
    write_tree(content, files)
    settings = (f'STROM_TEXT_CACHE="{cache}"',)
    _, pages, _ = page_cache_line(build(content, tmp_path / "a", *settings))
    assert page_cache_line(build(content, tmp_path / "a", *settings)) == (pages, pages, 0)
    edited = content / "blog/p05.md"
    edited.write_text(edited.read_text("utf-8") + "\nNoch ein Satz.\n", "utf-8")
    _, _, rendered = page_cache_line(build(content, tmp_path / "a", *settings))
    assert 0 < rendered < pages / 2
