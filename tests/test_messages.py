"""Strom's messages in the site's language: complete catalogs, German and English builds."""

import ast
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, post, write_settings, write_tree
from pelican.plugins.strom import cli, messages
from pelican.plugins.strom.i18n import catalog_path

PLUGIN = ROOT / "plugins" / "strom"
THEME = ROOT / "theme"
# The functions that translate a message, and how many msgids each takes.
TRANSLATING = {"tr": 1, "tr_pattern": 1, "marked": 1, "ntr": 2}


def message_calls():
    """Yield (place, msgids) of every call that translates or marks a message in the plugin."""
    for path in sorted(PLUGIN.rglob("*.py")):
        if path.name == "messages.py":  # the functions themselves
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in TRANSLATING:
                place = f"{path.relative_to(ROOT)}:{node.lineno}"
                yield place, node.args[: TRANSLATING[name]]


def used_messages():
    """Every msgid the plugin translates: singular -> plural (None for a plain message)."""
    found = {}
    for place, args in message_calls():
        assert all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args), (
            f"{place}: a message must be a plain string (values go in placeholders)"
        )
        values = [a.value for a in args]
        found[values[0]] = values[1] if len(values) == 2 else None
    return found


def catalog_messages(lang):
    with catalog_path(THEME, lang).open("rb") as handle:
        catalog = read_po(handle)
    return {
        (m.id if isinstance(m.id, str) else m.id[0]): m
        for m in catalog
        if m.id and m.context == messages.CONTEXT
    }


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_catalogs_translate_every_build_message(lang):
    used = used_messages()
    assert len(used) > 40
    translated = catalog_messages(lang)
    assert used.keys() <= translated.keys(), sorted(used.keys() - translated.keys())
    assert translated.keys() <= used.keys(), f"unused: {translated.keys() - used.keys()}"
    for msgid, plural in used.items():
        entry = translated[msgid]
        ids = (msgid,) if plural is None else (msgid, plural)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert len(strings) == len(ids), msgid
        assert all(strings), msgid
        # Every placeholder of the msgid is filled in, and no other.
        for text in strings:
            assert placeholders(text) == placeholders(ids[-1]) | placeholders(ids[0]), text
    if lang == "en":
        assert all(translated[m].string in (m, (m, p)) for m, p in used.items())


def test_language_comes_from_the_setting_then_default_lang():
    assert messages.language({"DEFAULT_LANG": "de"}) == "de"
    assert messages.language({"DEFAULT_LANG": "de_AT"}) == "de"
    assert messages.language({"DEFAULT_LANG": "fr"}) == "en"
    assert messages.language({"DEFAULT_LANG": "de", "STROM_MESSAGES_LANG": "en"}) == "en"
    assert messages.language({"DEFAULT_LANG": "en", "STROM_MESSAGES_LANG": "de-CH"}) == "de"
    assert messages.language({"DEFAULT_LANG": "de", "STROM_MESSAGES_LANG": "fr"}) == "en"


# A post without a title and one without a date, beside a good one.
BAD_POSTS = {
    "blog/gut.md": post("title: Gut\npubDate: 2025-01-19"),
    "blog/ohne-titel.md": post("pubDate: 2025-01-19"),
    "blog/ohne-datum.md": post("title: Ohne Datum"),
    "blog/falsches-datum.md": post("title: Falsches Datum\npubDate: 32.01.2025"),
}


def test_a_german_site_reads_its_problems_in_german(build_site, capsys):
    site = build_site(BAD_POSTS, STROM_MESSAGES_LANG=None)  # DEFAULT_LANG = "de"
    summary = capsys.readouterr().err
    assert "strom: 3 Probleme; die Website ist unvollständig:" in summary
    assert str(site.failure) == "3 Probleme oben; beheben Sie sie und bauen Sie die Website erneut"
    lines = {line.split("content/", 1)[1] for line in site.failure_text.splitlines()[1:]}
    assert lines == {
        "blog/ohne-titel.md: title: fehlt; ergänzen Sie 'title: ...' im Front Matter",
        "blog/ohne-datum.md: date: fehlt; ergänzen Sie 'pubDate: Jan 19 2025' (oder 'date:') "
        "im Front Matter",
        # Python's own reason stays as Python gives it.
        "blog/falsches-datum.md:3: pubDate: '32.01.2025' ist kein Datum (day is out of range "
        "for month); schreiben Sie z. B. 'Jan 19 2025', '2025-01-19' oder '19.01.2025'",
    }
    assert site.exists("blog/gut/index.html")


