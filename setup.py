"""Builds Strom's wheel; the theme's gettext catalogs are compiled to .mo on the way in.

Only the .po files live in git. A wheel gets a messages.mo beside each
messages.po, compiled with Babel; an editable install gets none, because
Strom compiles the .po in memory when no .mo is there (plugins/strom/i18n.py).
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

THEME_PACKAGE = "pelican.plugins.strom.theme"


def compile_catalog(po_path: Path) -> Path:
    """Write the .mo of ``po_path`` beside it and return its path; fuzzy entries stay out."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parent.parent.name)
    errors = [
        f"{po_path}:{message.lineno}: {error}"
        for message, problems in catalog.check()
        for error in problems
    ]
    if errors:
        raise SystemExit("\n".join(["cannot compile the translations:", *errors]))
    mo_path = po_path.with_suffix(".mo")
    with mo_path.open("wb") as handle:
        write_mo(handle, catalog)
    return mo_path


class BuildPyWithCatalogs(build_py):
    """build_py that also compiles the theme's .po catalogs into the build."""

    def run(self) -> None:
        """Build as usual, then compile each catalog (not for editable installs)."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        theme = Path(self.build_lib, *THEME_PACKAGE.split("."))
        for po_path in sorted(theme.glob("translations/*/LC_MESSAGES/*.po")):
            compile_catalog(po_path)


setup(cmdclass={"build_py": BuildPyWithCatalogs})
