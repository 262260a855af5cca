"""Hostile and broken input, as from a pull request that Netlify builds as a deploy preview.

Each case asserts the problem line (file and field), the exit status, that every good page
is still written with its own content, that nothing outside the output folder and the
caches was created or changed, and that `strom check` reports the same problems.
"""

import io
import json
import os
import shutil
import tempfile
import time
import uuid
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import feedparser
import pytest
from conftest import BUILD_FOLDERS, NODE_BIN, ROOT, build_folder, post, require_tools, write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.plugins.strom import cli
from pelican.plugins.strom import reader as reader_module
from PIL import Image
from test_netlify import check as netlify_parse

FAST = {"STROM_IMAGE_WIDTHS": [400, 800]}

MARKER = f"strom-leak-{uuid.uuid4().hex[:8]}"
GOOD = {
    "blog/gut.md": post("title: Gut\npubDate: 2025-01-01\ntags: [Kafka]\n", "Guter Text.\n"),
    "pages/ueber.md": post("title: Über uns\n", "Wir.\n"),
}


def snapshot(folder: Path, own: Path) -> dict[str, int]:
    """Every file and folder below ``folder`` but ``own``'s build folders, with its mtime."""
    skip = [
        own / name
        for name in ("output", "cache", "image-cache", "search-cache", "text-cache", ".cache")
    ]
    found = {}
    for path in folder.rglob("*"):
        if not any(path == s or s in path.parents for s in skip):
            found[str(path.relative_to(folder))] = path.lstat().st_mtime_ns
    return found


def hostile(build_site, tmp_path, capsys, files, links=None, **overrides):
    """Build GOOD and ``files`` (and symlinks ``links``); check the invariants; return both."""
    outside = tmp_path.parent
    before = snapshot(outside, tmp_path)
    content = tmp_path / "content"
    for link, target in (links or {}).items():
        (content / link).parent.mkdir(parents=True, exist_ok=True)
        (content / link).symlink_to(target)
    site = build_site({**GOOD, **files}, **overrides)
    assert site.failure is not None, "a hostile input must fail the build"
    # Every good page is written with its own content.
    assert site.html("blog/gut/index.html").h1.get_text() == "Gut"
    assert "Guter Text." in site.html("blog/gut/index.html").get_text()
    assert site.html("ueber/index.html").h1.get_text() == "Über uns"
    assert site.html("index.html").select_one(".post-list")
    # Nothing outside the output folder and the caches was created or changed.
    after = snapshot(outside, tmp_path)
    changed = {
        name
        for name in after
        if before.get(name) != after[name] and not name.startswith(tmp_path.name + "/content")
    }
    changed -= {tmp_path.name}  # the test's own folder, made by the build's fixture
    assert not changed, changed
    assert not Path("/tmp", MARKER).exists()
    # strom check reports the same problems.
    capsys.readouterr()
    status = cli.main(["check", "--lang", "en", str(content)])
    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert sorted(lines) == sorted(site.errors)
    # Every problem is one printable line: no raw newline, escape or bidi character.
    for line in site.errors:
        assert line.isprintable(), repr(line)
    return site


def line_of(site, name: str) -> str:
    """Return the one problem line of the file ``name`` (a path inside the content folder)."""
    mine = [line for line in site.errors if f"{site.content}/{name}" in line]
    assert len(mine) == 1, (name, site.errors)
    return mine[0]


# -- Header and redirect injection ----------------------------------------------------------

INJECTION = "*\n  Refresh: 0; url=https:evil.example\nx"
EVIL_ALIAS = "/x/\n/admin/ https://evil.example 200!"


def test_a_slug_with_newlines_injects_no_header(build_site, tmp_path, capsys):
    files = {"pages/boese.md": post(f"title: Böse\nslug: {json.dumps(INJECTION)}\n")}
    site = hostile(build_site, tmp_path, capsys, files)
    line = line_of(site, "pages/boese.md")
    assert ":3: slug: gives the output path '*\\n  Refresh: 0; url=https:evil.example\\nx/" in line
    assert "U+000A" in line
    headers = (site.output / "_headers").read_text("utf-8")
    assert "Refresh" not in headers and "evil" not in headers
    assert "evil" not in (site.output / "sitemap.xml").read_text("utf-8")
    assert not any("\n" in p.name or "*" in p.name for p in site.output.rglob("*"))


def test_a_public_file_named_with_newlines_injects_no_header(build_site, tmp_path, capsys):
    name = "public/x\n  Refresh: 0\n.html"
    site = hostile(build_site, tmp_path, capsys, {name: "<p>x</p>"})
    assert "Refresh" not in (site.output / "_headers").read_text("utf-8")
    (line,) = [line for line in site.errors if "public/x\\n" in line]
    assert "U+000A" in line


