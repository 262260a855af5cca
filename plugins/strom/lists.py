"""Nested lists as CommonMark reads them: a sub-list indented to its item's text nests.

Astro (and GitHub, and most editors) nest ``  - b`` under ``- a``: two spaces
reach the text of "a". Python-Markdown nests only by four spaces, so such a
list came out flat. Before Markdown parses the text, each list line is
indented the way Python-Markdown expects (four spaces a level), with the
lines that continue an item moved along with it. Lists indented by four
spaces come out as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown import Markdown
from markdown.preprocessors import Preprocessor

_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( {1,4}|$)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Python-Markdown's indent of a sub-list, and of an item's further paragraphs.
STEP = 4


@dataclass
class _Item:
    text: int  # the column of the item's text in the source (CommonMark's rule)
    start: int  # the column the item starts at in the result


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def commonmark_indents(lines: list[str]) -> list[str]:
    """Return ``lines`` with their lists indented as Python-Markdown nests them."""
    result: list[str] = []
    open_items: list[_Item] = []
    after_blank = False
    fence = ""  # the fence of a code block outside lists, kept as written
    for line in lines:
        opened = _FENCE.match(line) if not open_items else None
        if fence or opened:
            if not fence:
                fence = opened.group(1)
            elif line.strip().startswith(fence):
                fence = ""
            result.append(line)
            continue
        if not line.strip():
            result.append(line)
            after_blank = True
            continue
        indent = _indent(line)
        item = _ITEM.match(line)
        if item and (open_items or indent < STEP):
            while open_items and indent < open_items[-1].text:
                open_items.pop()
            start = open_items[-1].start + STEP if open_items else indent
            open_items.append(_Item(indent + len(item.group(2)) + len(item.group(3)), start))
            result.append(" " * start + line[indent:])
        elif open_items and indent >= open_items[0].text:
            # Text of an item: of the innermost one whose text it reaches.
            while indent < open_items[-1].text:
                open_items.pop()
            inner = open_items[-1]
            result.append(" " * (inner.start + STEP + indent - inner.text) + line[indent:])
        else:
            if after_blank:
                open_items.clear()  # a paragraph after the list ends it
            result.append(line)
        after_blank = False
    return result


class CommonMarkLists(Preprocessor):
    """Runs :func:`commonmark_indents` after fenced code and raw HTML are set aside."""

    def run(self, lines: list[str]) -> list[str]:
        """Return the document's lines with CommonMark's list nesting."""
        return commonmark_indents(lines)


def register(md: Markdown) -> None:
    """Add the preprocessor (after fenced code, priority 25, and raw HTML, 20)."""
    md.preprocessors.register(CommonMarkLists(md), "strom_commonmark_lists", 15)
