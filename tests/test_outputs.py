"""Who writes each file: one output map, one list of checks, the same problems from the build and
`strom check`, and no old address ever taken from its page."""

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, post, write_tree
from pelican.plugins.strom import cli
from pelican.plugins.strom.outputs import OutputMap, Owner, PathError, key, validate

PELICAN = Path(sys.executable).parent / "pelican"


def snapshot(
    folder: Path, skip=("output", "cache", "image-cache", "search-cache", "text-cache", ".cache")
) -> dict[str, float]:
    """Every file below ``folder`` outside the build's own folders, with its mtime."""
    found = {}
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if relative.parts[0] not in skip:
            found[str(relative)] = path.stat().st_mtime_ns
    return found


def check(capsys, *args):
    capsys.readouterr()  # what a build printed before
    status = cli.main(["check", "--lang", "en", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def build_and_check(build_site, capsys, files, **overrides):
    """Build ``files`` and check them; return the site, the check's lines and its status."""
    site = build_site(files, **overrides)
    status, lines, _ = check(capsys, site.content)
    return site, lines, status


# -- The map itself -------------------------------------------------------------------------


def test_paths_are_one_address_whatever_their_case_or_unicode_form():
    nfd = unicodedata.normalize("NFD", "blog/über/index.html")
    assert key(nfd) == key("Blog/ÜBER/index.html")
    outputs = OutputMap()
    assert outputs.claim("blog/über/index.html", Owner("content/blog/über.md")) is None
    problem = outputs.claim(nfd, Owner("content/blog/ueber.md", field="slug"))
    assert str(problem).startswith("content/blog/ueber.md: slug: gives the address /blog/über/")
    assert "content/blog/über.md" in str(problem)


def test_a_file_where_a_folder_must_be_and_back():
    outputs = OutputMap()
    outputs.claim("rss.xml", Owner("", what="the feed"))
    outputs.claim("blog/a/index.html", Owner("content/blog/a.md"))
    assert "the feed" in str(outputs.claim("rss.xml/index.html", Owner("x.md")))
    assert "content/blog/a.md" in str(outputs.claim("blog/a", Owner("y.md")))
    assert outputs.claim("blog/b/index.html", Owner("z.md")) is None


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("blog/../index.html", "segment '..'"),
        ("blog/./index.html", "segment '.'"),
        ("tag//index.html", "segment ''"),
        ("blog/a\nb/index.html", "U+000A"),
        ("blog/a\u202eb/index.html", "U+202E"),
        ("blog/a\u200bb/index.html", "U+200B"),
        ("_headers", "Netlify reserves"),
        ("_redirects/index.html", "Netlify reserves"),
        ("blog/" + "ü" * 130 + "/index.html", "260 bytes"),
        ("/etc/passwd", "not a path inside"),
        ("blog/a:b/index.html", "':'"),
    ],
)
def test_invalid_output_paths_are_refused(path, reason):
    with pytest.raises(PathError, match=None) as error:
        validate(path)
    assert reason in str(error.value)


def test_netlify_files_are_strom_s_alone():
    assert validate("_redirects", netlify=True) == "_redirects"
    outputs = OutputMap()
    problem = outputs.claim("_headers", Owner("content/pages/h.md", field="slug"))
    assert "Netlify reserves" in str(problem)


# -- Who keeps a contested address ----------------------------------------------------------

OLD = post("title: Der erste Beitrag\npubDate: 2019-05-01\n", "Seit Jahren hier.\n")