def test_netlify_reads_exactly_the_rules_strom_meant(build_site, tmp_path, capsys):
    require_tools(NODE_BIN / "netlify", shutil.which("node") or "node")
    files = {
        "pages/boese.md": post(f"title: Böse\nslug: {json.dumps(INJECTION)}\n"),
        "blog/alt.md": post(
            f"title: Alt\npubDate: 2024-01-01\naliases: [/alt/, {json.dumps(EVIL_ALIAS)}]\n"
        ),
    }
    site = hostile(build_site, tmp_path, capsys, files)
    parsed = netlify_parse(site.output)
    assert parsed["redirectErrors"] == [] and parsed["headerErrors"] == []
    meant = [
        line
        for line in (site.output / "_redirects").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(parsed["redirects"]) == len(meant)
    assert {rule["from"] for rule in parsed["redirects"]} >= {
        "/alt/",
        "/blog/",
        "/sitemap-index.xml",
    }
    assert not any("evil" in rule["to"] for rule in parsed["redirects"])
    header_paths = [
        line
        for line in (site.output / "_headers").read_text("utf-8").splitlines()
        if line.startswith("/")
    ]
    assert len(parsed["headers"]) == len(header_paths)
    assert not any("Refresh" in json.dumps(rule) for rule in parsed["headers"])


# -- Symlinks and special files -------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("public/env.txt", "/proc/self/environ"),
        ("public/passwd.txt", "/etc/passwd"),
    ],
)
def test_a_public_link_to_a_file_outside_is_never_published(
    build_site, tmp_path, capsys, link, target
):
    site = hostile(build_site, tmp_path, capsys, {}, links={link: target})
    line = line_of(site, link)
    assert "is a link to /" in line and "outside the content folder; copy the file in" in line
    assert not (site.output / Path(link).name).exists()


def test_a_linked_post_or_folder_from_outside_is_never_read(build_site, tmp_path, capsys):
    secret = tmp_path / "geheim"
    secret.mkdir()
    (secret / "notiz.md").write_text(post("title: Geheim\npubDate: 2025-01-01\n", "Token.\n"))
    links = {"blog/notiz.md": secret / "notiz.md", "blog/ordner": secret}
    site = hostile(build_site, tmp_path, capsys, {}, links=links)
    assert "outside the content folder" in line_of(site, "blog/notiz.md")
    assert "outside the content folder" in line_of(site, "blog/ordner/notiz.md")
    written = "".join(p.read_text("utf-8") for p in site.output.rglob("*.html"))
    assert "Token." not in written and "Geheim" not in written


def test_a_fifo_in_public_is_never_read(build_site, tmp_path, capsys):
    fifo = tmp_path / "content" / "public" / "pipe.txt"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    site = hostile(build_site, tmp_path, capsys, {})
    assert "is not a regular file" in line_of(site, "public/pipe.txt")


@pytest.mark.parametrize(
    "link",
    ["{static}/../leak.txt", "{static}/../../../" + MARKER + "/passwd", "{filename}/../../x.md"],
)
def test_a_static_link_out_of_the_content_folder_copies_nothing(build_site, tmp_path, capsys, link):
    (tmp_path / "leak.txt").write_text("geheim")
    files = {"blog/link.md": post("title: Link\npubDate: 2025-01-02\n", f"[x]({link})\n")}
    site = hostile(build_site, tmp_path, capsys, files)
    line = line_of(site, "blog/link.md")
    assert f"link '{link}' leaves the content folder; link a file inside it" in line
    assert {p.name for p in tmp_path.iterdir()} <= {
        ".cache",  # the image cache's default place, with the social cards
        "cache",
        "content",
        "leak.txt",
        "output",
        "search-cache",
        "text-cache",
    }


# -- Keys Pelican obeys ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "field", "expected"),
    [
        ("override_save_as: index.html", "override_save_as", "Strom makes the address"),
        ("override_url: https://evil.com/", "override_url", "Strom makes the address"),
        ("template: ../../../../etc/passwd", "template", "Strom chooses the template"),
        ("template: redirect", "template", "Strom chooses the template"),
        ("lang: en", "lang", "one language"),
        ("translation: true", "translation", "one language"),
        ("settings: {}", "settings", "Pelican uses for its own data"),
        ("_content: x", "_content", "Pelican uses for its own data"),
        ("source_path: /etc/passwd", "source_path", "Pelican uses for its own data"),
        ("status: published-ish", "status", "must be one of published, hidden, draft"),
        ("timezone: Mars/Olympus", "timezone", "the site's TIMEZONE"),
    ],
)
def test_keys_pelican_obeys_are_refused(build_site, tmp_path, capsys, front, field, expected):
    files = {"blog/boese.md": post(f"title: Böse\npubDate: 2025-01-02\n{front}\n")}
    site = hostile(build_site, tmp_path, capsys, files)
    line = line_of(site, "blog/boese.md")
    assert f"blog/boese.md:4: {field}: " in line and expected in line
    assert site.html("index.html").select_one(".post-list")  # the home page is Strom's
    assert "evil" not in (site.output / "rss.xml").read_text("utf-8")


