"""Python-Markdown's inline processing, without trying patterns a text cannot match.

Python-Markdown tries each inline pattern (about 20, and smarty's 20 more
for quotes, dashes and ellipses) on each text of a document, and most of
those regular expressions begin with a lookbehind or an alternation that
the regular expression engine can only try at every character. A text
without a backtick cannot hold code, one without a quote no smart quote:
``needles`` reads each pattern's expression once and finds strings of which
any match must contain one (what a lookahead or lookbehind reads counts, as
it is in the text too). A pattern none of whose strings is in a text is
passed over, exactly as Python-Markdown passes over a pattern that does
not match; every other pattern runs as before, so the HTML is the same.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser that compiles every pattern
from re import _parser
from typing import Any

from markdown import Markdown, util
from markdown.treeprocessors import InlineProcessor

# Character classes of at most this many characters count as needles.
_SMALL_CLASS = 8


def needles(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Return strings one of which every text ``regex`` matches in holds, or None if unknown."""
    if regex.flags & re.IGNORECASE or not isinstance(regex.pattern, str):
        return None
    try:
        parsed = _parser.parse(regex.pattern, regex.flags)
    except Exception:  # an expression this parser reads otherwise: always tried
        return None
    found = _sequence(list(parsed))
    return frozenset(found) if found else None


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Of the parts every match of ``items`` has, the most telling: longest shortest string."""
    candidates: list[set[str]] = []
    run = ""
    for op, value in items:
        if op is sre.LITERAL:
            run += chr(value)
            continue
        if run:
            candidates.append({run})
            run = ""
        found = _item(op, value)
        if found:
            candidates.append(found)
    if run:
        candidates.append({run})
    if not candidates:
        return None
    return max(candidates, key=lambda strings: (min(map(len, strings)), -len(strings)))


def _group(value: Any) -> set[str] | None:
    _number, added, _removed, items = value
    return None if added & re.IGNORECASE else _sequence(list(items))


def _repeat(value: Any) -> set[str] | None:
    least, _most, items = value
    items = list(items)
    if least < 1:
        return None
    if items and all(kind is sre.LITERAL for kind, _ in items):  # \.{3}: "..."
        return {"".join(chr(code) for _, code in items) * least}
    return _sequence(items)


def _branch(value: Any) -> set[str] | None:
    branches = [_sequence(list(branch)) for branch in value[1]]
    if any(branch is None for branch in branches):
        return None
    return set().union(*branches)


def _characters(members: list[tuple[Any, Any]]) -> set[str] | None:
    chars: set[str] = set()
    for op, value in members:
        if op is sre.LITERAL:
            chars.add(chr(value))
        elif op is sre.RANGE and value[1] - value[0] < _SMALL_CLASS:
            chars.update(chr(code) for code in range(value[0], value[1] + 1))
        else:  # a negated class, a category (\w), a wide range
            return None
    return chars if len(chars) <= _SMALL_CLASS else None


_PARTS = {
    sre.SUBPATTERN: _group,
    sre.ATOMIC_GROUP: lambda value: _sequence(list(value)),
    sre.MAX_REPEAT: _repeat,
    sre.MIN_REPEAT: _repeat,
    sre.POSSESSIVE_REPEAT: _repeat,
    sre.BRANCH: _branch,
    sre.IN: _characters,
    # A lookahead or lookbehind reads the text too; a negative one proves nothing.
    sre.ASSERT: lambda value: _sequence(list(value[1])),
}


def _item(op: Any, value: Any) -> set[str] | None:
    part = _PARTS.get(op)
    return part(value) if part else None


class QuickInlineProcessor(InlineProcessor):
    """Markdown's inline processor; a pattern whose needles a text lacks is not tried on it."""

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        """Find each pattern's needles (once a process), then process ``tree`` as Markdown does."""
        self._patterns = list(self.inlinePatterns)
        self._needles = [_needles_of(pattern) for pattern in self._patterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """Python-Markdown's loop over the patterns, passing over those that cannot match."""
        if isinstance(data, util.AtomicString):
            return data
        patterns, wanted = self._patterns, self._needles
        apply = self._InlineProcessor__applyPattern
        start = 0
        while patternIndex < len(patterns):
            strings = wanted[patternIndex]
            if start == 0 and strings is not None and not any(s in data for s in strings):
                patternIndex += 1  # as __applyPattern answers for no match
                continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


_KNOWN: dict[tuple[str, int], frozenset[str] | None] = {}


def _needles_of(pattern: Any) -> frozenset[str] | None:
    regex = pattern.getCompiledRegExp()
    key = (regex.pattern, regex.flags)
    if key not in _KNOWN:
        # Python-Markdown's older patterns wrap theirs in ^(.*?)...(.*)$ and match
        # from the start; the wrapper adds no needle, so both kinds read alike.
        _KNOWN[key] = needles(regex) if isinstance(regex.pattern, str) else None
    return _KNOWN[key]


def install(md: Markdown) -> None:
    """Use the quick processor for Markdown's inline patterns and for smarty's, if it is on."""
    for name in ("inline", "smarty"):
        if name not in md.treeprocessors:
            continue
        old = md.treeprocessors[name]
        if type(old) is not InlineProcessor:
            continue  # another extension's processor: left as it is
        quick = QuickInlineProcessor(md)
        quick.inlinePatterns = old.inlinePatterns
        priority = next(item.priority for item in md.treeprocessors._priority if item.name == name)
        md.treeprocessors.register(quick, name, priority)
