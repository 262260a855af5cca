"""Old addresses (aliases) of posts and pages: checked once, each a 301 and a redirect page."""

from __future__ import annotations

import logging
import posixpath
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from pelican.contents import Article
from pelican.generators import Generator, PelicanTemplateNotFound

from . import build, netlify, oldlists, outputs
from .messages import tr, tr_pattern
from .outputs import OutputMap, Owner
from .problems import Problem, display_path, report, settings_file, shown

logger = logging.getLogger(__name__)

# Addresses of the Astro blog starter that Strom serves elsewhere; a site's
# STROM_REDIRECTS is laid over them ("/blog/": None removes one). Where the
# site writes a page at one of these addresses itself, the page wins.
DEFAULT_REDIRECTS: dict[str, str] = {
    # Astro's post list; Strom's is the home page.
    "/blog/": "/",
    # @astrojs/sitemap's index and its first part; Strom writes one sitemap.
    "/sitemap-index.xml": "/sitemap.xml",
    "/sitemap-0.xml": "/sitemap.xml",
}

# Characters that cannot stand in a _redirects path or a file name
# (':' and '*' are Netlify placeholders and splats, the rest Windows' rules).
_FORBIDDEN = frozenset('\\*:"<>|%?#')
_OWN_TEMPLATE = Path(__file__).parent / "theme" / "templates" / "redirect.html"


def _example() -> str:
    return tr("write an old path of this site such as /2025/03/alter-beitrag/")


class AliasError(ValueError):
    """An alias that cannot be an address of this site; the message says why."""


@dataclass(frozen=True)
class Alias:
    """An old address of the site, as Netlify matches it and as a file."""

    path: str  # "/2025/03/alt/", UTF-8, as written in _redirects
    file: str  # "2025/03/alt/index.html", the output file at that address
    page: bool  # whether a redirect page can stand there (an HTML address)


@dataclass(frozen=True)
class Redirect:
    """One alias of the site and the address it now answers with."""

    alias: Alias
    target: str  # the site path it points to: "/blog/neu/"
    location: str  # the URL it sends readers to: SITEURL + target, percent-encoded
    title: str  # what the redirect page links to
    source: str  # who declared it: a content file or the settings
    # pelican-sitemap and other plugins list only "published" content; a
    # redirect page is written but never listed, which Pelican calls hidden.
    status: str = "hidden"

    @property
    def url(self) -> str:
        """Return the alias's URL relative to SITEURL (as Pelican's ``url``)."""
        return self.alias.path.lstrip("/")