def test_a_site_may_allow_a_key(build_site):
    files = {**GOOD, "pages/x.md": post("title: X\ntemplate: page\n")}
    site = build_site(files, STROM_ALLOWED_KEYS=["template"])
    assert site.failure is None, site.errors


def test_pelican_style_metadata_is_refused_alike(build_site, tmp_path, capsys):
    files = {"blog/alt.md": "Title: Alt\nDate: 2025-01-02\nSave_as: index.html\n\nText.\n"}
    site = hostile(build_site, tmp_path, capsys, files)
    assert "blog/alt.md:3: save_as: Strom makes the address" in line_of(site, "blog/alt.md")


# -- One file never takes the site down -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "blog/ff.md",
            post("title: F\npubDate: 2025-01-02\n", "Seite\x0cumbruch\n"),
            ":5: holds the control character U+000C",
        ),
        (
            "blog/soh.md",
            post("title: A\x01B\npubDate: 2025-01-02\n"),
            ":2: holds the control character U+0001",
        ),
        (
            "blog/desc.md",
            post("title: D\npubDate: 2025-01-02\ndescription: a\x1bb\n"),
            ":4: holds the control character U+001B",
        ),
        (
            "blog/punkte.md",
            post("title: P\npubDate: 2025-01-02\nslug: ..\n"),
            ":4: slug: gives the output path 'blog/../index.html', which has the path segment '..'",
        ),
        (
            "blog/tags.md",
            post("title: T\npubDate: 2025-01-02\nslug: ../tags\n"),
            ":4: slug: gives the output path 'blog/../tags/index.html'",
        ),
        ("blog/punkt.md", post("title: P\npubDate: 2025-01-02\nslug: .\n"), "segment '.'"),
        (
            "pages/r.md",
            post("title: R\nslug: _redirects\n"),
            ":3: slug: gives the output path '_redirects/index.html', "
            "which starts with '_redirects'",
        ),
        ("pages/h.md", post("title: H\nslug: _headers\n"), "Netlify reserves"),
        (
            "pages/rss.md",
            post("title: R\nslug: rss.xml\n"),
            "gives the address /rss.xml/, which the feed",
        ),
        (
            "pages/tag.md",
            post("title: T\nslug: tag/kafka\n"),
            "gives the address /tag/kafka/, which the tag page 'Kafka' of",
        ),
        (
            "pages/jahr.md",
            post("title: J\nslug: '2025'\n"),
            "gives the address /2025/, which the archive of 2025 has",
        ),
        (
            "blog/lang.md",
            post("title: L\npubDate: 2025-01-02\nslug: " + "x" * 300 + "\n"),
            "has a path segment of 300 bytes",
        ),
    ],
)
def test_one_bad_file_never_takes_the_site_down(build_site, tmp_path, capsys, name, text, expected):
    site = hostile(build_site, tmp_path, capsys, {name: text})
    assert expected in line_of(site, name)
    for xml in ("rss.xml", "atom.xml"):
        assert not feedparser.parse((site.output / xml).read_text("utf-8")).bozo


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("tags: [" + "t" * 300 + "]", "tags: the tag page 'ttttt"),
        ("author: " + "a" * 300, "author: the author page 'aaaa"),
        ("aliases: [/" + "s" * 300 + "/]", "has a path segment of 300 bytes"),
    ],
)
def test_a_300_character_name_is_one_problem(build_site, tmp_path, capsys, front, expected):
    files = {"blog/lang.md": post(f"title: L\npubDate: 2025-01-02\n{front}\n")}
    site = hostile(build_site, tmp_path, capsys, files)
    line = line_of(site, "blog/lang.md")
    assert expected in line and "300 bytes" in line
    assert len(line) < 600  # the value is shortened in the message


# -- YAML -----------------------------------------------------------------------------------

BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]"
            for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "draft: *i",
    ]
)


