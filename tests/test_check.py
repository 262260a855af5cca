"""`strom check`: the same reader and problems as the build, without building."""

import io
import sys

import pytest
from conftest import ROOT, post, write_tree
from pelican.plugins.strom import check, checks, cli
from pelican.plugins.strom.problems import Problem
from test_site import BAD, GOOD


def run(capsys, *args):
    capsys.readouterr()  # only what the check prints, not a build's report before it
    status = cli.main(["check", "--lang", "en", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_clean_content_exits_0(tmp_path, capsys):
    write_tree(tmp_path / "content", {**GOOD, "pages/über-uns.md": post("title: Über uns\n")})
    status, lines, err = run(capsys, tmp_path / "content")
    assert status == 0
    assert lines == []
    assert "2 files checked, no problems" in err


def test_every_bad_file_is_named_with_line_and_advice(tmp_path, capsys):
    write_tree(tmp_path / "content", {**GOOD, **{name: body for name, (body, _) in BAD.items()}})
    status, lines, err = run(capsys, tmp_path / "content")
    assert status == 1
    for name, (_, expected) in BAD.items():
        mine = [line for line in lines if name in line]
        assert len(mine) == 1, (name, lines)
        for part in expected:
            assert part in mine[0], (name, part, mine)
    assert not any("blog/gut.md" in line for line in lines)
    count = len(BAD)
    assert f"{count} problems in {count} of {count + 1} files; fix them and check again." in err


def test_check_and_build_report_the_same_problems(tmp_path, build_site, capsys):
    files = {**GOOD, **{name: body for name, (body, _) in BAD.items()}}
    site = build_site(files)
    _, lines, _ = run(capsys, site.content)
    assert sorted(lines) == sorted(site.errors)


def test_url_collisions_between_posts_and_pages(tmp_path, capsys):
    write_tree(
        tmp_path / "content",
        {
            **GOOD,
            "blog/doppelt.md": post("title: Doppelt\npubDate: 2025-01-02\nslug: gut\n"),
            "pages/seite.md": post("title: Seite\nslug: blog/gut\n"),
            "pages/frei.md": post("title: Frei\n"),
        },
    )
    status, lines, _ = run(capsys, tmp_path / "content")
    assert status == 1
    assert len(lines) == 2
    assert all("gives the address /blog/gut/" in line and "slug:" in line for line in lines)
    assert any("blog/doppelt.md" in line and "content/blog/gut.md" in line for line in lines)
    assert any("content/pages/seite.md" in line for line in lines)


def test_drafts_claim_no_url(tmp_path, capsys):
    draft = post("title: Entwurf\npubDate: 2025-01-02\nslug: gut\ndraft: true\n")
    write_tree(tmp_path / "content", {**GOOD, "blog/entwurf.md": draft})
    assert run(capsys, tmp_path / "content")[0] == 0


def test_paths_are_relative_to_the_working_folder(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path / "content", {"blog/ohne-datum.md": post("title: Ohne Datum\n")})
    monkeypatch.chdir(tmp_path)
    status, lines, _ = run(capsys)  # CONTENT_DIR defaults to content
    assert status == 1
    assert lines == [
        "content/blog/ohne-datum.md: date: missing; "
        "add 'pubDate: Jan 19 2025' (or 'date:') to the front matter"
    ]


def test_settings_file_decides_the_folders(tmp_path, capsys, monkeypatch):
    write_tree(
        tmp_path,
        {
            "content/posts/ohne-datum.md": post("title: Ohne Datum\n"),
            "content/blog/kein-beitrag.md": "no front matter, not read",
            "site.py": 'ARTICLE_PATHS = ["posts"]\nPAGE_PATHS = []\n',
        },
    )
    monkeypatch.chdir(tmp_path)
    status, lines, _ = run(capsys, "content", "-s", "site.py")
    assert status == 1
    assert [line.split(":")[0] for line in lines] == ["content/posts/ohne-datum.md"]


def test_pelicanconf_beside_the_content_is_used(tmp_path, capsys):
    write_tree(
        tmp_path,
        {
            "content/posts/a.md": post("title: A\n"),
            "pelicanconf.py": 'ARTICLE_PATHS = ["posts"]\nPAGE_PATHS = []\n',
        },
    )
    status, lines, _ = run(capsys, tmp_path / "content")
    assert status == 1 and "posts/a.md" in lines[0] and "date:" in lines[0]


def test_bad_strom_setting_is_a_problem(tmp_path, capsys):
    write_tree(
        tmp_path, {"content/blog/a.md": GOOD["blog/gut.md"], "conf.py": "STROM_DATE_FORMAT = 3\n"}
    )
    status, lines, _ = run(capsys, tmp_path / "content", "-s", tmp_path / "conf.py")
    assert status == 1
    # The settings file that was read is named, whatever its name.
    (line,) = lines
    assert line.endswith("/conf.py: STROM_DATE_FORMAT: must be a Babel date pattern, got 3")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nirgends"], "nirgends: no such file or folder"),
        (["{content}", "-s", "fehlt.py"], "the settings file fehlt.py does not exist"),
    ],
)
def test_wrong_use_exits_2(tmp_path, capsys, args, message):
    write_tree(tmp_path / "content", GOOD)
    args = [arg.format(content=tmp_path / "content") for arg in args]
    status, _, err = run(capsys, *args)
    assert status == 2
    assert message in err


