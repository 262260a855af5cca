"""`strom check`: every content file read as the build reads it, without building.

Each file goes through Pelican's own reader machinery with Strom's reader
(``FrontMatterReader``, minus the Markdown rendering the check does not need),
so the check and ``pelican content`` report the same problems in the same
words. Then the checks across sources run: plain functions that take the
read sources and the settings and return problems (see ``CHECKS``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article, Content, Page
from pelican.generators import Generator
from pelican.readers import Readers
from pelican.settings import read_settings

from . import aliases, hero
from . import settings as strom_settings
from .build import same_url, unread_files
from .frontmatter import FrontMatterReader, UnsupportedReader, display_path
from .problems import Collector, ContentError, Problem, counted

logger = logging.getLogger(__name__)

# The Pelican settings a Strom site relies on, for a check without pelicanconf.py
# (the same values `strom new` writes).
SITE_DEFAULTS: dict[str, Any] = {
    "ARTICLE_PATHS": ["blog"],
    "PAGE_PATHS": ["pages"],
    "STATIC_PATHS": ["public"],
    "ARTICLE_URL": "blog/{slug}/",
    "ARTICLE_SAVE_AS": "blog/{slug}/index.html",
    "PAGE_URL": "{slug}/",
    "PAGE_SAVE_AS": "{slug}/index.html",
    "DRAFT_SAVE_AS": "",
    "DRAFT_PAGE_SAVE_AS": "",
    "TIMEZONE": "Europe/Berlin",
    "DEFAULT_LANG": "de",
    "DEFAULT_CATEGORY": "Blog",
    "USE_FOLDER_AS_CATEGORY": False,
}


@dataclass
class Source:
    """One content file as the check read it."""

    path: str
    """The path as the user knows it (relative to the working folder if inside)."""
    relative: str
    """The path inside the content folder: ``blog/x.md``."""
    kind: str
    """``article`` or ``page``."""
    content: Content | None
    """Pelican's Article or Page; None when the file could not be read."""

    @property
    def metadata(self) -> dict[str, Any]:
        """The file's metadata as the build sees it (empty when it could not be read)."""
        return self.content.metadata if self.content is not None else {}


Check = Callable[[list[Source], Mapping[str, Any]], Iterable[Problem]]


def url_collisions(sources: list[Source], settings: Mapping[str, Any]) -> Iterable[Problem]:
    """Two sources that would be written to one URL: the build keeps one, drops the other."""
    owners: dict[str, Source] = {}
    # As in the build, posts claim their URL before pages do.
    for source in sorted(sources, key=lambda s: (s.kind != "article", s.relative)):
        target = getattr(source.content, "save_as", "")
        if not target:
            continue
        other = owners.setdefault(target, source)
        if other is not source:
            yield same_url(source.path, source.content.url, other.path)


def files_no_reader_takes(sources: list[Source], settings: Mapping[str, Any]) -> Iterable[Problem]:
    """Files in the post and page folders that the build would skip (e.g. ``.adoc``)."""
    files = _Files(settings, _readers(settings))
    for kind in ("ARTICLE", "PAGE"):
        yield from unread_files(files, settings[f"{kind}_PATHS"], settings[f"{kind}_EXCLUDES"])


# The checks across sources, run in this order after every file was read. Each
# is a plain function ``check(sources, settings) -> problems``; a concern of
# Strom (aliases, hero images) adds its own function to this list.
CHECKS: list[Check] = [
    url_collisions,
    files_no_reader_takes,
    hero.check_heroes,
    aliases.check_aliases,
]


class MetadataReader(FrontMatterReader):
    """Strom's reader without the Markdown rendering: the check needs metadata only."""

    def render(self, body: str) -> str:
        """Return no body: the check reads the metadata the build would read."""
        return ""


class _Files:
    """Pelican's own choice of source files (``Generator.get_files``), without a generator."""

    get_files = Generator.get_files
    _include_path = Generator._include_path

    def __init__(self, settings: Mapping[str, Any], readers: Readers) -> None:
        self.settings = settings
        self.path = settings["PATH"]
        self.readers = readers


