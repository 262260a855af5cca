"""The content's public/ folder, served from the site root as in Astro."""

from __future__ import annotations

import os
from typing import Any

from . import build
from .messages import tr
from .outputs import NETLIFY_FILES, OutputMap, Owner
from .problems import Problem, display_path, report, shown
from .reader import outside_reason


def public_target(relative: str, settings: dict[str, Any]) -> str | None:
    """Return where a static file (path inside the content folder) is served, if public."""
    prefix = settings["STROM_PUBLIC_DIR"].strip("/") + "/"
    return relative[len(prefix) :] if relative.startswith(prefix) else None


def claim_statics(
    outputs: OutputMap,
    statics: list[tuple[str, str]],
    settings: dict[str, Any],
    linkers: dict[str, str] | None = None,
) -> tuple[set[str], list[Problem]]:
    """Claim the files that static sources (source path, path in the content) are copied to.

    Return the source paths that lost and a problem for each. A file outside
    the content folder that a ``{static}`` or ``{attach}`` link names is a
    problem of the page that links it (``linkers``: link -> that page). Files
    reached through a linked folder are refused, once for the link: it could
    publish the sources of drafts, or loop.
    """
    lost: set[str] = set()
    problems: list[Problem] = []
    links_seen: set[str] = set()
    for source_path, relative in sorted(statics, key=lambda static: static[1]):
        refused = _refusal(source_path, relative, settings, linkers or {}, links_seen)
        if refused is not None:
            lost.add(source_path)
            if refused is not _SEEN:
                problems.append(refused)
            continue
        path = display_path(source_path)
        target = public_target(relative, settings) or relative
        if target in NETLIFY_FILES:
            continue  # the site's own rules, merged into Strom's (netlify.py)
        other = outputs.owner(target)
        if other is not None:
            problem: Problem | None = Problem(
                path,
                tr(
                    "would replace {other} ({file}); rename or remove it",
                    other=other,
                    file=target,
                ),
            )
        else:
            problem = outputs.claim(target, Owner(path, advice=tr("rename or remove it")))
        if problem is not None:
            lost.add(source_path)
            problems.append(problem)
    return lost, problems


_SEEN = Problem(None, "")  # a file of a linked folder already reported


def _refusal(
    source_path: str,
    relative: str,
    settings: dict[str, Any],
    linkers: dict[str, str],
    links_seen: set[str],
) -> Problem | None:
    """Return why a static file may not be published (or ``_SEEN``), or None."""
    content = settings["PATH"]
    if relative.startswith("..") or os.path.isabs(relative):
        page = linkers.get(relative)
        return Problem(
            page or display_path(os.path.normpath(source_path)),
            tr(
                "a {{static}} or {{attach}} link names '{path}', which is outside the "
                "content folder; link a file inside it",
                path=shown(relative),
            ),
        )
    parts = relative.split("/")
    for depth in range(1, len(parts)):
        folder = os.path.join(content, *parts[:depth])
        if os.path.islink(folder):
            if folder in links_seen:
                return _SEEN
            links_seen.add(folder)
            return Problem(
                display_path(folder),
                tr(
                    "is a link to the folder {target}; Strom publishes the files of real "
                    "folders only (a link could publish drafts' sources); copy the files in",
                    target=os.path.realpath(folder),
                ),
            )
    refusal = outside_reason(source_path, content)
    if refusal is None and os.path.islink(source_path):
        real = os.path.realpath(source_path)
        if real.rsplit(".", 1)[-1].lower() in _SOURCE_EXTENSIONS:
            refusal = tr(
                "is a link to the source {target}; sources are never published",
                target=display_path(real),
            )
    return Problem(display_path(source_path), refusal) if refusal else None


# Files Strom reads as posts and pages (reader.StromReader, UnsupportedReader).
_SOURCE_EXTENSIONS = frozenset(("md", "markdown", "mkd", "mdown", "mdx", "html", "htm", "rst"))


def linking_pages(contents: list[Any]) -> dict[str, str]:
    """Return, for each file that a ``{static}`` or ``{attach}`` link names, its first page."""
    linkers: dict[str, str] = {}
    for content in sorted(contents, key=lambda item: item.source_path):
        for link in content.get_static_links():
            linkers.setdefault(link, display_path(content.source_path))
    return linkers


def serve_from_root(generator: Any) -> None:
    """Write each file of ``STROM_PUBLIC_DIR`` at its path below that folder.

    A file that would replace a post, a page, a list or another file is
    reported and not copied (the static files are copied last, over what was
    written).
    """
    running = build.current(generator.settings)
    statics = [
        (static.source_path, static.relative_source_path) for static in generator.staticfiles
    ]
    lost: set[str] = set()
    if running is not None:
        contents = [
            item
            for name in (*build.ARTICLE_LISTS, *build.PAGE_LISTS)
            for item in generator.context.get(name, ())
        ]
        linkers = linking_pages(contents)
        lost, problems = claim_statics(running.outputs, statics, generator.settings, linkers)
        for problem in problems:
            report(problem)
    kept = []
    for static in generator.staticfiles:
        if static.source_path in lost:
            continue
        target = public_target(static.relative_source_path, generator.settings)
        if target is not None:
            static.override_save_as = target
            static.override_url = target
        kept.append(static)
    generator.staticfiles[:] = kept
