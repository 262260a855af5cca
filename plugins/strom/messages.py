"""Strom's own messages (problems, summaries, the `strom` command) in the site's language.

The messages are English msgids in the theme's gettext catalogs, kept apart
from the theme's words by the context ``build message``. Values go in after
translation, through named placeholders: ``tr("{count} files", count=3)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

# The msgctxt of every message in the catalogs.
CONTEXT = "build message"
# Languages whose catalogs translate the messages; any other reads English.
LANGUAGES = ("de", "en")
FALLBACK = "en"
_THEME = Path(__file__).parent / "theme"


class _Language:
    """The language of the messages: each build and each `strom` command sets it."""

    code = FALLBACK
    # The catalog of ``code``, read once per build or command (messages come by the
    # thousand from a hostile file: each must not look at the file system).
    catalog: Any = None


def known(value: Any) -> str | None:
    """Return the catalog language of ``value`` ('de_AT' and 'de-CH' are 'de'), else None."""
    if not isinstance(value, str):
        return None
    code = value.replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def language(settings: Mapping[str, Any]) -> str:
    """Return the language of a site's messages: STROM_MESSAGES_LANG, else DEFAULT_LANG.

    A language without a catalog reads English; an unknown STROM_MESSAGES_LANG
    is a problem of the settings as well (settings.apply).
    """
    chosen = settings.get("STROM_MESSAGES_LANG")
    return known(chosen if chosen is not None else settings.get("DEFAULT_LANG")) or FALLBACK


def use(code: str) -> None:
    """Print messages in ``code`` from now on (English when it has no catalog)."""
    _Language.code = known(code) or FALLBACK
    _Language.catalog = None


def current() -> str:
    """Return the language messages are printed in now."""
    return _Language.code


def _catalog() -> Any:
    # Imported here: i18n formats dates, and dates.py has messages of its own.
    from .i18n import translations  # noqa: PLC0415

    if _Language.catalog is None:
        _Language.catalog = translations(_THEME, _Language.code)
    return _Language.catalog


def tr(message: str, /, **values: Any) -> str:
    """Return ``message`` in the current language, its ``{placeholders}`` filled in."""
    text = _catalog().pgettext(CONTEXT, message)
    return text.format(**values)


def ntr(singular: str, plural: str, count: int, /, **values: Any) -> str:
    """Return the singular or plural ``message`` for ``count``, as ``tr`` does (``{count}``)."""
    text = _catalog().npgettext(CONTEXT, singular, plural, count)
    return text.format(count=count, **values)


def tr_pattern(message: str) -> str:
    """Return ``message`` in the current language, its placeholders left for ``format``."""
    return _catalog().pgettext(CONTEXT, message)


def marked(message: str) -> str:
    """Mark a message kept in a table; ``tr_marked`` translates it where it is used."""
    return message


def tr_marked(message: str, /, **values: Any) -> str:
    """Return a message of a table (``marked``) as ``tr`` does."""
    return tr_pattern(message).format(**values)
