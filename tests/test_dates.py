import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pelican.plugins.strom.dates import DateError, format_date, to_datetime

BERLIN = "Europe/Berlin"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Jan 19 2025", "2025-01-19T00:00:00+01:00"),
        ("January 19, 2025", "2025-01-19T00:00:00+01:00"),
        ("2025-01-19", "2025-01-19T00:00:00+01:00"),
        ("03.02.2025", "2025-02-03T00:00:00+01:00"),
        ("3.2.2025 14:30", "2025-02-03T14:30:00+01:00"),
        ("2024-06-01 10:00:00 +0200", "2024-06-01T10:00:00+02:00"),
        ("2024-06-01T08:00:00Z", "2024-06-01T10:00:00+02:00"),
        (dt.date(2025, 1, 19), "2025-01-19T00:00:00+01:00"),
        (dt.datetime(2025, 7, 1, 9, 0), "2025-07-01T09:00:00+02:00"),
    ],
)
def test_dates_as_authors_write_them(value, expected):
    assert to_datetime(value, BERLIN).isoformat() == expected


@pytest.mark.parametrize("value", ["Jan 32 2025", "31.02.2025", "bald", "19", "", None, [1]])
def test_what_is_not_a_date_is_refused(value):
    with pytest.raises(DateError):
        to_datetime(value, BERLIN)


days = st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2200, 12, 31))
zones = st.sampled_from(["Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "UTC"])


@given(days, zones)
def test_a_day_stays_that_day_in_every_zone(day, zone):
    for text in (day.strftime("%d.%m.%Y"), day.isoformat(), day.strftime("%b %d %Y")):
        moment = to_datetime(text, zone)
        assert moment.date() == day
        assert (moment.hour, moment.minute) == (0, 0)


def test_german_and_english_dates_without_system_locales():
    moment = to_datetime("Jan 19 2025", BERLIN)
    assert format_date(moment, "de") == "19. Januar 2025"
    assert format_date(moment, "en") == "January 19, 2025"
    assert format_date(to_datetime("03.03.2025", BERLIN), "de") == "3. März 2025"


def test_one_instant_in_two_offsets_prints_each_own_day():
    utc = to_datetime("2024-06-01T23:30:00Z", BERLIN, keep_offset=True)
    berlin = to_datetime("2024-06-01T23:30:00Z", BERLIN)
    assert utc == berlin  # the same instant
    assert (format_date(utc, "de"), format_date(berlin, "de")) == ("1. Juni 2024", "2. Juni 2024")
    assert to_datetime("2024-06-01 10:00", BERLIN, keep_offset=True).isoformat() == (
        "2024-06-01T10:00:00+02:00"
    )
