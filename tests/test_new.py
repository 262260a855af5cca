"""`strom new`: a site that builds at once, German or English."""

import datetime as dt
import runpy
import sys
import tomllib
from importlib.metadata import version

import pytest
from babel.dates import format_date
from conftest import ROOT, build_with, html
from pelican.plugins.strom import THEME_PATH, check, cli, scaffold
from pelican.settings import read_settings


def new(capsys, *args):
    status = cli.main(["new", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def test_german_site(tmp_path, capsys):
    site = tmp_path / "site"
    status, out, _ = new(capsys, site)
    assert status == 0
    assert "Wrote a new German Strom site 'Mein Blog'" in out and "pelican content" in out
    assert "Fill in the [placeholders] of content/pages/impressum.md and" in out
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert files == {
        ".gitignore",
        "Makefile",
        "netlify.toml",
        "netlify/plugins/strom-cache/index.js",
        "netlify/plugins/strom-cache/manifest.yml",
        "pelicanconf.py",
        "publishconf.py",
        "requirements.txt",
        "content/blog/willkommen.md",
        "content/pages/impressum.md",
        "content/pages/datenschutz.md",
        "content/pages/barrierefreiheit.md",
        "content/public/favicon.svg",
    }
    settings = read_settings(str(site / "pelicanconf.py"))
    assert settings["THEME"] == THEME_PATH
    assert settings["PLUGINS"] == ["strom", "sitemap"]
    assert settings["DEFAULT_LANG"] == "de" and settings["TIMEZONE"] == "Europe/Berlin"
    assert (site / "requirements.txt").read_text() == f"pelican-strom=={version('pelican-strom')}\n"
    netlify = tomllib.loads((site / "netlify.toml").read_text("utf-8"))
    assert netlify["build"]["command"] == "pelican content -s publishconf.py"
    assert netlify["build"]["publish"] == "output"
    assert netlify["build"]["environment"]["PYTHON_VERSION"] == "{}.{}".format(*sys.version_info)

    assert build_with(site / "pelicanconf.py", tmp_path / "output") is None
    post = html(tmp_path / "output" / "blog" / "willkommen" / "index.html")
    assert post.html["lang"] == "de"
    assert post.h1.get_text() == "Willkommen"
    today = dt.datetime.now(dt.UTC).astimezone().date()
    assert post.select_one("article time").get_text() in {
        format_date(today + dt.timedelta(days=d), "long", locale="de") for d in (-1, 0, 1)
    }
    assert post.select_one(".skip-link").get_text() == "Zum Inhalt springen"
    impressum = html(tmp_path / "output" / "impressum" / "index.html")
    assert impressum.h1.get_text() == "Impressum"
    assert "Angaben gemäß § 5 DDG" in impressum.get_text()
    assert html(tmp_path / "output" / "datenschutz" / "index.html").h1.get_text() == (
        "Datenschutzerklärung"
    )
    statement = html(tmp_path / "output" / "barrierefreiheit" / "index.html")
    assert statement.h1.get_text() == "Erklärung zur Barrierefreiheit"
    headings = [h.get_text() for h in statement.select("main h2")]
    assert "Feedback und Kontakt" in headings and "Nicht barrierefreie Inhalte" in headings
    footer = {a.get_text(): a["href"] for a in post.select("body > footer a")}
    assert footer["Barrierefreiheit"] == "/barrierefreiheit/"
    assert footer["Impressum"] == "/impressum/"
    assert "content/pages/barrierefreiheit.md before you publish" in out
    assert (tmp_path / "output" / "favicon.svg").is_file()
    assert cli.main(["check", str(site / "content")]) == 0


def test_english_site_with_title_author_and_url(tmp_path, capsys, monkeypatch):
    site = tmp_path / "site"
    title = 'Daten "in" Bewegung \u2013 Äpfel & Birnen'
    status, out, _ = new(
        capsys, site, "--lang", "en", "--title", title, "--author", "Ada L.",
        "--url", "https://example.org/", "--timezone", "America/New_York",
    )  # fmt: skip
    assert status == 0 and "English" in out
    pages = {p.name for p in (site / "content" / "pages").iterdir()}
    assert pages == {"accessibility.md"}  # no German legal pages
    settings = read_settings(str(site / "pelicanconf.py"))
    assert settings["SITENAME"] == title and settings["AUTHOR"] == "Ada L."
    assert settings["TIMEZONE"] == "America/New_York"

    assert build_with(site / "pelicanconf.py", tmp_path / "output") is None
    page = html(tmp_path / "output" / "blog" / "welcome" / "index.html")
    assert page.html["lang"] == "en"
    assert page.title.get_text() == f"Welcome \u2013 {title}"
    assert page.select_one(".skip-link").get_text() == "Skip to content"
    # No legal pages were written, so the footer links none (a link to no page fails production).
    assert settings["STROM_IMPRINT_URL"] == "" and settings["STROM_PRIVACY_URL"] == ""
    footer = [a.get_text() for a in page.select("body > footer a")]
    assert "Legal notice" not in footer and "Privacy policy" not in footer
    assert "Accessibility" in footer
    statement = html(tmp_path / "output" / "accessibility" / "index.html")
    assert statement.h1.get_text() == "Accessibility statement"
    date = page.select_one("article time").get_text()
    assert dt.datetime.strptime(date, "%B %d, %Y")  # "November 25, 2026"

    # The production settings take the address given to `strom new`.
    for name in ("SITEURL", "URL", "CONTEXT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(site)
    monkeypatch.delitem(sys.modules, "pelicanconf", raising=False)
    production = read_settings(str(site / "publishconf.py"))
    assert production["SITEURL"] == "https://example.org"
    assert production["SITENAME"] == title


def test_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("mine")
    status, _, err = new(capsys, site)
    assert status == 2
    assert f"strom: {site} is not empty; choose a new folder or add --force" in err
    assert [p.name for p in site.iterdir()] == ["notes.txt"]

    status, _, _ = new(capsys, site, "--force")
    assert status == 0
    assert (site / "notes.txt").read_text() == "mine"
    assert (site / "pelicanconf.py").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--url", "example.org"], "--url must start with https:// or http://"),
        (["--timezone", "Mars/Olympus"], "--timezone 'Mars/Olympus' is not a time zone"),
    ],
)
def test_wrong_options_exit_2_and_write_nothing(tmp_path, capsys, args, message):
    status, _, err = new(capsys, tmp_path / "site", *args)
    assert status == 2 and message in err
    assert not (tmp_path / "site").exists()


def test_unknown_language_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["new", str(tmp_path / "site"), "--lang", "fr"])
    assert exit_.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip().startswith(f"strom {version('pelican-strom')}")
    for command in (["--help"], ["new", "--help"], ["check", "--help"], ["import", "astro", "-h"]):
        with pytest.raises(SystemExit) as exit_:
            cli.main(command)
        assert exit_.value.code == 0
        assert "usage: strom" in capsys.readouterr().out
    assert cli.main([]) == 2
    assert "usage: strom" in capsys.readouterr().err


# Settings that name this repository's own site or where it keeps its files.
OWN = {
    "AUTHOR",
    "SITENAME",
    "SITESUBTITLE",
    "THEME",
    "THEME_PATH",
    "PLUGIN_PATHS",
    "STROM_FRONTMATTER",
    "STROM_ACCESSIBILITY_URL",  # the repository's own site has no statement
}


def test_new_sites_keep_the_settings_of_this_repository(tmp_path):
    (tmp_path / "pelicanconf.py").write_bytes(
        scaffold.render(scaffold.SiteOptions())["pelicanconf.py"]
    )
    new = {k: v for k, v in runpy.run_path(str(tmp_path / "pelicanconf.py")).items() if k.isupper()}
    repo = {k: v for k, v in runpy.run_path(str(ROOT / "pelicanconf.py")).items() if k.isupper()}
    for name in sorted((new.keys() | repo.keys()) - OWN):
        assert new.get(name) == repo.get(name), f"{name} differs from pelicanconf.py"
    for name, value in check.SITE_DEFAULTS.items():
        assert new[name] == value, f"check.SITE_DEFAULTS[{name!r}] differs from strom new"
