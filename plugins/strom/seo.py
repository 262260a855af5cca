"""What search engines and sharing previews read: descriptions, locales, JSON-LD."""

from __future__ import annotations

import html
import re
import sys
from typing import Any

from babel.core import Locale, UnknownLocaleError, get_global

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def og_locale(lang: str) -> str:
    """Return the Open Graph locale of a language: 'de' -> 'de_DE', 'en' -> 'en_US'."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return lang
    if not locale.territory:
        likely = get_global("likely_subtags").get(locale.language)
        if likely:
            locale = Locale.parse(likely)
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def plain(markup: str) -> str:
    """Return the text of an HTML fragment on one line."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", str(markup)))).strip()


def description(content: Any) -> str:
    """Return the meta description of a post or page: its description, else its summary."""
    text = getattr(content, "description", None)
    if text:  # plain text already (markup in it is shown): only spaces to tidy
        return _SPACE.sub(" ", str(text)).strip()
    return plain(getattr(content, "summary", "") or "")


def absolute(url: str, siteurl: str) -> str:
    """Return a site path as a URL under ``siteurl`` (root-relative when there is none)."""
    if url.startswith(("http://", "https://")):
        return url
    return f"{siteurl.rstrip('/')}/{url.lstrip('/')}"


def blog_posting(article: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """Return the schema.org BlogPosting of ``article`` (rendered with ``|tojson``)."""
    siteurl = settings.get("SITEURL", "")
    url = absolute(article.url, siteurl)
    modified = getattr(article, "modified", None) or article.date
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": str(article.title),
        "description": article.meta_description,
        "datePublished": article.date.isoformat(),
        "dateModified": modified.isoformat(),
        "inLanguage": getattr(article, "lang", None) or settings["DEFAULT_LANG"],
        "url": url,
        "mainEntityOfPage": url,
        "wordCount": getattr(article, "word_count", 0),
        "publisher": {
            "@type": "Organization",
            "name": settings.get("SITENAME", ""),
            "url": absolute("", siteurl),
        },
    }
    authors = getattr(article, "authors", None) or []
    if authors:
        data["author"] = [
            {"@type": "Person", "name": str(author), "url": absolute(author.url, siteurl)}
            for author in authors
        ]
    tags = getattr(article, "tags", None) or []
    if tags:
        data["keywords"] = [str(tag) for tag in tags]
    hero = getattr(article, "hero", None)
    og = getattr(hero, "og", None) or getattr(article, "card", None)
    if og is not None:
        data["image"] = og.url
    return data


def attach(content: Any, settings: dict[str, Any], article: bool) -> None:
    """Give a post or page its ``meta_description`` and a post its ``structured_data``."""
    content.meta_description = description(content)
    if article:
        content.structured_data = blog_posting(content, settings)


def steady_sitemap(generators: list[Any]) -> None:
    """Give the sitemap's lists the date of the newest post or page (``all_generators_finalized``).

    pelican-sitemap dates every page without a date of its own (home, tags,
    archives) with the time it was imported, so two builds of the same
    sources would write two sitemaps; the newest content's date is what
    changes those lists.
    """
    sitemap = sys.modules.get("pelican.plugins.sitemap.sitemap")
    if sitemap is None:
        return
    dates = [
        getattr(content, "modified", None) or content.date
        for generator in generators
        for content in (*getattr(generator, "articles", ()), *getattr(generator, "pages", ()))
        if getattr(content, "date", None)
    ]
    if dates:
        sitemap.generator.now = max(dates, key=lambda date: date.timestamp())
