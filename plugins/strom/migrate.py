"""What `strom import hugo` and `strom import jekyll` share: the report, copies, settings.

An import writes a new site with `strom new`'s files, carries the posts,
pages and static files, and appends the settings that keep the old
addresses to the new ``pelicanconf.py``. The report names every post
carried, every old address kept or redirected, and every file not carried
with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import scaffold
from .frontmatter import parse_yaml
from .messages import tr
from .problems import ContentError, shown
from .reader import IMAGE_KEYS

# Hosts that only stand in for a real one: starters and tutorials ship them.
_PLACEHOLDER_HOSTS = frozenset(("example.com", "example.org", "example.net", "localhost"))
_PLACEHOLDER_SUFFIXES = (".example", ".test", ".invalid", ".localhost", ".example.com")
_PLACEHOLDER_ADDRESSES = frozenset(("127.0.0.1", "0.0.0.0", "::1", "[::1]"))
# Front matter in TOML (Hugo): between +++ lines.
_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
_YAML = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
IMAGE_SUFFIXES = (".avif", ".gif", ".jpeg", ".jpg", ".png", ".webp")


def placeholder_host(url: str) -> bool:
    """Whether ``url`` points to a host that only stands in for one (example.com, localhost)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return (
        not host
        or host in _PLACEHOLDER_HOSTS
        or host in _PLACEHOLDER_ADDRESSES
        or host.endswith(_PLACEHOLDER_SUFFIXES)
    )


@dataclass
class Item:
    """A file of the old site and what became of it."""

    path: str
    note: str

    def __str__(self) -> str:
        return f"{self.path}: {self.note}"


@dataclass
class Report:
    """What an import carried, which addresses it kept, and what it did not carry."""

    generator: str
    posts: list[Item] = field(default_factory=list)
    drafts: list[Item] = field(default_factory=list)
    pages: list[Item] = field(default_factory=list)
    public_files: int = 0
    addresses: list[str] = field(default_factory=list)
    skipped: list[Item] = field(default_factory=list)
    site_url: str = ""
    url_note: str = ""
    title: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    skeletons: list[str] = field(default_factory=list)

    def skip(self, path: str, note: str) -> None:
        """Note a file not carried (once, however many folders list it)."""
        if all(item.path != path for item in self.skipped):
            self.skipped.append(Item(path, note))

    def lines(self, source: Path, target: Path) -> list[str]:
        """Return the report as the command prints it."""
        posts = tr("posts: {count} carried to content/blog", count=len(self.posts))
        if self.drafts:
            posts += tr(", {count} of them unpublished (drafts)", count=len(self.drafts))
        facts = [
            posts,
            tr("pages: {count} carried to content/pages", count=len(self.pages)),
            tr("static files: {count} copied to content/public", count=self.public_files),
            tr("site URL: {url} ({note})", url=self.site_url or tr("none"), note=self.url_note),
            tr("title: {title}", title=self.title),
        ]
        if self.skeletons:
            facts.append(
                tr(
                    "Fill in the [placeholders] of {files} before you publish.",
                    files=tr(" and ").join(self.skeletons),
                )
            )
        lines = [
            tr(
                "Imported the {generator} site {source} into {target}:",
                generator=self.generator,
                source=source,
                target=target,
            )
        ]
        lines += [f"  {fact}" for fact in facts]
        lines.append(tr("Settings written to pelicanconf.py:"))
        lines += [f"  {name} = {value!r}" for name, value in self.settings.items()]
        lines.append(tr("Posts ({count}):", count=len(self.posts)))
        lines += [f"  {item}" for item in self.posts]
        if self.pages:
            lines.append(tr("Pages ({count}):", count=len(self.pages)))
            lines += [f"  {item}" for item in self.pages]
        lines.append(tr("Old addresses:"))
        lines += [f"  {line}" for line in self.addresses]
        if self.skipped:
            lines.append(tr("Not carried ({count}):", count=len(self.skipped)))
            lines += [f"  {item}" for item in self.skipped]
        else:
            lines.append(tr("Everything was carried."))
        return lines


def site_url(found: str, given: str, where: str) -> tuple[str, str]:
    """Return the SITEURL to write and where it came from; a placeholder host is never used."""
    if given:
        return given.rstrip("/"), tr("from the command line")
    if found and placeholder_host(found):
        return "", tr(
            "{url} of {file} is a placeholder and is not used; on Netlify the "
            "site's URL is used, elsewhere give --url or set SITEURL",
            url=shown(found),
            file=where,
        )
    if found:
        return found.rstrip("/"), tr("from {file}", file=where)
    return "", tr(
        "none in {file}; on Netlify the site's URL is used, elsewhere give --url", file=where
    )


def new_site(target: Path, given: dict[str, str], found: dict[str, str], force: bool) -> list:
    """Write `strom new`'s files (without its welcome post); return the skeletons written."""
    values = {**found, **{name: value for name, value in given.items() if value}}
    options = scaffold.SiteOptions(**values)
    files = {
        name: body
        for name, body in scaffold.render(options).items()
        if not name.startswith("content/blog/")
    }
    scaffold.write(target, files, force=force)
    return [name for name in files if name in scaffold.SKELETONS]


