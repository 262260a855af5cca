"""The wheel: its contents, and a fresh virtual environment with only the wheel in it.

Select with ``pytest -m wheel`` (or leave out with ``-m "not wheel"``): these tests
build the wheel once and install it once into a new virtual environment, whose
``strom`` and ``pelican`` then write, import, check and build sites.
"""

import datetime as dt
import gettext
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.dates import format_date
from conftest import ROOT, html, post, write_tree
from test_import_astro import KEPT, astro_project

pytestmark = [pytest.mark.wheel, pytest.mark.slow]

PLUGIN = "pelican/plugins/strom/"


def _source_files() -> list[str]:
    """Files of the working tree that git knows or would add (nothing ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel once, from a clean copy of the working tree (no stale build/).

    The release workflow tests the wheel it publishes: STROM_WHEEL names it.
    """
    if os.environ.get("STROM_WHEEL"):
        given = Path(os.environ["STROM_WHEEL"])
        assert given.is_file(), f"STROM_WHEEL={given}: no such wheel"
        return given
    source = tmp_path_factory.mktemp("source")
    for name in _source_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), "."],
        cwd=source,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = dist.glob("pelican_strom-*.whl")
    return built


@pytest.fixture(scope="session")
def venv(tmp_path_factory, wheel) -> Path:
    """A new virtual environment with the wheel installed (dependencies from the index)."""
    root = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True)
    done = subprocess.run(
        [str(root / "bin/python"), "-m", "pip", "install", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "bin"


def run(venv: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    """Run a command of the virtual environment, as a user of the wheel would."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        [str(venv / args[0]), *map(str, args[1:])],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_wheel_contents(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        german_mo = archive.read(PLUGIN + "theme/translations/de/LC_MESSAGES/messages.mo")
        entry_points = next(
            archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt")
        )
    assert "pelican/__init__.py" not in names
    assert "pelican/plugins/__init__.py" not in names
    assert all(n.startswith((PLUGIN, "pelican_strom-")) for n in names), sorted(names)
    # Every module, template, static file and catalog of the repository is in it.
    source = _source_files()
    for name in source:
        if name.startswith("plugins/strom/") and name.endswith(".py"):
            assert PLUGIN + name.removeprefix("plugins/strom/") in names, name
        if name.startswith(("theme/templates/", "theme/static/", "theme/css/", "theme/fonts/")):
            assert PLUGIN + name in names, name
        if name.startswith("plugins/strom/scaffold/files/"):
            assert PLUGIN + name.removeprefix("plugins/strom/") in names, name
    for module in ("__init__", "cli", "check", "astro", "frontmatter", "i18n", "problems"):
        assert f"{PLUGIN}{module}.py" in names
    assert PLUGIN + "theme/templates/partials/picture.html" in names
    # The Netlify build plugin that `strom new` writes and the repository uses.
    for name in ("manifest.yml", "index.js"):
        assert f"{PLUGIN}scaffold/files/common/netlify/plugins/strom-cache/{name}" in names
    for lang in ("de", "en"):
        assert f"{PLUGIN}theme/translations/{lang}/LC_MESSAGES/messages.mo" in names
    # The compiled German catalog translates what its .po translates.
    catalog = gettext.GNUTranslations(io.BytesIO(german_mo))
    assert catalog.gettext("Skip to content") == "Zum Inhalt springen"
    assert "strom = pelican.plugins.strom.cli:main" in entry_points
    # Nothing of the repository's own site or tests.
    scaffold = PLUGIN + "scaffold/files/"
    assert not [n for n in names if "content/" in n and not n.startswith(scaffold)]
    assert not [n for n in names if "kafka-streaming" in n or "blog-placeholder" in n]
    assert not [n for n in names if n.startswith(("content/", "tests/", "bench/", "theme/"))]
    assert not [n for n in names if "test_" in n or n.endswith((".pyc", ".md.orig"))]


def test_installed_theme_path_and_compiled_catalogs(venv, tmp_path):
    script = (
        "from pathlib import Path\n"
        "from pelican.plugins.strom import THEME_PATH, i18n\n"
        "print(THEME_PATH)\n"
        "mo = Path(THEME_PATH, 'translations/de/LC_MESSAGES/messages.mo')\n"
        "print(mo.is_file(), i18n.translations(THEME_PATH, 'de').gettext('Skip to content'))\n"
    )
    done = run(venv, "python", "-c", script, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    theme, catalog = done.stdout.splitlines()
    assert Path(theme).is_relative_to(venv.parent)
    assert Path(theme, "templates", "base.html").is_file()
    assert catalog == "True Zum Inhalt springen"
    version = run(venv, "strom", "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("strom 0.")


def _dates_around_today(lang: str) -> set[str]:
    today = dt.date.today()
    return {format_date(today + dt.timedelta(days=d), "long", locale=lang) for d in (-1, 0, 1)}


def new_and_build(venv: Path, tmp_path: Path, *options: str) -> Path:
    """The two commands of a new user: `strom new site ...`, then `pelican content`."""
    new = run(venv, "strom", "new", "site", *options, cwd=tmp_path)
    assert new.returncode == 0, new.stderr
    site = tmp_path / "site"
    build = run(venv, "pelican", "content", cwd=site)
    assert build.returncode == 0, build.stdout + build.stderr
    return site


def test_german_site_from_nothing_in_two_commands(venv, tmp_path):
    site = new_and_build(venv, tmp_path, "--title", "Strom-Test")
    post_page = html(site / "output/blog/willkommen/index.html")
    assert post_page.html["lang"] == "de"
    assert post_page.title.get_text() == "Willkommen \u2013 Strom-Test"
    assert post_page.select_one(".skip-link").get_text() == "Zum Inhalt springen"
    assert post_page.select_one("article time").get_text() in _dates_around_today("de")
    assert html(site / "output/impressum/index.html").h1.get_text() == "Impressum"
    assert (site / "output/sitemap.xml").is_file() and (site / "output/rss.xml").is_file()
    assert (site / "output/favicon.svg").is_file()

    check = run(venv, "strom", "check", cwd=site)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "4 Dateien geprüft, keine Probleme" in check.stderr

    # A broken post: the check names it, and the build fails too.
    (site / "content/blog/kaputt.md").write_text(post("title: Kaputt\npubDate: 31.02.2025\n"))
    check = run(venv, "strom", "check", cwd=site)
    assert check.returncode == 1
    assert check.stdout.startswith("content/blog/kaputt.md:3: pubDate: '31.02.2025' ist kein Datum")
    assert "1 Problem in 1 von 5 Dateien" in check.stderr
    assert run(venv, "pelican", "content", cwd=site).returncode == 1


def test_english_site(venv, tmp_path):
    site = new_and_build(venv, tmp_path, "--lang", "en", "--author", "Ada")
    index = html(site / "output/index.html")
    assert index.html["lang"] == "en"
    assert index.select_one(".skip-link").get_text() == "Skip to content"
    post_page = html(site / "output/blog/welcome/index.html")
    assert post_page.select_one("article time").get_text() in _dates_around_today("en")
    assert not (site / "output/impressum").exists()


def test_astro_blog_imported_with_every_url(venv, tmp_path):
    project = astro_project(tmp_path / "astro")
    done = run(venv, "strom", "import", "astro", project, "site", cwd=tmp_path)
    # One MDX file uses components: listed, not carried, so the status is 1.
    assert done.returncode == 1, done.stderr
    # A German site's import speaks German (test_messages.py reads both languages).
    assert "Beiträge: 7 in src/content/blog, 6 nach content/blog übernommen" in done.stdout
    assert "src/content/blog/using-mdx.mdx: MDX, das Code importiert" in done.stdout
    site = tmp_path / "site"
    build = run(venv, "pelican", "content", cwd=site)
    assert build.returncode == 0, build.stdout + build.stderr
    for url, title in KEPT.values():
        assert html(site / "output" / url / "index.html").h1.get_text() == title, url
    assert (site / "output/blog-placeholder-3.jpg").is_file()


def test_usage_errors_exit_2(venv, tmp_path):
    write_tree(tmp_path / "full", {"x.txt": "x"})
    done = run(venv, "strom", "new", "full", cwd=tmp_path)
    assert done.returncode == 2
    assert "ist nicht leer; wählen Sie einen neuen Ordner oder geben Sie --force an" in done.stderr
    assert run(venv, "strom", "frobnicate", cwd=tmp_path).returncode == 2
    assert run(venv, "strom", "check", "missing", cwd=tmp_path).returncode == 2
