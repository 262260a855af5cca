"""Post addresses as Hugo and Jekyll made them: ``/:year/:month/:day/:title.html`` and the like.

``STROM_PERMALINK`` is a pattern of the old generator's placeholders (or the
name of a preset). The reader expands it for each post, with the old
generator's own rules for slugs and titles (``STROM_DIALECT``), into the
post's ``strom_url`` and ``strom_save_as``; ``ARTICLE_URL`` and
``ARTICLE_SAVE_AS`` name those. Every path is checked as any output path is
(``outputs.validate``) before a post may have it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from .messages import tr
from .outputs import PathError, validate
from .slugs import github_slug

# Each generator's default for its posts (Hugo: content/posts/ without a
# permalinks setting; Jekyll: permalink "date"), and Jekyll's named styles.
PRESETS: dict[str, str] = {
    "astro": "/blog/:slug/",
    "hugo": "/posts/:slugorfilename/",
    "jekyll": "/:categories/:year/:month/:day/:title.html",
    "date": "/:categories/:year/:month/:day/:title.html",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title.html",
    "none": "/:categories/:title.html",
}
PLACEHOLDERS = (
    "year",
    "month",
    "day",
    "y_day",
    "i_month",
    "i_day",
    "short_year",
    "hour",
    "minute",
    "second",
    "slug",
    "title",
    "categories",
    "filename",
    "slugorfilename",
)
_PLACEHOLDER = re.compile(r":([a-z_]+)")


def pattern_of(value: Any) -> str | None:
    """Return the pattern a STROM_PERMALINK value names (a preset's, or itself); None: unset."""
    if not value:
        return None
    return PRESETS.get(value, value) if isinstance(value, str) else value


def setting_problem(value: Any) -> str | None:
    """Return what is wrong with a STROM_PERMALINK value, or None."""
    pattern = pattern_of(value)
    if pattern is None:
        return None
    if not isinstance(pattern, str) or not pattern.startswith("/"):
        return tr(
            "must be a pattern such as '/:year/:month/:day/:slug/' or one of {choices}, "
            "got {value!r}",
            choices=", ".join(PRESETS),
            value=pattern,
        )
    unknown = [name for name in _PLACEHOLDER.findall(pattern) if name not in PLACEHOLDERS]
    if unknown:
        return tr(
            "names the placeholder ':{name}', which Strom does not know; use {choices}",
            name=unknown[0],
            choices=", ".join(":" + name for name in PLACEHOLDERS),
        )
    if not any(name in pattern for name in (":slug", ":title", ":filename")):
        return tr("names no :slug, :title or :filename, so that two posts would share an address")
    return None


def hugo_urlize(text: str) -> str:
    """Return ``text`` as Hugo's ``urlize`` makes a path of it: 'Über Größe!' -> 'über-größe'.

    Spaces become hyphens; letters, digits, marks and ``. _ - # + ~`` stay;
    lower case (Hugo's default ``disablePathToLower = false``).
    """
    kept = "".join(
        char
        for char in text.strip().replace(" ", "-")
        if unicodedata.category(char)[0] in "LMN" or char in "._-#+~"
    )
    return kept.lower()


_JEKYLL_DEFAULT = re.compile(r"[^\w]+", re.UNICODE)
_JEKYLL_PRETTY = re.compile(r"[^\w._~!$&'()+,;=@]+", re.UNICODE)


def jekyll_slugify(text: str, pretty: bool = False, cased: bool = False) -> str:
    """Return ``text`` slugged as Jekyll's ``Utils.slugify`` does (modes "default" and "pretty").

    Runs of other characters become one hyphen, hyphens at the ends go; lower
    case unless ``cased``. (``_`` counts as a word character in Python but is
    replaced by Jekyll's default mode.)
    """
    pattern = _JEKYLL_PRETTY if pretty else _JEKYLL_DEFAULT
    slug = pattern.sub("-", text)
    if not pretty:
        slug = slug.replace("_", "-")
        slug = re.sub("-{2,}", "-", slug)
    slug = slug.strip("-")
    return slug if cased else slug.lower()


def values(
    dialect: str | None,
    *,
    strom_slug: str,
    title: str,
    front_slug: str,
    name: str,
    categories: list[str],
) -> dict[str, str]:
    """Return the text of each name placeholder for a post, by the old generator's rules.

    ``name`` is the file name without its suffix and without a date prefix
    (a bundle's folder name for ``index``); ``front_slug`` is the front
    matter's ``slug`` as written ("" if none).
    """
    if dialect == "hugo":
        slug = hugo_urlize(front_slug) if front_slug else hugo_urlize(title)
        filename = hugo_urlize(name)
        return {
            "slug": slug,
            "title": hugo_urlize(title),
            "filename": filename,
            "slugorfilename": hugo_urlize(front_slug) if front_slug else filename,
            "categories": "/".join(hugo_urlize(c) for c in categories),
        }
    if dialect == "jekyll":
        base = front_slug or name
        return {
            "slug": jekyll_slugify(base),
            "title": jekyll_slugify(base, pretty=True, cased=True),
            "filename": jekyll_slugify(name),
            "slugorfilename": jekyll_slugify(base),
            # Jekyll writes each category in lower case, unslugged, once.
            "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
        }
    return {
        "slug": strom_slug,
        "title": strom_slug,
        "filename": strom_slug,
        "slugorfilename": strom_slug,
        "categories": "/".join(github_slug(c) for c in categories),
    }


def expand(pattern: str, date: Any, names: Mapping[str, str]) -> tuple[str, str]:
    """Return (url, save_as) of ``pattern`` for a post of ``date`` with ``names``.

    Empty placeholders leave no empty segment (Jekyll's ``/:categories/`` of
    a post without categories). A path ending in ``/`` or without an
    extension is a folder with ``index.html``. Raises ``PathError`` for a
    path no output file may have.
    """
    parts = {
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
        "y_day": f"{date.timetuple().tm_yday:03d}",
        "i_month": str(date.month),
        "i_day": str(date.day),
        "short_year": f"{date.year % 100:02d}",
        "hour": f"{getattr(date, 'hour', 0):02d}",
        "minute": f"{getattr(date, 'minute', 0):02d}",
        "second": f"{getattr(date, 'second', 0):02d}",
        **names,
    }
    path = _PLACEHOLDER.sub(lambda match: parts.get(match.group(1), match.group(0)), pattern)
    # A file only where the pattern itself names an extension (":title.html"):
    # a dot that a title brings ("Version 1.2") still makes a folder, as in Hugo.
    folder = not re.search(r"(\.[A-Za-z0-9]+|:output_ext)$", pattern)
    segments = [segment for segment in path.split("/") if segment]
    if not segments:
        raise PathError("gives the address /, the home page")
    url = "/".join(segments) + ("/" if folder else "")
    save_as = url + "index.html" if folder else url
    validate(save_as)
    return url, save_as