def test_a_check_of_another_concern_plugs_in(tmp_path, capsys, monkeypatch):
    def every_post_needs_tags(sources, settings, outputs):
        for source in sources:
            if source.kind == "article" and not source.metadata.get("tags"):
                yield Problem(source.path, "add at least one tag", field="tags")

    monkeypatch.setattr(checks, "CHECKS", [*checks.CHECKS, every_post_needs_tags])
    write_tree(
        tmp_path / "content",
        {**GOOD, "blog/mit-tags.md": post("title: T\npubDate: 2025-01-02\ntags: [a]\n")},
    )
    status, lines, _ = run(capsys, tmp_path / "content")
    assert status == 1
    assert len(lines) == 1
    assert lines[0].endswith("content/blog/gut.md: tags: add at least one tag")


def test_sources_carry_what_the_build_computes(tmp_path):
    files = {"blog/über Größe.md": post("title: Ü\npubDate: 2025-01-02\n")}
    write_tree(tmp_path / "content", files)
    settings, problems = check.load_settings(tmp_path / "content", None)
    assert problems == []
    sources, problems = check.read_sources(settings)
    assert problems == []
    (source,) = sources
    assert source.kind == "article"
    assert source.relative == "blog/über Größe.md"
    assert source.content.url == "blog/über-größe/"
    assert source.metadata["title"] == "Ü"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_shown_on_a_terminal_only(monkeypatch):
    for stream, shown in ((Terminal(), True), (io.StringIO(), False)):
        monkeypatch.setattr(sys, "stderr", stream)
        progress = cli.Progress("{done} of {total} files read", every=2)
        for done in range(1, 6):
            progress(done, 5)
        progress.close()
        text = stream.getvalue()
        assert ("\r2 of 5 files read\r4 of 5 files read\r5 of 5 files read" in text) is shown
        assert text.endswith("\r\033[K") is shown


def test_hero_images_are_checked_without_encoding(tmp_path, capsys):
    write_tree(
        tmp_path / "content",
        {
            "blog/gut.md": post("title: Gut\npubDate: 2025-01-01\nheroImage: /bild.jpg\n"),
            "public/bild.jpg": (ROOT / "content/public/blog-placeholder-3.jpg").read_bytes(),
            "blog/fehlt.md": post("title: Fehlt\npubDate: 2025-01-01\nheroImage: /weg.jpg\n"),
            "blog/kaputt.md": post("title: K\npubDate: 2025-01-01\nimage: {path: /kein.jpg}\n"),
            "public/kein.jpg": b"not an image",
            "blog/raus.md": post("title: R\npubDate: 2025-01-01\nheroImage: ../../etc/passwd\n"),
        },
    )
    status, lines, _ = run(capsys, tmp_path / "content")
    assert status == 1
    text = "\n".join(lines)
    assert "blog/fehlt.md:4: heroImage: '/weg.jpg' not found; looked in" in text
    assert "blog/kaputt.md:4: image: '/kein.jpg'" in text and "is not an image" in text
    assert "blog/raus.md:4: heroImage: '../../etc/passwd' leaves the content folder" in text
    assert not any("gut.md" in line for line in lines)
    assert not (tmp_path / ".cache").exists()  # nothing was encoded


def test_aliases_are_checked_as_the_build_checks_them(tmp_path, capsys):
    write_tree(
        tmp_path / "content",
        {
            "blog/a.md": post(
                "title: A\npubDate: 2025-01-01\naliases: [/alt/a/, ../../../tmp/x]\n"
            ),
            "blog/b.md": post("title: B\npubDate: 2025-01-02\naliases: /alt/a/\n"),
            "blog/c.md": post("title: C\npubDate: 2025-01-03\nredirect_from: /blog/a/\n"),
            "blog/d.md": post("title: D\npubDate: 2025-01-04\naliases: [/über-uns/]\n"),
        },
    )
    status, lines, _ = run(capsys, tmp_path / "content")
    assert status == 1
    text = "\n".join(lines)
    assert "blog/a.md:4: aliases: '../../../tmp/x'" in text
    assert "blog/b.md:4: aliases: '/alt/a/' collides with the alias '/alt/a/' of" in text
    assert "blog/c.md:4: redirect_from: '/blog/a/' collides with" in text and "blog/a.md" in text
    assert not any("blog/d.md" in line for line in lines)


def test_check_and_build_blame_the_same_file_of_two(tmp_path, build_site, capsys):
    files = {
        "blog/zweiter.md": post("title: Zweiter\npubDate: 2025-03-01\nslug: erster\n"),
        "blog/erster.md": post("title: Erster\npubDate: 2025-01-01\n"),
    }
    site = build_site(files)
    _, lines, _ = run(capsys, site.content)
    assert lines == site.errors
    (line,) = lines
    assert "blog/zweiter.md:4: slug: gives the address /blog/erster/, which " in line
    assert line.endswith("blog/erster.md has; give it another 'slug:'")


def test_a_broken_settings_file_is_one_clear_problem(tmp_path, capsys):
    write_tree(tmp_path, {"content/blog/gut.md": GOOD["blog/gut.md"], "pelicanconf.py": "X = (\n"})
    status, lines, _ = run(capsys, tmp_path / "content", "-s", str(tmp_path / "pelicanconf.py"))
    assert status == 1
    (line,) = lines
    assert "pelicanconf.py" in line and "cannot be read (SyntaxError" in line
