"""Builds small Strom sites with real Pelican for the whole-site tests."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import dedent

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.plugins.strom.problems import BuildFailed
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "blog" / "kafka-streaming-immer-populaerer.md"


@dataclass
class Site:
    """A site built into a temporary folder."""

    content: Path
    output: Path
    failure: BuildFailed | None
    log: list[logging.LogRecord] = field(default_factory=list)

    def html(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / relative).read_text("utf-8"), "lxml")

    def exists(self, relative: str) -> bool:
        return (self.output / relative).is_file()

    @property
    def errors(self) -> list[str]:
        return [r.getMessage() for r in self.log if r.levelno >= logging.ERROR]

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
                **overrides,
            },
        )
        caplog.clear()
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


def build_tree(content: Path, output: Path, **overrides) -> Site:
    """Build an existing content folder with pelicanconf.py; keep the log."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(output.parent / "cache"),
            **overrides,
        },
    )
    handler = _Records()
    logging.getLogger().addHandler(handler)
    failure = None
    try:
        Pelican(settings).run()
    except BuildFailed as error:
        failure = error
    finally:
        logging.getLogger().removeHandler(handler)
    return Site(content, output, failure, handler.records)


@pytest.fixture(scope="session")
def kitchen_sink(tmp_path_factory) -> Site:
    """The kitchen-sink site, built once, with absolute URLs under SITE_URL."""
    folder = tmp_path_factory.mktemp("kitchen-sink")
    return build_tree(KITCHEN_SINK, folder / "output", SITEURL=SITE_URL, FEED_DOMAIN=SITE_URL)
