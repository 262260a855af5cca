"""The theme's gettext catalogs in Jinja, and dates in the site's language."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import babel.dates
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from .dates import format_date

logger = logging.getLogger(__name__)


def catalog_path(theme: str | Path, lang: str, suffix: str = ".po") -> Path:
    """Return where the theme keeps the catalog of ``lang`` (``.po`` source or ``.mo``)."""
    return Path(theme) / "translations" / lang / "LC_MESSAGES" / f"messages{suffix}"


@lru_cache(maxsize=8)
def _compiled(path: Path, mtime: float) -> gettext.NullTranslations:
    # Compiled in memory from the .po in git: no .mo files to keep in step.
    with path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@lru_cache(maxsize=8)
def _shipped(path: Path, mtime: float) -> gettext.NullTranslations:
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def translations(theme: str | Path, lang: str) -> gettext.NullTranslations:
    """Return the theme's translations into ``lang`` (the msgids where it has none).

    An installed wheel ships a compiled ``messages.mo`` and that is used; a
    source checkout has only ``messages.po``, which is compiled in memory.
    ``de_AT`` or ``de-AT`` falls back to the catalog of ``de``.
    """
    for code in dict.fromkeys((lang, lang.replace("-", "_").split("_")[0])):
        shipped = catalog_path(theme, code, ".mo")
        if shipped.is_file():
            return _shipped(shipped, shipped.stat().st_mtime)
        path = catalog_path(theme, code)
        if path.is_file():
            return _compiled(path, path.stat().st_mtime)
    return gettext.NullTranslations()


def date_filter(lang: str, default_pattern: str):
    """Return a Jinja filter printing a date as readers of ``lang`` write it."""

    def date(value: dt.date, pattern: str | None = None) -> str:
        return format_date(value, lang, pattern or default_pattern)

    return date


def skeleton_filter(lang: str, skeleton: str):
    """Return a Jinja filter printing a date by a CLDR skeleton ('MMMd': '19. Jan.')."""

    def day_month(value: dt.date) -> str:
        return _skeleton(skeleton, value, lang)

    return day_month


@lru_cache(maxsize=8192)
def _skeleton(skeleton: str, value: dt.date, lang: str) -> str:
    # A post's date is printed on every archive page it appears on: each once.
    return babel.dates.format_skeleton(skeleton, value, locale=lang)


def period_filter(lang: str):
    """Return a Jinja filter naming an archive period: (2025,) or (2025, 1) -> 'Januar 2025'."""

    def period(numbers: tuple[int, ...]) -> str:
        if len(numbers) == 1:
            return str(numbers[0])
        if len(numbers) == 2:
            month = dt.date(numbers[0], numbers[1], 1)
            return babel.dates.format_skeleton("yMMMM", month, locale=lang)
        return babel.dates.format_date(dt.date(*numbers[:3]), "long", locale=lang)

    return period


def install(generator: Any) -> None:
    """Give the generator's Jinja environment ``_()``, ``ngettext()`` and date filters."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings
    lang = settings["DEFAULT_LANG"]
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(generator.theme, lang), newstyle=True)
    env.filters["date"] = date_filter(lang, settings["STROM_DATE_FORMAT"])
    env.filters["isodate"] = lambda value: value.isoformat()
    env.filters["day_month"] = skeleton_filter(lang, "MMMd")
    env.filters["period"] = period_filter(lang)


def localize_dates(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """Give content Babel-formatted ``locale_date``/``locale_modified`` (for any theme)."""
    content = instance if instance is not None else sender
    settings = content.settings
    lang = getattr(content, "lang", None) or settings["DEFAULT_LANG"]
    pattern = settings.get("STROM_DATE_FORMAT", "long")
    if hasattr(content, "date") and content.date.year < dt.MAXYEAR:
        content.locale_date = format_date(content.date, lang, pattern)
    if hasattr(content, "modified"):
        content.locale_modified = format_date(content.modified, lang, pattern)