def test_a_yaml_alias_bomb_is_a_problem_at_once(build_site, tmp_path, capsys):
    started = time.monotonic()
    site = hostile(build_site, tmp_path, capsys, {"blog/bombe.md": f"---\ntitle: B\n{BOMB}\n---\n"})
    line = line_of(site, "blog/bombe.md")
    assert "expands to more than 10,000 values through YAML aliases" in line
    assert len(line) < 400
    assert time.monotonic() - started < 120  # a hang is not a problem message


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("title: A\ntitle: B\n", ":3: title: is set twice (also on line 2 as 'title'); keep one"),
        ("title: A\nTitle: B\n", ":3: Title: is set twice (also on line 2 as 'title'); keep one"),
    ],
)
def test_duplicate_keys_are_problems(build_site, tmp_path, capsys, front, expected):
    files = {"blog/doppelt.md": f"---\n{front}pubDate: 2025-01-02\n---\n"}
    site = hostile(build_site, tmp_path, capsys, files)
    assert expected in line_of(site, "blog/doppelt.md")


def test_yaml_1_1_never_changes_a_text(build_site):
    files = {
        **GOOD,
        "blog/a.md": post("title: yes\npubDate: 2025-01-02\nslug: 0777\ntags: [no, 12:30]\n"),
        "blog/b.md": post("title: 12:30\npubDate: 2025-01-03\ndescription: off\n"),
    }
    site = build_site(files)
    assert site.failure is None, site.errors
    page = site.html("blog/0777/index.html")
    assert page.h1.get_text() == "yes"
    assert [a.get_text() for a in page.select(".tags a")] == ["no", "12:30"]
    other = site.html("blog/b/index.html")
    assert other.h1.get_text() == "12:30"
    assert other.select_one('meta[name="description"]')["content"] == "off"


@pytest.mark.parametrize("tag", ["#", "?", "🚀", ".."])
def test_a_tag_without_an_address_is_a_problem(build_site, tmp_path, capsys, tag):
    quoted = json.dumps(tag, ensure_ascii=False)
    files = {"blog/t.md": post(f"title: T\npubDate: 2025-01-02\ntags: [{quoted}, Daten]\n")}
    site = hostile(build_site, tmp_path, capsys, files)
    line = line_of(site, "blog/t.md")
    assert f":4: tags: the tag page '{tag}' gives the output path 'tag//index.html'" in line
    assert not (site.output / "tag" / "index.html").exists()
    assert site.exists("tag/daten/index.html")


@pytest.mark.parametrize(
    "name",
    [
        "public/robots.txt",
        "public/sitemap.xml",
        "public/tag/kafka/index.html",
        "public/assets/img/gut-0123456789ab-480.webp",
        "public/_headers/x",
    ],
)
def test_a_public_file_never_replaces_a_generated_one(build_site, tmp_path, capsys, name):
    site = hostile(build_site, tmp_path, capsys, {name: "öffentlich"})
    line = line_of(site, name)
    assert "would replace" in line or "Netlify reserves" in line
    written = site.output / name.removeprefix("public/")
    assert not written.is_file() or written.read_text("utf-8") != "öffentlich"


# -- Settings and feeds ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "siteurl", ["javascript:alert(1)//", 'https://example.de/"><x', "https://a b"]
)
def test_siteurl_must_be_an_http_address(build_site, siteurl):
    site = build_site(GOOD, SITEURL=siteurl)
    assert site.failure is not None
    assert "SITEURL: must be empty or an http(s):// address" in site.failure_text
    assert not site.exists("index.html")


def test_feed_titles_are_text(build_site):
    title = "List<String> & Map<K, V>"
    files = {**GOOD, "blog/typen.md": post(f"title: {json.dumps(title)}\npubDate: 2025-01-02\n")}
    site = build_site(files, SITEURL="https://example.de", FEED_DOMAIN="https://example.de")
    assert site.failure is None, site.errors
    for name in ("rss.xml", "atom.xml"):
        feed = feedparser.parse((site.output / name).read_text("utf-8"))
        assert not feed.bozo, feed.bozo_exception
        assert title in [entry.title for entry in feed.entries]


def test_problem_lines_escape_what_the_input_holds(build_site, tmp_path, capsys):
    files = {"blog/\u202eevil.md": post("title: E\npubDate: 2025-01-02\nslug: 'a\u202eb'\n")}
    site = hostile(build_site, tmp_path, capsys, files)
    (line,) = [line for line in site.errors if "evil.md" in line]
    assert "\\u202e" in line and "\u202e" not in line


# -- The image cache and unusual images -----------------------------------------------------


def _hero_site(image: bytes, name: str = "bild.png") -> dict:
    return {
        **GOOD,
        "blog/bild.md": post(f"title: Bild\npubDate: 2025-01-02\nheroImage: /{name}\nheroAlt: B\n"),
        f"public/{name}": image,
    }


