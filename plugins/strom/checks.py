"""The checks across sources: one list, run by `strom check` and, step by step, by the build.

Each check is a plain function ``check(sources, settings, outputs)`` that
returns problems. `strom check` runs them in this order over the sources it
read; the build runs the same functions where Pelican gives it the same
sources (named in each docstring), so both report the same problems.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from pelican.contents import Page
from pelican.generators import Generator
from pelican.readers import Readers

from . import aliases, hero, outputs, public, shortcodes, theme
from .build import (
    ARTICLE_LISTS,
    PAGE_LISTS,
    current,
    drop_terms,
    unread_files,
    written_content,
)
from .messages import tr
from .outputs import OutputMap
from .problems import Problem, display_path, report, settings_file
from .reader import StromReader, UnsupportedReader, unmapped_image_warnings

logger = logging.getLogger(__name__)

Check = Callable[[list[Any], Mapping[str, Any], OutputMap], Iterable[Problem]]


def read(sources: Iterable[Any]) -> list[Any]:
    """Return the sources the build makes a page of: read, and written (no unwritten draft).

    The build looks at their images as it reads them, before addresses are claimed.
    """
    return [s for s in sources if s.content is not None and s.content.save_as]


def written(sources: Iterable[Any]) -> list[Any]:
    """Return the sources whose page the build writes (read, and not refused an address)."""
    return [s for s in read(sources) if not s.lost]


def claim_addresses(sources: list[Any], settings: Mapping[str, Any], taken: OutputMap) -> list:
    """Who writes which file, in the build's order (build.claim_articles, drop_duplicate_pages).

    Posts claim first, then the lists they make (tags, years, later pages),
    then pages; a source that loses its address is marked ``lost``.
    """
    problems = []
    for kind in ("article", "page"):
        mine = [s for s in written(sources) if s.kind == kind]
        lost, found = outputs.claim_contents(taken, [s.content for s in mine], display_path)
        problems += found
        for source in mine:
            source.lost = id(source.content) in lost
        if kind == "article":
            listed = [
                s.content
                for s in written(sources)
                if s.kind == "article" and s.content.status == "published"
            ]
            refused, found = outputs.claim_lists(taken, listed, settings, display_path)
            problems += found
            if refused:
                everyone = [s.content for s in read(sources) if s.kind == "article"]
                drop_terms(everyone, refused, settings)
                problems += outputs.claim_category(taken, listed, settings, display_path)
    return problems


def claim_public(sources: list[Any], settings: Mapping[str, Any], taken: OutputMap) -> list:
    """Claim the files of the static folders (public/), as ``public.serve_from_root`` does."""
    files = finder(settings)
    found = files.get_files(
        settings["STATIC_PATHS"], exclude=settings["STATIC_EXCLUDES"], extensions=False
    )
    linkers = linking_pages(sources)
    statics = [
        (os.path.join(settings["PATH"], relative), relative.replace("\\", "/"))
        for relative in found | set(linkers)
    ]
    return public.claim_statics(taken, statics, settings, linkers)[1]


def linking_pages(sources: list[Any]) -> dict[str, str]:
    """Return the files ``{static}`` and ``{attach}`` links name, each with its first page.

    Pelican takes them from every source it read, drafts too.
    """
    return public.linking_pages([s.content for s in sources if s.content is not None])


def claim_aliases(sources: list[Any], settings: Mapping[str, Any], taken: OutputMap) -> list:
    """Aliases and STROM_REDIRECTS, as the redirect generator plans them."""
    return aliases.check_aliases([s for s in written(sources)], settings, taken)


def files_no_reader_takes(sources: list[Any], settings: Mapping[str, Any], taken: OutputMap):
    """Files in the post and page folders that the build would skip (build.report_unread_files)."""
    files = finder(settings)
    linked = set(linking_pages(sources))
    for kind in ("ARTICLE", "PAGE"):
        paths, excludes = settings[f"{kind}_PATHS"], settings[f"{kind}_EXCLUDES"]
        yield from unread_files(files, paths, excludes, linked)


def heroes(sources: list[Any], settings: Mapping[str, Any], taken: OutputMap):
    """Each written source's hero is an image Strom can use (hero.attach_hero, encoding it)."""
    return hero.check_heroes(read(sources), settings)


def body_images(sources: list[Any], settings: Mapping[str, Any], taken: OutputMap):
    """Images in the text that cannot be served (hero.attach_hero reports the same)."""
    for source in read(sources):
        for message in source.metadata.get("strom_image_problems", ()):
            yield Problem(source.path, message)


def markup_left(sources: list[Any], settings: Mapping[str, Any], taken: OutputMap):
    """Shortcodes and Liquid that Strom cannot run, left in the text (shortcodes.report_left)."""
    for source in read(sources):
        yield from shortcodes.problems_of(source.content)