@pytest.mark.parametrize(
    "newcomer",
    [
        # Read before first-post.md, and newer: the slug still loses.
        "blog/a-neu.md",
        # Read after it.
        "blog/zz-neu.md",
    ],
)
def test_a_slug_never_takes_an_address_from_the_file_that_has_it(
    build_site, capsys, tmp_path, newcomer
):
    files = {
        "blog/first-post.md": OLD,
        newcomer: post("title: Neu\npubDate: 2025-01-01\nslug: first-post\n", "Neu hier.\n"),
        "blog/anderer.md": post("title: Anderer\npubDate: 2024-01-01\n"),
    }
    before = snapshot(tmp_path) if (tmp_path / "content").exists() else {}
    site, lines, status = build_and_check(build_site, capsys, files)
    assert site.failure is not None and status == 1
    page = site.html("blog/first-post/index.html")
    assert page.h1.get_text() == "Der erste Beitrag"
    assert "Seit Jahren hier." in page.get_text()
    assert site.html("blog/anderer/index.html").h1.get_text() == "Anderer"
    (line,) = site.errors
    assert line.startswith(
        f"{site.content}/{newcomer}:4: slug: gives the address /blog/first-post/"
    )
    assert f"{site.content}/blog/first-post.md has; give it another 'slug:'" in line
    assert lines == site.errors
    # The newcomer is in no list, feed or sitemap.
    assert "Neu hier." not in (site.output / "rss.xml").read_text("utf-8")
    assert "Neu" not in [a.get_text() for a in site.html("index.html").select(".post-list h2 a")]
    after = snapshot(tmp_path)
    assert {name: mtime for name, mtime in after.items() if name in before} == before
    assert all(name.startswith("content") for name in after)


def test_between_two_file_names_of_one_address_the_older_post_keeps_it(build_site, capsys):
    files = {
        "blog/Gut.md": post("title: Groß\npubDate: 2020-01-01\n"),
        "blog/gut.md": post("title: Klein\npubDate: 2025-01-01\n"),
    }
    site, lines, status = build_and_check(build_site, capsys, files)
    assert site.failure is not None and status == 1
    (line,) = site.errors
    assert line.startswith(
        f"{site.content}/blog/gut.md: its file name gives the address /blog/gut/"
    )
    assert "blog/Gut.md has; rename the file or give it a 'slug:'" in line
    assert lines == site.errors
    written = [p for p in (site.output / "blog").iterdir() if p.name.lower() == "gut"]
    assert [p.name for p in written] == ["gut"]  # one folder, as slugs are lower case
    assert site.html("blog/gut/index.html").h1.get_text() == "Groß"


def test_two_slugs_for_one_address_the_older_post_keeps_it(build_site, capsys):
    files = {
        "blog/a.md": post("title: Neuer\npubDate: 2025-01-01\nslug: ziel\n"),
        "blog/b.md": post("title: Älter\npubDate: 2021-01-01\nslug: ziel\n"),
    }
    site, lines, _ = build_and_check(build_site, capsys, files)
    assert site.html("blog/ziel/index.html").h1.get_text() == "Älter"
    (line,) = site.errors
    assert line.startswith(f"{site.content}/blog/a.md:4: slug:") and "blog/b.md has" in line
    assert lines == site.errors


def test_nfc_and_nfd_file_names_are_one_address(build_site, capsys):
    nfd = unicodedata.normalize("NFD", "blog/über.md")
    files = {
        "blog/über.md": post("title: Zuerst\npubDate: 2020-01-01\n"),
        nfd: post("title: Später\npubDate: 2025-01-01\n"),
    }
    site, lines, _ = build_and_check(build_site, capsys, files)
    assert site.failure is not None
    (line,) = site.errors
    assert "its file name gives the address /blog/über/" in unicodedata.normalize("NFC", line)
    assert site.html("blog/über/index.html").h1.get_text() == "Zuerst"
    assert sorted(lines) == sorted(site.errors)


def test_an_alias_in_another_case_names_the_same_owner_in_build_and_check(build_site, capsys):
    files = {
        "blog/gut.md": post("title: Gut\npubDate: 2020-01-01\n"),
        "blog/neu.md": post("title: Neu\npubDate: 2025-01-01\naliases: [/blog/GUT/]\n"),
    }
    site, lines, _ = build_and_check(build_site, capsys, files)
    (line,) = site.errors
    assert f"{site.content}/blog/neu.md:4: aliases: '/blog/GUT/' collides with" in line
    assert f"{site.content}/blog/gut.md (blog/GUT/index.html)" in line
    assert lines == site.errors
    assert site.html("blog/gut/index.html").h1.get_text() == "Gut"


