"""What the theme's templates need, computed once per build, and the files it writes."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import FileSystemBytecodeCache, TemplateNotFound
from markupsafe import Markup
from pelican.contents import Article
from pelican.generators import Generator
from pygments.styles import get_all_styles

from . import (
    branding,
    build,
    embeds,
    hyphens,
    netlify,
    outputs,
    pagecache,
    posts,
    reading,
    seo,
    stylesheet,
    textcache,
)
from .messages import tr
from .problems import Problem, report

logger = logging.getLogger(__name__)

# Fingerprinted files live here; Netlify's _headers caches /assets/* for good.
ASSETS_DIR = "assets"


@dataclass(frozen=True)
class Link:
    """A link of the theme's navigation: site path (or absolute URL) and the file it names."""

    url: str
    save_as: str = ""

    @property
    def external(self) -> bool:
        """Whether the link leaves the site."""
        return self.url.startswith(("http://", "https://", "mailto:"))


@dataclass
class Theme:
    """The ``strom`` object in every template's context."""

    stylesheet: str | None
    favicon: str
    og_locale: str
    year: int
    links: dict[str, Link | None]
    menu_pages: list[Any] = field(default_factory=list)
    # The Content-Security-Policy each page repeats in a <meta> (netlify.page_policy),
    # and the search page's, which runs Pagefind's WebAssembly.
    policy: str | None = None
    search_policy: str | None = None
    # The header's logo (True: the theme's mark, None: none) and the home page's intro.
    logo: branding.Logo | bool | None = True
    intro: Any = None

    # What once() rendered this build, by key, and what it used (pagecache.fragment).
    rendered: dict[Any, tuple[Markup, Any]] = field(default_factory=dict, repr=False)

    def once(self, key: Any, caller: Callable[[], str]) -> Markup:
        """Return the body of ``{% call strom.once(key) %}``, rendered once a build.

        For markup that many pages repeat unchanged, such as a post's entry in
        the home page, its tag and category pages and its author's page. Each
        page that repeats it depends on what it read (the page cache).
        """
        if key not in self.rendered:
            html, used = pagecache.fragment(caller)
            self.rendered[key] = (Markup(html), used)
        markup, used = self.rendered[key]
        pagecache.repeat(used)
        return markup

    def list_of(self, page_name: str) -> str | None:
        """Return which of ``links`` a list page (Pelican's ``page_name``) is: 'tags', ..."""
        for name, link in self.links.items():
            if link and link.save_as == f"{page_name}.html":
                return name
        return None

    # The policy of pages with a two-click embed: frames from the video hosts.
    embed_policy: str | None = None


def _site_link(url: str) -> Link:
    """Return a link from a setting: an absolute URL as it is, a site path with its file."""
    if Link(url).external:
        return Link(url)
    path = url.lstrip("/")
    return Link(path, path + "index.html" if not path or path.endswith("/") else path)


def direct_link(settings: dict[str, Any], name: str) -> Link | None:
    """Return the link to a direct template ('archives', 'tags', ...) or None if not written."""
    if name not in settings.get("DIRECT_TEMPLATES", ()):
        return None
    save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
    if not save_as:
        return None
    url = settings.get(f"{name.upper()}_URL")
    return Link(pretty_url(save_as) if url is None else url, save_as)


def sitemap_link(settings: dict[str, Any]) -> Link | None:
    """Return the sitemap pelican-sitemap writes, if it runs and URLs can be absolute."""
    plugins = settings.get("PLUGINS")
    loaded = plugins is None or any(str(name).endswith("sitemap") for name in plugins)
    if not (loaded and settings.get("SITEURL") and find_spec("pelican.plugins.sitemap")):
        return None
    fmt = (settings.get("SITEMAP") or {}).get("format", "xml")
    return Link(f"sitemap.{fmt}", f"sitemap.{fmt}")


# The footer's links to the legal pages, each with the setting giving its address.
LEGAL_LINKS = (
    ("imprint", "STROM_IMPRINT_URL"),
    ("privacy", "STROM_PRIVACY_URL"),
    ("accessibility", "STROM_ACCESSIBILITY_URL"),
)


def links(settings: dict[str, Any]) -> dict[str, Link | None]:
    """Return the links every page may show: home, lists, feeds and the legal pages."""
    result: dict[str, Link | None] = {
        "home": Link("", settings.get("INDEX_SAVE_AS", "index.html")),
    }
    for name in ("archives", "tags", "categories", "authors", "search"):
        result[name] = direct_link(settings, name)
    result["sitemap"] = sitemap_link(settings)
    for name, setting in (("rss", "FEED_ALL_RSS"), ("atom", "FEED_ALL_ATOM")):
        result[name] = Link(settings[setting], settings[setting]) if settings.get(setting) else None
    for name, setting in LEGAL_LINKS:
        value = settings.get(setting) or ""
        result[name] = _site_link(value) if value else None
    return result


def favicon(settings: dict[str, Any]) -> str:
    """Return the site path of the icon: the site's own ``public/favicon.svg``, else the theme's."""
    public = Path(settings["PATH"], settings["STROM_PUBLIC_DIR"].strip("/"))
    if (public / "favicon.svg").is_file():
        return "favicon.svg"
    return f"{settings['THEME_STATIC_DIR']}/favicon.svg"


def menu_pages(pages: list[Any], theme_links: dict[str, Link | None]) -> list[Any]:
    """Return the pages of the main menu: not the legal pages, not those with ``menu: false``."""
    legal = {link.url for key, _ in LEGAL_LINKS if (link := theme_links[key])}
    return [
        page
        for page in pages
        if page.url not in legal and str(getattr(page, "menu", "true")).lower() != "false"
    ]


