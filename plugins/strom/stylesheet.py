"""The theme's one stylesheet: Pygments colours, ordered CSS files, a content-hashed name."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pygments.style import StyleMeta
from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES, Token
from pygments.util import ClassNotFound

from . import branding
from .messages import tr
from .problems import Problem, report, settings_file

# Code text must reach WCAG AA against the code background.
AA = 4.5


def _channels(color: str) -> tuple[float, float, float]:
    color = color.lstrip("#")
    if len(color) == 3:
        color = "".join(char * 2 for char in color)
    return tuple(int(color[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _hex(channels: Iterable[float]) -> str:
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in channels)


def luminance(color: str) -> float:
    """Return the relative luminance of a ``#rrggbb`` colour (WCAG 2.1)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _channels(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two colours."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(color: str, background: str, ratio: float = AA) -> str:
    """Return ``color``, moved towards black or white until it reaches ``ratio``."""
    target = (0.0, 0.0, 0.0) if luminance(background) > 0.18 else (1.0, 1.0, 1.0)
    channels = _channels(color)
    for step in range(21):
        share = step / 20
        mixed = _hex(c * (1 - share) + t * share for c, t in zip(channels, target, strict=True))
        if contrast(mixed, background) >= ratio:
            return mixed
    return _hex(target)


def _style(name: str) -> StyleMeta | None:
    try:
        return get_style_by_name(name)
    except ClassNotFound:
        return None


# What code highlighting tells apart: each Pygments class takes the colour of
# its nearest ancestor here; a short list keeps both modes near a kilobyte.
ROLES: dict[str, Any] = {
    "comment": Token.Comment,
    "keyword": Token.Keyword,
    "type": Token.Keyword.Type,
    "string": Token.Literal.String,
    "number": Token.Literal.Number,
    "operator": Token.Operator,
    "word": Token.Operator.Word,
    "builtin": Token.Name.Builtin,
    "function": Token.Name.Function,
    "class": Token.Name.Class,
    "namespace": Token.Name.Namespace,
    "decorator": Token.Name.Decorator,
    "tag": Token.Name.Tag,
    "attribute": Token.Name.Attribute,
    "variable": Token.Name.Variable,
    "constant": Token.Name.Constant,
    "exception": Token.Name.Exception,
    "inserted": Token.Generic.Inserted,
    "deleted": Token.Generic.Deleted,
    "heading": Token.Generic.Heading,
    "error": Token.Error,
}
_ROLE_OF = {token_type: role for role, token_type in ROLES.items()}


def _role(token_type: Any) -> str | None:
    """Return the role of a token type: its own or its nearest ancestor's."""
    while token_type is not None:
        if token_type in _ROLE_OF:
            return _ROLE_OF[token_type]
        token_type = token_type.parent
    return None


def _palette(style: StyleMeta) -> tuple[str, str, dict[str, tuple[str, bool, bool]]]:
    """Return background, text colour and (colour, bold, italic) of each role, AA-readable."""
    background = style.background_color or "#ffffff"
    dark = luminance(background) <= 0.18
    text = style.style_for_token(Token.Text)["color"]
    foreground = readable(f"#{text}" if text else ("#f0f0f0" if dark else "#1a1a1a"), background)
    roles = {}
    for role, token_type in ROLES.items():
        found = style.style_for_token(token_type)
        color = readable(f"#{found['color']}", background) if found["color"] else foreground
        roles[role] = (color, bool(found["bold"]), bool(found["italic"]))
    return background, foreground, roles


def pygments_css(light_name: str, dark_name: str) -> str:
    """Return CSS for ``.highlight`` code blocks, colours as custom properties.

    Dark mode overrides only the properties. Each role of ``ROLES`` is one
    rule for all its Pygments classes; bold and italic follow the light style.
    """
    light, dark = _style(light_name), _style(dark_name)
    if light is None or dark is None:
        return ""
    light_bg, light_fg, light_roles = _palette(light)
    dark_bg, dark_fg, dark_roles = _palette(dark)
    classes: dict[str, list[str]] = {}
    for token_type, css_class in STANDARD_TYPES.items():
        role = _role(token_type)
        if css_class and role:
            classes.setdefault(role, []).append(css_class)
    light_vars = [f"--code-bg:{light_bg}", f"--code-fg:{light_fg}"]
    dark_vars = [f"--code-bg:{dark_bg}", f"--code-fg:{dark_fg}"]
    rules = [".highlight{background:var(--code-bg);color:var(--code-fg)}"]
    for role, members in classes.items():
        color, bold, italic = light_roles[role]
        dark_color = dark_roles[role][0]
        declarations = []
        if (color, dark_color) != (light_fg, dark_fg):
            light_vars.append(f"--hl-{role}:{color}")
            dark_vars.append(f"--hl-{role}:{dark_color}")
            declarations.append(f"color:var(--hl-{role})")
        if bold:
            declarations.append("font-weight:700")
        if italic:
            declarations.append("font-style:italic")
        if declarations:
            names = ",".join(f".{name}" for name in sorted(members))
            selector = f":is({names})" if len(members) > 1 else names
            rules.append(f".highlight {selector}{{{';'.join(declarations)}}}")
    return (
        f":root{{{';'.join(light_vars)}}}"
        f"@media (prefers-color-scheme:dark){{:root{{{';'.join(dark_vars)}}}}}" + "".join(rules)
    )


