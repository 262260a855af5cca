"""`strom new`: a site that builds at once, German or English."""

import datetime as dt
import py_compile
import re
import runpy
import sys
import tomllib
import zipfile
from importlib.metadata import version

import pytest
from babel.dates import format_date
from conftest import ROOT, build_with, html
from pelican.plugins.strom import THEME_PATH, check, cli, scaffold, vendor
from pelican.settings import read_settings


def new(capsys, *args):
    status = cli.main(["new", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def test_german_site(tmp_path, capsys):
    site = tmp_path / "site"
    status, out, _ = new(capsys, site)
    assert status == 0
    # A German site's command speaks German (test_messages.py has the English one).
    assert "Neue deutschsprachige Strom-Website 'Mein Blog'" in out and "pelican content" in out
    assert "Füllen Sie die [Platzhalter] in content/pages/impressum.md und" in out
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
        f"vendor/{vendor.wheel_name()}",
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
    # Netlify installs Strom from the site's own copy of the wheel (pip reads the
    # path from the site's folder, where Netlify runs it).
    assert (site / "requirements.txt").read_text() == f"./vendor/{vendor.wheel_name()}\n"
    with zipfile.ZipFile(site / "vendor" / vendor.wheel_name()) as wheel:
        assert "pelican/plugins/strom/cli.py" in wheel.namelist()
        assert wheel.testzip() is None
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
    heading = html(tmp_path / "output" / "datenschutz" / "index.html").h1.get_text()
    assert heading.replace("\u00ad", "") == "Datenschutzerklärung"  # soft hyphens break it
    statement = html(tmp_path / "output" / "barrierefreiheit" / "index.html")
    assert statement.h1.get_text().replace("\u00ad", "") == "Erklärung zur Barrierefreiheit"
    headings = [h.get_text().replace("\u00ad", "") for h in statement.select("main h2")]
    assert "Feedback und Kontakt" in headings and "Nicht barrierefreie Inhalte" in headings
    footer = {a.get_text(): a["href"] for a in post.select("body > footer a")}
    assert footer["Barrierefreiheit"] == "/barrierefreiheit/"
    assert footer["Impressum"] == "/impressum/"
    assert "content/pages/barrierefreiheit.md aus, bevor Sie veröffentlichen." in out
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
    assert statement.h1.get_text().replace("\u00ad", "") == "Accessibility statement"
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
    assert (
        f"strom: {site} ist nicht leer; wählen Sie einen neuen Ordner oder geben Sie --force an"
        in err
    )
    assert [p.name for p in site.iterdir()] == ["notes.txt"]

    status, _, _ = new(capsys, site, "--force")
    assert status == 0
    assert (site / "notes.txt").read_text() == "mine"
    assert (site / "pelicanconf.py").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--url", "example.org"], "--url muss mit https:// oder http:// beginnen"),
        (["--timezone", "Mars/Olympus"], "--timezone 'Mars/Olympus' ist keine Zeitzone"),
        (["--lang", "en", "--url", "x.org"], "--url must start with https:// or http://"),
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


@pytest.mark.parametrize("url", ["", "https://example.org"])
def test_every_python_file_of_a_new_site_compiles_and_reads_clean(tmp_path, capsys, url):
    site = tmp_path / "site"
    status, _, _ = new(capsys, site, *(["--url", url] if url else []), "--from-pypi")
    assert status == 0
    sources = sorted(site.rglob("*.py"))
    assert {p.name for p in sources} == {"pelicanconf.py", "publishconf.py"}
    for source in sources:
        py_compile.compile(str(source), cfile=str(tmp_path / "compiled.pyc"), doraise=True)
        text = source.read_text("utf-8")
        assert not re.search(r'or ""\s+or', text), source.name
        assert not re.search(r'or ""\s*$', text, re.M), source.name
        lines = [line for line in text.splitlines() if line.startswith("STROM_")]
        assert len(lines) == len(set(lines)), f"{source.name} sets a setting twice"
    siteurl = next(
        line for line in (site / "publishconf.py").read_text().splitlines() if "SITEURL =" in line
    )
    if url:
        assert siteurl.endswith(f'os.environ.get("SITEURL") or "{url}"')
    else:
        assert siteurl.endswith('os.environ.get("SITEURL") or os.environ.get("URL", "")')


def test_from_pypi_pins_the_version_and_vendors_nothing(tmp_path, capsys):
    site = tmp_path / "site"
    status, out, _ = new(capsys, site, "--from-pypi", "--lang", "en")
    assert status == 0
    assert (site / "requirements.txt").read_text() == f"pelican-strom=={version('pelican-strom')}\n"
    assert not (site / "vendor").exists()
    assert "strom vendor" not in out
    # The welcome post links no page that does not exist (Strom is not on PyPI yet).
    assert "pypi.org" not in (site / "content/blog/welcome.md").read_text()


def _old_wheel(path):
    """A wheel of an older Strom: only its name and the module the check looks for differ."""
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr("pelican/plugins/strom/cli.py", "# Strom 0.0.9\n")


def test_vendor_replaces_an_old_wheel_and_its_requirements_line(tmp_path, capsys):
    site = tmp_path / "site"
    assert new(capsys, site, "--from-pypi")[0] == 0
    (site / "vendor").mkdir()
    old = site / "vendor/pelican_strom-0.0.9-py3-none-any.whl"
    _old_wheel(old)
    (site / "requirements.txt").write_text(
        "# Strom and a Markdown extension of the site\n"
        "./vendor/pelican_strom-0.0.9-py3-none-any.whl\n"
        "markdown-katex==202406.1035\n"
    )
    assert cli.main(["vendor", str(site)]) == 0
    out = capsys.readouterr().out
    # `strom vendor` speaks the site's language (German here).
    assert f"vendor/{vendor.wheel_name()} geschrieben" in out
    assert "vendor/pelican_strom-0.0.9-py3-none-any.whl entfernt" in out
    assert sorted(p.name for p in (site / "vendor").iterdir()) == [vendor.wheel_name()]
    assert (site / "requirements.txt").read_text() == (
        "# Strom and a Markdown extension of the site\n"
        f"./vendor/{vendor.wheel_name()}\n"
        "markdown-katex==202406.1035\n"
    )
    # A second run has nothing to change but the wheel it writes again.
    assert cli.main(["vendor", str(site)]) == 0
    assert "requirements.txt" not in capsys.readouterr().out

    # A wheel given by hand, then back to PyPI: the pin, and no wheel left behind.
    given = tmp_path / "pelican_strom-0.0.9-py3-none-any.whl"
    _old_wheel(given)
    assert cli.main(["vendor", str(site), "--wheel", str(given)]) == 0
    assert (site / "requirements.txt").read_text().splitlines()[1] == (
        "./vendor/pelican_strom-0.0.9-py3-none-any.whl"
    )
    assert cli.main(["vendor", str(site), "--from-pypi"]) == 0
    capsys.readouterr()
    assert not (site / "vendor").exists()
    assert (site / "requirements.txt").read_text().splitlines()[1] == (
        f"pelican-strom=={version('pelican-strom')}"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["vendor", "{tmp}/nothing"], "is not a Strom site (it has no pelicanconf.py)"),
        (
            ["vendor", "{tmp}/site", "--wheel", "{tmp}/site/pelicanconf.py"],
            "ist kein Wheel von Strom",
        ),
        (
            ["vendor", "{tmp}/site", "--wheel", "{tmp}/pelican_strom-1-py3-none-any.whl"],
            "kann nicht als Wheel gelesen werden",
        ),
    ],
)
def test_vendor_refuses_what_is_no_site_or_no_wheel(tmp_path, capsys, args, message):
    assert new(capsys, tmp_path / "site", "--from-pypi")[0] == 0
    (tmp_path / "pelican_strom-1-py3-none-any.whl").write_text("not a zip")
    status = cli.main([arg.format(tmp=tmp_path) for arg in args])
    err = capsys.readouterr().err
    assert status in (1, 2) and message in err, err
    assert (tmp_path / "site/requirements.txt").read_text().startswith("pelican-strom==")
