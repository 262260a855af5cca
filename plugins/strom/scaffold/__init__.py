"""The files of a new Strom site, written by `strom new` and `strom import astro`.

``files/common/`` holds what every site gets, ``files/<lang>/`` what a site in that
language adds (German sites get Impressum, Datenschutz and Barrierefreiheit skeletons,
English ones an accessibility statement). A file
ending in ``.jinja`` is rendered with the site's options and loses that suffix;
a name starting with ``dot-`` is written with a leading dot instead.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from .. import vendor
from ..messages import tr

FILES = Path(__file__).parent / "files"
LANGUAGES = ("de", "en")
# Pages whose [placeholders] the site's owner fills in before publishing.
SKELETONS = (
    "content/pages/impressum.md",
    "content/pages/datenschutz.md",
    "content/pages/barrierefreiheit.md",
    "content/pages/accessibility.md",
)

# What a site gets when the command line does not say.
_DEFAULTS = {
    "de": {"title": "Mein Blog", "author": "Redaktion", "timezone": "Europe/Berlin"},
    "en": {"title": "My Blog", "author": "Editors", "timezone": "UTC"},
}


@dataclass
class SiteOptions:
    """What `strom new` asks: language, title, author, address, time zone."""

    lang: str = "de"
    title: str = ""
    author: str = ""
    url: str = ""
    timezone: str = ""
    description: str = ""
    # Strom from PyPI (a pin in requirements.txt) instead of the wheel in vendor/.
    from_pypi: bool = False
    today: dt.date | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {self.lang!r}")
        defaults = _DEFAULTS[self.lang]
        self.title = self.title or defaults["title"]
        self.author = self.author or defaults["author"]
        self.timezone = self.timezone or defaults["timezone"]
        self.url = self.url.rstrip("/")
        ZoneInfo(self.timezone)  # raises for a zone that does not exist
        if self.today is None:
            self.today = dt.datetime.now(ZoneInfo(self.timezone)).date()


class FolderNotEmpty(Exception):
    """The target folder has files and the user did not ask to write over them."""


def quoted(value: object) -> str:
    """Return ``value`` as a double-quoted string literal, valid in Python and YAML."""
    return json.dumps(str(value), ensure_ascii=False)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(FILES)),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.filters["quoted"] = quoted
    return env


def _target_name(relative: Path) -> Path:
    name = relative.name.removesuffix(".jinja")
    if name.startswith("dot-"):
        name = "." + name[len("dot-") :]
    return relative.with_name(name)


def render(options: SiteOptions) -> dict[str, bytes]:
    """Return the site's files: path inside the site -> bytes.

    Unless ``options.from_pypi``, they include Strom's wheel in ``vendor/``,
    which ``requirements.txt`` names.
    """
    env = _environment()
    wheel = None if options.from_pypi else vendor.current_wheel()
    values = {
        "lang": options.lang,
        "title": options.title,
        "author": options.author,
        "url": options.url,
        "timezone": options.timezone,
        "description": options.description,
        "today": options.today.isoformat(),
        "requirement": vendor.pinned() if wheel is None else vendor.vendored(wheel[0]),
        "python_version": f"{sys.version_info.major}.{sys.version_info.minor}",
    }
    files: dict[str, bytes] = {}
    for folder in ("common", options.lang):
        for path in sorted((FILES / folder).rglob("*")):
            if not path.is_file():
                continue
            relative = path.relative_to(FILES / folder)
            if path.suffix == ".jinja":
                template = env.get_template(f"{folder}/{relative.as_posix()}")
                body = template.render(values).encode("utf-8")
            else:
                body = path.read_bytes()
            files[_target_name(relative).as_posix()] = body
    if wheel is not None:
        files[f"{vendor.FOLDER}/{wheel[0]}"] = wheel[1]
    return files


def is_empty(folder: Path) -> bool:
    """Return whether ``folder`` is missing or has nothing in it."""
    return not folder.exists() or not any(folder.iterdir())


def write(target: Path, files: dict[str, bytes], force: bool = False) -> list[Path]:
    """Write ``files`` below ``target`` and return their paths.

    Refuses a folder that has anything in it unless ``force`` is given; then
    the site's files are written over the ones of the same name, and every
    other file stays as it is.
    """
    if target.exists() and not target.is_dir():
        raise FolderNotEmpty(tr("{folder} is a file, not a folder", folder=target))
    if not force and not is_empty(target):
        raise FolderNotEmpty(tr("{folder} is not empty", folder=target))
    written = []
    for relative, body in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        written.append(path)
    return written