def _png(mode: str, value: int, size=(640, 320)) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, value).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_damaged_cache_file_is_encoded_again_not_published(build_site, tmp_path):
    files = _hero_site(_png("RGB", (30, 90, 160)))
    options = {**FAST, "STROM_IMAGE_CACHE": str(tmp_path / "images")}
    first = build_site(files, **options)
    assert first.failure is None, first.errors
    cache = tmp_path / "images" / "files"
    good = {p.name: p.read_bytes() for p in cache.iterdir()}
    damaged = sorted(good)[0]
    (cache / damaged).write_bytes(bytes(len(good[damaged])))  # same size, other bytes
    shortened = sorted(good)[1]
    (cache / shortened).write_bytes(b"")  # a build killed while writing
    (first.output / "assets/img" / damaged).unlink()
    (first.output / "assets/img" / shortened).write_bytes(b"")  # a build killed while copying
    second = build_site(files, **options)
    assert second.failure is None, second.errors
    for name in (damaged, shortened):
        written = (second.output / "assets/img" / name).read_bytes()
        assert written == good[name]  # encoding is deterministic: the file as first made
        assert (cache / name).read_bytes() == good[name]
    warnings = [r.getMessage() for r in second.log if r.levelname == "WARNING"]
    assert any("damaged entries of the cache" in w and "encoded again" in w for w in warnings)


def test_a_16_bit_grey_png_keeps_its_greys(build_site):
    site = build_site(_hero_site(_png("I;16", 32768)), **FAST)
    assert site.failure is None, site.errors
    (png,) = [p for p in (site.output / "assets/img").glob("bild-*-400.png")]
    with Image.open(png) as image:
        level = image.convert("L").getpixel((10, 10))
    assert 120 <= level <= 136  # half of 65,535 is half of 255, not white


