"""Search: a Pagefind index of the posts and pages, and the page that searches it.

The Writer hands each post and page it renders to :class:`Pages` (the HTML
is kept compressed in memory, never read back from the output folder). At
the end of the build the index is made by Pagefind's own command from
those pages, once per distinct set of pages: it is kept in the search
cache under a key of its pages, so an unchanged rebuild copies it instead.
The theme marks what is indexed (``data-pagefind-body`` on a post's or
page's article, ``data-pagefind-ignore`` on what is not its text).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import zlib
from collections.abc import Iterator, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

try:  # POSIX: builds that share a search cache take turns with its staged pages
    import fcntl
except ImportError:  # Windows
    fcntl = None

from babel.numbers import format_decimal
from pagefind.service import get_executable
from pelican.contents import Article, Page
from pelican.log import console
from pelican.utils import sanitised_join

from . import build, i18n
from .hyphens import SOFT_HYPHEN
from .messages import current, ntr, tr
from .outputs import SEARCH_DIR
from .problems import Problem, report, settings_file

TEMPLATE = "search"
# What the pages staged for Pagefind in the search cache are (make_index).
STAGED = "site.json"
# Pagefind's ready-made interfaces; the theme's search.js uses its API alone.
UNUSED = (
    "pagefind-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-component-ui.*",
    "pagefind-highlight.js",
)


def has_page(settings: Mapping[str, Any]) -> bool:
    """Whether the theme (or an override) has the search page's template."""
    folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", ()), Path(settings["THEME"], "templates")]
    return any(Path(folder, f"{TEMPLATE}.html").is_file() for folder in folders)


def url_slug(settings: Mapping[str, Any]) -> str:
    """Return the search page's folder in the site's language ('suche', 'search')."""
    catalog = i18n.translations(settings["THEME"], str(settings["DEFAULT_LANG"]))
    return catalog.pgettext("URL path", "search")


def configure(settings: dict[str, Any]) -> None:
    """Add the search page to the direct templates, or take it out when search is off."""
    templates = [name for name in settings.get("DIRECT_TEMPLATES", ()) if name != TEMPLATE]
    if settings.get("STROM_SEARCH") and has_page(settings):
        slug = url_slug(settings)
        settings.setdefault("SEARCH_SAVE_AS", f"{slug}/index.html")
        settings.setdefault("SEARCH_URL", f"{slug}/")
        templates.append(TEMPLATE)
    else:
        settings["STROM_SEARCH"] = False
    settings["DIRECT_TEMPLATES"] = templates


def setting_problems(settings: Mapping[str, Any]) -> list[Problem]:
    """Return problems with STROM_SEARCH and STROM_SEARCH_CACHE, each naming what to write."""
    problems = []
    if not isinstance(settings["STROM_SEARCH"], bool):
        problems.append(
            Problem(
                settings_file(settings),
                tr("must be True or False, got {value!r}", value=settings["STROM_SEARCH"]),
                field="STROM_SEARCH",
            )
        )
    cache = settings["STROM_SEARCH_CACHE"]
    if cache is not None and not (isinstance(cache, str) and cache.strip()):
        problems.append(
            Problem(
                settings_file(settings),
                tr("must be a folder path or None, got {value!r}", value=cache),
                field="STROM_SEARCH_CACHE",
            )
        )
    return problems


def cache_folder(settings: Mapping[str, Any]) -> str:
    """Return ``STROM_SEARCH_CACHE``, or ``.cache/strom-search`` beside the content folder."""
    folder = settings.get("STROM_SEARCH_CACHE")
    if folder:
        return str(folder)
    return os.path.join(
        os.path.dirname(os.path.abspath(settings["PATH"])), ".cache", "strom-search"
    )


def indexed(content: Any) -> bool:
    """Whether a post or page is searchable: published, and a page not hidden."""
    return isinstance(content, (Article, Page)) and content.status == "published"


