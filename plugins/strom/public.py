"""The content's public/ folder, served from the site root as in Astro."""

from __future__ import annotations

import os
from typing import Any

from . import build
from .outputs import NETLIFY_FILES, OutputMap, Owner
from .problems import Problem, display_path, report
from .reader import outside_reason


def public_target(relative: str, settings: dict[str, Any]) -> str | None:
    """Return where a static file (path inside the content folder) is served, if public."""
    prefix = settings["STROM_PUBLIC_DIR"].strip("/") + "/"
    return relative[len(prefix) :] if relative.startswith(prefix) else None


def claim_statics(
    outputs: OutputMap, statics: list[tuple[str, str]], settings: dict[str, Any]
) -> tuple[set[str], list[Problem]]:
    """Claim the files that static sources (source path, path in the content) are copied to.

    Return the source paths that lost and a problem for each.
    """
    lost: set[str] = set()
    problems = []
    for source_path, relative in sorted(statics, key=lambda static: static[1]):
        path = display_path(source_path)
        refusal = outside_reason(source_path, settings["PATH"])
        if refusal is not None:
            if relative.startswith("..") or os.path.isabs(relative):
                refusal = (
                    "is outside the content folder, and a {static} or {attach} link in a page "
                    "names it; link a file inside the content folder"
                )
            lost.add(source_path)
            problems.append(Problem(path, refusal))
            continue
        target = public_target(relative, settings) or relative
        if target in NETLIFY_FILES:
            continue  # the site's own rules, merged into Strom's (netlify.py)
        other = outputs.owner(target)
        if other is not None:
            problem: Problem | None = Problem(
                path, f"would replace {other} ({target}); rename or remove it"
            )
        else:
            problem = outputs.claim(target, Owner(path, advice="rename or remove it"))
        if problem is not None:
            lost.add(source_path)
            problems.append(problem)
    return lost, problems


def serve_from_root(generator: Any) -> None:
    """Write each file of ``STROM_PUBLIC_DIR`` at its path below that folder.

    A file that would replace a post, a page, a list or another file is
    reported and not copied (the static files are copied last, over what was
    written).
    """
    running = build.current(generator.settings)
    statics = [
        (static.source_path, static.relative_source_path) for static in generator.staticfiles
    ]
    lost: set[str] = set()
    if running is not None:
        lost, problems = claim_statics(running.outputs, statics, generator.settings)
        for problem in problems:
            report(problem)
    kept = []
    for static in generator.staticfiles:
        if static.source_path in lost:
            continue
        target = public_target(static.relative_source_path, generator.settings)
        if target is not None:
            static.override_save_as = target
            static.override_url = target
        kept.append(static)
    generator.staticfiles[:] = kept
