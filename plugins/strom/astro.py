"""`strom import astro`: an Astro blog project becomes a Strom site with the same URLs.

Posts keep their file names (Strom slugs them as Astro does), ``public/`` keeps
its layout, and whatever cannot be carried is listed, never dropped silently.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import migrate, scaffold
from .frontmatter import split
from .messages import marked, tr, tr_marked
from .problems import ContentError

POST_SUFFIXES = (".md", ".markdown")
MDX = ".mdx"

_SITE = re.compile(r"""\bsite\s*:\s*(['"`])(?P<url>https?://[^'"`\s]+)\1""")
_CONST = r"""\b{name}\s*(?::\s*\w+\s*)?=\s*(['"`])(?P<value>.*?)\1"""
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_IMPORT = re.compile(r"^\s*(import|export)\s")
_COMPONENT = re.compile(r"<[A-Z][\w.]*[\s/>]")
_EXPRESSION = re.compile(r"\{[^}\n]*\}")

# Texts of the Astro blog starter that a site keeps by mistake (English).
STARTER_TEXTS = frozenset(("Welcome to my website!", "Astro Blog"))
# A paginated post list (src/pages/blog/[...page].astro) and its page size.
_PAGE_SIZE = re.compile(r"\bpageSize\s*:\s*(\d+)")
_PAGINATED = ("blog/[...page].astro", "blog/[page].astro")

# Routes of the Astro blog starter that Strom writes itself, and where.
_FEED = marked("the RSS feed: Strom writes /rss.xml")
_LIST = marked("the paginated post list: Strom lists posts on /, /seite/2/, ...")
_REPLACED = {
    "index.astro": marked("the home page: Strom writes / with the newest posts"),
    "blog/index.astro": marked(
        "the list of posts at /blog/: Strom lists posts on / and in /archiv/"
    ),
    "blog/[...slug].astro": marked("the post pages: Strom writes /blog/<slug>/"),
    "rss.xml.js": _FEED,
    "rss.xml.ts": _FEED,
    "blog/[...page].astro": _LIST,
    "blog/[page].astro": _LIST,
}
# Where the title or URL came from when the command line gave it (the report says so).
COMMAND_LINE = "the command line"


class NotAnAstroBlog(Exception):
    """The folder is not an Astro blog project."""


@dataclass
class Skipped:
    """A file of the Astro project that the import did not carry."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Report:
    """What the import carried, what it converted and what it could not carry."""

    posts_before: int = 0
    posts_after: int = 0
    converted: list[str] = field(default_factory=list)
    pages: int = 0
    public_files: int = 0
    site_url: str = ""
    url_from: str = ""
    url_note: str = ""
    title: str = ""
    title_from: str = ""
    skipped: list[Skipped] = field(default_factory=list)
    replaced: list[Skipped] = field(default_factory=list)
    skeletons: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    astro_pages: list[str] = field(default_factory=list)
    old_lists: dict[str, object] = field(default_factory=dict)


def read_site_url(project: Path) -> tuple[str, str]:
    """Return the ``site:`` of ``astro.config.*`` and the file's name, where a regex finds it."""
    for config in sorted(project.glob("astro.config.*")):
        match = _SITE.search(config.read_text("utf-8", errors="replace"))
        if match:
            return match["url"].rstrip("/"), config.name
    return "", ""


def read_const(project: Path, name: str) -> tuple[str, str]:
    """Return the string constant ``name`` of ``src/consts.*`` and the file it is in."""
    pattern = re.compile(_CONST.format(name=re.escape(name)))
    for consts in sorted((project / "src").glob("consts.*")):
        match = pattern.search(consts.read_text("utf-8", errors="replace"))
        if match:
            return match["value"], f"src/{consts.name}"
    return "", ""


def mdx_features(text: str) -> str | None:
    """Return what makes an MDX file more than Markdown (imports, components), or None.

    Fenced code and inline code are skipped: an ``import`` in a code example is text.
    """
    try:
        _, body, first_line = split(text, "")
    except ContentError:  # TOML front matter: the check reports it after the import
        body, first_line = text, 1
    fenced = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        if _IMPORT.match(line):
            return tr(
                "imports or exports code (line {number}: {line})", number=number, line=line.strip()
            )
        plain = _INLINE_CODE.sub("", line)
        if _COMPONENT.search(plain):
            return tr("uses components (line {number}: {line})", number=number, line=line.strip())
        if _EXPRESSION.search(plain):
            return tr(
                "uses expressions in braces (line {number}: {line})",
                number=number,
                line=line.strip(),
            )
    return None


def _posts(blog: Path, target: Path, report: Report, progress) -> None:
    files = sorted(path for path in blog.rglob("*") if path.is_file())
    posts = [path for path in files if path.suffix.lower() in (*POST_SUFFIXES, MDX)]
    report.posts_before = len(posts)
    for path in files:
        relative = path.relative_to(blog)
        shown = f"src/content/blog/{relative.as_posix()}"
        suffix = path.suffix.lower()
        if any(part.startswith(".") for part in relative.parts):
            continue  # .DS_Store and the like: not content
        if suffix in POST_SUFFIXES:
            _copy(path, target / relative)
        elif suffix == MDX:
            text = path.read_text("utf-8", errors="replace")
            features = mdx_features(text)
            if features:
                report.skipped.append(Skipped(shown, _mdx(features)))
                continue
            if path.with_suffix(".md").exists():
                report.skipped.append(
                    Skipped(shown, tr("a .md of the same name gives the same URL; rename one"))
                )
                continue
            _copy(path, target / relative.with_suffix(".md"))
            report.converted.append(shown)
        else:
            report.skipped.append(
                Skipped(
                    shown,
                    tr(
                        "not a post; Strom does not serve files beside posts: move it to "
                        "public/ and refer to it as /{name}",
                        name=path.name,
                    ),
                )
            )
            continue
        report.posts_after += 1
        if progress:
            progress(report.posts_after, report.posts_before)


def _astro_url(relative: Path) -> str:
    """Return the URL Astro serves a file of ``src/pages`` at: ``about.astro`` -> ``/about/``."""
    parts = list(relative.with_suffix("").parts)
    if parts and parts[-1] == "index":
        parts.pop()
    return "/" + "".join(f"{part}/" for part in parts)


def _pages(pages: Path, target: Path, report: Report) -> None:
    """Carry Markdown pages to ``target``; list Astro pages and what Strom replaces."""
    if not pages.is_dir():
        return
    for path in sorted(p for p in pages.rglob("*") if p.is_file()):
        relative = path.relative_to(pages)
        shown = f"src/pages/{relative.as_posix()}"
        suffix = path.suffix.lower()
        if relative.as_posix() in _REPLACED:
            report.replaced.append(Skipped(shown, tr_marked(_REPLACED[relative.as_posix()])))
            continue
        features = None
        if suffix == MDX:
            features = mdx_features(path.read_text("utf-8", errors="replace"))
        if suffix in POST_SUFFIXES or (suffix == MDX and not features):
            _copy(path, target / relative.with_suffix(".md"))
            report.pages += 1
        elif features:
            report.skipped.append(Skipped(shown, _mdx(features)))
        elif suffix == ".astro" and isinstance(
            page := static_page(path.read_text("utf-8", errors="replace")), tuple
        ):
            front, body = page
            name = relative.with_suffix(".md")
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_text(f"---\n{front}---\n{body}", "utf-8")
            report.pages += 1
            report.astro_pages.append(shown)
        else:
            values = {
                "url": _astro_url(relative),
                "file": f"content/pages/{relative.with_suffix('.md').as_posix()}",
            }
            if suffix == ".astro":
                note = tr(
                    "an Astro page ({url}) that {reason}; write it in Markdown as {file} "
                    "to keep its URL",
                    reason=page,
                    **values,
                )
            else:
                note = tr(
                    "an Astro page ({url}); write it in Markdown as {file} to keep its URL",
                    **values,
                )
            report.skipped.append(Skipped(shown, note))


def _mdx(features: str) -> str:
    return tr("MDX that {features}; rewrite it as Markdown (.md)", features=features)


_ASTRO_FENCE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
_WRAPPER = re.compile(
    r"\A\s*<([A-Z][\w.]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(.*)</\1>\s*\Z", re.DOTALL
)
_STRING_PROP = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def static_page(text: str) -> tuple[str, str] | str:
    """Return (YAML front matter, body) of an Astro page that is static HTML in a layout.

    Such a page imports only its layout (and images), and its body is one
    layout element around plain HTML: ``<Layout title="About Me">...</Layout>``.
    The layout's text props become front matter (``title``, ``description``);
    its expression props (``heroImage={...}``) are left behind. Anything else
    returns what keeps the page from being Markdown.
    """
    fence = _ASTRO_FENCE.match(text)
    body = text[fence.end() :] if fence else text
    wrapper = _WRAPPER.match(body)
    reason = _not_static(fence.group(1) if fence else "", wrapper)
    if reason:
        return reason
    inner = wrapper.group(3)
    props = {
        match.group(1): match.group(2) if match.group(2) is not None else match.group(3)
        for match in _STRING_PROP.finditer(wrapper.group(2))
    }
    front = {name: props[name] for name in ("title", "description") if props.get(name)}
    if "title" not in front:
        return tr('has no title="..." on its layout')
    lines = [f"{name}: {scaffold.quoted(value)}" for name, value in front.items()]
    body = "\n".join(line.strip() for line in inner.strip().splitlines())
    return "\n".join(lines) + "\n", body + "\n"


def _not_static(script: str, wrapper: re.Match | None) -> str | None:
    """Return what keeps an Astro page from being static HTML in a layout, or None."""
    code = [line.strip() for line in script.splitlines() if line.strip()]
    if any(not line.startswith(("import ", "//")) for line in code):
        return tr("runs code in its front matter")
    if not wrapper:
        return tr("is not one layout around HTML")
    inner = wrapper.group(3)
    if _COMPONENT.search(inner):
        return tr("uses components inside its layout")
    if "{" in inner:
        return tr("uses expressions in braces")
    if "<pre" in inner.lower():
        return tr("holds preformatted text (<pre>), which Markdown would indent anew")
    return None


def _own_pages(pages: Path) -> set[str]:
    """Return the names of the project's pages (``about``, ``blog/x``), lower case."""
    if not pages.is_dir():
        return set()
    return {
        path.relative_to(pages).with_suffix("").as_posix().lower()
        for path in pages.rglob("*")
        if path.is_file()
    }


def _public(public: Path, target: Path, report: Report) -> None:
    if not public.is_dir():
        return
    for path in sorted(p for p in public.rglob("*") if p.is_file()):
        _copy(path, target / path.relative_to(public))
        report.public_files += 1


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def import_astro(
    project: Path,
    target: Path,
    given: dict[str, str],
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Write a Strom site at ``target`` from the Astro blog ``project``; return the report.

    ``given`` holds the site options from the command line (``lang``, ``title``,
    ``author``, ``url``, ``timezone``); the title, description and URL not
    given come from the project where it has them.
    """
    blog = project / "src" / "content" / "blog"
    if not blog.is_dir():
        raise NotAnAstroBlog(
            tr("{folder} has no src/content/blog folder; is it an Astro blog?", folder=project)
        )
    report = Report()
    report.site_url, report.url_from = read_site_url(project)
    if report.site_url and migrate.placeholder_host(report.site_url):
        # The starter's https://example.com: canonical links, feeds and the
        # sitemap would point there. Netlify's URL is used at deploy instead.
        report.url_note = tr(
            "{url} of {file} is a placeholder and is not used; on Netlify the "
            "site's URL is used, elsewhere give --url or set SITEURL",
            url=report.site_url,
            file=report.url_from,
        )
        report.site_url, report.url_from = "", ""
    report.title, report.title_from = read_const(project, "SITE_TITLE")
    description, description_from = read_const(project, "SITE_DESCRIPTION")
    lang = given.get("lang") or "de"
    if description in STARTER_TEXTS and lang != "en":
        report.flagged.append(
            tr(
                "SITE_DESCRIPTION of {file} is the Astro starter's English '{description}': "
                "not used as the subtitle; set SITESUBTITLE in pelicanconf.py",
                file=description_from,
                description=description,
            )
        )
        description = ""
    if report.title in STARTER_TEXTS and not given.get("title"):
        report.flagged.append(
            tr(
                "SITE_TITLE of {file} is the Astro starter's '{title}'; "
                "give --title or set SITENAME in pelicanconf.py",
                file=report.title_from,
                title=report.title,
            )
        )
    found = {"url": report.site_url, "title": report.title, "description": description}
    given = {name: value for name, value in given.items() if value}
    options = scaffold.SiteOptions(**{**found, **given})
    if given.get("title"):
        report.title_from = COMMAND_LINE
    if given.get("url"):
        report.url_from = COMMAND_LINE
    report.title, report.site_url = options.title, options.url
    # An Astro page of the name of a German skeleton (impressum) wins over it.
    own = _own_pages(project / "src" / "pages")
    files = {
        name: body
        for name, body in scaffold.render(options).items()
        if not name.startswith("content/blog/")
        and not (
            name.startswith("content/pages/")
            and name.removeprefix("content/pages/").removesuffix(".md") in own
        )
    }
    scaffold.write(target, files, force=force)
    report.skeletons = [name for name in files if name in scaffold.SKELETONS]
    content = target / "content"
    _posts(blog, content / "blog", report, progress)
    _pages(project / "src" / "pages", content / "pages", report)
    _public(project / "public", content / "public", report)
    report.old_lists = paginated_list(project / "src" / "pages")
    if report.old_lists:
        with (target / "pelicanconf.py").open("a", encoding="utf-8") as handle:
            handle.write(
                "\n# The Astro site's later pages of the post list (/blog/2/) answer with 301s.\n"
                f"STROM_OLD_LISTS = {report.old_lists!r}\n"
            )
    return report


def paginated_list(pages: Path) -> dict[str, object]:
    """Return STROM_OLD_LISTS for a paginated post list of ``src/pages/blog/``, or nothing.

    The page size is read from ``paginate(..., { pageSize: N })``.
    """
    for name in _PAGINATED:
        route = pages / name
        if route.is_file():
            match = _PAGE_SIZE.search(route.read_text("utf-8", errors="replace"))
            if match and int(match.group(1)) > 0:
                return {"pages": "/blog/{number}/", "per_page": int(match.group(1))}
    return {}
