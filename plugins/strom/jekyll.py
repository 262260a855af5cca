"""`strom import jekyll`: a Jekyll site becomes a Strom site whose posts keep their addresses.

``_config.yml`` gives the permalink, ``url`` and ``baseurl`` and the
pagination; ``_posts/`` becomes ``content/blog/`` (names with their dates),
``_drafts/`` unpublished posts, Markdown pages ``content/pages/``, and the
site root's other files (assets, images) ``content/public/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from . import migrate
from .messages import marked, tr, tr_marked
from .migrate import POST_SUFFIXES, Item, Report
from .permalinks import PRESETS

# What Jekyll itself reads or writes, never published as it is.
_OWN = frozenset(
    (
        "_site",
        "_layouts",
        "_includes",
        "_sass",
        "_data",
        "_plugins",
        "vendor",
        "node_modules",
        ".jekyll-cache",
        ".sass-cache",
    )
)
_OWN_FILES = frozenset(
    ("_config.yml", "_config.yaml", "Gemfile", "Gemfile.lock", "Rakefile", "CNAME", "README.md")
)
# Jekyll's home page and its feed and sitemap plugins: Strom writes its own.
_HOME = marked("the home page: Strom writes / with the newest posts")
_MISSING = marked("the page for missing addresses: Strom writes /404.html")
_REPLACED = {
    "index.md": _HOME,
    "index.markdown": _HOME,
    "index.html": _HOME,
    "feed.xml": marked("the feed: Strom writes /rss.xml (and /feed.xml answers with a 301)"),
    "sitemap.xml": marked("the sitemap: Strom writes /sitemap.xml"),
    "404.html": _MISSING,
    "404.md": _MISSING,
}


class NotAJekyllSite(Exception):
    """The folder is not a Jekyll site."""


def read_config(site: Path) -> dict[str, Any]:
    """Return ``_config.yml`` (or ``_config.yaml``) as a mapping."""
    for name in ("_config.yml", "_config.yaml"):
        path = site / name
        if path.is_file() and migrate.inside(path, site):
            try:
                data = yaml.safe_load(path.read_text("utf-8", errors="replace")) or {}
            except yaml.YAMLError as error:
                raise NotAJekyllSite(
                    tr("{file} cannot be read: {error}", file=path, error=error)
                ) from None
            if not isinstance(data, dict):
                raise NotAJekyllSite(tr("{file} is not a mapping of settings", file=path))
            return data
    if (site / "_posts").is_dir():
        return {}
    raise NotAJekyllSite(
        tr("{folder} has neither _config.yml nor _posts/; is it a Jekyll site?", folder=site)
    )


def permalink(config: dict[str, Any]) -> str:
    """Return the posts' permalink pattern: ``permalink`` of the config (a style or a pattern)."""
    value = str(config.get("permalink") or "date")
    if value in PRESETS and not value.startswith("/"):
        return PRESETS[value]
    return value.replace(":output_ext", ".html")


def import_jekyll(site: Path, target: Path, given: dict[str, str], force: bool = False) -> Report:
    """Write a Strom site at ``target`` from the Jekyll site ``site``; return the report."""
    config = read_config(site)
    report = Report("Jekyll")
    url = str(config.get("url") or "").rstrip("/")
    baseurl = str(config.get("baseurl") or "").strip("/")
    found_url = f"{url}/{baseurl}" if url and baseurl else url
    report.site_url, report.url_note = migrate.site_url(
        found_url, given.get("url") or "", "_config.yml"
    )
    report.title = given.get("title") or str(config.get("title") or "")
    found = {"title": report.title, "url": report.site_url}
    report.skeletons = migrate.new_site(target, {**given, "url": ""}, found, force)
    blog = target / "content" / "blog"
    fronts = _posts(site / "_posts", "_posts", blog, report, draft=False)
    fronts += _posts(site / "_drafts", "_drafts", blog, report, draft=True)
    redirects = _rest(site, target / "content", config, report)
    report.settings = _settings(config, fronts, redirects)
    migrate.append_settings(
        target,
        report.settings,
        "Read as Jekyll reads the posts; the old addresses kept (_config.yml).",
    )
    report.addresses = _addresses(report.settings)
    return report


def _posts(folder: Path, name: str, blog: Path, report: Report, draft: bool) -> list[dict]:
    """Carry the posts (or drafts) of ``folder`` to ``blog``; return their front matter."""
    fronts: list[dict] = []
    if not folder.is_dir():
        return fronts
    for path in migrate.files_below(folder, report, folder.parent):
        relative = path.relative_to(folder)
        shown = f"{name}/{relative.as_posix()}"
        if path.suffix.lower() not in POST_SUFFIXES:
            report.skipped.append(
                Item(
                    shown,
                    tr(
                        "not a Markdown post (.html and other files are not read); "
                        "rewrite it as .md, or move it to the site root to publish it unchanged"
                    ),
                )
            )
            continue
        read = migrate.read_post(path, shown, report)
        if read is None:
            continue
        front, body, yaml_front = read
        yaml_front, address = migrate.address_as_alias(front, yaml_front, "permalink")
        if draft:
            current = yaml.safe_load(yaml_front) if address else front
            yaml_front = _unpublished(current, yaml_front)
        target_name = relative.with_suffix(".md")
        if (blog / target_name).exists():
            report.skipped.append(
                Item(shown, tr("a post of the same name was carried first; rename one"))
            )
            continue
        migrate.write_post(blog / target_name, yaml_front, body)
        fronts.append(front)
        item = Item(shown, f"content/blog/{target_name.as_posix()}")
        if address:
            item.note += tr(" (its permalink: {address} answers with a 301)", address=address)
        report.posts.append(item)
        if draft or migrate.is_draft(front):
            report.drafts.append(item)
            item.note += tr(" (unpublished, as on the Jekyll site)")
    return fronts


