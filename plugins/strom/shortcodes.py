"""Hugo shortcodes and Jekyll Liquid in posts: links resolved, code blocks made, the rest named.

Hugo runs its shortcodes and Jekyll its Liquid before the Markdown; Strom
runs neither. What has a plain meaning becomes Markdown before Strom's
Markdown reads the text: ``relref``/``ref`` and ``post_url`` (and ``link``)
become Pelican ``{filename}`` links to the post's file, ``{{ site.baseurl }}``
and ``{{ site.url }}`` the site's root, ``{% highlight %}`` a fenced block,
``{% raw %}`` is unwrapped and Hugo's ``{{</* ... */>}}`` becomes the
shortcode as text. Anything else of either syntax would be shipped as
visible text: it is a problem naming the line.

Code (fenced, indented, in backticks) is text that a post shows: it is left
as written and never a problem, so that a post about Hugo can show
``{{< relref >}}``. Only the escapes are undone there too, as Jekyll and Hugo
do: ``{% raw %}`` tags go, ``{{</* x */>}}`` shows as ``{{< x >}}``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from pelican.contents import Article, Page

from . import build
from .messages import tr
from .problems import Problem, display_path, report, shown

# Markdown files a link may name (the reader's extensions).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
_BACKTICKS = re.compile(r"`+")
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}")
_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
# Possessive quantifiers (*+, ++) here and below: no backtracking, so that a
# long line of spaces or letters costs one pass, not one per character.
_HIGHLIGHT = re.compile(r"^\s*+\{%-?\s*+highlight\s++([\w+#.-]++)?[^%]*+%\}\s*+$")
_ENDHIGHLIGHT = re.compile(r"\{%-?\s*endhighlight\s*-?%\}")
# Hugo's way of showing a shortcode as text: {{</* name */>}}, {{%/* name */%}}.
_HUGO_COMMENT_START = re.compile(r"\{\{([<%])/\*")
_HUGO_COMMENT_END = re.compile(r"\*/([>%])\}\}")
_REF = re.compile(
    r"\{\{([<%])\s*(relref|ref)\s+"
    r"(?:path\s*+=\s*+)?(?:\"(?P<dq>[^\"]*+)\"|'(?P<sq>[^']*+)'|(?P<bare>[^\s>%{}]++))"
    r"[^>%{}]*+[>%]\}\}"
)
_POST_URL = re.compile(r"\{%-?\s*+post_url\s++(?P<name>[^\s%]++)\s*+-?%\}")
_LINK = re.compile(r"\{%-?\s*+link\s++(?P<name>[^\s%]++)\s*+-?%\}")
# Hugo's video shortcodes, {{< youtube ID >}} and {{< vimeo id="ID" >}}: the video's
# address, which on a line of its own becomes a two-click embed (embeds.py).
_VIDEO = re.compile(
    r"\{\{<\s*+(?P<kind>youtube|vimeo)\s++(?:id=)?(?P<q>[\"']?)(?P<id>[\w-]++)(?P=q)\s*+>\}\}"
)
_VIDEO_PAGES = {"youtube": "https://www.youtube.com/watch?v={}", "vimeo": "https://vimeo.com/{}"}
_SITE_ROOT = re.compile(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")
# What is left of either syntax: Hugo shortcodes, Liquid tags, Liquid objects.
# Each starts at its opener and ends at the first closer of its kind after it
# (_left_over); an opener of a shortcode or tag without a closer is named alone.
_LEFT_START = re.compile(
    r"(?P<shortcode>\{\{[<%])|(?P<tag>\{%)"
    r"|(?P<object>\{\{-?\s*+(?:site|page|post|paginator|include|layout)\b)"
)
_LEFT_END = {
    "shortcode": re.compile(r"[>%]\}\}"),
    "tag": re.compile(r"%\}"),
    "object": re.compile(r"\}\}"),
}


@dataclass
class Targets:
    """The Markdown files of the post and page folders, found by the names links give."""

    by_path: dict[str, str] = field(default_factory=dict)
    """Path inside the content folder (``blog/a.md``) -> itself."""
    by_tail: dict[str, set[str]] = field(default_factory=dict)
    """Path inside a post or page folder, and its every tail (``a.md``, ``x/a.md``)."""
    by_stem: dict[str, set[str]] = field(default_factory=dict)
    """File name without suffix (``2016-08-12-a``), or a bundle's folder name for index.md."""

    @classmethod
    def of(cls, settings: Mapping[str, Any]) -> Targets:
        """Return the targets below the settings' post and page folders (links not followed)."""
        targets = cls()
        base = os.path.realpath(settings["PATH"])
        for folder in [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]]:
            top = os.path.join(base, folder)
            for root, folders, files in os.walk(top):
                folders[:] = sorted(f for f in folders if not f.startswith("."))
                for name in sorted(files):
                    if not name.lower().endswith(MARKDOWN_SUFFIXES):
                        continue
                    targets.add(os.path.relpath(os.path.join(root, name), base), folder)
        return targets

    def add(self, relative: str, folder: str) -> None:
        """Add the file at ``relative`` (inside the content folder) of the folder ``folder``."""
        relative = relative.replace(os.sep, "/")
        self.by_path[relative] = relative
        inside = relative[len(folder.rstrip("/")) + 1 :] if folder else relative
        parts = inside.split("/")
        stem = parts[-1].rsplit(".", 1)[0]
        # Every tail of the path, but not a bundle's bare index.md: it names no post.
        last = len(parts) - 1 if stem in ("index", "_index") and len(parts) > 1 else len(parts)
        for start in range(last):
            self.by_tail.setdefault("/".join(parts[start:]), set()).add(relative)
        if stem in ("index", "_index") and len(parts) > 1:
            stem = parts[-2]
        self.by_stem.setdefault(stem, set()).add(relative)

    def find(self, name: str, here: str) -> str | None:
        """Return the file ``name`` means, written from the file ``here``; None if unknown.

        Tried in order: a path inside the content folder, one next to
        ``here``, a path inside a post or page folder (``posts/a.md`` of a
        Hugo site is ``blog/a.md`` here), then a file name alone; a name that
        fits several files names none.
        """
        name = name.strip().lstrip("/")
        if not name:
            return None
        bare = name.rstrip("/")
        candidates = [bare]
        if not bare.lower().endswith(MARKDOWN_SUFFIXES):
            candidates += [bare + suffix for suffix in MARKDOWN_SUFFIXES]
            candidates += [f"{bare}/index{suffix}" for suffix in MARKDOWN_SUFFIXES]
        folder = os.path.dirname(here)
        for candidate in candidates:
            for path in (candidate, os.path.normpath(os.path.join(folder, candidate))):
                if path.replace(os.sep, "/") in self.by_path:
                    return path.replace(os.sep, "/")
        for candidate in candidates:
            parts = candidate.split("/")
            for start in range(len(parts)):
                found = self.by_tail.get("/".join(parts[start:]), set())
                if len(found) == 1:
                    return next(iter(found))
                if found:
                    return None
        stem = bare.rsplit("/", 1)[-1]
        stem = stem.rsplit(".", 1)[0] if stem.lower().endswith(MARKDOWN_SUFFIXES) else stem
        found = self.by_stem.get(stem, set())
        return next(iter(found)) if len(found) == 1 else None