def test_tags_of_one_slug_and_tags_without_a_page(build_site, capsys):
    files = {
        "blog/a.md": post("title: A\npubDate: 2020-01-01\ntags: [C++, Kafka]\n"),
        "blog/b.md": post("title: B\npubDate: 2025-01-01\ntags: ['C#', '🚀', Kafka]\n"),
    }
    site, lines, _ = build_and_check(build_site, capsys, files)
    assert site.failure is not None
    errors = sorted(site.errors)
    assert sorted(lines) == errors
    assert any(
        "blog/b.md:4: tags: the tag page 'C#' gives the address /tag/c/" in e for e in errors
    )
    assert any("the tag page 'C++' of" in e and "blog/a.md" in e for e in errors)
    assert any(
        "blog/b.md:4: tags: the tag page '🚀' gives the output path 'tag//index.html'" in e
        for e in errors
    )
    tag_page = site.html("tag/c/index.html")
    assert [a.get_text() for a in tag_page.select(".post-list h2 a")] == ["A"]
    # The refused tags are taken off the post: no link to a page that is not there.
    assert [a.get_text() for a in site.html("blog/b/index.html").select(".tags a")] == ["Kafka"]


# -- strom check and the build report the same ----------------------------------------------

MIXED = {
    "blog/gut.md": post("title: Gut\npubDate: 2025-01-01\n"),
    "blog/bild.md": post("title: Bild\npubDate: 2025-01-02\n", "![Diagramm](/fehlt.png)\n"),
    "blog/pelican.md": "Title: Pelican\nDate: 2025-01-03\n\n![Diagramm](/auch-weg.png)\n",
    "pages/archiv.md": post("title: Archiv-Seite\nslug: archiv\n"),
    "public/rss.xml": "<rss/>",
    "public/sitemap.xml": "<urlset/>",
    "public/assets/img/logo.png": b"\x89PNG",
}


def test_check_finds_what_the_build_fails(build_site, capsys):
    site, lines, status = build_and_check(build_site, capsys, MIXED)
    assert status == 1 and site.failure is not None
    assert sorted(lines) == sorted(site.errors)
    text = "\n".join(lines)
    assert "blog/bild.md: image in the text: '/fehlt.png' not found" in text
    assert "blog/pelican.md: image in the text: '/auch-weg.png' not found" in text
    assert (
        "pages/archiv.md:3: slug: gives the address /archiv/, which the archives page has" in text
    )
    assert "public/rss.xml: would replace the feed (rss.xml)" in text
    assert "public/sitemap.xml: would replace the file sitemap.xml" in text
    assert "public/assets/img/logo.png: would replace Strom's folder assets/img/" in text
    assert len(lines) == 6
    assert site.html("blog/gut/index.html").h1.get_text() == "Gut"
    assert site.html("archiv/index.html").h1.get_text() == "Archiv"
    assert (site.output / "rss.xml").read_text("utf-8") != "<rss/>"
    assert not (site.output / "assets/img/logo.png").exists()
    # A Pelican-style post gets Strom's Markdown: no broken <img> is written.
    assert site.html("blog/pelican/index.html").select(".post-body img") == []


def test_check_of_a_folder_inside_the_content_or_of_single_files(build_site, capsys, tmp_path):
    bad = {f"blog/kaputt-{n}.md": post(f"title: K{n}\n") for n in range(16)}
    write_tree(tmp_path / "content", {**bad, "pages/seite.md": post("title: S\nslug: archiv\n")})
    status, lines, err = check(capsys, tmp_path / "content" / "blog")
    assert status == 1
    assert len(lines) == 16 and all("date: missing" in line for line in lines)
    assert "16 problems in 16 of 16 files" in err
    status, lines, err = check(
        capsys, tmp_path / "content/blog/kaputt-3.md", tmp_path / "content/pages/seite.md"
    )
    assert status == 1
    assert [line.split(":")[0].rsplit("/", 1)[-1] for line in lines] == ["kaputt-3.md", "seite.md"]
    assert "in 2 of 2 files" in err


def test_check_of_nothing_fails(tmp_path, capsys):
    (tmp_path / "content/blog/leer").mkdir(parents=True)
    status, lines, err = check(capsys, tmp_path / "content/blog/leer")
    assert status == 1 and lines == []
    assert "no content files there" in err
    status, _, err = check(capsys, tmp_path / "content/blog/fehlt.md")
    assert status == 2 and "no such file or folder" in err