class Pages:
    """The rendered posts and pages of one build, to be indexed at its end."""

    def __init__(self) -> None:
        # save_as -> the page's HTML, compressed (5,000 posts take about 25 MB).
        self.html: dict[str, bytes] = {}

    def capturing(self, template: Any, save_as: str) -> Any:
        """Return ``template``, keeping what it renders for the index."""
        return _Capturing(template, save_as, self)

    def digests(self) -> dict[str, str]:
        """Return each page's digest, by its path in the site."""
        return {
            save_as: hashlib.sha256(packed).hexdigest() for save_as, packed in self.html.items()
        }

    def key(self, config: Mapping[str, Any]) -> str:
        """Return the key of the index of these pages: Pagefind, its options and each page."""
        digest = hashlib.sha256()
        digest.update(json.dumps([_pagefind_version(), dict(config)], sort_keys=True).encode())
        for save_as, page in sorted(self.digests().items()):
            digest.update(save_as.encode("utf-8") + b"\0" + page.encode())
        return digest.hexdigest()[:20]

    def stage(self, folder: Path, staged: Mapping[str, str]) -> dict[str, str]:
        """Make ``folder`` hold these pages at their paths in the site, for Pagefind to read.

        ``staged`` is what it held (each page's digest): only a page that
        changed is written, and a page that is gone is deleted. Return what
        it holds now.
        """
        now = self.digests()
        folder = Path(os.path.abspath(folder))  # as sanitised_join gives the pages' paths
        for save_as in staged.keys() - now.keys():
            gone = Path(sanitised_join(str(folder), save_as))
            gone.unlink(missing_ok=True)
            for parent in gone.parents:  # and its folders, once empty
                if parent == folder or any(parent.iterdir()):
                    break
                parent.rmdir()
        for save_as, digest in now.items():
            path = Path(sanitised_join(str(folder), save_as))
            if staged.get(save_as) == digest and path.is_file():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(zlib.decompress(self.html[save_as]))
        return now


class _Capturing(build.Wrapped):
    """A template whose output is also kept for the search index."""

    def __init__(self, template: Any, save_as: str, pages: Pages) -> None:
        super().__init__(template)
        self._save_as, self._pages = save_as, pages

    def render(self, *args: Any, **kwargs: Any) -> str:
        output = self._template.render(*args, **kwargs)
        # Soft hyphens break headings on the page (hyphens.py); searched text has none.
        text = output.replace(SOFT_HYPHEN, "")
        self._pages.html[self._save_as] = zlib.compress(text.encode("utf-8"), 1)
        return output


def collector(context: Mapping[str, Any]) -> Pages | None:
    """Return the running build's pages to index, or None when search is off."""
    running = build.current(context)
    if running is None or not context.get("STROM_SEARCH"):
        return None
    if running.search is None:
        running.search = Pages()
    return running.search


def _pagefind_version() -> str:
    try:
        return version("pagefind")
    except PackageNotFoundError:
        return "unknown"