def link_to(relative: str, anchor: str = "") -> str:
    """Return Pelican's link to the content file ``relative``: ``{filename}/blog/a.md``."""
    return "{filename}/" + quote(relative, safe="/") + (f"#{anchor}" if anchor else "")


@dataclass
class Converted:
    """A post's text with shortcodes and Liquid done, and what could not be done."""

    text: str
    problems: list[tuple[int, str]]


def convert(text: str, first_line: int, here: str, targets: Targets) -> Converted:
    """Return ``text`` (a post's body from line ``first_line``) with what Strom can do done.

    ``here`` is the post's path inside the content folder; each problem is a
    (line, message) pair.
    """
    if "{{" not in text and "{%" not in text:
        return Converted(text, [])
    scanner = _Scanner(here, targets, first_line)
    for number, line in enumerate(text.split("\n"), start=first_line):
        scanner.feed(number, line)
    if scanner.highlight:
        scanner.problems.append(
            (first_line, "a '{% highlight %}' is never closed; add '{% endhighlight %}'")
        )
        scanner.close_highlight()
    if scanner.raw:
        scanner.problems.append(
            (scanner.raw_line, "a '{% raw %}' is never closed; add '{% endraw %}'")
        )
    return Converted("\n".join(scanner.out), scanner.problems)