def test_check_finds_the_settings_at_or_above_a_file(tmp_path, capsys, monkeypatch):
    write_tree(
        tmp_path,
        {
            "site/pelicanconf.py": 'PATH = "inhalt"\nARTICLE_PATHS = ["posts"]\nPAGE_PATHS = []\n',
            "site/inhalt/posts/a.md": post("title: A\n"),
            "anderswo/.keep": "",
        },
    )
    monkeypatch.chdir(tmp_path / "anderswo")
    status, lines, _ = check(capsys, tmp_path / "site/inhalt/posts/a.md")
    assert status == 1
    (line,) = lines
    assert line.endswith(
        "site/inhalt/posts/a.md: date: missing; "
        "add 'pubDate: Jan 19 2025' (or 'date:') to the front matter"
    )


def test_check_prints_json_for_editors(tmp_path, capsys):
    write_tree(
        tmp_path / "content", {"blog/a.md": '---\ntitle: "offen\npubDate: 2025-01-01\n---\n'}
    )
    status = cli.main(["check", "--lang", "en", str(tmp_path / "content"), "--format", "json"])
    out, _ = capsys.readouterr()
    assert status == 1
    (problem,) = [json.loads(line) for line in out.splitlines()]
    assert problem["path"].endswith("content/blog/a.md")
    assert (problem["line"], problem["column"], problem["field"]) == (2, 8, None)
    assert "a quote opened here is never closed" in problem["message"]


# -- Messages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "title: Gut\npubDate: 2025-01-01\ndescription: 'offen\n",
            ":4: the front matter is not valid YAML: a quote opened here is never closed",
        ),
        (
            "title: Gut\ntags: [a, b\npubDate: 2025-01-01\n",
            ":3: the front matter is not valid YAML: a '[' opened here is never closed",
        ),
        (
            "title: Gut: schlecht\npubDate: 2025-01-01\n",
            ":2: the front matter is not valid YAML: a ':' follows a value",
        ),
        (
            "titel: Gut\npubDate: 2025-01-01\n",
            ":2: titel: is not a key Strom reads; did you mean 'title'?",
        ),
        (
            "title: Gut\ndatum: 2025-01-01\n",
            ":3: datum: is not a key Strom reads; did you mean 'pubDate'?",
        ),
        (
            "title: G\npubDate: 2025-01-01\nbeschreibung: x\n",
            "beschreibung: is not a key Strom reads; did you mean 'description'?",
        ),
        ("title: G\npubDate: 2025-01-01\nschlagworte: [x]\n", "did you mean 'tags'?"),
        (
            "title: G\npubDate: 2025-01-01\npub_date: 2025\n",
            "pub_date: is not a key Strom reads; did you mean 'pubDate'?",
        ),
        ("title: G\npubDate: 2025-01-01\nhero-image: /a.jpg\n", "did you mean 'heroImage'?"),
        ("title: G\npubDate: 2025-01-01\ndecription: x\n", "did you mean 'description'?"),
    ],
)
def test_front_matter_mistakes_are_named_where_they_are(build_site, capsys, front, expected):
    files = {
        "blog/gut.md": post("title: Gut\npubDate: 2025-01-01\n"),
        "blog/x.md": f"---\n{front}---\nText\n",
    }
    site, lines, _ = build_and_check(build_site, capsys, files)
    assert site.failure is not None
    mine = [line for line in site.errors if "blog/x.md" in line]
    assert mine and any(expected in line for line in mine), mine
    assert lines == site.errors
    assert site.html("blog/gut/index.html").h1.get_text() == "Gut"


def test_a_file_without_front_matter_gets_strom_s_message(build_site, capsys):
    site, lines, _ = build_and_check(build_site, capsys, {"blog/notiz.md": "Nur ein Gedanke.\n"})
    (line,) = site.errors
    assert line == (
        f"{site.content}/blog/notiz.md:1: title: has no front matter; start the file with a "
        "'---' line, 'title: ...', 'pubDate: Jan 19 2025' and another '---' line"
    )
    assert lines == site.errors
    assert not any("Skipping" in r.getMessage() for r in site.log)


PROBLEMS = {
    "blog/" + "langer-name-" * 3 + "a.md": post("title: A\n"),
    "blog/b.md": post("title: B\npubDate: 2025-01-01\nslug: " + "langer-name-" * 3 + "a\n"),
    "blog/c.md": post("title: C\npubDate: 32.01.2025\n"),
    "blog/d.md": '---\ntitle: "offen\n---\n',
    "public/robots.txt": "User-agent: *\n",
}