def check_settings(settings: dict[str, Any]) -> list[Problem]:
    """Return problems with the theme's settings (called once, before the build)."""
    problems = []
    styles = set(get_all_styles())
    for name in ("STROM_PYGMENTS_STYLE", "STROM_PYGMENTS_DARK_STYLE"):
        if settings[name] not in styles:
            problems.append(
                Problem(
                    "pelicanconf.py",
                    tr(
                        "{value!r} is not a Pygments style; pick one of {choices}",
                        value=settings[name],
                        choices=", ".join(sorted(styles)),
                    ),
                    field=name,
                )
            )
    for name in ("STROM_CSS", "STROM_CSS_EXTRA"):
        value = settings[name]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            problems.append(
                Problem(
                    "pelicanconf.py",
                    tr("must be a list of file names, got {value!r}", value=value),
                    field=name,
                )
            )
    problems += branding.setting_problems(settings)
    for name in ("STROM_RELATED_POSTS", "STROM_WORDS_PER_MINUTE"):
        value = settings[name]
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or value < 0
            or (name == "STROM_WORDS_PER_MINUTE" and value == 0)
        ):
            problems.append(
                Problem(
                    "pelicanconf.py",
                    tr("must be a whole number, got {value!r}", value=value),
                    field=name,
                )
            )
    return problems


def reading_time(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """Give each post its word count and reading time, once, as it is read."""
    content = instance if instance is not None else sender
    if isinstance(content, Article):
        posts.attach_reading_time(content, content.settings["STROM_WORDS_PER_MINUTE"])


def pretty_url(save_as: str) -> str:
    """Return the URL path of an output file: 'blog/x/index.html' -> 'blog/x/'."""
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


def configure_env(generator: Any) -> None:
    """Add the theme's filters; let ``|tojson`` (JSON-LD) keep umlauts and key order.

    The compiled templates are kept in ``templates/`` of the text cache
    (Jinja's bytecode cache: a changed template is compiled again).
    """
    env = getattr(generator, "env", None)
    if env is not None:
        env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
        env.filters["pretty_url"] = pretty_url
        env.filters.update(hyphens.filters(generator.settings["DEFAULT_LANG"]))
        folder = textcache.folder_of(generator.settings)
        hyphens.keep_in(folder)
        if folder is not None and env.bytecode_cache is None:
            # Jinja keys compiled templates by their source alone: the folder is
            # keyed by Jinja's version and the environment's options.
            options = repr(sorted(generator.settings.get("JINJA_ENVIRONMENT", {}).items()))
            key = hashlib.sha256(f"{jinja2.__version__} {options}".encode()).hexdigest()[:12]
            templates = folder / f"templates-{key}"
            try:
                templates.mkdir(parents=True, exist_ok=True)
            except OSError:
                return  # compiled in every build, as without a cache
            env.bytecode_cache = FileSystemBytecodeCache(str(templates))


class ThemeGenerator(Generator):
    """Computes the ``strom`` context and writes the stylesheet and robots.txt.

    It runs after the posts and pages are read and before any page is
    written, so every template sees the same data, computed once.
    """

    def generate_context(self) -> None:
        """Attach related posts, neighbours and SEO data; build the stylesheet."""
        settings = self.settings
        articles = self.context.get("articles", [])
        pages = self.context.get("pages", [])
        posts.attach_neighbours(articles)
        posts.attach_related(articles, settings["STROM_RELATED_POSTS"])
        for item in build.written_content(self.context):
            seo.attach(item, settings, article=isinstance(item, Article))
            reading.attach(item, settings)
        # Another theme than Strom's gets the data, but no stylesheet of Strom's.
        self.css_name, self.css = None, b""
        if (Path(self.theme) / "css").is_dir():
            self.css_name, self.css = stylesheet.build(self.theme, settings)
            running = build.current(settings)
            claim = f"{ASSETS_DIR}/{self.css_name}"  # before the public files claim theirs
            refused = running.outputs.claim(claim, outputs.stylesheet_owner()) if running else None
            if refused is not None:
                report(refused)
        theme_links = links(settings)
        logo, problem = branding.logo(settings)
        if problem is not None:
            report(problem)
        self.context["strom"] = Theme(
            stylesheet=f"{ASSETS_DIR}/{self.css_name}" if self.css_name else None,
            favicon=favicon(settings),
            og_locale=seo.og_locale(settings["DEFAULT_LANG"]),
            year=dt.datetime.now(dt.UTC).year,
            links=theme_links,
            menu_pages=menu_pages(pages, theme_links),
            policy=(policy := netlify.page_policy(settings)),
            search_policy=netlify.with_webassembly(policy) if policy else None,
            logo=logo,
            intro=branding.intro(settings),
            embed_policy=netlify.with_frames(policy, embeds.FRAME_HOSTS) if policy else None,
        )

    def generate_output(self, writer: Any) -> None:
        """Write the stylesheet under assets/ and robots.txt at the root."""
        if self.css_name:
            target = Path(self.output_path) / ASSETS_DIR / self.css_name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.css)
            logger.info("Writing %s", target)
        try:
            robots = self.env.get_template("robots.txt")
        except TemplateNotFound:
            return  # another theme than Strom's
        Path(self.output_path, "robots.txt").write_text(robots.render(self.context), "utf-8")


def generator(pelican: Any) -> type[ThemeGenerator]:
    """Hand Pelican the theme's generator (``get_generators``)."""
    return ThemeGenerator
