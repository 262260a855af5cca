"""The theme's translations: the shipped .mo when there is one, else the .po from git."""

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po
from pelican.plugins.strom import i18n


def catalog_files(theme, lang, po=None, mo=None):
    folder = theme / "translations" / lang / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    for suffix, text, write in ((".po", po, write_po), (".mo", mo, write_mo)):
        if text is not None:
            catalog = Catalog(locale=lang)
            catalog.add("Skip to content", text)
            with (folder / f"messages{suffix}").open("wb") as handle:
                write(handle, catalog)


def test_po_only_is_compiled_in_memory(tmp_path):
    catalog_files(tmp_path, "de", po="Zum Inhalt (po)")
    assert i18n.translations(tmp_path, "de").gettext("Skip to content") == "Zum Inhalt (po)"
    assert not list(tmp_path.rglob("*.mo"))


def test_mo_only_is_read(tmp_path):
    catalog_files(tmp_path, "de", mo="Zum Inhalt (mo)")
    assert i18n.translations(tmp_path, "de").gettext("Skip to content") == "Zum Inhalt (mo)"


def test_shipped_mo_wins_over_po(tmp_path):
    catalog_files(tmp_path, "de", po="Zum Inhalt (po)", mo="Zum Inhalt (mo)")
    assert i18n.translations(tmp_path, "de").gettext("Skip to content") == "Zum Inhalt (mo)"


def test_no_catalog_gives_the_msgids(tmp_path):
    assert i18n.translations(tmp_path, "fr").gettext("Skip to content") == "Skip to content"
