"""Netlify's build, reproduced: a site from `strom new`, its own requirements.txt, Netlify's CLI.

Nothing of the repository's checkout is used by the build: Strom comes from the
wheel that `strom new` vendored into the site, installed with the site's
requirements.txt into a fresh virtual environment, as Netlify's build image does.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import NODE_BIN, ROOT, require_tools
from pelican.plugins.strom import cli, vendor
from test_netlify import check
from test_netlify_cache import NETLIFY, netlify_build, without_legal_skeletons

pytestmark = pytest.mark.slow

URL = "https://beispiel.example"


def install_requirements(site: Path, venv: Path) -> Path:
    """`pip install -r requirements.txt` in ``site``, into a new virtual environment."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return venv / "bin"


def test_a_new_site_builds_with_netlifys_build_from_its_own_files(tmp_path, capsys):
    require_tools(NETLIFY, NODE_BIN / "deno")
    site = tmp_path / "site"
    assert cli.main(["new", str(site), "--title", "Beispiel"]) == 0
    capsys.readouterr()
    without_legal_skeletons(site)
    assert (site / "requirements.txt").read_text() == f"./vendor/{vendor.wheel_name()}\n"

    python = install_requirements(site, tmp_path / "venv")
    where = subprocess.run(
        [str(python / "python"), "-c", "import pelican.plugins.strom as s; print(s.__file__)"],
        cwd=site,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(tmp_path / "venv"), where  # not the checkout

    log = netlify_build(site, "--context", "production", python=python, URL=URL)
    assert "pelican content -s publishconf.py" in log
    assert "Netlify Build Complete" in log, log

    output = site / "output"
    for page in ("index.html", "blog/willkommen/index.html", "404.html", "sitemap.xml"):
        assert (output / page).is_file(), page
    post = BeautifulSoup((output / "blog/willkommen/index.html").read_text("utf-8"), "lxml")
    assert post.h1.get_text() == "Willkommen"
    assert post.select_one('link[rel="canonical"]')["href"] == f"{URL}/blog/willkommen/"
    assert post.select_one('meta[property="og:url"]')["content"] == f"{URL}/blog/willkommen/"
    home = BeautifulSoup((output / "index.html").read_text("utf-8"), "lxml")
    assert home.select_one('link[rel="canonical"]')["href"] == f"{URL}/"
    assert f"<loc>{URL}/blog/willkommen/</loc>" in (output / "sitemap.xml").read_text("utf-8")

    parsed = check(output, ["/", "/blog/willkommen/"], root=site)
    assert parsed["redirectErrors"] == [] and parsed["headerErrors"] == []
    assert parsed["configError"] is None
    assert parsed["config"]["build"]["command"] == "pelican content -s publishconf.py"
    assert parsed["headers"], "Strom's _headers were read"
    assert "content-security-policy" in parsed["matches"]["/blog/willkommen/"]
    # A production deploy is indexed: no noindex header.
    assert "x-robots-tag" not in parsed["matches"]["/"]
    assert str(ROOT) not in (output / "index.html").read_text("utf-8")
