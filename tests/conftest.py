"""Builds small Strom sites with real Pelican for the whole-site tests."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import dedent

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.log import LimitFilter
from pelican.plugins.strom import cli, messages
from pelican.plugins.strom.problems import BuildFailed
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "blog" / "kafka-streaming-immer-populaerer.md"
NODE_BIN = ROOT / "node_modules" / ".bin"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# What a test build writes beside its content folder: the output and the caches
# (.cache: the image cache's default folder, where social cards are kept).
BUILD_FOLDERS = {
    "content",
    "output",
    "cache",
    "image-cache",
    "search-cache",
    "text-cache",
    ".cache",
}


def require_tools(*paths: Path | str) -> None:
    """Fail, never skip, when a test tool is missing: `make test` installs every one."""
    missing = [str(path) for path in paths if not Path(path).exists()]
    if missing:
        pytest.fail(f"test tools missing: {', '.join(missing)}; run `make tools`", pytrace=False)


def pytest_collection_modifyitems(items) -> None:
    """A test that drives Chromium is slow wherever it is: `make test-fast` leaves it out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_server(process, port: int, log_path: Path, name: str) -> None:
    """Wait until ``process`` answers on ``port``; fail with its log if it stops or stays mute."""
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            pytest.fail(f"{name} stopped: {log_path.read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not answer: {log_path.read_text()}")
            time.sleep(0.5)


@contextlib.contextmanager
def netlify_dev(output: Path, port: int, folder: Path):
    """Serve ``output`` with Netlify's dev server on ``port`` (its headers and redirects)."""
    require_tools(NODE_BIN / "netlify", NODE_BIN / "deno")
    config = (ROOT / "netlify.toml").read_text("utf-8")
    # The repository's build plugin, found from the copy of its netlify.toml.
    plugin = "plugins/strom/scaffold/files/common/netlify/plugins/strom-cache"
    shutil.copytree(ROOT / plugin, folder / plugin)
    (folder / "netlify.toml").write_text(f"{config}\n[dev]\n  staticServerPort = {free_port()}\n")
    env = {
        **os.environ,
        "PATH": f"{NODE_BIN}{os.pathsep}{os.environ['PATH']}",  # its deno comes from npm
        "BROWSER": "none",
        "NETLIFY_TELEMETRY_DISABLED": "1",
    }
    log_path = folder / "netlify-dev.log"
    log = log_path.open("w")
    command = ["netlify", "dev", "--offline", "--dir", str(output), "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_for_server(process, port, log_path, "netlify dev")
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
        log.close()


@pytest.fixture(autouse=True)
def english_messages():
    """Each test starts with Strom's messages in English, as a new process does."""
    messages.use(messages.FALLBACK)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, started once per test module."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 (browser tests only)

    with sync_playwright() as playwright:
        started = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield started
        started.close()


@dataclass
class Site:
    """A site built into a temporary folder."""

    content: Path
    output: Path
    failure: BuildFailed | None
    log: list[logging.LogRecord] = field(default_factory=list)

    def html(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / relative).read_text("utf-8"), "lxml")

    @property
    def failure_text(self) -> str:
        """The failure and each of its problems, one a line."""
        if self.failure is None:
            return ""
        return "\n".join([str(self.failure), *map(str, self.failure.problems)])

    def exists(self, relative: str) -> bool:
        return (self.output / relative).is_file()

    @property
    def errors(self) -> list[str]:
        """Every problem, one a line (a file's problems are logged as one record)."""
        return [
            line
            for r in self.log
            if r.levelno >= logging.ERROR
            for line in r.getMessage().splitlines()
        ]

    def files(self) -> set[str]:
        return {
            p.relative_to(self.output).as_posix() for p in self.output.rglob("*") if p.is_file()
        }


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for relative, body in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(dedent(body).lstrip("\n"), "utf-8")


@pytest.fixture
def build_site(tmp_path, caplog):
    """Return a function that writes content files and builds them with pelicanconf.py."""

    def build(files: dict[str, str | bytes], **overrides) -> Site:
        content = tmp_path / "content"
        output = tmp_path / "output"
        write_tree(content, files)
        settings = read_settings(
            str(ROOT / "pelicanconf.py"),
            override={
                "PATH": str(content),
                "OUTPUT_PATH": str(output),
                "CACHE_PATH": str(tmp_path / "cache"),
                "STROM_SEARCH_CACHE": str(tmp_path / "search-cache"),
                "STROM_TEXT_CACHE": str(tmp_path / "text-cache"),
                # The tests read Strom's messages in English (test_messages.py: German).
                "STROM_MESSAGES_LANG": "en",
                **overrides,
            },
        )
        caplog.clear()
        # Each build stands for one `pelican` process: forget the messages that
        # Pelican's log filter already saw (it drops repeats for the process).
        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear()
        failure = None
        with caplog.at_level(logging.INFO):
            try:
                Pelican(settings).run()
            except BuildFailed as error:
                failure = error
        return Site(content, output, failure, list(caplog.records))

    return build


