"""Strom's Markdown: highlighting, tables, footnotes, heading anchors, the site's quotes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.extensions.smarty import SubstituteTextPattern
from markdown.treeprocessors import Treeprocessor
from pelican.settings import DEFAULT_CONFIG

from . import embeds, inline, lists
from .i18n import translations
from .slugs import HeadingSlugs

EXTENSION = "pelican.plugins.strom.markdown_setup:StromExtension"

# Quotation marks the smarty extension writes, by site language. Smarty writes
# one character for closing single quotes and apostrophes, so German keeps the
# apostrophe (U+2019, "geht's") there rather than its closing single quote (U+2018).
QUOTES: dict[str, dict[str, str]] = {
    "de": {
        "left-double-quote": "&bdquo;",
        "right-double-quote": "&ldquo;",
        "left-single-quote": "&sbquo;",
        "right-single-quote": "&rsquo;",
    },
    "de-ch": {
        "left-double-quote": "&laquo;",
        "right-double-quote": "&raquo;",
        "left-single-quote": "&lsaquo;",
        "right-single-quote": "&rsquo;",
    },
}


def default_markdown(typography: bool = False) -> dict[str, Any]:
    """Return Strom's MARKDOWN setting, used when a site keeps Pelican's default.

    ``typography`` adds smarty (quotes, dashes, ellipses): ``STROM_TYPOGRAPHY``.
    """
    configs: dict[str, Any] = {
        "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
        "markdown.extensions.extra": {},
        # The heading itself links to its anchor; ids are Astro's (github-slugger):
        # umlauts kept (#über-uns), a second "Output" is #output-1.
        "markdown.extensions.toc": {"anchorlink": True, "slugify": HeadingSlugs()},
    }
    if typography:
        configs["markdown.extensions.smarty"] = {}
    configs[EXTENSION] = {}
    return {"extension_configs": configs, "output_format": "html5"}


def quotes_for(lang: str) -> dict[str, str] | None:
    """Return smarty's quote substitutions for ``lang`` ('de', 'de_CH', 'de-CH'), if any."""
    code = lang.lower().replace("_", "-")
    return QUOTES.get(code) or QUOTES.get(code.split("-")[0])


def configure(settings: dict[str, Any]) -> None:
    """Give the reader Strom's Markdown and the site language's quotes and footnote titles.

    A site that sets its own ``MARKDOWN`` keeps it; the language-dependent
    options are filled in wherever the site left them unset.
    """
    if settings.get("MARKDOWN") == DEFAULT_CONFIG["MARKDOWN"]:
        settings["MARKDOWN"] = default_markdown(bool(settings.get("STROM_TYPOGRAPHY")))
    configs = settings["MARKDOWN"].setdefault("extension_configs", {})
    lang = settings["DEFAULT_LANG"]
    quotes = quotes_for(lang)
    smarty = configs.get("markdown.extensions.smarty")
    if quotes and isinstance(smarty, dict):
        smarty.setdefault("substitutions", quotes)
    if isinstance(smarty, dict) and isinstance(configs.get(EXTENSION), dict):
        chosen = smarty.get("substitutions") or {}
        configs[EXTENSION].setdefault(
            "opening_quotes",
            (
                chosen.get("left-double-quote", "&ldquo;"),
                chosen.get("left-single-quote", "&lsquo;"),
            ),
        )
    backlink = translations(settings["THEME"], lang).gettext("Back to footnote %d in the text")
    if isinstance(configs.get("markdown.extensions.extra"), dict):
        extra = configs["markdown.extensions.extra"]
        extra.setdefault("footnotes", {}).setdefault("BACKLINK_TITLE", backlink)
    elif isinstance(configs.get("markdown.extensions.footnotes"), dict):
        configs["markdown.extensions.footnotes"].setdefault("BACKLINK_TITLE", backlink)
    embeds.configure(settings)


_ALIGN = re.compile(r"text-align:\s*(left|right|center)")


class _ContentPolicy(Treeprocessor):
    """Markup that works under a strict Content-Security-Policy and on small screens.

    Table alignment becomes a class instead of a ``style`` attribute (no inline
    styles), tables get a scrolling wrapper, and images load lazily.
    """

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in ("th", "td"):
                match = _ALIGN.search(element.get("style", ""))
                if match:
                    del element.attrib["style"]
                    element.set("class", f"align-{match.group(1)}")
            elif element.tag == "img":
                element.set("loading", "lazy")
                element.set("decoding", "async")
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    wrapper = etree.Element("div", {"class": "table-wrap"})
                    wrapper.tail, child.tail = child.tail, None
                    parent.remove(child)
                    wrapper.append(child)
                    parent.insert(index, wrapper)


# A quote at the start of a text that an ellipsis follows ("...und dann") opens
# it; smarty's own rule for a quote before punctuation closes it (English "'s").
_OPENING_BEFORE_ELLIPSIS = r"^{quote}(?=\.\.\.|\u2026|&hellip;)"


class StromExtension(Extension):
    """Registers Strom's treeprocessor (after tables and inline markup are built) and lists."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "opening_quotes": [("&ldquo;", "&lsquo;"), "smarty's opening double and single quote"]
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        """Add the content policy treeprocessor; open quotes smarty would close."""
        md.treeprocessors.register(_ContentPolicy(md), "strom_content_policy", 1)
        lists.register(md)
        # Each document numbers its repeated headings afresh (slugs.HeadingSlugs).
        md.registerExtension(self)
        self._md = md
        self.reset()
        if "smarty" in md.treeprocessors:
            double, single = self.getConfig("opening_quotes")
            patterns = md.treeprocessors["smarty"].inlinePatterns
            for quote, opening, name in (('"', double, "double"), ("'", single, "single")):
                pattern = SubstituteTextPattern(
                    _OPENING_BEFORE_ELLIPSIS.format(quote=quote), (opening,), md
                )
                patterns.register(pattern, f"strom-opening-{name}-quote", 31)
        inline.install(md)

    def reset(self) -> None:
        """Start a document: forget the heading ids of the last one."""
        for processor in self._md.treeprocessors:  # toc's, with Strom's slugify
            slugify = getattr(processor, "slugify", None)
            if isinstance(slugify, HeadingSlugs):
                slugify.reset()


def makeExtension(**kwargs: Any) -> StromExtension:
    """Return the extension (Markdown's entry point by module name)."""
    return StromExtension(**kwargs)
