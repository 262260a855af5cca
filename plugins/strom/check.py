"""`strom check`: every content file read as the build reads it, without building.

Each file goes through Pelican's own reader machinery with Strom's reader
(images in the text are verified, never encoded), so the check and
``pelican content`` report the same problems in the same words. Then the
checks across sources run: the one list of ``checks.CHECKS``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article, Content, Page
from pelican.settings import read_settings

from . import checks, messages, outputs
from . import settings as strom_settings
from .checks import finder, readers_for
from .messages import ntr, tr
from .problems import Collector, ContentError, Problem, display_path, settings_file
from .reader import unmapped_image_warnings

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
    "SLUGIFY_USE_UNICODE": True,
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
    lost: bool = False
    """Whether another source kept the address this one asked for."""

    @property
    def metadata(self) -> dict[str, Any]:
        """The file's metadata as the build sees it (empty when it could not be read)."""
        return self.content.metadata if self.content is not None else {}


def load_settings(
    content: Path | None,
    settings_file: Path | None,
    production: bool = False,
    lang: str | None = None,
) -> tuple[dict[str, Any], list]:
    """Return the site's settings and the problems with them.

    ``content`` is the content folder, or None for the settings file's PATH.
    Without a settings file, Strom's site defaults apply (as `strom new` writes them).
    From now on messages are in the site's language, or in ``lang`` (`--lang`).
    """
    override: dict[str, Any] = {"PATH": str(content.resolve())} if content else {}
    if production:
        override["STROM_PRODUCTION"] = True
    if lang is not None:
        override["STROM_MESSAGES_LANG"] = lang
    if settings_file is None:
        folder = (content or Path("content")).resolve()
        settings = read_settings(None, override={**SITE_DEFAULTS, **override, "PATH": str(folder)})
    else:
        override["STROM_SETTINGS_FILE"] = display_path(str(settings_file.resolve()))
        try:
            settings = read_settings(str(settings_file), override=override)
        except Exception as error:  # the file is Python: any error can stop it
            line = getattr(error, "lineno", None)
            messages.use(lang or messages.FALLBACK)
            problem = Problem(
                display_path(str(settings_file)),
                tr(
                    "cannot be read ({kind}: {error}); fix the settings file",
                    kind=type(error).__name__,
                    error=error,
                ),
                line=line if isinstance(error, SyntaxError) else None,
            )
            return {}, [problem]
    messages.use(messages.language(settings))
    return settings, strom_settings.apply(settings)


def sources_of(settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return (kind, path inside the content folder) of every source the build would read."""
    files = finder(settings)
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
    readers = readers_for(settings)
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
                    problems.append(Problem(path, tr("cannot be read: {error}", error=error)))
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


def check(settings: Mapping[str, Any], progress=None, only: list[Path] | None = None) -> Result:
    """Read every source, run the checks across them and return the problems.

    ``only`` limits the files reported on (folders or files inside the
    content folder); every source is still read, since checks compare them.
    """
    sources, problems = read_sources(settings, progress)
    read = [source.content for source in sources if source.content is not None]
    for warning in unmapped_image_warnings(read, settings):
        logger.warning("%s", warning)
    taken, found = outputs.start(settings)
    problems += found
    for run in checks.CHECKS:
        problems += list(run(sources, settings, taken))
    problems = list(dict.fromkeys(problems))  # each once, as the build reports it
    # Files the readers do not take (found by a check) were looked at too.
    files = {source.path for source in sources} | {p.path for p in problems if p.path}
    if only is not None:
        files = {path for path in files if inside(path, only)}
        site = settings_file(settings)
        problems = [p for p in problems if p.path in (None, site) or p.path in files]
    return Result(len(files), problems)


def inside(path: str, only: list[Path]) -> bool:
    """Whether ``path`` is one of ``only`` or inside one (links are not followed)."""
    absolute = Path(os.path.abspath(path))
    return any(absolute == folder or folder in absolute.parents for folder in only)


def summary(result: Result) -> str:
    """Return the closing line of `strom check`, in plain words."""
    if not result.files:
        return tr(
            "strom check: no content files there; name the content folder, a folder "
            "inside it or files of it"
        )
    files = ntr("{count} file", "{count} files", result.files)
    count = len(result.problems)
    if not count:
        return tr("strom check: {files} checked, no problems.", files=files)
    with_problems = len({problem.path for problem in result.problems if problem.path})
    if with_problems:
        where = tr("in {count} of {files}", count=with_problems, files=files)
    else:
        where = tr("in the site ({files})", files=files)
    return ntr(
        "strom check: {count} problem {where}; fix it and check again.",
        "strom check: {count} problems {where}; fix them and check again.",
        count,
        where=where,
    )