def post(front: str, body: str = "Text.\n") -> str:
    """Return a Markdown file with the given YAML front matter."""
    return f"---\n{dedent(front).strip()}\n---\n{body}"


def run_pelican(settings: dict) -> BuildFailed | None:
    """Build with ``settings``; return the failure of a build that had problems."""
    try:
        Pelican(settings).run()
    except BuildFailed as error:
        return error
    return None


def build_with(settings_file: Path, output: Path) -> BuildFailed | None:
    """Build a site with its own settings file (e.g. one `strom new` wrote) into ``output``."""
    return run_pelican(
        read_settings(
            str(settings_file),
            override={"OUTPUT_PATH": str(output), "CACHE_PATH": str(output.parent / "cache")},
        )
    )


def build_tree(root: Path, files: dict[str, str | bytes], **overrides) -> Site:
    """Build ``files`` into ``root`` once, for fixtures shared by a whole test module."""
    write_tree(root / "content", files)
    return build_folder(root / "content", root / "output", **overrides)


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "lxml")


# The kitchen-sink site: every front-matter key, umlauts, code, tables,
# footnotes, a hero, pages and enough posts that lists paginate.
KITCHEN_SINK = ROOT / "tests" / "sites" / "kitchen-sink"
SITE_URL = "https://blog.example.de"


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_folder(content: Path, output: Path, **overrides) -> Site:
    """Build an existing content folder with pelicanconf.py; keep the log."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(output.parent / "cache"),
            # Never beside the content: some content folders are in the repository.
            "STROM_IMAGE_CACHE": str(output.parent / "image-cache"),
            "STROM_SEARCH_CACHE": str(output.parent / "search-cache"),
            "STROM_TEXT_CACHE": str(output.parent / "text-cache"),
            "STROM_MESSAGES_LANG": "en",
            **overrides,
        },
    )
    handler = _Records()
    logging.getLogger().addHandler(handler)
    try:
        failure = run_pelican(settings)
    finally:
        logging.getLogger().removeHandler(handler)
    return Site(content, output, failure, handler.records)


@pytest.fixture(scope="session")
def kitchen_sink(tmp_path_factory) -> Site:
    """The kitchen-sink site, built once, with absolute URLs under SITE_URL."""
    folder = tmp_path_factory.mktemp("kitchen-sink")
    return build_folder(KITCHEN_SINK, folder / "output", SITEURL=SITE_URL, FEED_DOMAIN=SITE_URL)


def write_settings(folder, **settings):
    """Write a settings file: the repository's pelicanconf.py with ``settings`` laid over it."""
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT)!r})",
        "from pelicanconf import *",
        f"THEME = {str(ROOT / 'theme')!r}",
        "PATH = 'content'",
        "STROM_MESSAGES_LANG = 'en'",
    ]
    lines += [f"{name} = {value}" for name, value in settings.items()]
    path = folder / "site.py"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def build_and_check(tmp_path, capsys, files, **settings):
    """Build ``files`` with ``settings`` (Python source) and check them; return both results.

    Both run in ``tmp_path`` with the same settings file named, so that paths match.
    """
    write_tree(tmp_path / "content", files)
    write_settings(tmp_path, **settings)
    values = {name: eval(value) for name, value in settings.items()}
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        site = build_folder(
            tmp_path / "content", tmp_path / "output", STROM_SETTINGS_FILE="site.py", **values
        )
        capsys.readouterr()
        # Pelican's log filter drops repeated warnings for the process; each
        # command stands for a process of its own.
        LimitFilter._raised_messages.clear()
        status = cli.main(["check", "content", "-s", "site.py"])
    finally:
        os.chdir(here)
    out, err = capsys.readouterr()
    # Problems with settings stop the build before any is logged; they are its failure's.
    built = set(site.errors) | {str(p) for p in (site.failure.problems if site.failure else ())}
    assert sorted(set(out.splitlines())) == sorted(built)
    assert (status == 1) == (site.failure is not None)
    return site, status, out.splitlines(), err