def test_an_animated_gif_is_published_as_a_still_with_a_warning(build_site):
    frames = [Image.new("RGB", (640, 320), colour) for colour in ("red", "blue", "green")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    site = build_site(_hero_site(buffer.getvalue(), "bewegt.gif"), **FAST)
    assert site.failure is None, site.errors
    warnings = [r.getMessage() for r in site.log if r.levelname == "WARNING"]
    assert any("bewegt.gif: is animated (3 frames)" in w for w in warnings)


# -- Fuzzing: front matter and file names from hostile alphabets ----------------------------

HOSTILE = st.sampled_from(
    [
        "\n",
        "\r",
        "\x00",
        "\x0c",
        "\x1b",
        "\u202e",
        "\u200b",
        "/",
        "\\",
        "..",
        ".",
        "_",
        "*",
        ":",
        "%",
        "#",
        "?",
        '"',
        "'",
        "<",
        ">",
        "&",
        "ü",
        "🚀",
        " ",
        "-",
        "a",
        "Z",
        "x" * 120,
    ]
)
HOSTILE_TEXT = st.lists(HOSTILE, min_size=1, max_size=6).map("".join)
KEYS = st.sampled_from(["title", "slug", "tags", "author", "aliases", "description", "category"])
EXAMPLES = int(os.environ.get("STROM_PROPERTY_EXAMPLES", "15"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="STROM_PROPERTY_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(name=HOSTILE_TEXT, values=st.dictionaries(KEYS, HOSTILE_TEXT, min_size=1, max_size=4))
def test_hostile_names_and_values_keep_every_guarantee(name, values):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        content = root / "content"
        write_tree(content, GOOD)
        front = {"title": "T", "pubDate": "2025-01-02", **values}
        text = "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\nText.\n"
        safe_name = name.replace("/", "_").replace("\x00", "_")[:200] or "x"
        try:
            (content / "blog" / f"{safe_name}.md").write_text(text, "utf-8")
        except (OSError, ValueError):  # a name this file system refuses: nothing to build
            return
        site = build_folder(content, root / "output")
        # The good pages are written, whatever the hostile file did.
        assert (root / "output/blog/gut/index.html").is_file()
        assert (root / "output/ueber/index.html").is_file()
        # Nothing outside the output folder and the caches.
        assert {p.name for p in root.iterdir()} <= BUILD_FOLDERS
        for path in (root / "output").rglob("*"):
            assert path.resolve().is_relative_to((root / "output").resolve())
            assert path.name.isprintable() and "\n" not in path.name
        # _headers and _redirects hold only Strom's lines: paths, headers, rules.
        for line in (root / "output/_headers").read_text("utf-8").splitlines():
            assert line.startswith(("/", "  ", "#")), line
        for line in (root / "output/_redirects").read_text("utf-8").splitlines():
            assert (line.startswith(("/", "#")) and len(line.split()) == 3) or line.startswith("#")
        for line in site.errors:
            assert line.isprintable(), repr(line)
        out = io.StringIO()
        with redirect_stdout(out), redirect_stderr(io.StringIO()):
            cli.main(["check", "--lang", "en", str(content)])
        assert sorted(out.getvalue().splitlines()) == sorted(site.errors)


def test_tag_addresses_keep_umlauts_as_post_addresses_do(build_site):
    files = {**GOOD, "blog/t.md": post("title: T\npubDate: 2025-01-02\ntags: [Über Größe]\n")}
    site = build_site(files)
    assert site.failure is None, site.errors
    assert site.html("tag/über-größe/index.html").h1.get_text().endswith("Über Größe")
    assert site.html("blog/t/index.html").select_one(".tags a")["href"] == "/tag/über-größe/"


def test_a_setting_that_names_a_path_outside_the_output_is_a_problem(build_site):
    site = build_site(GOOD, ARCHIVES_SAVE_AS="../archiv.html")
    assert site.failure is not None
    (line,) = [line for line in site.errors if "ARCHIVES_SAVE_AS" in line]
    assert line.endswith(
        "pelicanconf.py: ARCHIVES_SAVE_AS: gives the output path '../archiv.html', "
        "which has the path segment '..'; choose another one"
    )
    assert not (site.output.parent / "archiv.html").exists()
    assert site.html("blog/gut/index.html").h1.get_text() == "Gut"


# -- Found by a review: each a case where the build and the check disagreed -----------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("blog/leak.html", "<html><head><title>Geheim</title></head><body>SECRET</body></html>"),
        (
            "blog/r.rst",
            "Titel\n#####\n\n:date: 2025-01-02\n\n.. include:: /etc/passwd\n   :literal:\n",
        ),
    ],
)
def test_html_and_rst_sources_are_refused(build_site, tmp_path, capsys, name, text):
    site = hostile(build_site, tmp_path, capsys, {name: text})
    assert "Strom builds posts and pages from Markdown only" in line_of(site, name)
    written = "".join(p.read_text("utf-8", "replace") for p in site.output.rglob("*.*ml"))
    assert "SECRET" not in written and "root:x" not in written


def test_an_attach_link_out_of_the_content_folder_is_a_problem(build_site, tmp_path, capsys):
    files = {"blog/a.md": post("title: A\npubDate: 2025-01-02\n", "[x]({attach}../../../x)\n")}
    site = hostile(build_site, tmp_path, capsys, files)
    assert "link '{attach}../../../x' leaves the content folder" in line_of(site, "blog/a.md")


def test_a_draft_the_site_does_not_write_has_no_image_problems(build_site, capsys):
    files = {**GOOD, "blog/e.md": post("title: E\ndraft: true\n", "![x](/fehlt.jpg)\n")}
    site = build_site(files)
    assert site.failure is None, site.errors
    capsys.readouterr()
    assert cli.main(["check", "--lang", "en", str(site.content)]) == 0


def test_a_file_where_strom_needs_a_folder_is_refused_alike(build_site, tmp_path, capsys):
    site = hostile(build_site, tmp_path, capsys, {"public/assets": "x"})
    assert "would replace Strom's folder assets/img/" in line_of(site, "public/assets")


def test_files_a_static_link_names_claim_their_address_alike(build_site, tmp_path, capsys):
    files = {
        "blog/a.md": post("title: A\npubDate: 2025-01-02\n", "[PDF]({static}/blog/doc.pdf)\n"),
        "blog/doc.pdf": b"%PDF-1.4 echt",
        "public/blog/doc.pdf": b"%PDF-1.4 falsch",
    }
    site = hostile(build_site, tmp_path, capsys, files)
    assert "would replace" in line_of(site, "public/blog/doc.pdf")
    assert (site.output / "blog/doc.pdf").read_bytes() == b"%PDF-1.4 echt"
    assert not any("doc.pdf: Strom neither reads" in line for line in site.errors)


def test_a_refused_category_falls_back_to_a_claimed_default(build_site, tmp_path, capsys):
    files = {
        "blog/a.md": post("title: A\npubDate: 2025-01-02\ncategory: C++\n"),
        "blog/b.md": post("title: B\npubDate: 2025-01-03\ncategory: 'C#'\n"),
        "pages/s.md": post("title: Meine Seite\nslug: category/blog\n"),
    }
    site = hostile(build_site, tmp_path, capsys, files)
    assert "the category page 'C#' gives the address /category/c/" in line_of(site, "blog/b.md")
    assert "gives the address /category/blog/" in line_of(site, "pages/s.md")
    assert not any("cannot be written" in line for line in site.errors)


def test_each_list_is_paginated_by_its_own_size(build_site, tmp_path, capsys):
    posts = {
        f"blog/k{n}.md": post(f"title: K{n}\npubDate: 2025-01-0{n + 2}\ntags: [Kafka]\n")
        for n in range(3)
    }
    files = {**GOOD, **posts, "pages/s.md": post("title: S\nslug: tag/kafka/seite/2\n")}
    pages = {"tag": 1, "index": None, "category": None, "author": None}
    site = build_site(files, PAGINATED_TEMPLATES=pages)
    line = line_of(site, "pages/s.md")
    assert "gives the address /tag/kafka/seite/2/, which the tag page 'Kafka'" in line
    assert not any("cannot be written" in line for line in site.errors)
    settings = tmp_path / "seiten.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"THEME = {str(ROOT / 'theme')!r}\nPAGINATED_TEMPLATES = {pages!r}\n"
    )
    capsys.readouterr()
    assert cli.main(["check", "--lang", "en", str(site.content), "-s", str(settings)]) == 1
    assert sorted(capsys.readouterr().out.splitlines()) == sorted(site.errors)


