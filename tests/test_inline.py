"""Inline patterns a text cannot match are passed over, and the HTML stays the same."""

from __future__ import annotations

import copy
import re

import markdown
import pytest
from conftest import ROOT
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.treeprocessors import InlineProcessor
from pelican.plugins.strom import inline, markdown_setup
from pelican.settings import DEFAULT_CONFIG, read_settings

# Every inline pattern of Markdown, extra and smarty at work, and texts that
# come close to them without matching.
SNIPPETS = [
    "Plain text. With sentences, commas; and nothing else",
    "`code` and ``code with ` tick`` and \\`escaped\\` and \\\\`odd`",
    "\\*not emphasis\\* \\_nor this\\_ \\[nor a link\\]",
    "*em* **strong** ***both*** _em_ __strong__ snake_case_name 2 * 3 * 4",
    "[link](https://example.org/ 'title') [ref][r] [r] ![img](a.png) ![ref img][r]\n\n[r]: /x",
    "<https://example.org/a?b=c> <mail@example.org> <span class=x>html</span> &amp; &#8212;",
    'Text with a footnote[^1] and "quotes" in it.\n\n[^1]: The "note" -- with a dash.',
    "Line with two spaces  \nat the end, and a <br> tag",
    "\"Zitat\" und 'einfach' und \"...dann\" und '...so' -- und --- und ... und ....",
    "'80s and rock 'n' roll, it's \"quoted 'nested' text\" and '\"mixed\"'",
    "Ein „deutsches“ Zitat, ein ‚einfaches‘, ein Gedanken–strich und ein Auslassungs…",
    '*Abbr* HTML\n\n*[HTML]: Hyper Text Markup Language\n\nThe HTML "spec".',
    'Term\n:   Definition with `code` and "quotes"\n',
    '| a | b |\n|:--|--:|\n| `x` | "y" |\n',
    '```python\nprint("no smart quotes here") -- nor dashes\n```\n',
    "> A quote with *emphasis*, a [link](/a) and 'quotes'.\n",
    "{: #id } text {: .class } and {attr} braces",
    "Text ~with~ tildes ^and^ carets == and <= or >= or << and >>",
    '\x02not a placeholder\x03 and \u2026 and &hellip; "&hellip;"',
    "- item with 'quote'\n- item with `code`\n  - nested with *em*\n",
]


def repository_texts() -> list[str]:
    return [
        path.read_text("utf-8")
        for folder in ("content", "tests", "plugins/strom/scaffold")
        for path in sorted((ROOT / folder).rglob("*.md"))
    ]


def strom_markdown(quick: bool) -> markdown.Markdown:
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOT / "content")})
    markdown_setup.configure(settings)  # typography on, as pelicanconf.py has it
    options = dict(settings["MARKDOWN"])
    options["extensions"] = list(options["extension_configs"])
    md = markdown.Markdown(**options)
    if not quick:  # Python-Markdown's own processors, as before
        for name in ("inline", "smarty"):
            own = InlineProcessor(md)
            own.inlinePatterns = md.treeprocessors[name].inlinePatterns
            priority = next(i.priority for i in md.treeprocessors._priority if i.name == name)
            md.treeprocessors.register(own, name, priority)
    return md


def test_strom_markdown_uses_the_quick_processor_for_markdown_and_smarty():
    md = strom_markdown(quick=True)
    assert type(md.treeprocessors["inline"]) is inline.QuickInlineProcessor
    assert type(md.treeprocessors["smarty"]) is inline.QuickInlineProcessor


def test_the_html_is_the_same_and_patterns_are_passed_over(monkeypatch):
    texts = SNIPPETS + repository_texts()
    assert len(texts) > 40
    slow, quick = strom_markdown(quick=False), strom_markdown(quick=True)
    tried = []
    apply = InlineProcessor._InlineProcessor__applyPattern

    def counted(self, pattern, *args):
        tried.append(type(self) is inline.QuickInlineProcessor)
        return apply(self, pattern, *args)

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__applyPattern", counted)
    for text in texts:
        slow.reset()
        quick.reset()
        assert quick.convert(text) == slow.convert(text), text
    by_slow, by_quick = tried.count(False), tried.count(True)
    # The quick processor tried a pattern less than a third as often.
    assert 0 < by_quick < by_slow / 3, (by_quick, by_slow)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?<!\!)\[", {"["}),
        (r"\!\[", {"!["}),
        (r"(?<!\.)\.{3}(?!\.)", {"..."}),
        (r"(?<!-)--(?!-)", {"--"}),
        (r"\*|_", {"*", "_"}),
        (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", {"`", "\\\\"}),
        (r"(\s|&nbsp;)'(?=\w)", {"'"}),
        (r"^(.*?)\[\^([^\]]*)\](.*)$", {"[^"}),  # an older pattern's wrapper
        (r"(?<=[ab])x", {"x"}),
        (r"[ab]+c?", {"a", "b"}),
    ],
)
def test_needles_are_strings_every_match_holds(pattern, expected):
    assert inline.needles(re.compile(pattern, re.DOTALL)) == expected


@pytest.mark.parametrize(
    "pattern", [r"\w+", r"[^x]", r"(?i)abc", r"a?", r"(?:a|\s)", r".", r"(?!a)b?"]
)
def test_a_pattern_without_needles_is_always_tried(pattern):
    assert inline.needles(re.compile(pattern)) is None


def test_an_extensions_pattern_that_matches_anything_still_runs():
    class Shout(markdown.Extension):
        def extendMarkdown(self, md):
            md.inlinePatterns.register(SimpleTagInlineProcessor(r"()(\w+!)", "strong"), "shout", 5)

    md = markdown.Markdown(extensions=[Shout()])
    inline.install(md)
    assert md.convert("Achtung! Gefahr") == "<p><strong>Achtung!</strong> Gefahr</p>"


def test_markdown_default_of_pelican_is_the_same_too():
    options = copy.deepcopy(DEFAULT_CONFIG["MARKDOWN"])
    options["extensions"] = list(options["extension_configs"])
    plain, quick = markdown.Markdown(**options), markdown.Markdown(**options)
    inline.install(quick)
    for text in SNIPPETS + repository_texts()[:20]:
        plain.reset()
        quick.reset()
        assert quick.convert(text) == plain.convert(text)