def config(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Return Pagefind's options: one index in the site's language (German stemming)."""
    lang = str(settings["DEFAULT_LANG"]).replace("_", "-").split("-")[0].lower()
    return {"force_language": lang}


def time_limit(pages: int) -> float:
    """Return how long Pagefind may take for ``pages`` (about 1 s per 1,000 pages here)."""
    return 120 + pages / 20


def _run_pagefind(site: Path, target: Path, options: Mapping[str, Any], limit: float) -> None:
    """Index ``site`` into ``target`` with Pagefind's own command, given at most ``limit`` s.

    It runs in the folder of ``target``, a work folder of Strom's own.
    """
    binary = get_executable()
    if binary is None:
        raise FileNotFoundError(tr("Pagefind's program is missing: pip install 'pagefind[bin]'"))
    command = [str(binary), "--site", str(site), "--output-path", str(target), "--quiet"]
    for option, value in options.items():
        command += [f"--{option.replace('_', '-')}", str(value)]
    # Run in the work folder with none of Pagefind's own variables: a pagefind.yml
    # or PAGEFIND_* setting of the site cannot move or reshape the index.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    try:
        done = subprocess.run(
            command,
            cwd=target.parent,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TimeoutError(tr("Pagefind gave no answer in time")) from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
        raise RuntimeError(
            tr("Pagefind stopped with exit status {status}", status=done.returncode)
            + (f": {said[-500:]}" if said else "")
        )


def complete(index: Path) -> bool:
    """Whether ``index`` holds a whole Pagefind index: its entry file is JSON, no file is empty."""
    try:
        entry = json.loads((index / "pagefind-entry.json").read_text("utf-8"))
        return isinstance(entry, dict) and all(
            path.stat().st_size > 0 for path in index.rglob("*") if path.is_file()
        )
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def _alone(cache: Path) -> Iterator[None]:
    """Keep other builds out of ``cache``'s staged pages while this one uses them."""
    with open(cache / "site.lock", "a+b") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield  # closing the file lets the lock go


def _staged(cache: Path) -> dict[str, str]:
    """Return what ``cache``'s staged pages hold; none (the folder emptied) when that is unknown."""
    try:
        staged = json.loads((cache / STAGED).read_text("utf-8"))
        if isinstance(staged, dict) and all(isinstance(d, str) for d in staged.values()):
            return staged
    except (OSError, ValueError):
        pass
    shutil.rmtree(cache / "site", ignore_errors=True)
    return {}


def make_index(pages: Pages, cache: Path, options: Mapping[str, Any]) -> tuple[Path, bool]:
    """Return the folder of the index of ``pages`` in ``cache``, and whether it was made now.

    The pages Pagefind reads are kept in ``cache/site`` for the next index:
    after an edit only the pages that changed are written there again.
    """
    key = pages.key(options)
    done = cache / f"index-{key}"
    if complete(done):
        return done, False
    cache.mkdir(parents=True, exist_ok=True)
    with _alone(cache), tempfile.TemporaryDirectory(dir=cache, prefix="work-") as work:
        site, target = cache / "site", Path(work, "index")
        staged = _staged(cache)
        (cache / STAGED).unlink(missing_ok=True)  # while the folder changes, nothing is known
        (cache / STAGED).write_text(json.dumps(pages.stage(site, staged)), "utf-8")
        limit = time_limit(len(pages.html))
        # An index with an empty file is never used: once more, then a problem.
        for _ in range(2):
            shutil.rmtree(target, ignore_errors=True)
            _run_pagefind(site, target, options, limit)
            if complete(target):
                break
        else:
            raise RuntimeError(tr("Pagefind wrote an incomplete index twice"))
        for pattern in UNUSED:
            for path in target.glob(pattern):
                path.unlink()
        for old in cache.glob("index-*"):
            shutil.rmtree(old, ignore_errors=True)
        target.rename(done)
    return done, True


def _link_or_copy(source: str, target: str) -> None:
    """Link a file of the cached index into the output (nothing writes into it), else copy it."""
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without links
        shutil.copy2(source, target)


def write_index(pelican: Any) -> None:
    """Make (or copy from the cache) the search index into the output folder (``finalized``)."""
    settings = pelican.settings
    running = build.current(settings)
    if running is None or not settings.get("STROM_SEARCH"):
        return
    pages = running.search or Pages()
    target = Path(settings["OUTPUT_PATH"], SEARCH_DIR)
    shutil.rmtree(target, ignore_errors=True)  # Strom's folder: no other writer uses it
    if not pages.html:
        console.print(tr("Search index: no posts or pages to search."), soft_wrap=True)
        return
    started = time.perf_counter()
    try:
        index, made = make_index(pages, Path(cache_folder(settings)), config(settings))
        shutil.copytree(index, target, copy_function=_link_or_copy)
    except Exception as error:  # the binary missing or failing, the disk full
        report(
            Problem(
                None,
                tr(
                    "the search index cannot be built ({kind}: {error}); the search page "
                    "finds nothing; set STROM_SEARCH = False to build without it",
                    kind=type(error).__name__,
                    error=str(error) or tr("Pagefind gave no answer in time"),
                ),
                field="STROM_SEARCH",
            )
        )
        return
    files = [path for path in index.rglob("*") if path.is_file()]
    entry = json.loads((index / "pagefind-entry.json").read_text("utf-8"))
    searchable = sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())
    size = sum(path.stat().st_size for path in files)
    # Printed like Pelican's own "Done:" line, which follows it.
    console.print(
        _index_line(searchable, len(files), size, made, time.perf_counter() - started),
        soft_wrap=True,
        highlight=False,
        markup=False,
    )


def _index_line(pages: int, files: int, size: int, made: bool, seconds: float) -> str:
    """Return the build's line about the search index, numbers as the language writes them."""
    values = {
        "pages": ntr("{count} page", "{count} pages", pages),
        "files": ntr("{count} file", "{count} files", files),
        "size": format_decimal(size / 1e6, "0.0", locale=current()),
        "seconds": format_decimal(seconds, "0.0", locale=current()),
    }
    if made:
        return tr(
            "Search index: {pages} in {files}, {size} MB, built in {seconds} seconds.", **values
        )
    return tr(
        "Search index: {pages} in {files}, {size} MB, copied from the cache in {seconds} seconds.",
        **values,
    )