@pytest.mark.parametrize("columns", ["40", "200"])
def test_every_problem_is_one_unbroken_line_in_a_piped_build(tmp_path, columns):
    write_tree(tmp_path / "content", PROBLEMS)
    env = {**os.environ, "COLUMNS": columns, "TERM": "dumb"}
    result = subprocess.run(
        [
            str(PELICAN),
            str(tmp_path / "content"),
            "-s",
            str(ROOT / "pelicanconf.py"),
            "-o",
            str(tmp_path / "output"),
            "-e",
            f'CACHE_PATH="{tmp_path / "cache"}"',
            f'STROM_IMAGE_CACHE="{tmp_path / "images"}"',
            'STROM_MESSAGES_LANG="en"',
        ],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode != 0
    lines = (result.stdout + result.stderr).splitlines()
    problems = [line.strip() for line in lines if line.strip().startswith("content/")]
    names = [
        "langer-name-langer-name-langer-name-a.md",
        "c.md:3: pubDate:",
        "d.md:2:",
        "public/robots.txt: would replace",
    ]
    for name in names:
        mine = [line for line in problems if name in line]
        assert len(mine) == 1, (name, lines)
    # b.md may have the address: the post that has it by name could not be read.
    assert len(problems) == 4
    assert "strom: 4 problems; the site is incomplete:" in lines


def test_settings_problems_name_the_settings_file_that_was_read(tmp_path):
    write_tree(
        tmp_path,
        {
            "content/blog/a.md": post("title: A\npubDate: 2025-01-01\n"),
            "live.py": f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
            "from pelicanconf import *\nSTROM_DATE_FORMAT = 3\n",
        },
    )
    result = subprocess.run(
        [
            str(PELICAN),
            "content",
            "-s",
            "live.py",
            "-o",
            "output",
            "-e",
            f'THEME="{ROOT / "theme"}"',
            f'PLUGIN_PATHS=["{ROOT / "plugins"}"]',
            'STROM_MESSAGES_LANG="en"',
        ],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "live.py: STROM_DATE_FORMAT: must be a Babel date pattern, got 3" in output
    assert "pelicanconf.py: STROM_DATE_FORMAT" not in output


# -- Legal pages ----------------------------------------------------------------------------

IMPRESSUM = post(
    "title: Impressum\n",
    "<!-- Ersetzen Sie alle Angaben in [eckigen Klammern]. -->\n\n"
    "Redaktion  \n[Straße und Hausnummer]  \n[Postleitzahl und Ort]\n\n"
    "Siehe [Datenschutz](/datenschutz/) und `[code]`.\n",
)


def test_placeholders_fail_a_production_build_and_warn_in_development(build_site, capsys):
    files = {
        "blog/gut.md": post("title: Gut\npubDate: 2025-01-01\n"),
        "pages/impressum.md": IMPRESSUM,
        # The footer links it: without it production fails for that (test_legal_links).
        "pages/datenschutz.md": post("title: Datenschutz\n"),
    }
    development = build_site(files)
    assert development.failure is None
    warnings = [r.getMessage() for r in development.log if r.levelname == "WARNING"]
    assert any(
        "pages/impressum.md: still has the placeholder [Straße und Hausnummer]" in w
        for w in warnings
    )
    status, lines, _ = check(capsys, development.content)
    assert status == 0 and lines == []
    production = build_site(files, STROM_PRODUCTION=True)
    assert production.failure is not None
    (line,) = production.errors
    assert line == (
        f"{production.content}/pages/impressum.md: still has the placeholder "
        "[Straße und Hausnummer], [Postleitzahl und Ort]; fill it in before you publish"
    )
    status, lines, _ = check(capsys, production.content, "--production")
    assert status == 1 and lines == production.errors
    assert production.html("impressum/index.html").h1.get_text() == "Impressum"


def test_the_scaffold_s_publishconf_is_a_production_build():
    text = (ROOT / "plugins/strom/scaffold/files/common/publishconf.py.jinja").read_text("utf-8")
    assert "\nSTROM_PRODUCTION = True\n" in text
    assert "\nSTROM_PRODUCTION = True\n" in (ROOT / "publishconf.py").read_text("utf-8")