def append_settings(target: Path, settings: dict[str, Any], why: str) -> None:
    """Append ``settings`` to the new site's ``pelicanconf.py``, under a comment."""
    lines = ["", f"# {why}"]
    lines += [f"{name} = {value!r}" for name, value in settings.items()]
    with (target / "pelicanconf.py").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def copy(source: Path, target: Path) -> None:
    """Copy one file (never a link: its text is copied, and only from inside the old site)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links resolved, is inside ``root`` (nothing outside the site is read)."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real == base or real.startswith(base + os.sep)


def files_below(root: Path, report: Report, site: Path) -> list[Path]:
    """Return the files below ``root`` in path order, without hidden ones.

    A link to something outside the old ``site`` is never read: it goes to
    the report as not carried.
    """
    found = []
    for folder, folders, names in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in folders:
            if Path(folder, name).is_symlink():  # os.walk does not follow it
                report.skip(
                    Path(folder, name).relative_to(site).as_posix() + "/",
                    tr(
                        "a link to a folder, not followed; "
                        "copy the folder into the site to carry it"
                    ),
                )
        for name in sorted(names):
            path = Path(folder, name)
            if name.startswith(".") or not path.is_file():
                continue
            if not inside(path, site):
                report.skip(
                    path.relative_to(site).as_posix(),
                    tr(
                        "a link to a file outside the site; Strom reads nothing outside it: "
                        "copy the file into the site to carry it"
                    ),
                )
                continue
            found.append(path)
    return found


def read_post(path: Path, shown: str, report: Report) -> tuple[dict[str, Any], str, str] | None:
    """Return :func:`front_matter` of the file ``path``, or None with the reason in the report."""
    try:
        return front_matter(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        report.skipped.append(
            Item(shown, tr("{error}; fix the front matter and import again", error=error))
        )
        return None


def front_matter(text: str) -> tuple[dict[str, Any], str, str]:
    """Return (front matter, body, its YAML text) of a post; TOML and JSON front matter as YAML.

    Raises ``ValueError`` with the reason where the front matter cannot be read.
    """
    toml = _TOML.match(text)
    if toml:
        try:
            data = tomllib.loads(toml.group(1) or "")
        except tomllib.TOMLDecodeError as error:
            raise ValueError(
                tr("the TOML front matter cannot be read ({error})", error=error)
            ) from None
        front = yaml.safe_dump(_plain(data), allow_unicode=True, sort_keys=False)
        return data, text[toml.end() :], front
    if text.startswith("{"):  # Hugo's JSON front matter: an object, then the text
        try:
            data, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError as error:
            raise ValueError(
                tr("the JSON front matter cannot be read ({error})", error=error)
            ) from None
        if not isinstance(data, dict):
            raise ValueError(tr("the JSON front matter is not an object of 'key': value pairs"))
        front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        return data, text[end:].lstrip("\n"), front
    match = _YAML.match(text)
    if not match:
        return {}, text, ""
    try:
        data, _, _ = parse_yaml(match.group(1) or "", "")
    except ContentError as error:
        raise ValueError(error.problems[0].message) from None
    return data, text[match.end() :], match.group(1) or ""


def _plain(value: Any) -> Any:
    """Return TOML values as YAML can write them safely (dates stay dates)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.time):  # TOML's local time (start = 10:30:00); YAML has none
        return value.isoformat()
    return value


def write_post(target: Path, front: str, body: str, extra: dict[str, Any] | None = None) -> None:
    """Write a Markdown file with YAML front matter ``front`` (plus ``extra`` keys) and ``body``."""
    if extra:
        front = yaml.safe_dump(extra, allow_unicode=True, sort_keys=False) + front
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"---\n{front}---\n{body}", "utf-8")


def address_as_alias(front: dict[str, Any], yaml_front: str, key: str) -> tuple[str, str]:
    """Return the front matter with the old generator's own address (``key``) as an alias.

    Hugo's ``url:`` and Jekyll's ``permalink:`` set a post's whole address;
    Strom makes addresses itself, so the old one answers with a 301. Returns
    the YAML and the address ("" when there was none).
    """
    found = {str(k).lower(): k for k in front}
    if key not in found or not isinstance(front[found[key]], str):
        return yaml_front, ""
    address = front[found[key]]
    kept = {k: v for k, v in front.items() if k != found[key]}
    aliases = kept.pop("aliases", None) or kept.pop("redirect_from", None) or []
    aliases = [aliases] if isinstance(aliases, str) else list(aliases)
    kept["aliases"] = [*aliases, address]
    return yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), address


def hero_keys(fronts: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """Return STROM_FRONTMATTER entries for the theme's image keys that the posts use."""
    used = {str(key).lower() for front in fronts for key in front}
    return {key: ("hero", "image") for key in IMAGE_KEYS if key in used}


def is_draft(front: dict[str, Any]) -> bool:
    """Whether front matter keeps the post unpublished (``draft: true``, ``published: false``)."""
    lowered = {str(key).lower(): value for key, value in front.items()}
    return lowered.get("draft") in (True, "true", "yes") or lowered.get("published") in (
        False,
        "false",
        "no",
    )
