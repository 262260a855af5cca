"""A site's own face on Strom's theme: its logo, the home page's intro, its CSS file."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from markdown import Markdown
from markupsafe import Markup
from PIL import Image, UnidentifiedImageError

from .messages import marked, tr, tr_marked
from .problems import Problem, settings_file, shown
from .reader import outside_reason

# The header shows the logo this many pixels high (layout.css .brand-logo).
LOGO_HEIGHT = 28
RASTER = (".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif")
# The site CSS file that STROM_SITE_CSS names by default; missing, it is no problem.
SITE_CSS = "public/site.css"


@dataclass(frozen=True)
class Logo:
    """The header's logo: a file of the site's public folder, at the header's height."""

    url: str
    width: int
    height: int = LOGO_HEIGHT


def setting_problems(settings: dict[str, Any]) -> list[Problem]:
    """Return problems with the types of STROM_LOGO, STROM_INTRO and STROM_SITE_CSS."""
    problems = []
    expected = {
        "STROM_LOGO": (marked("True, None or a file name in the public folder"), (bool, str)),
        "STROM_INTRO": (marked("None or Markdown text"), (str,)),
        "STROM_SITE_CSS": (
            marked("None or a CSS file's path inside the content folder"),
            (str,),
        ),
    }
    for name, (wanted, types) in expected.items():
        value = settings[name]
        if value is not None and (not isinstance(value, types) or value is False):
            problems.append(
                Problem(
                    settings_file(settings),
                    tr(
                        "must be {wanted}, got {value}",
                        wanted=tr_marked(wanted),
                        value=shown(repr(value)),
                    ),
                    field=name,
                )
            )
    return problems


def _svg_size(path: Path) -> tuple[float, float] | None:
    """Return the width and height of an SVG file (its viewBox), or None if it is none."""
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError):
        return None
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        return None
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        if len(box) == 4:
            return float(box[2]), float(box[3])
        return float(root.get("width", "")), float(root.get("height", ""))
    except ValueError:
        return (1.0, 1.0)  # no size given: shown square


def _size(path: Path) -> tuple[float, float] | None:
    """Return the width and height of an image file, or None if it is none."""
    if path.suffix.lower() == ".svg":
        return _svg_size(path)
    if path.suffix.lower() not in RASTER:
        return None
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None


def logo(settings: dict[str, Any]) -> tuple[Logo | bool | None, Problem | None]:
    """Return the header's logo (True: the theme's mark; None: none) and a problem, if any.

    A file must be an image (SVG or raster) inside the public folder; one that
    is not is reported, and the header shows no logo.
    """
    value = settings["STROM_LOGO"]
    if value is None or value is True:
        return value, None
    public = Path(settings["PATH"], settings["STROM_PUBLIC_DIR"].strip("/"))
    relative = value.lstrip("/")
    path = public / relative
    size = None
    reason = outside_reason(str(path), str(public))
    if reason is None and (size := _size(path)) is None:
        reason = tr("is not an SVG, PNG, JPEG, WebP, AVIF or GIF image")
    if reason is not None or size is None:
        return None, Problem(
            settings_file(settings),
            tr(
                "{file} in {folder} {reason}; name an image there, or set None for no logo",
                file=shown(value),
                folder=public,
                reason=reason,
            ),
            field="STROM_LOGO",
        )
    width, height = size
    return Logo(relative, max(1, round(LOGO_HEIGHT * width / height))), None


def intro(settings: dict[str, Any]) -> Markup | None:
    """Return the home page's intro, STROM_INTRO rendered with the site's Markdown."""
    text = settings["STROM_INTRO"]
    if not text:
        return None
    configs = settings["MARKDOWN"].get("extension_configs", {})
    converter = Markdown(
        extensions=[name for name in configs if "toc" not in name],
        extension_configs={name: conf for name, conf in configs.items() if "toc" not in name},
        output_format="html",
    )
    return Markup(converter.convert(text))


def site_css(settings: dict[str, Any]) -> tuple[str | None, Problem | None]:
    """Return the site's CSS (STROM_SITE_CSS) and a problem if it cannot be read.

    The default ``public/site.css`` may be missing; a file the site names may not.
    """
    value = settings["STROM_SITE_CSS"]
    if not value:
        return None, None
    path = os.path.join(settings["PATH"], value)
    if not os.path.exists(path) and value == SITE_CSS:
        return None, None
    reason = outside_reason(path, settings["PATH"])
    if reason is None and not re.search(r"\.css$", value, re.IGNORECASE):
        reason = tr("is no .css file")
    if reason is None:
        try:
            return Path(path).read_text("utf-8"), None
        except (OSError, UnicodeDecodeError) as error:
            reason = tr("cannot be read ({error})", error=error)
    return None, Problem(
        settings_file(settings),
        tr(
            "{file} {reason}; fix the path inside the content folder or set None",
            file=shown(value),
            reason=reason,
        ),
        field="STROM_SITE_CSS",
    )
