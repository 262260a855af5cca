"""Two-click embeds: a YouTube or Vimeo link alone on a line loads its player only on request."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .i18n import translations

EXTENSION = "pelican.plugins.strom.embeds"
# The attribute that marks an embed: the page loads embed.js and allows the frame.
MARKER = "data-strom-embed"
# The only hosts a page's frames may come from (netlify.with_frames), once the reader asks.
FRAME_HOSTS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

_YOUTUBE = re.compile(
    r"https?://(?:(?:www|m)\.)?(?:youtube\.com/(?:watch\?(?:[^#\s]*&)?v=|embed/|shorts/|live/)"
    r"|youtu\.be/)(?P<id>[\w-]{11})(?:[?&#/]\S*)?"
)
_VIMEO = re.compile(r"https?://(?:www\.)?vimeo\.com/(?:video/)?(?P<id>\d{1,12})(?:[/?#]\S*)?")


@dataclass(frozen=True)
class Video:
    """A video of YouTube or Vimeo: where it is watched, and the player that embeds it."""

    provider: str
    id: str

    @property
    def page_url(self) -> str:
        """Return the video's own page on its host."""
        if self.provider == "YouTube":
            return f"https://www.youtube.com/watch?v={self.id}"
        return f"https://vimeo.com/{self.id}"

    @property
    def frame_url(self) -> str:
        """Return the player's address: YouTube without cookies, Vimeo with Do Not Track."""
        if self.provider == "YouTube":
            return f"https://www.youtube-nocookie.com/embed/{self.id}?autoplay=1"
        return f"https://player.vimeo.com/video/{self.id}?autoplay=1&dnt=1"


def video_of(url: str) -> Video | None:
    """Return the video a YouTube or Vimeo address names, or None."""
    url = url.strip()
    if match := _YOUTUBE.fullmatch(url):
        return Video("YouTube", match.group("id"))
    if match := _VIMEO.fullmatch(url):
        return Video("Vimeo", match.group("id"))
    return None


def _alone(paragraph: etree.Element) -> str | None:
    """Return the address a paragraph holds and nothing else (as text or as its link)."""
    if paragraph.attrib or ((paragraph.text or "").strip() and len(paragraph)):
        return None
    if not len(paragraph):
        return (paragraph.text or "").strip() or None
    if len(paragraph) != 1 or (paragraph.text or "").strip():
        return None
    link = paragraph[0]
    href = link.get("href", "")
    if link.tag != "a" or len(link) or (link.tail or "").strip():
        return None
    return href if (link.text or "").strip() in (href, "") else None


class Embeds(Treeprocessor):
    """Replaces each paragraph that is only a video's address by its two-click embed."""

    def __init__(self, md: Markdown, labels: dict[str, str]) -> None:
        super().__init__(md)
        self.labels = labels

    def run(self, root: etree.Element) -> None:
        """Replace the paragraphs in place, keeping their order."""
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "p":
                    continue
                video = video_of(_alone(child) or "")
                if video is not None:
                    figure = self.figure(video)
                    figure.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, figure)

    def figure(self, video: Video) -> etree.Element:
        """Return the embed: a hidden placeholder that embed.js shows, and a link."""
        names = {"provider": video.provider}
        figure = etree.Element(
            "figure",
            {
                "class": "embed",
                MARKER: video.provider.lower(),
                "data-src": video.frame_url,
                "data-title": self.labels["title"] % names,
            },
        )
        placeholder = etree.SubElement(figure, "div", {"class": "embed-placeholder", "hidden": ""})
        button = etree.SubElement(placeholder, "button", {"type": "button", "class": "embed-load"})
        button.text = self.labels["load"] % names
        note = etree.SubElement(placeholder, "p", {"class": "embed-note"})
        note.text = self.labels["note"] % names
        caption = etree.SubElement(figure, "figcaption")
        link = etree.SubElement(caption, "a", {"href": video.page_url})
        link.text = self.labels["link"] % names
        return figure


class EmbedsExtension(Extension):
    """Registers ``Embeds`` after the inline markup (links) is made."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "theme": ["", "the theme folder, whose catalogs give the labels"],
            "lang": ["de", "the site's language"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        """Add the tree processor to ``md``."""
        catalog = translations(self.getConfig("theme"), self.getConfig("lang"))
        labels = {
            "load": catalog.gettext("Load video from %(provider)s"),
            "note": catalog.gettext(
                "The video is only loaded from %(provider)s when you start it; "
                "your browser then sends data such as your IP address to %(provider)s."
            ),
            "link": catalog.gettext("Watch the video on %(provider)s"),
            "title": catalog.gettext("Video from %(provider)s"),
        }
        md.treeprocessors.register(Embeds(md, labels), "strom_embeds", 5)


def makeExtension(**kwargs: Any) -> EmbedsExtension:
    """Return the extension (Markdown's entry point by module name)."""
    return EmbedsExtension(**kwargs)


def configure(settings: dict[str, Any]) -> None:
    """Add the extension to the site's Markdown, with the theme's labels in its language."""
    configs = settings["MARKDOWN"].setdefault("extension_configs", {})
    configs.setdefault(
        EXTENSION, {"theme": settings["THEME"], "lang": str(settings["DEFAULT_LANG"])}
    )


def mark(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """Note on a post or page whether it has an embed (``strom_embeds``), as it is read."""
    content = instance if instance is not None else sender
    text = getattr(content, "_content", None) or ""
    content.strom_embeds = MARKER in text