def test_check_of_a_folder_does_not_follow_links_out_of_it(tmp_path, capsys):
    outside = tmp_path / "draussen.md"
    outside.write_text(post("title: D\npubDate: 2025-01-02\n"))
    (tmp_path / "content/blog").mkdir(parents=True)
    (tmp_path / "content/blog/link.md").symlink_to(outside)
    for path in ("content/blog", "content/blog/link.md"):
        capsys.readouterr()
        assert cli.main(["check", "--lang", "en", str(tmp_path / path)]) == 1
        assert "outside the content folder" in capsys.readouterr().out


def test_check_finds_content_folders_by_the_settings_names(tmp_path, capsys, monkeypatch):
    write_tree(
        tmp_path,
        {
            "site/pelicanconf.py": 'ARTICLE_PATHS = ["posts"]\nPAGE_PATHS = []\n',
            "site/public/x.txt": "x",
            "site/content/posts/a.md": post("title: A\n"),
        },
    )
    monkeypatch.chdir(tmp_path / "site")
    capsys.readouterr()
    assert cli.main(["check", "--lang", "en", "content"]) == 1
    assert "content/posts/a.md: date: missing" in capsys.readouterr().out


def test_settings_problems_are_reported_for_any_path(tmp_path, capsys):
    write_tree(
        tmp_path,
        {
            "bad.py": 'ARCHIVES_SAVE_AS = "../archiv.html"\nARTICLE_PATHS = ["blog"]\n',
            "content/blog/a.md": post("title: A\npubDate: 2025-01-02\n"),
        },
    )
    capsys.readouterr()
    status = cli.main(
        ["check", "--lang", "en", "-s", str(tmp_path / "bad.py"), str(tmp_path / "content/blog")]
    )
    assert status == 1
    assert "ARCHIVES_SAVE_AS: gives the output path '../archiv.html'" in capsys.readouterr().out


def test_sharp_s_and_ss_are_two_addresses(build_site):
    files = {
        **GOOD,
        "blog/masse.md": post("title: Masse\npubDate: 2025-01-02\n"),
        "blog/maße.md": post("title: Maße\npubDate: 2025-01-03\n"),
    }
    site = build_site(files)
    assert site.failure is None, site.errors
    assert site.html("blog/maße/index.html").h1.get_text() == "Maße"


def test_a_windows_device_name_is_refused(build_site, tmp_path, capsys):
    site = hostile(build_site, tmp_path, capsys, {"pages/con.md": post("title: C\nslug: con\n")})
    assert "a device name on Windows" in line_of(site, "pages/con.md")


def test_a_changed_derivative_in_the_output_is_replaced(build_site, tmp_path):
    files = _hero_site(_png("RGB", (30, 90, 160)))
    options = {**FAST, "STROM_IMAGE_CACHE": str(tmp_path / "images")}
    first = build_site(files, **options)
    written = sorted((first.output / "assets/img").iterdir())[0]
    good = written.read_bytes()
    written.write_bytes(bytes(len(good)))  # same size, other bytes
    (written.parent / ".tmp-halb").write_bytes(b"x")  # left by an interrupted build
    second = build_site(files, **options)
    assert second.failure is None, second.errors
    assert written.read_bytes() == good
    assert not (written.parent / ".tmp-halb").exists()


