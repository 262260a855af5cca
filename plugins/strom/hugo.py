"""`strom import hugo`: a Hugo site becomes a Strom site whose posts keep their addresses.

The config (``hugo.toml``, ``config.toml``, ``hugo.yaml``, ``config.yaml``)
gives the posts' permalinks, the taxonomies, the pagination and ``baseURL``;
the posts' section becomes ``content/blog/`` (page bundles with their files),
other sections and pages ``content/pages/``, ``static/`` ``content/public/``.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from . import migrate
from .messages import tr
from .migrate import IMAGE_SUFFIXES, POST_SUFFIXES, Item, Report

CONFIG_NAMES = (
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
)
POST_SECTIONS = ("posts", "post", "blog", "articles")


class NotAHugoSite(Exception):
    """The folder is not a Hugo site."""


def read_config(site: Path) -> tuple[dict[str, Any], str]:
    """Return the site's config (keys in lower case, as Hugo reads them) and its file name."""
    for name in CONFIG_NAMES:
        path = site / name
        if not path.is_file() or not migrate.inside(path, site):
            continue
        text = path.read_text("utf-8", errors="replace")
        try:
            if name.endswith(".toml"):
                data = tomllib.loads(text)
            elif name.endswith(".json"):
                data = json.loads(text)
            else:
                data = yaml.safe_load(text) or {}
        except (tomllib.TOMLDecodeError, yaml.YAMLError, json.JSONDecodeError) as error:
            raise NotAHugoSite(
                tr("{file} cannot be read: {error}", file=path, error=error)
            ) from None
        if not isinstance(data, dict):
            raise NotAHugoSite(tr("{file} is not a mapping of settings", file=path))
        return _lower(data), name
    raise NotAHugoSite(
        tr(
            "{folder} has no {first} or {second}; is it a Hugo site?",
            folder=site,
            first=CONFIG_NAMES[0],
            second=CONFIG_NAMES[1],
        )
    )


def _lower(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key).lower(): _lower(item) for key, item in value.items()}
    return value


def posts_section(content: Path, config: dict[str, Any]) -> str:
    """Return the section whose pages are the blog's posts (``params.mainSections``, else posts)."""
    main = (config.get("params") or {}).get("mainsections")
    # Only a folder directly in content/ by a plain name: never "/", "..", or a path.
    name = str(main[0]) if isinstance(main, list) and main else ""
    plain = bool(name) and name not in (".", "..") and "/" not in name and "\\" not in name
    if plain and (content / name).is_dir() and not (content / name).is_symlink():
        return name
    for name in POST_SECTIONS:
        if (content / name).is_dir():
            return name
    sections = (
        [path for path in sorted(content.iterdir()) if path.is_dir()] if content.is_dir() else []
    )
    if not sections:
        raise NotAHugoSite(tr("{folder} has no sections; where are the posts?", folder=content))
    return max(sections, key=lambda path: len(list(path.rglob("*.md")))).name


def permalink(config: dict[str, Any], section: str) -> str:
    """Return the posts' permalink pattern: the section's entry, else Hugo's default."""
    table = config.get("permalinks") or {}
    if isinstance(table.get("page"), dict):  # Hugo 0.140's form: {page: {posts: ...}}
        table = table["page"]
    pattern = table.get(section.lower()) if isinstance(table, dict) else None
    if isinstance(pattern, str) and pattern:
        # Every post is of this one section: its name stands for :section and :sections.
        pattern = re.sub(r":sections?(?![a-z_\[])", section, pattern)
        return "/" + pattern.strip("/") + ("/" if pattern.endswith("/") else "")
    return f"/{section}/:slugorfilename/"


def taxonomies(config: dict[str, Any]) -> dict[str, str]:
    """Return Hugo's taxonomies: singular -> plural (default tags and categories)."""
    table = config.get("taxonomies")
    if isinstance(table, dict):
        return {str(key): str(value) for key, value in table.items()}
    return {"tag": "tags", "category": "categories"}


