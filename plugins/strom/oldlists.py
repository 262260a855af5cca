"""Old list addresses (tag pages, later pages of lists) as 301s to the lists Strom writes.

``STROM_OLD_LISTS`` names where the old site had its lists, e.g. Hugo's
``/tags/{slug}/`` and ``/page/{number}/``. For each tag, category and later
page that the posts make, the old address becomes a redirect (through the
aliases' machinery: ``_redirects`` and a redirect page) to the list here. An
old slug follows the old generator's rule (``STROM_DIALECT``).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping
from typing import Any

from . import outputs, permalinks
from .messages import tr
from .problems import display_path, settings_file

logger = logging.getLogger(__name__)

# The keys of STROM_OLD_LISTS: an address pattern each ("per_page" is a number).
KINDS = {
    "tag": "{slug}",
    "category": "{slug}",
    "author": "{slug}",
    "pages": "{number}",
    "tag_pages": "{slug} and {number}",
    "category_pages": "{slug} and {number}",
    "author_pages": "{slug} and {number}",
    # A term's own feed (Hugo's /tags/{slug}/index.xml): Strom writes one feed of
    # all posts, so its old address answers with that (FEED_ALL_RSS).
    "tag_feed": "{slug}",
    "category_feed": "{slug}",
    "author_feed": "{slug}",
}


def setting_problems(value: Any) -> list[str]:
    """Return what is wrong with a STROM_OLD_LISTS value (empty when nothing is)."""
    if not value:
        return []
    if not isinstance(value, dict):
        return [tr("must map kinds of lists to old addresses, got {value!r}", value=value)]
    problems = []
    for kind, pattern in value.items():
        if kind == "per_page":
            if not (isinstance(pattern, int) and pattern > 0):
                problems.append(
                    tr("'per_page' must be a number above 0, got {value!r}", value=pattern)
                )
            continue
        if kind not in KINDS:
            problems.append(
                tr(
                    "knows no list {kind!r}; use {choices} or 'per_page'",
                    kind=kind,
                    choices=", ".join(KINDS),
                )
            )
        elif not (isinstance(pattern, str) and pattern.startswith("/")):
            problems.append(tr("{kind!r} must be a site path such as '/tags/{{slug}}/'", kind=kind))
        else:
            try:
                pattern.format(slug="x", number=2)
            except (KeyError, IndexError, ValueError):
                problems.append(
                    tr(
                        "{kind!r} may name {names} only, got {value!r}",
                        kind=kind,
                        names=KINDS[kind],
                        value=pattern,
                    )
                )
    return problems


def old_slug(name: str, settings: Mapping[str, Any], slug: str) -> str:
    """Return the slug the old generator gave a term ``name`` (``slug``: Strom's)."""
    dialect = settings.get("STROM_DIALECT")
    if dialect == "hugo":
        return permalinks.hugo_urlize(name)
    if dialect == "jekyll":
        return permalinks.jekyll_slugify(name)
    return slug


def _url(file: str) -> str:
    """Return the site path of an output file: ``tag/a/index.html`` is ``/tag/a/``."""
    return "/" + file.removesuffix("index.html")


def redirects(articles: list[Any], settings: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """Yield (old address, new address, title) for each old list the published posts make."""
    table = settings.get("STROM_OLD_LISTS") or {}
    if not table or setting_problems(table):
        return
    per_page = table.get("per_page") or settings.get("DEFAULT_PAGINATION") or 0
    counts: dict[tuple[str, str], int] = {}
    for article in articles:
        for term in outputs.terms_of(article):
            kind = type(term).__name__.lower()
            counts[(kind, term.name)] = counts.get((kind, term.name), 0) + 1
    for claim in outputs.list_claims(articles, settings, display_path):
        term = claim.term
        if term is None:  # the later pages of the home page
            new = ["/", *(_url(file) for file in claim.files)]
            yield from _pages(table.get("pages"), {}, new, len(articles), per_page)
            continue
        kind = type(term).__name__.lower()
        slug = old_slug(term.name, settings, term.slug)
        new = [_url(file) for file in claim.files]
        if table.get(kind):
            yield table[kind].format(slug=slug, number=1), new[0], term.name
        feed = settings.get("FEED_ALL_RSS") or settings.get("FEED_ALL_ATOM")
        if table.get(f"{kind}_feed") and feed:
            yield table[f"{kind}_feed"].format(slug=slug, number=1), f"/{feed}", term.name
        count = counts.get((kind, term.name), 0)
        yield from _pages(table.get(f"{kind}_pages"), {"slug": slug}, new, count, per_page)


def _pages(pattern, names, new, count, per_page) -> Iterator[tuple[str, str, str]]:
    """Yield each later page of an old list, to the same page here or to the last one."""
    if not pattern or not per_page:
        return
    for number in range(2, math.ceil(count / per_page) + 1):
        target = new[min(number, len(new)) - 1]
        yield pattern.format(number=number, **names), target, target


def source(settings: Mapping[str, Any]) -> str:
    """Return who declares these redirects, for messages: the settings file."""
    return settings_file(settings)
