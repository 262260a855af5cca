"""The footer's Impressum and Datenschutz links: a link to no page is a problem in production."""

import logging

import pytest
from conftest import build_and_check, post

POST = {"blog/a.md": post("title: A\npubDate: 2025-01-01\n")}
LEGAL = {
    "pages/impressum.md": post("title: Impressum\n"),
    "pages/datenschutz.md": post("title: Datenschutz\n"),
}


def footer_warnings(site):
    return [
        r.getMessage()
        for r in site.log
        if r.levelno == logging.WARNING and "the footer of every page links" in r.getMessage()
    ]


def test_production_fails_on_footer_links_to_no_page(tmp_path, capsys):
    site, status, lines, _ = build_and_check(tmp_path, capsys, POST, STROM_PRODUCTION="True")
    assert status == 1 and site.failure is not None
    assert sorted(line.split(": ", 2)[1] for line in lines) == [
        "STROM_IMPRINT_URL",
        "STROM_PRIVACY_URL",
    ]
    assert all(line.startswith("site.py: ") for line in lines)
    assert any("links /impressum/, which no page of the site serves" in line for line in lines)
    assert any("write pages/datenschutz.md in the content folder" in line for line in lines)
    footer = site.html("index.html").select("footer a")
    assert "/impressum/" in [a["href"] for a in footer]  # the page is still written


def test_development_warns_the_same_in_build_and_check(tmp_path, capsys):
    site, status, lines, err = build_and_check(tmp_path, capsys, POST)
    assert status == 0, lines
    warned = footer_warnings(site)
    assert len(warned) == 2, warned
    checked = [line for line in err.splitlines() if "the footer of every page links" in line]
    assert checked == [f"warning: {message}" for message in warned]


@pytest.mark.parametrize(
    ("files", "settings"),
    [
        ({**POST, **LEGAL}, {}),
        (POST, {"STROM_IMPRINT_URL": "''", "STROM_PRIVACY_URL": "'https://example.de/ds/'"}),
        (
            {**POST, "pages/kontakt.md": post("title: Kontakt\n")},
            {"STROM_IMPRINT_URL": "'kontakt/'", "STROM_PRIVACY_URL": "'kontakt/'"},
        ),
    ],
)
def test_links_to_pages_or_hosts_or_none_are_fine(tmp_path, capsys, files, settings):
    site, status, lines, err = build_and_check(
        tmp_path, capsys, files, STROM_PRODUCTION="True", **settings
    )
    assert status == 0, lines
    assert footer_warnings(site) == []
    assert "the footer of every page links" not in err


def test_accessibility_statement_is_linked_and_checked_like_the_others(tmp_path, capsys):
    settings = {"STROM_PRODUCTION": "True", "STROM_ACCESSIBILITY_URL": "'barrierefreiheit/'"}
    site, status, lines, _ = build_and_check(tmp_path, capsys, {**POST, **LEGAL}, **settings)
    assert status == 1 and site.failure is not None
    assert [line.split(": ", 2)[1] for line in lines] == ["STROM_ACCESSIBILITY_URL"]
    assert "write pages/barrierefreiheit.md in the content folder" in lines[0]

    statement = {"pages/barrierefreiheit.md": post("title: Erklärung zur Barrierefreiheit\n")}
    site, status, lines, _ = build_and_check(
        tmp_path / "mit", capsys, {**POST, **LEGAL, **statement}, **settings
    )
    assert status == 0 and lines == []
    page = site.html("barrierefreiheit/index.html")
    link = page.select_one("footer a[aria-current=page]")
    assert link["href"] == "/barrierefreiheit/" and link.get_text() == "Barrierefreiheit"
    menu = [a["href"] for a in site.html("index.html").select("header nav a")]
    assert "/barrierefreiheit/" not in menu  # a legal page, in the footer only