def test_a_hidden_post_loses_a_refused_tag_too(build_site, tmp_path, capsys):
    files = {
        "blog/a.md": post("title: A\npubDate: 2025-01-02\ntags: [C++]\n"),
        "blog/b.md": post("title: B\npubDate: 2025-01-03\nstatus: hidden\ntags: ['C#']\n"),
        "blog/c.md": post("title: C\npubDate: 2025-01-04\ntags: ['C#']\n"),
    }
    site = hostile(build_site, tmp_path, capsys, files)
    assert site.html("blog/b/index.html").select(".tags a") == []


# -- Found by a second review ----------------------------------------------------------------


def test_a_linked_folder_in_public_publishes_no_source(build_site, tmp_path, capsys):
    files = {"blog/d.md": post("title: D\ndraft: true\n", "ENTWURFSGEHEIMNIS\n")}
    links = {"public/src": Path("../blog"), "public/alles": Path("..")}
    site = hostile(build_site, tmp_path, capsys, files, links=links)
    assert "is a link to the folder" in line_of(site, "public/src")
    assert "is a link to the folder" in line_of(site, "public/alles")
    assert not (site.output / "src").exists() and not (site.output / "alles").exists()
    written = "".join(
        p.read_text("utf-8", "replace") for p in site.output.rglob("*") if p.is_file()
    )
    assert "ENTWURFSGEHEIMNIS" not in written


def test_a_raw_html_static_link_out_is_a_problem_of_its_post(build_site, tmp_path, capsys):
    files = {
        "blog/i.md": post("title: I\npubDate: 2025-01-02\n", '<img src="{static}/../../x.png">\n')
    }
    site = hostile(build_site, tmp_path, capsys, files)
    line = line_of(site, "blog/i.md")
    assert (
        "a {static} or {attach} link names '../../x.png', which is outside the content folder"
        in line
    )


def test_pelican_style_posts_take_their_address_from_the_file_name(build_site):
    files = {
        **GOOD,
        "blog/eins.md": "Title: Hallo\nDate: 2025-01-02\n\nEins.\n",
        "blog/zwei.md": "Title: Hallo\nDate: 2025-01-03\n\nZwei.\n",
    }
    site = build_site(files)
    assert site.failure is None, site.errors
    assert "Eins." in site.html("blog/eins/index.html").get_text()
    assert "Zwei." in site.html("blog/zwei/index.html").get_text()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title: A\nTitle: B\nDate: 2025-01-02\n\nx\n", ":2: title: is set twice (also on line 1)"),
        ("Title: A\ntitle: B\nDate: 2025-01-02\n\nx\n", ":2: title: is set twice (also on line 1)"),
        ("Title:    \nDate: 2025-01-02\n\nx\n", "title: missing"),
    ],
)
def test_pelican_style_metadata_mistakes(build_site, tmp_path, capsys, text, expected):
    site = hostile(build_site, tmp_path, capsys, {"blog/p.md": text})
    assert expected in line_of(site, "blog/p.md")


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31T23:59:59-12:00"])
def test_a_date_out_of_range_names_its_line_and_field(build_site, tmp_path, capsys, date):
    site = hostile(
        build_site, tmp_path, capsys, {"blog/d.md": post(f"title: D\npubDate: {date}\n")}
    )
    line = line_of(site, "blog/d.md")
    assert ":3: pubDate: " in line and "is not a date Strom can use" in line


def test_a_category_without_an_address_is_a_problem(build_site, tmp_path, capsys):
    files = {"blog/a.md": post("title: A\npubDate: 2025-01-02\ncategory: '#'\n")}
    site = hostile(build_site, tmp_path, capsys, files)
    assert ":4: category: the category page '#' gives the output path" in line_of(site, "blog/a.md")


def test_a_path_through_a_link_and_dot_dot_is_resolved_as_the_system_opens_it(tmp_path):
    content, secret = tmp_path / "content", tmp_path / "secret"
    (content / "public" / "inner").mkdir(parents=True)
    secret.mkdir()
    (secret / "x.svg").write_text("<svg>secret</svg>")
    (content / "public" / "x.svg").write_text("<svg>decoy</svg>")
    (content / "public" / "link").symlink_to(secret / "inner", target_is_directory=True)
    (secret / "inner").mkdir()
    path = str(content / "public" / "link" / ".." / "x.svg")  # opens secret/x.svg
    assert reader_module.real_path(path) == os.path.realpath(path)
    refusal = reader_module.outside_reason(path, str(content))
    assert refusal is not None and str(secret / "x.svg") in refusal
    inside = str(content / "public" / "inner" / ".." / "x.svg")
    assert reader_module.outside_reason(inside, str(content)) is None