def _unpublished(front: dict[str, Any], yaml_front: str) -> str:
    """Return a draft's front matter with ``draft: true`` (Jekyll never publishes ``_drafts/``)."""
    keys = {str(key).lower() for key in front}
    if not keys & {"draft", "published"}:
        return "draft: true\n" + yaml_front
    kept = {k: v for k, v in front.items() if str(k).lower() not in ("draft", "published")}
    return yaml.safe_dump({**kept, "draft": True}, allow_unicode=True, sort_keys=False)


def _rest(site: Path, content: Path, config: dict[str, Any], report: Report) -> dict[str, str]:
    """Carry pages and the root's files; return redirects from the pages' old addresses."""
    excluded = {str(name).strip("/") for name in config.get("exclude") or ()}
    redirects: dict[str, str] = {}
    for path in migrate.files_below(site, report, site):
        relative = path.relative_to(site)
        top = relative.parts[0]
        shown = relative.as_posix()
        if top in _OWN or top in excluded or shown in _OWN_FILES or top in ("_posts", "_drafts"):
            continue
        if top.startswith("_"):
            report.skipped.append(
                Item(
                    shown,
                    tr(
                        "{folder}/ is a Jekyll collection or folder Strom does not read", folder=top
                    ),
                )
            )
            continue
        if shown in _REPLACED:
            report.skipped.append(Item(shown, tr_marked(_REPLACED[shown])))
            continue
        head = path.read_bytes()[:4]
        has_front = head.startswith(b"---")
        if path.suffix.lower() in POST_SUFFIXES and has_front:
            _page(path, relative, content / "pages", report, redirects)
        elif has_front:
            report.skipped.append(
                Item(
                    shown,
                    tr(
                        "Jekyll renders this file (front matter: Liquid, Sass or a layout); "
                        "write its result to the site root, or rewrite it as a .md page"
                    ),
                )
            )
        else:
            migrate.copy(path, content / "public" / relative)
            report.public_files += 1
    return redirects


def _page(path: Path, relative: Path, pages: Path, report: Report, redirects: dict) -> None:
    """Carry a Markdown page; note a redirect from its Jekyll address to Strom's (/about/)."""
    shown = relative.as_posix()
    read = migrate.read_post(path, shown, report)
    if read is None:
        return
    front, body, yaml_front = read
    name = relative.with_suffix(".md")
    migrate.write_post(pages / name, yaml_front, body)
    stem = name.with_suffix("").as_posix()
    new = f"/{stem.removesuffix('/index')}/" if stem != "index" else "/"
    old = str(front.get("permalink") or f"/{stem}.html")
    if not old.startswith("/"):
        old = "/" + old
    if old.rstrip("/") != new.rstrip("/"):
        redirects[old] = new
    report.pages.append(
        Item(shown, tr("{file} at {address}", file=f"content/pages/{name.as_posix()}", address=new))
    )


def _settings(config: dict[str, Any], fronts: list[dict], redirects: dict) -> dict[str, Any]:
    """Return the settings that read the posts as Jekyll did and keep the old addresses."""
    settings: dict[str, Any] = {"STROM_DIALECT": "jekyll", "STROM_PERMALINK": permalink(config)}
    heroes = migrate.hero_keys(fronts)
    if heroes:
        settings["STROM_FRONTMATTER"] = heroes
    if config.get("paginate"):
        try:
            per_page = max(int(config["paginate"]), 1)
        except (TypeError, ValueError):
            raise NotAJekyllSite(
                tr(
                    "paginate: {value} is not a number of posts; fix _config.yml",
                    value=repr(config["paginate"]),
                )
            ) from None
        path = str(config.get("paginate_path") or "/page:num/")
        settings["STROM_OLD_LISTS"] = {
            "pages": "/" + path.strip("/").replace(":num", "{number}") + "/",
            "per_page": per_page,
        }
    if config.get("timezone"):
        settings["TIMEZONE"] = str(config["timezone"])
    settings["STROM_REDIRECTS"] = {"/feed.xml": "/rss.xml", **redirects}
    return settings


def _addresses(settings: dict[str, Any]) -> list[str]:
    """Return how the old addresses answer, one rule a line."""
    lines = [
        tr(
            "posts: kept at {pattern} (each post's own address)",
            pattern=settings["STROM_PERMALINK"],
        )
    ]
    lists = settings.get("STROM_OLD_LISTS")
    if lists:
        lines.append(tr("{old}: 301 to the same page of the post list", old=lists["pages"]))
    lines += [
        tr("{old}: 301 to {new}", old=old, new=new)
        for old, new in settings["STROM_REDIRECTS"].items()
    ]
    lines.append(tr("{old}: kept", old="/sitemap.xml"))
    return lines