def alias_list(value: Any) -> list[str]:
    """Return aliases from metadata: a list, a single string, a comma-separated string or none."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


def normalize(alias: str, page_url: str = "") -> Alias:
    """Return the site address that ``alias`` names, or raise :class:`AliasError`.

    As in Hugo, an alias starting with ``/`` is site-absolute and any other is
    relative to the folder of the page (``page_url``): ``alt`` on
    ``blog/neu/`` is ``/blog/alt/``. Percent-escapes are decoded (one address,
    two spellings) and ``.``/``..`` resolved; an address leaving the site, on
    another host or with a scheme is refused. An address ending in ``/`` or
    without an extension is a folder (``index.html`` in it), one ending in
    ``.html``/``.htm`` a file; any other file can only be redirected by
    Netlify, not by a page.
    """
    text = unicodedata.normalize("NFC", str(alias).strip())
    decoded = _decode(text)
    folder = "" if text.startswith("/") else posixpath.dirname("/" + page_url.strip("/"))
    segments = _resolve(f"{folder}/{decoded}", text)
    joined = "/".join(segments)
    if not segments:
        return Alias("/", "index.html", page=True)
    name = segments[-1]
    if decoded.endswith("/") or "." not in name:
        return Alias(f"/{joined}/", f"{joined}/index.html", page=True)
    return Alias(f"/{joined}", joined, page=name.lower().endswith((".html", ".htm")))


def _decode(text: str) -> str:
    """Return the path ``text`` names, percent-escapes decoded; refuse what is no site path."""
    if not text:
        raise AliasError(tr("is empty; {example}", example=_example()))
    try:
        parts = urlsplit(text)
    except ValueError:  # "//[" reads as a broken IPv6 host
        raise AliasError(_elsewhere(text)) from None
    if parts.scheme or parts.netloc or text.startswith("//"):
        raise AliasError(_elsewhere(text))
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise AliasError(
            tr("'{alias}' has a query or a fragment; write the path alone", alias=text)
        )
    try:
        decoded = unicodedata.normalize("NFC", unquote(text, errors="strict"))
    except UnicodeDecodeError:
        raise AliasError(
            tr(
                "'{alias}' has a percent-escape that is not UTF-8; write the path as text, "
                "e.g. /über-uns/",
                alias=text,
            )
        ) from None
    bad = sorted({char for char in decoded if _forbidden(char)})
    if bad:
        shown = " ".join(repr(char) for char in bad)
        raise AliasError(
            tr(
                "'{alias}' contains {chars}, which no address may contain; {example}",
                alias=text,
                chars=shown,
                example=_example(),
            )
        )
    return decoded


def _elsewhere(text: str) -> str:
    return tr("'{alias}' points to another site; {example}", alias=text, example=_example())


def _resolve(path: str, text: str) -> list[str]:
    """Return the segments of ``path`` with '.' and '..' resolved; refuse leaving the root."""
    segments: list[str] = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if not segments:
                raise AliasError(
                    tr("'{alias}' leaves the site ('..' goes above its root)", alias=text)
                )
            segments.pop()
        elif set(segment) == {"."}:
            raise AliasError(
                tr(
                    "'{alias}' has the path segment '{segment}'; {example}",
                    alias=text,
                    segment=segment,
                    example=_example(),
                )
            )
        else:
            segments.append(segment)
    return segments


def _forbidden(char: str) -> bool:
    return char in _FORBIDDEN or char.isspace() or unicodedata.category(char)[0] == "C"


def link(siteurl: str, path: str) -> str:
    """Return the link to site path ``path``: SITEURL before it, non-ASCII percent-encoded."""
    return siteurl.rstrip("/") + quote(path, safe="/:@!$&'()*+,;=-._~")


def relative_link(from_file: str, path: str) -> str:
    """Return the link from output file ``from_file`` to site path ``path`` (RELATIVE_URLS)."""
    relative = posixpath.relpath("/" + path.lstrip("/"), posixpath.dirname("/" + from_file))
    if path.endswith("/") and relative != ".":
        relative += "/"
    return quote("./" if relative == "." else relative, safe="/:@!$&'()*+,;=-._~")


@dataclass(frozen=True)
class Claim:
    """An alias someone asks for: a content file or the site's settings."""

    alias: str
    target: str  # site path
    title: str
    source: str  # display path, or the settings file
    field: str
    base: str = ""  # URL of the page, for page-relative aliases
    required: bool = True  # built-in defaults yield quietly to a page
    line: int | None = None  # of the key in the front matter


