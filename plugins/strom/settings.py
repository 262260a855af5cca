"""Every STROM_* setting with its default, and the Pelican settings Strom relies on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
import re
import sys
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from pelican import DEFAULT_CONFIG_NAME, parse_arguments

from . import (
    aliases,
    cards,
    images,
    messages,
    netlify,
    permalinks,
    reading,
    search,
    series,
    textcache,
    theme,
)
from .frontmatter import CONVERTER_NAMES
from .messages import tr
from .problems import Problem, display_path, settings_file, shown

# Each STROM_* setting and its default; the README documents them all.
DEFAULTS: dict[str, Any] = {
    # Front-matter keys laid over Strom's table: {"key": ("field", "converter")}.
    "STROM_FRONTMATTER": {},
    # Keys Pelican obeys that front matter may set after all (e.g. ["template"]);
    # by default each is refused with a message (frontmatter.reserved).
    "STROM_ALLOWED_KEYS": [],
    # Folder of the content whose files are copied unchanged to the site root.
    "STROM_PUBLIC_DIR": "public",
    # Date pattern for Babel: "short", "medium", "long", "full" or a CLDR pattern.
    "STROM_DATE_FORMAT": "long",
    # Image derivatives (hero and body images): widths in pixels, never wider than
    # the source; modern formats besides the source's own (AVIF where Pillow has it).
    "STROM_IMAGE_WIDTHS": [480, 800, 1280],
    "STROM_IMAGE_FORMATS": ["avif", "webp"],
    "STROM_IMAGE_QUALITY": {"avif": 55, "webp": 75, "jpeg": 80},
    # The sizes attribute: the width an image takes in the layout.
    "STROM_IMAGE_SIZES": "(min-width: 42rem) 40rem, calc(100vw - 2rem)",
    # Width of the JPEG that og:image and twitter:image point to.
    "STROM_OG_IMAGE_WIDTH": 1200,
    # Folder of the derivative cache; None: .cache/strom-images beside the content folder.
    "STROM_IMAGE_CACHE": None,
    # AVIF encoder speed, 0 (slowest, smallest files) to 10 (bench/images.py measures it).
    "STROM_AVIF_SPEED": 9,
    # Processes that encode image derivatives and read the texts ahead; None: one
    # per core; 1: everything in the build's own process.
    "STROM_WORKERS": None,
    # Folder of the text cache (a source whose bytes, Strom, theme and settings did
    # not change is not read again); None: .cache/strom-texts beside the content
    # folder; False: no cache.
    "STROM_TEXT_CACHE": None,
    # Seconds between the progress lines of image encoding on stderr; None: none.
    "STROM_IMAGE_PROGRESS": 10,
    # Redirects laid over the built-in ones: {"/old/path/": "/new/path/" or None}.
    "STROM_REDIRECTS": {},
    # Netlify headers laid over the built-in ones: {"/path/*": {"Header": "value" or None}}.
    "STROM_HEADERS": {},
    # Cache-Control of HTML pages in _headers; None leaves it to the host.
    "STROM_HTML_CACHE_CONTROL": "public, max-age=0, must-revalidate",
    # X-Robots-Tag: noindex on every address (publishconf.py sets it for previews).
    "STROM_NOINDEX": False,
    # End a build with problems with exit status 1. `pelican -lr` (make devserver)
    # needs False: Pelican's autoreload rebuilds at once, not on the next change,
    # after a build that raised.
    "STROM_FAIL_ON_PROBLEMS": True,
    # Typographic substitution in Markdown (Markdown's smarty: quotes in the site's
    # language, „…“ for German, dashes, ellipses). Off by default: it about doubles
    # the time Markdown takes (bench/build.py --typography measures it).
    "STROM_TYPOGRAPHY": False,
    # The theme's stylesheet: CSS files of the theme's css/ folder, in order.
    "STROM_CSS": [
        "tokens.css",
        "base.css",
        "layout.css",
        "components.css",
        "reading.css",
        "print.css",
    ],
    # The site's own CSS files (paths inside the content folder), appended last.
    "STROM_CSS_EXTRA": [],
    # The site's CSS file (inside the content folder), after all others: tokens to
    # override (colours, fonts). The default may be missing; None reads none.
    "STROM_SITE_CSS": "public/site.css",
    # The header's logo: True the theme's mark, a file of the public folder
    # ("logo.svg", "logo.png"), None none.
    "STROM_LOGO": True,
    # Markdown shown above the posts on the home page's first page; None: none.
    "STROM_INTRO": None,
    # Pygments styles for code in light and in dark mode (adjusted to AA contrast).
    "STROM_PYGMENTS_STYLE": "default",
    "STROM_PYGMENTS_DARK_STYLE": "github-dark",
    # How many related posts (by shared tags) a post page lists; 0 lists none.
    "STROM_RELATED_POSTS": 3,
    # Reading speed for the reading time of a post.
    "STROM_WORDS_PER_MINUTE": 200,
    # A table of contents on posts (a post's `toc: true|false` wins), shown when
    # the post has at least STROM_TOC_MIN_HEADINGS h2 and h3 headings.
    "STROM_TOC": True,
    "STROM_TOC_MIN_HEADINGS": 3,
    # Footer links to the legal pages: site paths ("impressum/") or absolute URLs; "" hides one.
    "STROM_IMPRINT_URL": "impressum/",
    "STROM_PRIVACY_URL": "datenschutz/",
    # The accessibility statement (Erklärung zur Barrierefreiheit): off unless a site
    # sets it; `strom new` writes the page and sets it.
    "STROM_ACCESSIBILITY_URL": "",
    # Social cards: a 1200x630 PNG (title, site name, date) as og:image of each post
    # without a hero, drawn with the bundled DejaVu Sans and cached beside the images.
    "STROM_CARDS": True,
    # Search: a Pagefind index of the posts and pages, made by every build, and
    # the search page (/suche/ on German sites) linked from the header.
    "STROM_SEARCH": True,
    # Folder of the search index cache; None: .cache/strom-search beside the content folder.
    "STROM_SEARCH_CACHE": None,
    # A production build (publishconf.py sets True): pages that still hold the
    # scaffold's [placeholders] fail it; a development build only warns.
    "STROM_PRODUCTION": False,
    # The settings file messages name; `pelican` fills it in from its -s option.
    "STROM_SETTINGS_FILE": None,
    # The language of Strom's messages (problems, summaries, `strom check`): "de" or
    # "en"; None: the site's DEFAULT_LANG (English where Strom has no catalog for it).
    "STROM_MESSAGES_LANG": None,
    # The generator the posts were written for: "astro", "hugo" or "jekyll" sets the
    # three settings below as that generator reads posts (DIALECTS); None sets nothing.
    "STROM_DIALECT": None,
    # A post without a date in its front matter takes the date of a "YYYY-MM-DD-"
    # prefix of its file name (True), or the file name's date wins ("first"); either
    # way the prefix is not part of the slug. False: file names give no dates.
    "STROM_FILENAME_DATES": False,
    # A string of tags (and of categories) is split on spaces too, as Jekyll does.
    "STROM_SPACE_SEPARATED_TAGS": False,
    # A date written with an offset ("...T23:30:00Z") keeps it, and so the calendar
    # day it was written with (as Hugo shows it); False: it is shown in TIMEZONE.
    "STROM_KEEP_DATE_OFFSET": False,
    # The posts' own addresses as the old generator made them: a pattern of
    # :year, :month, :day, :slug, :title, :categories, :filename, ... or a preset
    # (permalinks.PRESETS); None keeps ARTICLE_URL and ARTICLE_SAVE_AS.
    "STROM_PERMALINK": None,
    # Where the old site had its lists, each a 301 to the list here: "tag",
    # "category", "author" ("/tags/{slug}/"), "pages" ("/page/{number}/"),
    # "tag_pages", ... and "per_page", the old site's posts a page.
    "STROM_OLD_LISTS": {},
}

# How each generator reads posts, as STROM_DIALECT sets it (a site's own value wins).
DIALECTS: dict[str, dict[str, Any]] = {
    "astro": {},
    "hugo": {"STROM_KEEP_DATE_OFFSET": True},
    "jekyll": {"STROM_FILENAME_DATES": True, "STROM_SPACE_SEPARATED_TAGS": True},
}

# Pelican settings Strom needs as they are, whatever a site says: each source
# is its own page (no grouping by slug), and Jinja escapes what it prints.
REQUIRED: dict[str, Any] = {
    "ARTICLE_TRANSLATION_ID": None,
    "PAGE_TRANSLATION_ID": None,
}


def newest_first(content: Any) -> tuple[float, str]:
    """Order posts newest first, and posts of one date by their path.

    Pelican's own "reversed-date" keeps posts of one date in the order its
    set of files gave them, which changes with PYTHONHASHSEED: two builds of
    the same posts would write different lists.
    """
    date = getattr(content, "date", None)
    return (-date.timestamp() if isinstance(date, dt.datetime) else math.inf, content.source_path)


def by_basename(content: Any) -> tuple[str, str]:
    """Order pages by file name (Pelican's "basename"), and pages of one name by their path."""
    return (os.path.basename(content.source_path or ""), content.source_path or "")


def apply(settings: dict[str, Any]) -> list[Problem]:
    """Fill in defaults, enforce what Strom needs, and return problems with the values."""
    problems = []
    dialect = settings.get("STROM_DIALECT")
    known = isinstance(dialect, str) and dialect in DIALECTS
    preset = DIALECTS[dialect] if known else {}
    if dialect is not None and not known:
        problems.append(
            Problem(
                "pelicanconf.py",
                tr(
                    "must be one of {choices} or None, got {value}",
                    choices=", ".join(map(repr, DIALECTS)),
                    value=shown(repr(dialect)),
                ),
                field="STROM_DIALECT",
            )
        )
    for name, value in preset.items():
        settings.setdefault(name, value)
    for name, default in DEFAULTS.items():
        settings.setdefault(name, default)
    settings.update(REQUIRED)
    # Pelican's default orders, with a tie-break: the same posts give the same site.
    if settings.get("ARTICLE_ORDER_BY") == "reversed-date":
        settings["ARTICLE_ORDER_BY"] = newest_first
    if settings.get("PAGE_ORDER_BY") == "basename":
        settings["PAGE_ORDER_BY"] = by_basename
    # Jinja escapes what it prints; templates do not change during a build, so
    # Jinja need not stat each template file again on every include.
    settings["JINJA_ENVIRONMENT"] = {
        "auto_reload": False,
        **settings.get("JINJA_ENVIRONMENT", {}),
        "autoescape": True,
    }
    search.configure(settings)
    series.configure(settings)
    table = settings["STROM_FRONTMATTER"]
    if not isinstance(table, dict) or not all(
        entry is None or (isinstance(entry, (tuple, list)) and len(entry) == 2)
        for entry in table.values()
    ):
        problems.append(
            Problem(
                "pelicanconf.py",
                tr(
                    "must map front-matter keys to (field, converter) pairs or None, got {value!r}",
                    value=table,
                ),
                field="STROM_FRONTMATTER",
            )
        )
    if settings["STROM_FILENAME_DATES"] not in (True, False, "first"):
        problems.append(
            Problem(
                "pelicanconf.py",
                tr(
                    "must be True, False or 'first', got {value}",
                    value=shown(repr(settings["STROM_FILENAME_DATES"])),
                ),
                field="STROM_FILENAME_DATES",
            )
        )
    refusal = permalinks.setting_problem(settings["STROM_PERMALINK"])
    if refusal:
        problems.append(Problem("pelicanconf.py", refusal, field="STROM_PERMALINK"))
    elif settings["STROM_PERMALINK"]:
        # The reader gives each post its address (permalinks.expand).
        settings["ARTICLE_URL"], settings["ARTICLE_SAVE_AS"] = "{strom_url}", "{strom_save_as}"
    if not isinstance(settings["STROM_DATE_FORMAT"], str):
        problems.append(
            Problem(
                "pelicanconf.py",
                tr(
                    "must be a Babel date pattern, got {value!r}",
                    value=settings["STROM_DATE_FORMAT"],
                ),
                field="STROM_DATE_FORMAT",
            )
        )
    problems += _site_problems(settings) + theme.check_settings(settings)
    problems += images.check_settings(settings) + search.setting_problems(settings)
    problems += textcache.setting_problems(settings)
    problems += aliases.setting_problems(settings) + netlify.setting_problems(settings)
    problems += reading.setting_problems(settings)
    problems += cards.setting_problems(settings)
    # Each concern names the settings by their usual file; name the one read.
    name = settings_file(settings)
    return [
        dataclasses.replace(problem, path=name) if problem.path == "pelicanconf.py" else problem
        for problem in problems
    ]


def read_from_command_line() -> str | None:
    """Return the settings file `pelican` was started with (``-s``, else pelicanconf.py)."""
    program = os.path.normpath(sys.argv[0])
    started = os.path.basename(program) == "pelican" or program.endswith(
        os.path.join("pelican", "__main__.py")
    )
    if not started:  # another program (pytest, strom check) builds with its own settings
        return None
    try:
        arguments = parse_arguments(sys.argv[1:])
    except SystemExit:
        return None
    chosen = arguments.settings
    if chosen is None and os.path.isfile(DEFAULT_CONFIG_NAME):
        chosen = DEFAULT_CONFIG_NAME
    return display_path(os.path.abspath(chosen)) if chosen else None


# SITEURL goes into every link, feed, the sitemap and _redirects: a scheme and a
# host, no spaces, quotes, angle brackets, backslashes, queries or fragments.
_SITE_URL = re.compile(r"https?://[^\s\"'<>\\?#/]+(?:/[^\s\"'<>\\?#]*)?")


def _site_problems(settings: dict[str, Any]) -> list[Problem]:
    """Problems with the Pelican settings Strom reads for every file, found once."""
    problems = []
    zone = settings.get("TIMEZONE") or "UTC"  # as the reader reads it
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        problems.append(
            Problem(
                "pelicanconf.py",
                tr(
                    "unknown time zone {value!r}; use a name such as 'Europe/Berlin'",
                    value=settings["TIMEZONE"],
                ),
                field="TIMEZONE",
            )
        )
    try:
        Locale.parse(str(settings["DEFAULT_LANG"]).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        problems.append(
            Problem(
                "pelicanconf.py",
                tr(
                    "unknown language {value!r}; use a code such as 'de' or 'en'",
                    value=settings["DEFAULT_LANG"],
                ),
                field="DEFAULT_LANG",
            )
        )
    chosen = settings.get("STROM_MESSAGES_LANG")
    if chosen is not None and not messages.known(chosen):
        problems.append(
            Problem(
                "pelicanconf.py",
                tr(
                    "must be one of {choices} or None, got {value}; messages are in English",
                    choices=", ".join(map(repr, messages.LANGUAGES)),
                    value=shown(repr(chosen)),
                ),
                field="STROM_MESSAGES_LANG",
            )
        )
    for name in ("SITEURL", "FEED_DOMAIN"):
        value = settings.get(name)
        if value and not (isinstance(value, str) and _SITE_URL.fullmatch(value)):
            problems.append(
                Problem(
                    "pelicanconf.py",
                    tr(
                        "must be empty or an http(s):// address without spaces or quotes, got "
                        "{value}; e.g. 'https://example.de' or 'https://example.de/blog'",
                        value=shown(repr(value)),
                    ),
                    field=name,
                )
            )
    table = settings["STROM_FRONTMATTER"]
    for key, entry in table.items() if isinstance(table, dict) else ():
        kind = entry[1] if isinstance(entry, (tuple, list)) and len(entry) == 2 else None
        if isinstance(kind, str) and kind not in CONVERTER_NAMES:
            problems.append(
                Problem(
                    "pelicanconf.py",
                    tr(
                        "{key!r} names the unknown converter {kind!r}; "
                        "use one of {choices} or a function",
                        key=key,
                        kind=kind,
                        choices=", ".join(sorted(CONVERTER_NAMES)),
                    ),
                    field="STROM_FRONTMATTER",
                )
            )
    return problems
