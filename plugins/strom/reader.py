"""Strom's reader, used for every Markdown source by the build and by `strom check` alike.

Front matter through the table (frontmatter.py), Strom's Markdown with its
extensions, images in the text (hero.py), and the file read only where it is
a real file inside the content folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
import os
import re
import stat
from collections.abc import Iterable, Mapping
from typing import Any

from markdown import Extension, Markdown
from markupsafe import Markup
from pelican.readers import MarkdownReader

from . import parallel, permalinks, posts, shortcodes, textcache
from .dates import to_datetime
from .frontmatter import (
    CONVERTERS,
    TEXT_CONVERTERS,
    Converters,
    ValueProblem,
    as_written,
    frontmatter_table,
    key_as_written,
    likely_key,
    parse_yaml,
    reserved,
    split,
    texts_of,
)
from .hero import BodyImagesExtension
from .messages import tr, tr_marked
from .outputs import PathError
from .problems import ContentError, Problem, display_path, settings_file
from .slugs import slug_from_path

logger = logging.getLogger(__name__)


class StromReader(MarkdownReader):
    """Reads Markdown with YAML front matter (Astro, Hugo, Jekyll) with Strom's Markdown.

    A file without front matter is read as Pelican's own Markdown with
    ``Key: value`` metadata, so existing Pelican content keeps working; it
    gets Strom's Markdown and images in the text too. The derivative files
    each text needs, and the problems of its images, are kept in the metadata
    (``strom_images``, ``strom_image_problems``), so that Pelican's content
    cache keeps them: every build reports them again. ``derive=False``
    (strom check) verifies the images without encoding any. The key and line
    each field came from are kept too (``strom_keys``): no later step reads
    the file again.
    """

    file_extensions = ["md", "markdown", "mkd", "mdown"]

    def __init__(
        self, settings: Mapping[str, Any], derive: bool = True, ahead: bool = False
    ) -> None:
        super().__init__(settings)
        self._table = frontmatter_table(settings)
        self._allowed = frozenset(key.lower() for key in settings.get("STROM_ALLOWED_KEYS") or ())
        self._converters = Converters(settings)
        markdown_settings = dict(settings["MARKDOWN"])
        markdown_settings["extensions"] = [
            name
            for name in markdown_settings.get("extensions", [])
            if name != "markdown.extensions.meta"
        ]
        self._markdown = Markdown(**markdown_settings)
        self._derive = derive
        self._ahead = ahead  # in a worker reading ahead (parallel.py)
        self._images = BodyImagesExtension(settings, derive, ahead)
        self._markdown.registerExtensions([self._images], {})
        self._active = self._images
        # The posts and pages that links may name (shortcodes.Targets), found once.
        self._targets: shortcodes.Targets | None = None

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Return the HTML and metadata of ``source_path``, its images made responsive.

        The build takes the text from its text cache (textcache.py) or from a
        worker that read it ahead (parallel.py) where it can.
        """
        if self._ahead:
            return self.read_here(source_path)
        texts = textcache.current(self.settings)
        key = self.cache_key(source_path) if texts else None
        packed = texts.get(*key) if key else None
        if texts and not key:
            texts.asked += 1
        if packed is None:
            ahead = parallel.taken(self.settings, source_path)
            # A worker's text of other bytes (the file was saved since) is read again.
            if ahead is not None and (key is None or ahead[1] == key[1]):
                packed = ahead[0]
        if packed is None:
            with parallel.Log() as log:
                try:
                    content, metadata = self.read_here(source_path)
                    outcome: tuple = ("read", content, metadata)
                except ContentError as error:
                    outcome = ("problems", error.problems)
            packed = parallel.pack(outcome, log.records)
            if outcome[0] == "problems":
                raise ContentError(outcome[1])
            if key and self.cache_key(source_path) == key and textcache.cacheable(metadata):
                texts.put(*key, packed)
            return content, metadata
        if key and packed[0][0] == "read" and textcache.cacheable(packed[0][2]):
            texts.put(*key, packed)
        return parallel.unpack(packed, self.settings)

    def cache_key(self, source_path: str) -> tuple[str, str] | None:
        """Return the text cache's key of ``source_path`` (path, SHA-256), or None: not cached.

        A file that may not be read is never opened here (``read_here``
        reports it); one with shortcodes or Liquid names other posts, and one
        with ``{static}`` or ``{filename}`` links other files: they are read
        every time.
        """
        if outside_reason(source_path, self.settings["PATH"]):
            return None
        try:
            with open(source_path, "rb") as handle:
                raw = handle.read()
        except OSError:
            return None
        if b"{{" in raw or b"{%" in raw:
            return None
        if any(marker in raw for marker in (b"{static}", b"{filename}", b"{attach}", b"|static|")):
            return None  # refuse_links_out follows the named file, which may change
        return self._relative(source_path), hashlib.sha256(raw).hexdigest()

    def read_here(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Read ``source_path`` in this process: front matter, Markdown, images."""
        self._active = self._images
        self._images.processor.start(source_path)
        try:
            content, metadata = self._read(source_path)
        except ContentError as error:
            raise ContentError(error.problems + self._image_problems(source_path)) from None
        processor = self._active.processor
        if processor.files:
            metadata["strom_images"] = sorted(processor.files)
        if processor.problems:
            metadata["strom_image_problems"] = processor.problems
        # Counted here, where workers read and the text cache keeps it (posts.py).
        metadata["strom_words"] = posts.word_count(content)
        return content, metadata

    def _image_problems(self, source_path: str) -> list[Problem]:
        processor = self._active.processor
        if processor is None or processor.source_path != source_path:
            return []
        return [Problem(display_path(source_path), message) for message in processor.problems]

    def _read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        path = display_path(source_path)
        refusal = outside_reason(source_path, self.settings["PATH"])
        if refusal:
            raise ContentError([Problem(path, refusal)])
        text = read_text(source_path, path)
        front, body, first_line = split(text, path)
        if front is None:
            return self.read_pelican(text, source_path, path)
        metadata = self.metadata(front, path, source_path)
        return self.render(self._shortcodes(body, first_line, source_path, metadata)), metadata

    def _shortcodes(self, body: str, first_line: int, source_path: str, metadata: dict) -> str:
        """Return ``body`` with Hugo's shortcodes and Jekyll's Liquid done (shortcodes.py).

        What is left is kept in the metadata (``strom_markup_problems``), so
        that the build reports it for a cached source too.
        """
        if "{{" not in body and "{%" not in body:
            return body
        if self._targets is None:
            self._targets = shortcodes.Targets.of(self.settings)
        converted = shortcodes.convert(body, first_line, self._relative(source_path), self._targets)
        if converted.problems:
            metadata["strom_markup_problems"] = converted.problems
        return converted.text

    def read_pelican(self, text: str, source_path: str, path: str) -> tuple[str, dict[str, Any]]:
        """Read a file without YAML front matter: Pelican's ``Key: value`` lines, if any.

        The Markdown is Strom's (with its extensions), in a fresh instance, as
        Pelican's own reader makes one for each such file.
        """
        self._source_path = source_path
        options = dict(self.settings["MARKDOWN"])
        self._active = BodyImagesExtension(self.settings, self._derive, self._ahead)
        started = _Started(self._active, source_path)
        options["extensions"] = [*options.get("extensions", []), started]
        self._md = Markdown(**options)
        found: dict[str, Any] = {}
        content = self._md.convert(self._shortcodes(text, 1, source_path, found))
        parsed = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        metadata = {name: value for name, value in parsed.items() if _given(value)}
        lines = _header_lines(text)
        problems = _repeated(lines, path)
        problems += [
            Problem(path, refusal, field=name, line=lines.get(name, [None])[0])
            for name, value in metadata.items()
            if (refusal := reserved(name, value, self._allowed))
        ]
        if metadata:
            self._file_date(metadata, source_path, set(), {})
        problems += self._missing(metadata, set(), source_path, path, front_matter=False)
        if problems:
            raise ContentError(problems)
        metadata["strom_keys"] = {name: (name, lines.get(name, [None])[0]) for name in metadata}
        metadata.update(found)
        # The address comes from the file's name, as for YAML front matter
        # (Pelican would slug the title).
        metadata.setdefault("slug", self._slug(source_path))
        self._permalink(metadata, metadata, source_path, path)
        return content, metadata

    def render(self, body: str) -> str:
        """Return the HTML of ``body``; strom check skips posts that cannot hold an image.

        An ``<img>`` comes from ``![...]`` or from raw HTML, a link out of the
        content folder from a ``{static}`` or ``{filename}`` marker; pages are
        always rendered, since the check looks for placeholders left in them.
        """
        plain = "![" not in body and "<img" not in body.lower()
        plain = plain and not any(marker in body for marker in ("static", "filename", "attach"))
        if not self._derive and plain and self._is_article(self._images.processor.source_path):
            return ""
        self._markdown.reset()
        return self._markdown.convert(body)

    def metadata(self, front: str, path: str, source_path: str) -> dict[str, Any]:
        """Map the front matter to Pelican metadata; raise ``ContentError`` on problems."""
        data, lines, nodes = parse_yaml(front, path)
        metadata: dict[str, Any] = {}
        problems: list[Problem] = []
        claimed: set[str] = set()
        failed: set[str] = set()
        keys: dict[str, tuple[str, int | None]] = {}
        present = {str(key).lower(): value for key, value in data.items()}
        for key, (field, kind) in self._table.items():
            if key not in present or field in claimed:
                continue
            claimed.add(field)
            keys[field] = (key_as_written(data, key), lines.get(key))
            value = present[key]
            if kind in TEXT_CONVERTERS:
                value = as_written(nodes.get(key), value)
            try:
                fields = self._converters.convert(kind, value, field)
            except ValueProblem as error:
                hint = CONVERTERS.get(kind if isinstance(kind, str) else "", "")
                message = f"{error}; {tr_marked(hint)}" if hint else str(error)
                problems.append(
                    Problem(path, message, field=key_as_written(data, key), line=lines.get(key))
                )
                failed.add(field)
                continue
            bad = next((text for text in texts_of(fields) if _NOT_XML.search(text)), None)
            if bad is not None:
                char = _NOT_XML.search(bad).group()
                problems.append(
                    Problem(
                        path,
                        tr(
                            "holds the control character U+{code:04X} (written as an escape), "
                            "which no page or feed (XML) can carry; remove it",
                            code=ord(char),
                        ),
                        field=key_as_written(data, key),
                        line=lines.get(key),
                    )
                )
                failed.add(field)
                continue
            metadata.update({name: value for name, value in fields.items() if _given(value)})
        for key, value in present.items():
            if key in self._table:
                continue
            refusal = reserved(key, value, self._allowed) or self._did_you_mean(key)
            if refusal:
                problems.append(
                    Problem(path, refusal, field=key_as_written(data, key), line=lines.get(key))
                )
            else:
                metadata.setdefault(key, value)
        if isinstance(metadata.get("summary"), Markup):
            metadata["description"] = html.unescape(str(metadata["summary"]))
        self._file_date(metadata, source_path, failed, keys)
        self._unmapped_images(metadata, present, data, lines)
        problems += self._missing(metadata, failed, source_path, path)
        if problems:
            raise ContentError(problems)
        metadata.setdefault("slug", self._slug(source_path))
        metadata["strom_keys"] = keys
        self._permalink(metadata, present, source_path, path)
        return metadata

    def _permalink(self, metadata, present, source_path: str, path: str) -> None:
        """Give a post its address of STROM_PERMALINK (``strom_url``, ``strom_save_as``).

        The placeholders follow the old generator's rules (permalinks.values);
        an address no file may have is a problem of the post.
        """
        pattern = permalinks.pattern_of(self.settings.get("STROM_PERMALINK"))
        if pattern is None or "date" not in metadata or not self._is_article(source_path):
            return
        name = os.path.basename(source_path).rsplit(".", 1)[0]
        if name in ("index", "_index"):
            name = os.path.basename(os.path.dirname(source_path))
        dated = filename_date(name + ".md")
        if dated is not None:
            name = dated[1].rsplit(".", 1)[0]
        raw = present.get("categories", present.get("category"))
        if isinstance(raw, str):
            spaces = self.settings.get("STROM_SPACE_SEPARATED_TAGS")
            raw = raw.split() if spaces and "categories" in present else [raw]
        elif raw is not None and not isinstance(raw, list):
            raw = [raw]  # a Category of Pelican's Key: value metadata
        names_of = [str(getattr(item, "name", item)).strip() for item in raw or ()]
        categories = [name for name in names_of if name]
        front_slug = present.get("slug")
        names = permalinks.values(
            self.settings.get("STROM_DIALECT"),
            strom_slug=str(metadata["slug"]),
            title=str(metadata.get("title", "")),
            front_slug=str(front_slug).strip() if isinstance(front_slug, (str, int)) else "",
            name=name,
            categories=categories,
        )
        try:
            url, save_as = permalinks.expand(pattern, metadata["date"], names)
        except PathError as error:
            key, line = (metadata.get("strom_keys") or {}).get("slug", ("slug", None))
            raise ContentError(
                [
                    Problem(
                        path,
                        tr(
                            "the address STROM_PERMALINK gives this post {error}; "
                            "give the post a 'slug:' without such characters",
                            error=error,
                        ),
                        field=key,
                        line=line,
                    )
                ]
            ) from None
        metadata["strom_url"], metadata["strom_save_as"] = url, save_as

    def _file_date(self, metadata, source_path, failed, keys) -> None:
        """Set the date of a ``YYYY-MM-DD-`` file name (STROM_FILENAME_DATES).

        True: where the front matter gives none; "first": the file name's wins,
        as in Hugo with ``date = [":filename", ":default"]``.
        """
        mode = self.settings.get("STROM_FILENAME_DATES")
        if not mode or "date" in failed or ("date" in metadata and mode != "first"):
            return
        found = filename_date(os.path.basename(source_path))
        if found is not None:
            metadata["date"] = to_datetime(found[0], self.settings.get("TIMEZONE") or "UTC")
            keys["date"] = (os.path.basename(source_path), None)

    def _unmapped_images(self, metadata, present, data, lines) -> None:
        """Note the keys that name an image but give no hero, each with its spelling and line.

        Kept in the metadata (``strom_unmapped_images``), so that a cached
        source still counts; ``unmapped_image_warnings`` warns of each key once.
        """
        unmapped = {
            key: (key_as_written(data, key), lines.get(key))
            for key in IMAGE_KEYS
            if key in present and key not in self._table
        }
        if unmapped:
            metadata["strom_unmapped_images"] = unmapped

    def _did_you_mean(self, key: str) -> str | None:
        """Return "did you mean" for a key that looks like one of the table's, or None."""
        meant = likely_key(key, self._table)
        return tr("is not a key Strom reads; did you mean '{key}'?", key=meant) if meant else None

    def _missing(self, metadata, failed, source_path, path, front_matter=True) -> list[Problem]:
        """Problems for required fields that the front matter does not give.

        A field whose value did not convert has its own problem already.
        """
        problems = []
        if not front_matter and not metadata:
            return [
                Problem(
                    path,
                    tr(
                        "has no front matter; start the file with a '---' line, "
                        "'title: ...', 'pubDate: Jan 19 2025' and another '---' line"
                    ),
                    field="title",
                    line=1,
                )
            ]
        if "title" not in metadata and "title" not in failed:
            problems.append(
                Problem(path, tr("missing; add 'title: ...' to the front matter"), field="title")
            )
        if (
            "date" not in metadata
            and "date" not in failed
            and metadata.get("status") != "draft"
            and self._is_article(source_path)
        ):
            message = tr("missing; add 'pubDate: Jan 19 2025' (or 'date:') to the front matter")
            if filename_date(os.path.basename(source_path)):
                message = tr(
                    "missing; add 'pubDate: Jan 19 2025' (or 'date:') to the front matter, "
                    "or set STROM_FILENAME_DATES = True in {file} to take the date of the "
                    "file name",
                    file=settings_file(self.settings),
                )
            problems.append(Problem(path, message, field="date"))
        return problems

    def _relative(self, source_path: str) -> str:
        return os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")

    def _is_article(self, source_path: str) -> bool:
        relative = self._relative(source_path)
        return any(
            relative.startswith(folder.rstrip("/") + "/")
            for folder in self.settings["ARTICLE_PATHS"]
        )

    def _slug(self, source_path: str) -> str:
        """Slug of the file's path inside its content folder (blog/, pages/).

        With STROM_FILENAME_DATES a ``YYYY-MM-DD-`` prefix of the name is left out.
        """
        relative = self._relative(source_path)
        if self.settings.get("STROM_FILENAME_DATES"):
            folder, _, name = relative.rpartition("/")
            found = filename_date(name)
            if found is not None:
                relative = f"{folder}/{found[1]}" if folder else found[1]
        folders = [*self.settings["ARTICLE_PATHS"], *self.settings["PAGE_PATHS"]]
        for folder in sorted(folders, key=len, reverse=True):
            prefix = folder.rstrip("/") + "/"
            if folder and relative.startswith(prefix):
                return slug_from_path(relative[len(prefix) :])
        return slug_from_path(relative)


# Front-matter keys of themes that name a post's image (Hugo, Jekyll, WordPress
# exports); Strom's table does not map them, since each theme means another thing.
IMAGE_KEYS = (
    "feature-img",
    "feature_img",
    "featured_image",
    "featured-image",
    "featureimage",
    "cover",
    "cover_image",
    "thumbnail",
    "header-img",
)


def unmapped_image_warnings(contents: Iterable[Any], settings: Mapping[str, Any]) -> list[str]:
    """Return one warning a key that names an image but is not mapped, at its first file.

    The build and `strom check` warn of the same files: the first by path.
    """
    first: dict[str, tuple[str, str, int | None]] = {}
    for content in sorted(contents, key=lambda content: content.source_path):
        for key, (written, line) in content.metadata.get("strom_unmapped_images", {}).items():
            first.setdefault(key, (display_path(content.source_path), written, line))
    return [
        f"{path}:{line}: {written}: "
        + tr(
            "names an image that Strom does not use (no hero); to use it, add "
            "{setting} to {file} (said once; other posts may have the key too)",
            setting=f'STROM_FRONTMATTER = {{"{key}": ("hero", "image")}}',
            file=settings_file(settings),
        )
        for key, (path, written, line) in first.items()
    ]


# A Jekyll post's file name: 2016-08-12-steam-login.markdown.
_DATED_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-(.+)")


def filename_date(name: str) -> tuple[str, str] | None:
    """Return (date, rest of the name) of a ``YYYY-MM-DD-`` file name, or None.

    ``2016-08-12-steam-login.md`` gives ``("2016-08-12", "steam-login.md")``;
    a prefix that is no calendar day (``2016-13-45-``) gives None.
    """
    match = _DATED_NAME.fullmatch(name)
    if not match or not match.group(2).rsplit(".", 1)[0]:
        return None
    try:
        dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
    return match.group(1), match.group(2)


# A line of Pelican's metadata block (Markdown's meta extension): "Key: value".
_META_LINE = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):")