def plan(
    claims: Iterable[Claim], taken: OutputMap, siteurl: str = ""
) -> tuple[list[Redirect], list[Problem]]:
    """Return the redirects of ``claims`` that hit nothing, and a problem for each other one.

    Claims are taken in order; a later claim of an address already taken by
    a page, a file or an earlier alias is refused, naming both files (built-in
    defaults yield quietly). ``taken`` gains the accepted aliases.
    """
    redirects: list[Redirect] = []
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for claim in claims:
        try:
            alias = normalize(claim.alias, claim.base)
        except AliasError as error:
            problems.append(Problem(claim.source, str(error), field=claim.field, line=claim.line))
            continue
        if (claim.source, outputs.key(alias.file)) in seen:
            continue  # the same alias written twice in one file
        owner = taken.owner(alias.file)
        redirect = claim.field == "STROM_REDIRECTS"
        if redirect:
            what, advice = (
                tr_pattern("the redirect '{alias}'"),
                tr("remove the redirect or change it"),
            )
        else:
            what, advice = tr_pattern("the alias '{alias}'"), tr("remove the alias or change it")
        if owner is None and alias.file.split("/")[0] == "assets":
            # Browsers keep what /assets/* serves for a year (netlify.DEFAULT_HEADERS):
            # no redirect page may stand there.
            owner = Owner("", what=tr("the folder assets/ of files browsers keep for a year"))
        if owner is not None:
            if claim.required:
                message = tr(
                    "'{alias}' collides with {owner} ({file}); {advice}",
                    alias=shown(claim.alias),
                    owner=owner,
                    file=shown(alias.file),
                    advice=advice,
                )
                problems.append(Problem(claim.source, message, field=claim.field, line=claim.line))
            else:
                logger.info(
                    "%s",
                    tr(
                        "strom: {path} is served by {owner}, no redirect needed",
                        path=alias.path,
                        owner=owner,
                    ),
                )
            continue
        refused = taken.claim(
            alias.file,
            Owner(
                claim.source,
                field=claim.field,
                line=claim.line,
                what=what.format(alias=shown(claim.alias)),
                advice=advice,
            ),
        )
        if refused is not None:
            problems.append(refused)
            continue
        seen.add((claim.source, outputs.key(alias.file)))
        location = link(siteurl, claim.target)
        redirects.append(Redirect(alias, claim.target, location, claim.title, claim.source))
    return redirects, problems


def site_claims(
    settings: Mapping[str, Any], titles: Mapping[str, str] | None = None
) -> tuple[list[Claim], list[Claim]]:
    """Return the site's own redirects and the built-in ones it keeps, in that order.

    ``titles`` maps site paths to the titles of their pages, for the links.
    """
    own = settings.get("STROM_REDIRECTS") or {}
    titles = {"/": settings.get("SITENAME") or "/", **(titles or {})}

    def claim(alias: str, target: str, source: str, required: bool) -> Claim:
        title = titles.get(target, target)
        return Claim(alias, target, title, source, "STROM_REDIRECTS", "", required)

    return (
        [
            claim(alias, target, settings_file(settings), True)
            for alias, target in own.items()
            if target
        ],
        [
            claim(alias, target, "Strom", False)
            for alias, target in DEFAULT_REDIRECTS.items()
            if alias not in own
        ],
    )


def content_claims(contents: Iterable[Any]) -> list[Claim]:
    """Return the aliases of posts and pages, file by file in path order."""
    claims = []
    for content in sorted(contents, key=lambda item: item.source_path):
        source = display_path(content.source_path)
        keys = content.metadata.get("strom_keys") or {}
        field, line = keys.get("aliases", ("aliases", None))
        for alias in alias_list(getattr(content, "aliases", None)):
            claims.append(
                Claim(
                    alias, "/" + content.url, content.title, source, field, content.url, line=line
                )
            )
    return claims


def list_claims(contents: list[Any], settings: Mapping[str, Any]) -> list[Claim]:
    """Return the old list addresses of STROM_OLD_LISTS (oldlists.py) that can be redirected.

    They yield quietly to a page at the same address, as the built-in ones
    do; an old address that no redirect can hold is a warning (the old list
    is lost, nothing else is).
    """
    articles = [
        item for item in contents if isinstance(item, Article) and item.status == "published"
    ]
    source = settings_file(settings)
    claims = []
    for old, new, title in oldlists.redirects(articles, settings):
        try:
            normalize(old)
        except AliasError as error:
            logger.warning(
                "%s: STROM_OLD_LISTS: %s",
                source,
                tr(
                    "the old address '{old}' of '{title}' cannot be redirected: {error}",
                    old=shown(old),
                    title=shown(title),
                    error=error,
                ),
            )
            continue
        claims.append(Claim(old, new, title, source, "STROM_OLD_LISTS", "", required=False))
    return claims


def all_claims(contents: list[Any], settings: Mapping[str, Any]) -> list[Claim]:
    """Return the site's redirects, the aliases of ``contents``, old lists, the built-in ones."""
    titles = {"/" + item.url: item.title for item in contents}
    own, defaults = site_claims(settings, titles)
    return own + content_claims(contents) + list_claims(contents, settings) + defaults