class _Scanner:
    """Goes through a post line by line: prose, fenced or indented code, highlight, raw."""

    def __init__(self, here: str, targets: Targets, first_line: int) -> None:
        self.here, self.targets = here, targets
        self.out: list[str] = []
        self.problems: list[tuple[int, str]] = []
        self.fence: str | None = None
        self.highlight = self.raw = False
        self.raw_line = first_line  # where the open raw block starts
        # The open highlight's language and lines: written at its end, with a fence to fit.
        self.language, self.block = "", list[str]()
        self.previous_blank, self.in_list = True, False

    def feed(self, number: int, line: str) -> None:
        """Convert one line (``number`` of the file) and append it to ``out``."""
        if self.raw:
            self._in_raw(number, line)
        elif self.highlight:
            self._in_highlight(number, line)
        elif self.fence is not None:
            closing = line.lstrip(" ")
            if closing.startswith(self.fence) and not closing.strip().strip(self.fence[0]):
                self.fence = None
            self.out.append(_unraw(line))
        else:
            self._outside_code(number, line)

    def _in_raw(self, number: int, line: str) -> None:
        end = _ENDRAW.search(line)
        if not end:
            self.out.append(line)
            return
        self.raw = False
        self.out.append(line[: end.start()] + self._prose(line[end.end() :], number))

    def _in_highlight(self, number: int, line: str) -> None:
        end = _ENDHIGHLIGHT.search(line)
        if not end:
            self.block.append(_unraw(line))
            return
        if line[: end.start()].strip():
            self.block.append(_unraw(line[: end.start()]))
        self.close_highlight()
        rest = line[end.end() :]
        if rest.strip():  # text after the end is prose of its own line
            self.out.append(self._prose(rest, number))
            self.previous_blank, self.in_list = False, False

    def close_highlight(self) -> None:
        """Write the open highlight as a fenced block.

        The fence is longer than any run of backticks in the block, so that
        a block showing Markdown with fences of its own stays one block.
        """
        longest = max(
            (len(run) for text in self.block for run in _BACKTICKS.findall(text)), default=0
        )
        fence = "`" * max(3, longest + 1)
        self.out += [fence + self.language, *self.block, fence]
        self.highlight, self.language, self.block = False, "", []

    def _outside_code(self, number: int, line: str) -> None:
        opened = _FENCE.match(line)
        if opened:
            self.fence = opened.group(1)
            self.out.append(line)
            return
        indented = bool(_INDENTED.match(line))
        if indented and self.previous_blank and not self.in_list and line.strip():
            self.out.append(_unraw(line))  # indented code; the next indented line is too
            return
        started = _HIGHLIGHT.match(line)
        if started:
            self.highlight, self.language = True, started.group(1) or ""
            self.previous_blank = False
            return
        if line.strip():
            self.in_list = bool(_LIST_ITEM.match(line)) or (self.in_list and indented)
        self.out.append(self._prose(line, number))
        self.previous_blank = not line.strip()

    def _prose(self, line: str, number: int) -> str:
        """Return prose converted; note whether a raw block stays open after it, and where."""
        converted, self.raw = _prose(line, number, self.here, self.targets, self.problems)
        if self.raw:
            self.raw_line = number
        return converted


def _unraw(line: str) -> str:
    """Return code as the old generator showed it: without its escapes.

    Jekyll drops ``{% raw %}`` tags and Hugo shows ``{{</* x */>}}`` as
    ``{{< x >}}`` in code too: that is how authors show their syntax there.
    """
    if "{%" in line:
        line = _ENDRAW.sub("", _RAW.sub("", line))
    if "{{" not in line:
        return line
    done: list[str] = []
    position = 0
    for start, end, shown_as in _hugo_comments(line):
        done += [line[position:start], shown_as]
        position = end
    return "".join(done) + line[position:]