def _header_lines(text: str) -> dict[str, list[int]]:
    """Return the lines of each key (lower case) of a ``Key: value`` block at the top."""
    lines: dict[str, list[int]] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            break
        match = _META_LINE.match(line)
        if match:
            lines.setdefault(match.group(1).lower(), []).append(number)
    return lines


def _repeated(lines: dict[str, list[int]], path: str) -> list[Problem]:
    """Problems for keys of a ``Key: value`` block written twice (also in another case)."""
    return [
        Problem(
            path,
            tr("is set twice (also on line {line}); keep one", line=numbers[0]),
            field=name,
            line=line,
        )
        for name, numbers in lines.items()
        for line in numbers[1:]
    ]


def _given(value: Any) -> bool:
    """Whether a converted value says something: not None, no empty text or list.

    (A tag or category without a slug compares equal to ``""`` in Pelican, so
    ``value not in (None, "")`` would drop ``category: '#'`` without a word.)
    """
    return value is not None and not (isinstance(value, (str, list)) and not value)


class _Started(Extension):
    """Registers a body-images extension and starts it on one file."""

    def __init__(self, images: BodyImagesExtension, source_path: str) -> None:
        super().__init__()
        self.images, self.source_path = images, source_path

    def extendMarkdown(self, md: Any) -> None:
        """Add the body images to ``md``, started on the file."""
        self.images.extendMarkdown(md)
        self.images.processor.start(self.source_path)