def check_aliases(
    sources: Iterable[Any], settings: Mapping[str, Any], taken: OutputMap
) -> list[Problem]:
    """`strom check`: the aliases that the build would refuse (escapes, collisions)."""
    contents = [
        source.content
        for source in sources
        if source.content is not None
        and source.content.save_as
        and source.content.status in ("published", "hidden")
    ]
    claims = all_claims(contents, settings)
    return plan(claims, taken, settings.get("SITEURL", ""))[1]


def setting_problems(settings: Mapping[str, Any]) -> list[Problem]:
    """Return problems with ``STROM_REDIRECTS`` and ``STROM_OLD_LISTS``."""
    lists = [
        Problem("pelicanconf.py", message, field="STROM_OLD_LISTS")
        for message in oldlists.setting_problems(settings.get("STROM_OLD_LISTS"))
    ]
    return lists + _redirect_problems(settings)


def _redirect_problems(settings: Mapping[str, Any]) -> list[Problem]:
    """Return problems with ``STROM_REDIRECTS``: {old path: new site path or None}."""
    table = settings.get("STROM_REDIRECTS")
    if not isinstance(table, dict):
        return [
            _setting_problem(tr("must map old paths to site paths, got {value!r}", value=table))
        ]
    problems = []
    for alias, target in table.items():
        if target is None:
            continue
        try:
            normalize(alias)
            if not isinstance(target, str) or not target.startswith("/"):
                raise AliasError(
                    tr(
                        "points to {target!r}; point it to a site path such as /about/",
                        target=target,
                    )
                )
            normalize(target)
        except (AliasError, TypeError) as error:
            problems.append(_setting_problem(f"{alias!r}: {error}"))
    return problems


def _setting_problem(message: str) -> Problem:
    return Problem("pelicanconf.py", message, field="STROM_REDIRECTS")


class RedirectGenerator(Generator):
    """Checks every alias once, then writes a redirect page at each (Netlify gets rules)."""

    def generate_context(self) -> None:
        """Nothing to read: aliases are checked once every page is known."""

    def generate_output(self, writer: Any) -> None:
        """Write the redirect pages through Pelican's Writer and share the redirects."""
        siteurl = self.settings.get("SITEURL", "")
        contents = self.contents()
        claims = all_claims(contents, self.settings)
        running = build.current(self.settings)
        taken = running.outputs if running is not None else OutputMap()
        redirects, problems = plan(claims, taken, siteurl)
        for problem in problems:
            report(problem)
        pages = [redirect for redirect in redirects if redirect.alias.page]
        template = self.redirect_template() if pages else None
        for redirect in pages:
            writer.write_file(
                redirect.alias.file,
                template,
                self.context,
                redirect=redirect,
                target=self.link_from(redirect),
                # What plugins such as pelican-sitemap read; it is hidden.
                page=redirect,
            )
        self.context["strom_redirects"] = redirects

    def redirect_template(self) -> Any:
        """Return the theme's ``redirect.html``, or Strom's for a theme without one."""
        try:
            return self.get_template("redirect")
        except PelicanTemplateNotFound:
            return self.env.from_string(_OWN_TEMPLATE.read_text("utf-8"))

    def contents(self) -> list[Any]:
        """Return every post and page this build writes."""
        return [
            item
            for name in ("articles", "hidden_articles", "pages", "hidden_pages")
            for item in self.context.get(name, ())
            if item.save_as
        ]

    def link_from(self, redirect: Redirect) -> str:
        """Return the link from a redirect page to its target, as the site writes links."""
        if self.settings.get("RELATIVE_URLS"):
            return relative_link(redirect.alias.file, redirect.target)
        return redirect.location


def generators(pelican: Any) -> tuple[type[Generator], ...]:
    """Return Strom's generators: the redirect pages, then Netlify's files that list them."""
    return RedirectGenerator, netlify.NetlifyGenerator
