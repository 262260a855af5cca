"""The content's public/ folder, served from the site root as in Astro."""

from __future__ import annotations

from typing import Any

from .build import template_files, written_content
from .frontmatter import display_path
from .problems import Problem, report


def serve_from_root(generator: Any) -> None:
    """Write each file of ``STROM_PUBLIC_DIR`` at its path below that folder.

    A file that would replace a post, a page or a list is reported and not
    copied (the static files are copied last, over what was written).
    """
    folder = generator.settings["STROM_PUBLIC_DIR"].strip("/")
    prefix = folder + "/"
    taken = template_files(generator.settings)
    for item in written_content(generator.context):
        taken[item.save_as] = display_path(item.source_path)
    kept = []
    for static in generator.staticfiles:
        relative = static.relative_source_path
        if relative.startswith(prefix):
            target = relative[len(prefix) :]
            if target in taken:
                report(
                    Problem(
                        display_path(static.source_path),
                        f"would replace {taken[target]} at /{target}; rename or remove it",
                    )
                )
                continue
            static.override_save_as = target
            static.override_url = target
        kept.append(static)
    generator.staticfiles[:] = kept