def read_text(source_path: str, path: str) -> str:
    """Return the file's text: UTF-8 (a BOM is fine), every line end a newline."""
    with open(source_path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ContentError(
            [
                Problem(
                    path,
                    tr(
                        "is not UTF-8 (byte 0x{byte:02x}); save the file as UTF-8",
                        byte=raw[error.start],
                    ),
                    line=line,
                )
            ]
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _NOT_XML.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise ContentError(
            [
                Problem(
                    path,
                    tr(
                        "holds the control character U+{code:04X}, which no page or "
                        "feed (XML) can carry; delete it (it is invisible in most editors)",
                        code=ord(bad.group()),
                    ),
                    line=line,
                    column=column,
                )
            ]
        )
    return text


# Characters XML 1.0 forbids (feeds and sitemaps are XML); tab and newline are fine.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# Each folder resolved once a build (build.start forgets them): every source's
# path would otherwise be resolved anew, one system call per folder on the way.
_REAL_FOLDERS: dict[str, str] = {}


def forget_folders(*args: Any) -> None:
    """Resolve folders afresh from now on (a new build, ``get_generators``: links may change)."""
    _REAL_FOLDERS.clear()


def _real_folder(folder: str) -> str:
    real = _REAL_FOLDERS.get(folder)
    if real is None:
        real = _REAL_FOLDERS[folder] = os.path.realpath(folder)
    return real


def real_path(path: str) -> str:
    """Return ``os.path.realpath(path)``, its folders resolved once a build."""
    if os.pardir in path.replace(os.sep, "/").split("/"):  # "link/.." is not the folder itself
        return os.path.realpath(path)
    absolute = os.path.abspath(path)
    folder, name = os.path.split(absolute)
    if not name or os.path.islink(absolute):
        return os.path.realpath(absolute)
    return os.path.join(_real_folder(folder), name)


def outside_reason(source_path: str, content: str) -> str | None:
    """Return why ``source_path`` may not be read, or None for a real file in ``content``.

    A link (or a linked folder) that leaves the content folder, or a special
    file (device, FIFO, socket), is never read: content may come from a pull
    request that Netlify builds as a deploy preview.
    """
    real = real_path(source_path)
    root = _real_folder(os.path.abspath(content))
    if os.path.commonpath([real, root]) != root:
        return tr(
            "is a link to {target}, outside the content folder; copy the file in", target=real
        )
    try:
        mode = os.stat(real).st_mode
    except OSError as error:
        return tr("cannot be read ({error})", error=error.strerror)
    if not stat.S_ISREG(mode):
        return tr("is not a regular file (a device, a FIFO or a socket); remove it")
    return None


class UnsupportedReader(MarkdownReader):
    """Claims formats Strom does not build so that they fail loudly.

    MDX needs Astro; HTML and reStructuredText would go through Pelican's own
    readers, which follow links out of the content folder, include any file
    (``.. include:: /etc/passwd``) and obey every key Strom refuses.
    """

    file_extensions = ["mdx", "html", "htm", "rst"]

    def read(self, source_path: str):
        """Refuse the file with a message that says what to do."""
        path = display_path(source_path)
        if source_path.lower().endswith(".mdx"):
            why = tr(
                "MDX is not supported; rename it to .md and replace "
                "its components and imports with Markdown or HTML"
            )
        else:
            why = tr(
                "Strom builds posts and pages from Markdown only; convert the file to .md "
                "(HTML may stand inside Markdown), or move it to content/public/ to publish "
                "it as it is"
            )
        raise ContentError([Problem(path, why)])