# Text in square brackets that the scaffold's legal pages ask to replace:
# "[Straße und Hausnummer]". Links, footnotes and task boxes render otherwise.
_PLACEHOLDER = re.compile(r"\[([^\[\]<>\n]{2,80})\]")
_HIDDEN = re.compile(r"<!--.*?-->|<(pre|code)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def placeholders_in(html: str) -> list[str]:
    """Return the ``[placeholders]`` left in a page's HTML (not in comments or code)."""
    return [match.group(0) for match in _PLACEHOLDER.finditer(_HIDDEN.sub("", html or ""))]


def placeholder_problems(content: Any, settings: Mapping[str, Any]) -> Iterator[Problem]:
    """Problems (production) or warnings (development) for a page with placeholders left."""
    if not isinstance(content, Page):
        return
    found = placeholders_in(getattr(content, "_content", ""))
    if not found:
        return
    shown = ", ".join(dict.fromkeys(found[:3])) + (" ..." if len(found) > 3 else "")
    message = tr("still has the placeholder {found}; fill it in before you publish", found=shown)
    path = display_path(content.source_path)
    if settings.get("STROM_PRODUCTION"):
        yield Problem(path, message)
    else:
        logger.warning("%s: %s (%s)", path, message, tr("a production build fails"))


def placeholders(sources: list[Any], settings: Mapping[str, Any], taken: OutputMap):
    """Pages that still hold ``[...]`` placeholders (build: theme.ThemeGenerator)."""
    for source in written(sources):
        yield from placeholder_problems(source.content, settings)


def report_placeholders(generators: list[Any]) -> None:
    """Run ``placeholders`` over the pages the build writes (all_generators_finalized)."""
    context = generators[0].context if generators else {}
    for content in written_content(context):
        for problem in placeholder_problems(content, content.settings):
            report(problem)


def legal_link_problems(settings: Mapping[str, Any], taken: OutputMap) -> Iterator[Problem]:
    """Problems (production) or warnings (development) for footer links to no page.

    The footer links the Impressum, the Datenschutzerklärung and the
    Erklärung zur Barrierefreiheit (``theme.LEGAL_LINKS``); a site path that no page or
    file of the site serves would be a broken link on every page.
    """
    found = theme.links(dict(settings))
    for key, setting in theme.LEGAL_LINKS:
        link = found.get(key)
        if link is None or link.external or taken.owner(link.save_as) is not None:
            continue
        name = link.url.strip("/") or "index"
        folder = (settings.get("PAGE_PATHS") or ["pages"])[0]
        message = tr(
            "the footer of every page links /{url}, which no page of the site serves; "
            "write {file} in the content folder (strom new writes a skeleton), "
            'or set {setting} to the page\'s address or to "" to hide the link',
            url=link.url,
            file=f"{folder}/{name}.md",
            setting=setting,
        )
        if settings.get("STROM_PRODUCTION"):
            yield Problem(settings_file(settings), message, field=setting)
        else:
            logger.warning(
                "%s: %s: %s (%s)",
                settings_file(settings),
                setting,
                message,
                tr("a production build fails"),
            )


def legal_pages(sources: list[Any], settings: Mapping[str, Any], taken: OutputMap):
    """Footer links to legal pages that no page serves (build: report_legal_pages)."""
    yield from legal_link_problems(settings, taken)


def report_legal_pages(generators: list[Any]) -> None:
    """Run ``legal_link_problems`` once pages and files are claimed (all_generators_finalized)."""
    settings = generators[0].settings if generators else {}
    running = current(settings)
    if running is not None:
        for problem in legal_link_problems(settings, running.outputs):
            report(problem)


def warn_unmapped_images(generators: list[Any]) -> None:
    """Warn of front-matter keys that name an image but give no hero, once a key (build).

    `strom check` warns the same (check.check), of every source it read.
    """
    context = generators[0].context if generators else {}
    contents = [item for name in (*ARTICLE_LISTS, *PAGE_LISTS) for item in context.get(name, ())]
    for warning in unmapped_image_warnings(contents, generators[0].settings if generators else {}):
        logger.warning("%s", warning)


CHECKS: list[Check] = [
    claim_addresses,
    claim_public,
    legal_pages,
    claim_aliases,
    files_no_reader_takes,
    heroes,
    body_images,
    markup_left,
    placeholders,
]


class _Files:
    """Pelican's own choice of source files (``Generator.get_files``), without a generator."""

    get_files = Generator.get_files
    _include_path = Generator._include_path

    def __init__(self, settings: Mapping[str, Any], readers: Readers) -> None:
        self.settings = settings
        self.path = settings["PATH"]
        self.readers = readers


def finder(settings: Mapping[str, Any]) -> _Files:
    """Return Pelican's choice of source files for ``settings``."""
    return _Files(settings, readers_for(settings))


def readers_for(settings: Mapping[str, Any]) -> Readers:
    """Return Pelican's readers with Strom's: images verified, never encoded."""
    readers = Readers(settings)
    reader = StromReader(settings, derive=False)
    for extension in StromReader.file_extensions:
        readers.readers[extension] = reader
    unsupported = UnsupportedReader(settings)
    for extension in UnsupportedReader.file_extensions:
        readers.readers[extension] = unsupported
    return readers