def test_strom_messages_lang_en_keeps_a_german_site_s_messages_english(build_site, capsys):
    site = build_site(BAD_POSTS, STROM_MESSAGES_LANG="en")
    assert "strom: 3 problems; the site is incomplete:" in capsys.readouterr().err
    assert str(site.failure) == "3 problems above; fix them and build again"
    assert "ohne-titel.md: title: missing; add 'title: ...' to the front matter" in (
        site.failure_text
    )
    assert site.html("blog/gut/index.html").html["lang"] == "de"


def test_an_unknown_messages_language_is_named_and_english_is_used(build_site, capsys):
    site = build_site({"blog/gut.md": BAD_POSTS["blog/gut.md"]}, STROM_MESSAGES_LANG="fr")
    assert str(site.failure) == "1 problem in the settings above; fix it"
    (problem,) = site.failure.problems
    assert str(problem) == (
        "pelicanconf.py: STROM_MESSAGES_LANG: must be one of 'de', 'en' or None, "
        "got 'fr'; messages are in English"
    )


def check_site(tmp_path: Path, capsys, *options: str):
    """Run `strom check` on a German site (settings of its own); return status, out, err."""
    write_tree(tmp_path / "content", BAD_POSTS)
    write_settings(tmp_path, STROM_MESSAGES_LANG="None")
    capsys.readouterr()
    status = cli.main(
        ["check", str(tmp_path / "content"), "-s", str(tmp_path / "site.py"), *options]
    )
    out, err = capsys.readouterr()
    return status, out, err


def test_strom_check_follows_the_site_s_language(tmp_path, capsys):
    status, out, err = check_site(tmp_path, capsys)
    assert status == 1
    assert "ohne-titel.md: title: fehlt; ergänzen Sie 'title: ...' im Front Matter" in out
    assert "warning: " not in err and "Warnung: " in err  # the footer's legal links
    assert err.splitlines()[-1] == (
        "strom check: 3 Probleme in 3 von 4 Dateien; beheben Sie sie und prüfen Sie erneut."
    )


def test_strom_check_lang_en_on_a_german_site_prints_english(tmp_path, capsys):
    status, out, err = check_site(tmp_path, capsys, "--lang", "en")
    assert status == 1
    assert "ohne-titel.md: title: missing; add 'title: ...' to the front matter" in out
    assert "fehlt" not in out
    assert (
        err.splitlines()[-1] == "strom check: 3 problems in 3 of 4 files; fix them and check again."
    )


def test_strom_new_speaks_the_new_site_s_language(tmp_path, capsys):
    assert cli.main(["new", str(tmp_path / "de")]) == 0
    out = capsys.readouterr().out
    assert f"Neue deutschsprachige Strom-Website 'Mein Blog' in {tmp_path / 'de'} angelegt" in out
    assert "pelican content      # baut die Website nach output/" in out
    assert cli.main(["new", str(tmp_path / "en"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert f"Wrote a new English Strom site 'My Blog' to {tmp_path / 'en'}" in out


def test_a_german_site_reads_series_and_logo_problems_in_german(build_site):
    files = {
        "blog/kaputt.md": post("title: Kaputt\npubDate: 2025-01-19\nseries: [1, 2]"),
        "public/kaputt.png": b"kein Bild",
    }
    site = build_site(files, STROM_MESSAGES_LANG="de", STROM_LOGO="kaputt.png")
    assert site.failure is not None
    assert sorted(site.errors) == [
        f"{site.content}/blog/kaputt.md: series: muss ein Name oder eine Zuordnung sein, "
        "angegeben ist [1, 2]; schreiben Sie einen Namen ('series: Kafka lernen') oder eine "
        "Zuordnung ('series: {name: Kafka lernen, order: 2}'; order oder part ist optional)",
        f"pelicanconf.py: STROM_LOGO: kaputt.png in {site.content / 'public'} ist kein SVG-, "
        "PNG-, JPEG-, WebP-, AVIF- oder GIF-Bild; nennen Sie dort ein Bild oder setzen Sie "
        "None für kein Logo",
    ]
    assert site.html("blog/kaputt/index.html").h1.get_text() == "Kaputt"