def pagination(config: dict[str, Any]) -> tuple[int, str]:
    """Return Hugo's posts a page and the path of later pages (``page``)."""
    table = config.get("pagination") if isinstance(config.get("pagination"), dict) else {}
    size = table.get("pagersize") or config.get("paginate") or 10
    path = table.get("path") or config.get("paginatepath") or "page"
    try:
        size = int(size)
    except (TypeError, ValueError):
        raise NotAHugoSite(
            tr("pagerSize {size} is not a number of posts; fix the config", size=repr(size))
        ) from None
    return max(size, 1), str(path).strip("/")


def import_hugo(site: Path, target: Path, given: dict[str, str], force: bool = False) -> Report:
    """Write a Strom site at ``target`` from the Hugo site ``site``; return the report."""
    config, config_name = read_config(site)
    content = site / "content"
    if not content.is_dir():
        raise NotAHugoSite(tr("{folder} has no content folder; is it a Hugo site?", folder=site))
    section = posts_section(content, config)
    report = Report("Hugo")
    report.site_url, report.url_note = migrate.site_url(
        str(config.get("baseurl") or ""), given.get("url") or "", config_name
    )
    report.title = given.get("title") or str(config.get("title") or "")
    found = {"title": report.title, "url": report.site_url}
    report.skeletons = migrate.new_site(target, {**given, "url": ""}, found, force)
    fronts = _posts(content / section, section, target / "content" / "blog", report)
    _pages(content, section, target / "content" / "pages", report)
    static = site / "static"
    if static.is_dir():
        for path in migrate.files_below(static, report, site):
            migrate.copy(path, target / "content" / "public" / path.relative_to(static))
            report.public_files += 1
    report.settings = _settings(config, section, fronts)
    migrate.append_settings(
        target,
        report.settings,
        f"Read as Hugo reads the posts; the old addresses kept ({config_name}).",
    )
    report.addresses = _addresses(report.settings)
    return report


def _posts(folder: Path, section: str, blog: Path, report: Report) -> list[dict[str, Any]]:
    """Carry the section's posts and bundles to ``blog``; return their front matter."""
    fronts = []
    for path in migrate.files_below(folder, report, folder.parent.parent):
        relative = path.relative_to(folder)
        shown = f"content/{section}/{relative.as_posix()}"
        suffix = path.suffix.lower()
        if path.name.startswith("_index."):
            report.skipped.append(
                Item(shown, tr("the section's list page; Strom writes its own lists"))
            )
            continue
        if suffix not in POST_SUFFIXES:
            if suffix in IMAGE_SUFFIXES:
                migrate.copy(path, blog / relative)  # beside its post, as in the bundle
                continue
            if _in_bundle(path, folder):
                note = tr(
                    "a file of a page bundle; Strom publishes only images beside posts: "
                    "move it to static/ and link it as /name"
                )
            else:
                note = tr(
                    "not a post; Strom publishes only images beside posts: "
                    "move it to static/ and link it as /name"
                )
            report.skipped.append(Item(shown, note))
            continue
        carried = _carry(path, blog / relative.with_suffix(".md"), shown, report)
        if carried is None:
            continue
        front, moved = carried
        fronts.append(front)
        item = Item(shown, f"content/blog/{relative.with_suffix('.md').as_posix()}{moved}")
        report.posts.append(item)
        if migrate.is_draft(front):
            report.drafts.append(item)
            item.note += tr(" (draft: not published, as on the Hugo site)")
    return fronts


def _carry(path: Path, target: Path, shown: str, report: Report) -> tuple[dict, str] | None:
    """Write the post or page ``path`` to ``target``; return its front matter and a note.

    The note says where its own ``url:`` went (a 301), or is empty; None: the
    file could not be read (the report says why).
    """
    read = migrate.read_post(path, shown, report)
    if read is None:
        return None
    front, body, yaml_front = read
    yaml_front, address = migrate.address_as_alias(front, yaml_front, "url")
    migrate.write_post(target, yaml_front, body)
    moved = tr(" (its url: {address} answers with a 301)", address=address) if address else ""
    return front, moved


