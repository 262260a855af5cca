"""The content's public/ folder, served from the site root as in Astro."""

from __future__ import annotations

from typing import Any


def serve_from_root(generator: Any) -> None:
    """Write each file of ``STROM_PUBLIC_DIR`` at its path below that folder."""
    folder = generator.settings["STROM_PUBLIC_DIR"].strip("/")
    prefix = folder + "/"
    for static in generator.staticfiles:
        relative = static.relative_source_path
        if relative.startswith(prefix):
            target = relative[len(prefix) :]
            static.override_save_as = target
            static.override_url = target