def load_settings(content: Path, settings_file: Path | None) -> tuple[dict[str, Any], list]:
    """Return the site's settings for ``content`` and the problems with them.

    Without a settings file, Strom's site defaults apply (as `strom new` writes them).
    """
    override = {"PATH": str(content.resolve())}
    if settings_file is None:
        settings = read_settings(None, override={**SITE_DEFAULTS, **override})
    else:
        try:
            settings = read_settings(str(settings_file), override=override)
        except Exception as error:  # the file is Python: any error can stop it
            line = getattr(error, "lineno", None)
            problem = Problem(
                display_path(str(settings_file)),
                f"cannot be read ({type(error).__name__}: {error}); fix the settings file",
                line=line if isinstance(error, SyntaxError) else None,
            )
            return {}, [problem]
    return settings, strom_settings.apply(settings)


def _readers(settings: Mapping[str, Any]) -> Readers:
    readers = Readers(settings)
    reader = MetadataReader(settings)
    for extension in FrontMatterReader.file_extensions:
        readers.readers[extension] = reader
    unsupported = UnsupportedReader(settings)
    for extension in UnsupportedReader.file_extensions:
        readers.readers[extension] = unsupported
    return readers


def sources_of(settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return (kind, path inside the content folder) of every source the build would read."""
    files = _Files(settings, _readers(settings))
    found = []
    for kind, paths, excludes in (
        ("article", settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
        ("page", settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]),
    ):
        found += [(kind, path) for path in sorted(files.get_files(paths, exclude=excludes))]
    return found


def read_sources(
    settings: Mapping[str, Any],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Source], list[Problem]]:
    """Read every content file as the build does; return the sources and their problems."""
    readers = _readers(settings)
    base = settings["PATH"]
    found = sources_of(settings)
    sources: list[Source] = []
    problems: list[Problem] = []
    collector = Collector()  # Pelican's own errors (e.g. invalid content) count too
    collector.attach()
    # Content objects are made here only to be looked at: what the build attaches
    # to them on creation (hero derivatives) is checked by CHECKS, without encoding.
    try:
        with signals.content_object_init.muted():
            for number, (kind, relative) in enumerate(found, start=1):
                content_class = Article if kind == "article" else Page
                path = display_path(str(Path(base, relative)))
                content = None
                try:
                    content = readers.read_file(base, relative, content_class=content_class)
                except ContentError as error:
                    problems += error.problems
                except Exception as error:  # the build logs these as "Could not process"
                    problems.append(Problem(path, f"cannot be read: {error}"))
                if content is not None and not content.is_valid():
                    content = None
                sources.append(Source(path, relative.replace("\\", "/"), kind, content))
                if progress:
                    progress(number, len(found))
    finally:
        collector.detach()
    return sources, problems + collector.problems


@dataclass
class Result:
    """What `strom check` found."""

    files: int
    problems: list[Problem]


def check(settings: Mapping[str, Any], progress=None) -> Result:
    """Read every source, run ``CHECKS`` across them and return the problems."""
    sources, problems = read_sources(settings, progress)
    for run in CHECKS:
        problems += list(run(sources, settings))
    # Files the readers do not take (found by a check) were looked at too.
    files = {source.path for source in sources} | {p.path for p in problems if p.path}
    return Result(len(files), problems)


def summary(result: Result) -> str:
    """Return the closing line of `strom check`, in plain words."""
    files = counted(result.files, "file")
    count = len(result.problems)
    if not count:
        return f"strom check: {files} checked, no problems."
    problems = counted(count, "problem")
    with_problems = len({problem.path for problem in result.problems if problem.path})
    where = f"in {with_problems} of {files}" if with_problems else f"in the site ({files})"
    return f"strom check: {problems} {where}; fix {'it' if count == 1 else 'them'} and check again."
