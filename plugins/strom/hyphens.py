"""Soft hyphens in the long words of headings, so they break between syllables on phones.

Browsers without a hyphenation dictionary for the page's language (many
Chromiums) break a word that does not fit anywhere ("Datenschutzerklärun|g").
Headings are set with ``hyphens: manual``: they break only where a soft hyphen
(U+00AD) stands, and show a hyphen there. The hyphens are added when a page is
rendered, by template filters; ``<title>``, Open Graph, feeds, JSON-LD and ids
print the plain titles, and the search index drops them (``search.Pages``).
"""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Callable
from concurrent.futures import Future
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import pyphen
from markupsafe import Markup, escape

SOFT_HYPHEN = "\u00ad"
# Shorter words fit in a line of a heading at 320 px (about 17 letters of an h1);
# they stay as written, and so does most text that tests and tools read back.
MIN_LENGTH = 13
# A fragment shorter than this at a break is no syllable ("Datenschut-z-erklärung").
MIN_FRAGMENT = 2

_WORD = re.compile(rf"\w{{{MIN_LENGTH},}}")
_HEADING = re.compile(r"(<h([1-6])\b[^>]*>)(.*?)(</h\2>)", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"(<[^>]*>)")


# A folder where the parsed dictionaries are kept between builds (the text
# cache's, theme.configure_env): pyphen reads its German patterns in about a
# second, the kept copy in a twentieth of that.
_KEPT: list[Path] = []


def keep_in(folder: Path | None) -> None:
    """Keep parsed dictionaries in ``folder`` from now on (None: parse them every build)."""
    _KEPT[:] = [folder] if folder is not None else []


# Dictionaries being parsed in another process (``parse_ahead``), by pyphen's name,
# and those this process has (a build after the first in one process asks again).
_AHEAD: dict[str, Future] = {}
_HELD: set[str] = set()


def _kept_file(found: str) -> Path | None:
    return _KEPT[0] / f"hyphens-{found}-{version('pyphen')}.pickle" if _KEPT else None


def parse_ahead(lang: str, submit: Callable[..., Future]) -> None:
    """Have ``lang``'s dictionary parsed by ``submit`` (a pool's), unless a parsed one is kept."""
    found = pyphen.language_fallback(lang.replace("-", "_"))
    kept = _kept_file(found) if found else None
    if found and found not in _AHEAD and found not in _HELD and not (kept and kept.is_file()):
        _AHEAD[found] = submit(parsed, found)


def parsed(found: str) -> bytes:
    """Return pyphen's dictionary ``found`` parsed and pickled (in a worker)."""
    return pickle.dumps(pyphen.Pyphen(lang=found), protocol=pickle.HIGHEST_PROTOCOL)


def ready(lang: str) -> None:
    """Have ``lang``'s dictionary in this process (before it forks helpers that render)."""
    _dictionary(lang)


@lru_cache(maxsize=8)
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    """Return pyphen's dictionary for ``lang`` ('de', 'de_CH', 'de-AT'), or None."""
    found = pyphen.language_fallback(lang.replace("-", "_"))
    if not found:
        return None
    _HELD.add(found)
    kept = _kept_file(found)
    try:
        with open(kept, "rb") as handle:  # type: ignore[arg-type]
            loaded = pickle.load(handle)
        if isinstance(loaded, pyphen.Pyphen):
            return loaded
    except (TypeError, OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        pass
    dictionary = _parsed_ahead(found) or pyphen.Pyphen(lang=found)
    if kept is not None:
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            partial = kept.with_suffix(f".{os.getpid()}.partial")
            partial.write_bytes(pickle.dumps(dictionary, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, kept)
        except OSError:
            pass  # parsed again next build
    return dictionary


def _parsed_ahead(found: str) -> pyphen.Pyphen | None:
    future = _AHEAD.pop(found, None)
    try:
        loaded = pickle.loads(future.result()) if future is not None else None
    except Exception:  # the worker failed or was stopped: parsed here
        return None
    return loaded if isinstance(loaded, pyphen.Pyphen) else None


def breaks(word: str, lang: str) -> list[int]:
    """Return where ``word`` may break: after how many of its letters.

    Pyphen's patterns allow both sides of a consonant at a compound's joint
    ("Datenschut|z|erklärung"); of two breaks that close in, the later one is kept.
    """
    dictionary = _dictionary(lang)
    if dictionary is None:
        return []
    kept: list[int] = []
    for position in dictionary.positions(word):
        if kept and position - kept[-1] < MIN_FRAGMENT:
            kept.pop()
        kept.append(position)
    return kept


@lru_cache(maxsize=4096)
def hyphenate_word(word: str, lang: str) -> str:
    """Return ``word`` with a soft hyphen at each of its syllable breaks."""
    pieces, start = [], 0
    for position in breaks(word, lang):
        pieces.append(word[start:position])
        start = position
    pieces.append(word[start:])
    return SOFT_HYPHEN.join(pieces)


def hyphenate_text(text: str, lang: str) -> str:
    """Return ``text`` with soft hyphens in its long words."""
    return _WORD.sub(lambda match: hyphenate_word(match.group(), lang), text)


def hyphenate_headings(html: str, lang: str) -> str:
    """Return ``html`` with soft hyphens in the text (not the tags) of its headings."""

    def heading(match: re.Match[str]) -> str:
        parts = _TAG.split(match.group(3))
        # Even parts are text, odd parts are tags with their attributes (ids, links).
        parts[::2] = [hyphenate_text(part, lang) for part in parts[::2]]
        return match.group(1) + "".join(parts) + match.group(4)

    return _HEADING.sub(heading, html)


def filters(site_lang: str) -> dict[str, Callable[..., Markup]]:
    """Return the template filters: ``hyphenate`` (a title) and ``hyphenate_headings`` (HTML).

    Each takes the language of the text, the site's by default.
    """

    def title(value: object, lang: str | None = None) -> Markup:
        return Markup(hyphenate_text(str(escape(value)), lang or site_lang))

    def content(value: object, lang: str | None = None) -> Markup:
        return Markup(hyphenate_headings(str(value), lang or site_lang))

    return {"hyphenate": title, "hyphenate_headings": content}
