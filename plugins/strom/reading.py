"""What a post offers its reader beside the text: a table of contents and the code copy button."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from pelican.contents import Article

from .messages import tr
from .problems import Problem, settings_file, shown

# An h2 or h3 of the rendered post, with the id Markdown gave it. The ids are
# read, never derived again: whatever slugger made them, the links fit.
_HEADING = re.compile(r"<h([23])\b([^>]*)>(.*?)</h\1\s*>", re.DOTALL | re.IGNORECASE)
_ID = re.compile(r"""(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


@dataclass
class Heading:
    """An entry of the table of contents: a heading's level, id and text, and its h3s."""

    level: int
    id: str
    text: str
    children: list[Heading] = field(default_factory=list)


def headings(content: str) -> list[Heading]:
    """Return the h2 and h3 headings of ``content`` that have an id, in order (flat)."""
    found = []
    for match in _HEADING.finditer(content):
        anchor = _ID.search(match.group(2))
        text = " ".join(html.unescape(_TAG.sub("", match.group(3))).split())
        if anchor and text:
            anchor_id = html.unescape(anchor.group(1) or anchor.group(2) or "")
            found.append(Heading(int(match.group(1)), anchor_id, text))
    return [heading for heading in found if heading.id]


def nested(flat: list[Heading]) -> list[Heading]:
    """Return ``flat`` as a tree: each h3 under the h2 before it (an h3 before any h2 on top)."""
    tree: list[Heading] = []
    for heading in flat:
        if heading.level == 3 and tree and tree[-1].level == 2:
            tree[-1].children.append(heading)
        else:
            tree.append(heading)
    return tree


def wants_toc(article: Any, settings: dict[str, Any]) -> bool:
    """Whether ``article`` shows a table of contents: its ``toc`` field, else ``STROM_TOC``."""
    chosen = getattr(article, "toc", None)
    return bool(settings["STROM_TOC"] if chosen is None else chosen)


def attach(content: Any, settings: dict[str, Any]) -> None:
    """Give a post or page ``has_code`` and a post ``toc_headings`` (empty: no table)."""
    text = content.content or ""
    content.has_code = "<pre" in text
    if not isinstance(content, Article):
        return
    flat = headings(text) if wants_toc(content, settings) else []
    content.toc_headings = nested(flat) if len(flat) >= settings["STROM_TOC_MIN_HEADINGS"] else []


def setting_problems(settings: dict[str, Any]) -> list[Problem]:
    """Return problems with ``STROM_TOC`` and ``STROM_TOC_MIN_HEADINGS``."""
    problems = []
    if not isinstance(settings["STROM_TOC"], bool):
        problems.append(
            Problem(
                settings_file(settings),
                tr(
                    "must be True or False, got {value}",
                    value=shown(repr(settings["STROM_TOC"])),
                ),
                field="STROM_TOC",
            )
        )
    least = settings["STROM_TOC_MIN_HEADINGS"]
    if not isinstance(least, int) or isinstance(least, bool) or least < 1:
        problems.append(
            Problem(
                settings_file(settings),
                tr("must be a whole number of at least 1, got {value}", value=shown(repr(least))),
                field="STROM_TOC_MIN_HEADINGS",
            )
        )
    return problems