def _hugo_comments(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield where each ``{{</* x */>}}`` of ``text`` starts and ends, and ``{{< x >}}``.

    Each ends at the first ``*/>}}`` (or ``*/%}}``) after its start; once
    there is none, no later start has one either: one pass over the text.
    """
    position = 0
    while opened := _HUGO_COMMENT_START.search(text, position):
        closed = _HUGO_COMMENT_END.search(text, opened.end())
        if closed is None:
            return
        inner = text[opened.end() : closed.start()].strip()
        yield opened.start(), closed.end(), f"{{{{{opened.group(1)} {inner} {closed.group(1)}}}}}"
        position = closed.end()


def _code_spans(line: str) -> Iterator[tuple[int, int]]:
    """Yield where each code span of ``line`` starts and ends, as Python-Markdown pairs them.

    A run of backticks opens a span that the next run of the same length
    closes. Without one, the longest run after it (the first of them) closes
    it if that run is shorter (the opening run's extra backticks are code);
    otherwise the run is text. What comes after each run is known
    from the end of the line back, so that each line costs one pass.
    """
    runs = [(run.start(), run.end()) for run in _BACKTICKS.finditer(line)]
    closers: list[int | None] = [None] * len(runs)
    nearest: dict[int, int] = {}  # length of a run -> the index of the nearest such run after
    longest, first_longest = 0, 0  # the longest run after, and the index of its first
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        if length in nearest:
            closers[index] = nearest[length]
        elif 0 < longest < length:
            closers[index] = first_longest
        nearest[length] = index
        if length >= longest:
            longest, first_longest = length, index
    index = 0
    while index < len(runs):
        closing = closers[index]
        if closing is None:
            index += 1
            continue
        yield runs[index][0], runs[closing][1]
        index = closing + 1


def _prose(
    line: str, number: int, here: str, targets: Targets, problems: list[tuple[int, str]]
) -> tuple[str, bool]:
    """Return a line of prose converted, and whether a ``{% raw %}`` stays open after it."""
    if "{{" not in line and "{%" not in line:
        return line, False
    parts: list[str] = []
    position = 0
    for start, end in _code_spans(line):
        text, opened = _text(line[position:start], number, here, targets, problems)
        if opened is not None:  # a raw block starts before the code span
            return "".join(parts) + text + opened + line[start:], True
        parts += [text, _unraw(line[start:end])]
        position = end
    text, opened = _text(line[position:], number, here, targets, problems)
    if opened is not None:
        return "".join(parts) + text + opened, True
    return "".join(parts) + text, False


def _text(
    text: str, number: int, here: str, targets: Targets, problems: list[tuple[int, str]]
) -> tuple[str, str | None]:
    """Convert text outside code; return it and, where a raw block opens, the raw rest.

    Inside ``{% raw %}...{% endraw %}`` text stays as written.
    """
    done: list[str] = []
    while True:
        start = _RAW.search(text)
        if start is None:
            done.append(_resolve(text, number, here, targets, problems))
            return "".join(done), None
        done.append(_resolve(text[: start.start()], number, here, targets, problems))
        rest = text[start.end() :]
        end = _ENDRAW.search(rest)
        if end is None:
            return "".join(done), rest
        done.append(rest[: end.start()])
        text = rest[end.end() :]


def _resolve(
    text: str, number: int, here: str, targets: Targets, problems: list[tuple[int, str]]
) -> str:
    if "{{" not in text and "{%" not in text:
        return text
    reported: set[str] = set()  # what the replacers named: no second problem for it

    def unknown(match: re.Match, message: str) -> str:
        problems.append((number, message))
        reported.add(match.group(0))
        return match.group(0)

    def ref(match: re.Match) -> str:
        name = match.group("dq") or match.group("sq") or match.group("bare") or ""
        path, _, anchor = name.partition("#")
        if not path and anchor:
            return f"#{anchor}"
        found = targets.find(path, here)
        if found is None:
            return unknown(
                match,
                tr(
                    "'{link}' names no post or page of this site; link to the file as "
                    "[text]({{filename}}/blog/name.md), or remove the link",
                    link=shown(match.group(0)),
                ),
            )
        return link_to(found, anchor)

    def post_url(match: re.Match) -> str:
        name = match.group("name")
        found = targets.find(name, here)
        if found is None:
            return unknown(
                match,
                tr(
                    "'{link}' names no post of this site ('{name}'); link to the file as "
                    "[text]({{filename}}/blog/name.md), or remove the link",
                    link=shown(match.group(0)),
                    name=shown(name),
                ),
            )
        return link_to(found)

    def link(match: re.Match) -> str:
        name = match.group("name")
        if not name.lower().endswith((*MARKDOWN_SUFFIXES, ".html")):
            return "/" + name.lstrip("/")  # a file of the site: Strom serves it from /
        found = targets.find(name.removeprefix("_posts/").removeprefix("/_posts/"), here)
        return link_to(found) if found else post_url(match)

    # Hugo's shortcodes shown as text ({{</* x */>}}) are done; the text around them is not.
    done: list[str] = []
    position = 0
    for start, end, shown_as in _hugo_comments(text):
        done.append(_links(text[position:start], number, (ref, post_url, link), problems, reported))
        done.append(shown_as)
        position = end
    done.append(_links(text[position:], number, (ref, post_url, link), problems, reported))
    return "".join(done)


def _links(
    text: str, number: int, replacers: tuple, problems: list[tuple[int, str]], reported: set[str]
) -> str:
    """Return ``text`` with links and the site's root resolved; name what is left."""
    ref, post_url, link = replacers
    text = _REF.sub(ref, text)
    text = _POST_URL.sub(post_url, text)
    text = _LINK.sub(link, text)
    text = _VIDEO.sub(lambda m: _VIDEO_PAGES[m.group("kind")].format(m.group("id")), text)
    text = _SITE_ROOT.sub("", text)
    problems += [(number, _left(found)) for found in _left_over(text) if found not in reported]
    return text


def _left_over(text: str) -> Iterator[str]:
    """Yield each shortcode, Liquid tag and Liquid object left in ``text``, from its start.

    Each ends at the first closer of its kind; once a kind has none, no later
    opener of it has one either, so that the text is gone through once per kind.
    """
    unclosed: set[str] = set()
    position = 0
    while opened := _LEFT_START.search(text, position):
        kind = opened.lastgroup or ""
        closed = None if kind in unclosed else _LEFT_END[kind].search(text, opened.end())
        if closed is not None:
            yield text[opened.start() : closed.end()]
            position = closed.end()
            continue
        unclosed.add(kind)
        if kind != "object":  # an object without its }} is text
            yield opened.group(0)
        position = opened.end()


def _left(found: str) -> str:
    """Return the problem of shortcode or Liquid syntax that Strom leaves in the text."""
    if found.startswith(("{{<", "{{%")):
        return tr(
            "holds the Hugo shortcode '{found}', which Strom does not run and would show as "
            "text; write its HTML or Markdown instead (or put it in backticks to show it as code)",
            found=shown(found),
        )
    return tr(
        "holds the Liquid tag '{found}', which Strom does not run and would show as "
        "text; write its HTML or Markdown instead (or put it in backticks to show it as code)",
        found=shown(found),
    )


def problems_of(content: Any) -> Iterator[Problem]:
    """Yield the problems of shortcodes and Liquid left in a post or page."""
    path = display_path(content.source_path)
    for line, message in content.metadata.get("strom_markup_problems", ()):
        yield Problem(path, message, line=line)


def report_left(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """Report the shortcodes and Liquid left in a post or page the build writes.

    (``content_object_init``; `strom check` runs ``checks.markup_left``.)
    """
    content = instance if instance is not None else sender
    if isinstance(content, (Article, Page)) and build.is_written(content):
        for problem in problems_of(content):
            report(problem)
