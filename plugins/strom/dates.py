"""Reading dates as authors write them, and printing them with Babel."""

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

import babel.dates
from dateutil import parser as dateutil_parser
from pelican.utils import SafeDatetime

from .messages import tr

# 03.02.2025 is the 3rd of February, always: German authors write day first.
_GERMAN = re.compile(
    r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"
    r"(?:[ T,]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
_YEAR = re.compile(r"\d{4}")


class DateError(ValueError):
    """A value that cannot be read as a date."""


def to_datetime(value: object, timezone: str, keep_offset: bool = False) -> SafeDatetime:
    """Return ``value`` as an aware datetime in ``timezone``.

    Accepts YAML dates and datetimes and strings such as ``Jan 19 2025``,
    ``2025-01-19``, ``2024-06-01 10:00:00 +0200`` and ``03.02.2025``. A date
    without a time is midnight of that calendar day in ``timezone``. With
    ``keep_offset`` a date written with an offset (``Z``, ``+0200``) keeps it,
    and with it the calendar day it was written with, as Hugo shows it.
    """
    zone = ZoneInfo(timezone)
    if value is None or value == "":
        raise DateError(tr("is empty"))
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        moment = _parse_text(value.strip())
    else:
        shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
        raise DateError(tr("{value} is not a date", value=shown))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    elif keep_offset:
        zone = moment.tzinfo
    return SafeDatetime.fromtimestamp(moment.timestamp(), zone)


def _parse_text(text: str) -> dt.datetime:
    german = _GERMAN.fullmatch(text)
    if german:
        parts = {key: int(value or 0) for key, value in german.groupdict().items()}
        try:
            return dt.datetime(**parts)
        except ValueError as error:
            raise DateError(not_a_date(text, error)) from None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    try:  # the Astro starter's form, "Jan 19 2025": faster than dateutil
        return dt.datetime.strptime(text, "%b %d %Y")
    except ValueError:
        pass
    if not _YEAR.search(text):
        raise DateError(tr("'{value}' has no four-digit year", value=text))
    try:
        return dateutil_parser.parse(text, default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError) as error:
        raise DateError(not_a_date(text, error)) from None


def not_a_date(text: str, error: Exception) -> str:
    """Return the message for ``text`` that is no date, with the reason."""
    return tr("'{value}' is not a date ({error})", value=text[:80], error=error)


def format_date(moment: dt.datetime, lang: str, pattern: str = "long") -> str:
    """Return ``moment`` as the reader of ``lang`` writes it: '19. Januar 2025'.

    Babel carries the locale data itself, so no system locale is needed. The
    day is the one of ``moment``'s own offset.
    """
    return _format_day(moment.date(), lang, pattern)


@lru_cache(maxsize=8192)
def _format_day(day: dt.date, lang: str, pattern: str) -> str:
    # A post's date is printed on many pages (lists, tags, archives): each once.
    # Keyed by the day, not the moment: two moments of one instant are equal
    # datetimes, yet in two offsets they may fall on two days.
    return babel.dates.format_date(day, format=pattern, locale=lang)