_CSS_PARTS = re.compile(
    r"""(?P<string>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')"""
    r"|(?P<comment>/\*.*?\*/)"
    r"|(?P<space>\s+)",
    re.DOTALL,
)
_AROUND = re.compile(r"\s*([{};,>])\s*")


def minify(css: str) -> str:
    """Return ``css`` without comments and needless white space; strings stay as written."""
    pieces: list[str] = []
    position = 0
    for match in _CSS_PARTS.finditer(css):
        pieces.append(css[position : match.start()])
        if match.group("string"):
            pieces.append(match.group("string"))
        elif match.group("space"):
            pieces.append(" ")
        position = match.end()
    pieces.append(css[position:])
    return _tidy("".join(pieces))


def _tidy(css: str) -> str:
    """Drop spaces around braces, semicolons, commas and after colons (outside strings)."""
    parts = re.split(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')""", css)
    for index in range(0, len(parts), 2):
        text = _AROUND.sub(r"\1", parts[index])
        parts[index] = re.sub(r":\s+", ":", text).replace(";}", "}")
    return "".join(parts).strip()


# The dark tokens as minify() writes them: custom properties of :root, no nested rules.
_DARK_TOKENS = re.compile(r"@media \(prefers-color-scheme:dark\)\{:root\{([^{}]*)\}\}")


def with_scheme_choice(css: str) -> str:
    """Return minified ``css`` whose dark ``:root`` tokens also follow the reader's choice.

    The header's toggle sets ``data-scheme`` on ``<html>`` (theme/static/scheme.js,
    before the first paint): "dark" takes the dark tokens whatever the system
    says, "light" keeps the light ones, "auto" (and no script) follows the system.
    Both are for screens only: paper keeps the light tokens (and print.css's).
    """

    def chosen(match: re.Match) -> str:
        tokens = match.group(1)
        return (
            "@media screen and (prefers-color-scheme:dark)"
            f"{{:root:not([data-scheme=light]){{{tokens}}}}}"
            f"@media screen{{:root[data-scheme=dark]{{{tokens}}}}}"
        )

    return _DARK_TOKENS.sub(chosen, css)


def build(theme: str, settings: dict[str, Any]) -> tuple[str, bytes]:
    """Return the stylesheet's file name (``strom.<hash>.css``) and its bytes.

    The theme's CSS files come in the order of ``STROM_CSS``, after the
    Pygments colours and before the site's ``STROM_CSS_EXTRA`` and, last, its
    ``STROM_SITE_CSS``. A missing file is reported; the rest is still written.
    """
    parts = [pygments_css(settings["STROM_PYGMENTS_STYLE"], settings["STROM_PYGMENTS_DARK_STYLE"])]
    sources = [("STROM_CSS", Path(theme) / "css" / name) for name in settings["STROM_CSS"]]
    sources += [
        ("STROM_CSS_EXTRA", Path(settings["PATH"]) / name) for name in settings["STROM_CSS_EXTRA"]
    ]
    for setting, path in sources:
        try:
            parts.append(path.read_text("utf-8"))
        except OSError as error:
            report(
                Problem(
                    settings_file(settings),
                    tr(
                        "cannot read {file} ({error}); fix the name or remove it",
                        file=path,
                        error=error.strerror,
                    ),
                    field=setting,
                )
            )
    own, problem = branding.site_css(settings)
    if problem is not None:
        report(problem)
    parts.append(own or "")
    css = with_scheme_choice(minify("\n".join(parts))).encode("utf-8")
    digest = hashlib.sha256(css).hexdigest()[:12]
    return f"strom.{digest}.css", css
