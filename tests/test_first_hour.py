"""A newcomer's first command: `make html` in a fresh clone, quiet and with only what it needs."""

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

# Installed by the test extra; building needs none of them.
TEST_TOOLS = ("pytest", "playwright", "ruff", "hypothesis", "livereload")


def machine_pip_locations() -> list[str]:
    """The package indexes this machine's pip configuration names (not the project's)."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, check=False
    )
    return re.findall(r"file://[^\s']+", done.stdout)


def project_warnings(output: str) -> list[str]:
    """Lines that say "warning", less pip's notes on this machine's own index settings."""
    machine = machine_pip_locations()
    return [
        line
        for line in output.splitlines()
        if "warning" in line.lower()
        and not any(line.startswith(f"WARNING: Location '{place}") for place in machine)
    ]


def test_make_html_in_a_fresh_clone_is_quiet_and_installs_only_the_build(tmp_path):
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    clone = tmp_path / "strom"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "checkout", "--quiet", "--detach", head], cwd=clone, check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        ["make", "html"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert project_warnings(output) == [], output
    assert "Done: Processed 1 article" in output
    assert (clone / "output/blog/kafka-streaming-immer-populaerer/index.html").is_file()
    # Only what building needs.
    listed = subprocess.run(
        [str(clone / ".venv/bin/python"), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.lower()
    installed = {line.split("==")[0] for line in listed.splitlines()}
    assert {"pelican", "pelican-strom", "pagefind"} <= installed
    assert not installed & set(TEST_TOOLS), sorted(installed & set(TEST_TOOLS))
    # The built pages hold no development reload script.
    for page in (clone / "output").rglob("*.html"):
        assert "livereload" not in page.read_text("utf-8"), page