def _in_bundle(path: Path, folder: Path) -> bool:
    """Whether ``path`` belongs to a page bundle (a folder with an index.md)."""
    for parent in path.parents:
        if parent == folder.parent:
            return False
        if any((parent / f"index{suffix}").is_file() for suffix in POST_SUFFIXES):
            return True
    return False


def _pages(content: Path, section: str, pages: Path, report: Report) -> None:
    """Carry the other pages (``about.md``, other sections) to ``pages``, keeping their paths."""
    for path in migrate.files_below(content, report, content.parent):
        relative = path.relative_to(content)
        if relative.parts[0] == section:
            continue
        shown = f"content/{relative.as_posix()}"
        if path.name.startswith("_index."):
            report.skipped.append(Item(shown, tr("a list page; Strom writes its own lists")))
            continue
        if path.suffix.lower() not in POST_SUFFIXES:
            if path.suffix.lower() in IMAGE_SUFFIXES:
                migrate.copy(path, pages / relative)
            else:
                report.skipped.append(Item(shown, tr("not a page; move it to static/")))
            continue
        carried = _carry(path, pages / relative.with_suffix(".md"), shown, report)
        if carried is not None:
            name = relative.with_suffix(".md").as_posix()
            report.pages.append(Item(shown, f"content/pages/{name}{carried[1]}"))


def _settings(config: dict[str, Any], section: str, fronts: list[dict]) -> dict[str, Any]:
    """Return the settings that read the posts as Hugo did and keep the old addresses."""
    settings: dict[str, Any] = {
        "STROM_DIALECT": "hugo",
        "STROM_PERMALINK": permalink(config, section),
    }
    dates = ((config.get("frontmatter") or {}).get("date")) or []
    if isinstance(dates, list) and dates and str(dates[0]).lower() == ":filename":
        settings["STROM_FILENAME_DATES"] = "first"
    elif isinstance(dates, list) and ":filename" in [str(d).lower() for d in dates]:
        settings["STROM_FILENAME_DATES"] = True
    heroes = migrate.hero_keys(fronts)
    if heroes:
        settings["STROM_FRONTMATTER"] = heroes
    size, path = pagination(config)
    lists: dict[str, Any] = {"pages": f"/{path}/{{number}}/", "per_page": size}
    for singular, plural in taxonomies(config).items():
        if singular in ("tag", "category"):
            lists[singular] = f"/{plural}/{{slug}}/"
            lists[f"{singular}_pages"] = f"/{plural}/{{slug}}/{path}/{{number}}/"
            lists[f"{singular}_feed"] = f"/{plural}/{{slug}}/index.xml"
    settings["STROM_OLD_LISTS"] = lists
    settings["STROM_REDIRECTS"] = {"/index.xml": "/rss.xml", f"/{section}/": "/"}
    return settings


def _addresses(settings: dict[str, Any]) -> list[str]:
    """Return how the old addresses answer, one rule a line."""
    lists = settings["STROM_OLD_LISTS"]
    lines = [
        tr(
            "posts: kept at {pattern} (each post's own address)",
            pattern=settings["STROM_PERMALINK"],
        )
    ]
    for kind, new in (("tag", "/tag/{slug}/"), ("category", "/category/{slug}/")):
        if kind in lists:
            lines.append(tr("{old}: 301 to {new}", old=lists[kind], new=new))
            lines.append(
                tr("{old}: 301 to the same page of {new}", old=lists[kind + "_pages"], new=new)
            )
            lines.append(
                tr("{old}: 301 to the feed of all posts (/rss.xml)", old=lists[kind + "_feed"])
            )
    lines.append(tr("{old}: 301 to the same page of the post list", old=lists["pages"]))
    lines += [
        tr("{old}: 301 to {new}", old=old, new=new)
        for old, new in settings["STROM_REDIRECTS"].items()
    ]
    lines.append(tr("{old}: kept", old="/sitemap.xml"))
    return lines
