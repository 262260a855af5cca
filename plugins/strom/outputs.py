"""The output map: every file under output/, who writes it, and who keeps a contested address.

Every writer of the build claims its files here before anything is written:
Pelican's lists, feeds and taxonomy pages, posts, pages, ``public/`` files,
image derivatives, alias pages, ``_redirects`` and ``_headers``. A path is
validated once, here, and compared as the file systems of macOS and Windows
(and many ZIP and CDN uploads) compare it: without regard to letter case or
Unicode normal form, so ``Gut`` and ``gut``, or ``über`` written NFC and NFD,
are one address.
"""

from __future__ import annotations

import math
import posixpath
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pelican.paginator import Page as ListPage

from .messages import tr, tr_pattern
from .problems import Problem, settings_file, shown

# Longest name one path segment may have on the file systems a site is
# deployed from (ext4, APFS, NTFS): 255 bytes.
SEGMENT_BYTES = 255
# Characters that never stand in an output path: control, format (bidi
# overrides, zero-width), line and paragraph separators, surrogates, and
# characters no file name on Windows may hold. '%' would be read as an escape.
_FORBIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
_FORBIDDEN_CHARS = frozenset('\\:*?"<>|%#')

# Names Windows keeps for devices, with any extension ("nul.txt"): a site
# checked out or unpacked there would lose the file.
_DEVICE_NAMES = frozenset(
    (
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{n}" for n in range(1, 10)),
        *(f"LPT{n}" for n in range(1, 10)),
    )
)

# Netlify reads these at the root; only Strom writes them.
NETLIFY_FILES = ("_redirects", "_headers")


class PathError(ValueError):
    """An output path that cannot be written; the message says why."""


def key(path: str) -> str:
    """Return the form in which two output paths are compared: NFC, in lower case.

    Lower case, not Python's full case folding: file systems fold one letter
    to one letter, so ``maße`` and ``masse`` are two names on APFS and NTFS.
    """
    return unicodedata.normalize("NFC", path).lower()


def validate(path: str, netlify: bool = False) -> str:
    """Return ``path`` (relative to the output folder, NFC) or raise :class:`PathError`.

    Each segment is printable text of at most 255 bytes, not ``.`` or ``..``,
    and the first does not start with ``_`` (Netlify's own files), unless
    ``netlify`` says Strom writes one of those.
    """
    text = unicodedata.normalize("NFC", path)
    if not text or text.startswith("/") or posixpath.isabs(text):
        raise PathError(tr("is not a path inside the output folder"))
    segments = text.split("/")
    for segment in segments:
        if segment in ("", ".", ".."):
            raise PathError(tr("has the path segment '{segment}'", segment=segment))
        if segment != segment.strip() or segment.endswith("."):
            raise PathError(
                tr(
                    "has the path segment '{segment}' with a space or dot at an end",
                    segment=shown(segment),
                )
            )
        bad = sorted({char for char in segment if _forbidden(char)})
        if bad:
            chars = ", ".join(_named(char) for char in bad)
            raise PathError(tr("contains {chars}, which no file name may contain", chars=chars))
        if segment.split(".")[0].upper() in _DEVICE_NAMES:
            raise PathError(
                tr("has the path segment '{segment}', a device name on Windows", segment=segment)
            )
        size = len(segment.encode("utf-8"))
        if size > SEGMENT_BYTES:
            raise PathError(
                tr(
                    "has a path segment of {size} bytes ('{segment}'); the limit is {limit}",
                    size=size,
                    segment=shown(segment, 40),
                    limit=SEGMENT_BYTES,
                )
            )
    if segments[0].startswith("_") and not (netlify and text in NETLIFY_FILES):
        raise PathError(
            tr(
                "starts with '{segment}'; Netlify reserves names starting with '_'",
                segment=segments[0],
            )
        )
    return text


def _forbidden(char: str) -> bool:
    return char in _FORBIDDEN_CHARS or unicodedata.category(char) in _FORBIDDEN_CATEGORIES


def _named(char: str) -> str:
    if char.isprintable() and not unicodedata.category(char).startswith("C"):
        return f"'{char}'"
    return f"U+{ord(char):04X}"


@dataclass(frozen=True)
class Owner:
    """Who writes a file: a source (and the field that chose its address), or Strom."""

    name: str
    """The source as the user knows it (``content/blog/gut.md``), or what Strom writes."""
    field: str | None = None
    """The front-matter field or setting that gave the address; None for a file's own name."""
    line: int | None = None
    what: str = ""
    """What is written there, for messages: ``the tag page 'Kafka'``."""
    subject: str = ""
    """How a refusal names what asked, where ``what`` does not: ``its file name``."""
    advice: str = ""
    """What the owner can do when its claim is refused (by default: choose another one)."""

    def __str__(self) -> str:
        if self.what and self.name:
            return tr("{what} of {source}", what=self.what, source=self.name)
        return self.what or self.name


class OutputMap:
    """Every file the build writes below the output folder and its owner.

    A reserved folder (``assets/img/``, the theme's static files) is its
    owner's alone: files inside it can be claimed by that owner only.
    """

    def __init__(self) -> None:
        self._files: dict[str, tuple[str, Owner]] = {}
        self._folders: dict[str, Owner] = {}
        self._reserved: dict[str, Owner] = {}

    def owner(self, path: str) -> Owner | None:
        """Return who writes ``path``, a file where it needs a folder, or files inside it."""
        wanted = key(path)
        if wanted in self._files:
            return self._files[wanted][1]
        # A reserved folder, inside one, or a file where a reserved folder needs a folder.
        for folder, owner in self._reserved.items():
            if (
                folder == wanted
                or wanted.startswith(folder + "/")
                or folder.startswith(wanted + "/")
            ):
                return owner
        if wanted in self._folders:
            return self._folders[wanted]
        return next(
            (self._files[folder][1] for folder in _folders_of(wanted) if folder in self._files),
            None,
        )

    def claim(self, path: str, owner: Owner, *, netlify: bool = False) -> Problem | None:
        """Record that ``owner`` writes ``path``; return the problem if it cannot.

        A claim of a path that is invalid or taken (by another owner, a
        folder the path needs, or a reserved folder) is refused; the first
        claim of a path keeps it.
        """
        subject = owner.subject or (owner.what if owner.name else "")
        advice = owner.advice or tr("choose another one")
        try:
            validate(path, netlify=netlify)
        except PathError as error:
            refusal = tr(
                "gives the output path '{path}', which {error}", path=shown(path), error=error
            )
            return self.problem(owner, _refusal(subject, refusal, advice))
        other = self._taken_by(path, owner)
        if other is not None:
            return self.problem(owner, _refusal(subject, taken_message(path, other), advice))
        wanted = key(path)
        self._files[wanted] = (path, owner)
        for folder in _folders_of(wanted):
            self._folders.setdefault(folder, owner)
        return None

    def note(self, path: str) -> Problem | None:
        """Record a file a writer wrote; return a problem if it has another's address.

        Pelican's Writer announces each file it wrote. One that nobody claimed
        (a theme's template page, another plugin's file) is claimed now.
        """
        wanted = key(path)
        if wanted in self._files:
            claimed, owner = self._files[wanted]
            if unicodedata.normalize("NFC", claimed) == unicodedata.normalize("NFC", path):
                return None
            return self.problem(
                Owner(""),
                tr(
                    "the file {path} was written beside {claimed} of {owner}, "
                    "an address that differs only in letter case; rename one of them",
                    path=shown(path),
                    claimed=claimed,
                    owner=owner,
                ),
            )
        generated = Owner("", what=tr("the generated file {path}", path=shown(path)))
        return self.claim(path, generated, netlify=True)

    def top_level(self) -> dict[str, bool]:
        """Return each top-level entry of the output and whether it is a folder."""
        entries: dict[str, bool] = {}
        for path, _ in self._files.values():
            top, inside, _ = path.partition("/")
            entries[top] = entries.get(top, False) or bool(inside)
        for folder in self._reserved:
            entries.setdefault(folder.split("/")[0], True)
        return entries

    def reserve(self, folder: str, owner: Owner) -> None:
        """Keep ``folder`` for ``owner``: nobody else may write into it."""
        self._reserved[key(folder.strip("/"))] = owner

    def _taken_by(self, path: str, owner: Owner) -> Owner | None:
        """Return who has ``path`` already; a reserved folder's owner may write into it."""
        other = self.owner(path)
        if other is None or (other == owner and key(path) not in self._files):
            return None
        return other

    @staticmethod
    def problem(owner: Owner, message: str) -> Problem:
        """Return a problem of ``owner`` (its file, field and line)."""
        return Problem(owner.name or None, message, field=owner.field, line=owner.line)


def address(path: str) -> str:
    """Return the site address of output file ``path``: ``blog/a/index.html`` -> ``/blog/a/``."""
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return "/" + shown(unicodedata.normalize("NFC", path), 120)


def taken_message(path: str, other: Owner) -> str:
    """Return what to say when ``path`` is another's (``other``)."""
    return tr("gives the address {address}, which {other} has", address=address(path), other=other)


def _refusal(subject: str, refusal: str, advice: str) -> str:
    """Return a refused claim's message: who asked (if said), what is wrong, what to do."""
    if subject:
        return tr("{subject} {refusal}; {advice}", subject=subject, refusal=refusal, advice=advice)
    return tr("{refusal}; {advice}", refusal=refusal, advice=advice)


def _folders_of(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: index + 1]) for index in range(len(parts))]


# -- Who keeps a contested address -----------------------------------------------------------


def standing(content: Any) -> tuple[int, float, str]:
    """Return the order in which sources claim their addresses: the first keeps it.

    A source whose address comes from its own file name comes before one that
    asks for an address with a field (``slug:``); between two of equal
    standing, the older date comes first, then the path.
    """
    by_field = 1 if address_field(content) else 0
    date = getattr(content, "date", None)
    when = date.timestamp() if isinstance(date, datetime) else math.inf
    return (by_field, when, content.source_path)


def address_field(content: Any) -> str | None:
    """Return the front-matter key that chose the source's address (``slug``), or None."""
    keys = content.metadata.get("strom_keys") or {}
    written = keys.get("slug")
    return written[0] if written else None


def source_owner(content: Any, display: str) -> Owner:
    """Return the owner of a post's or page's file: its source and the field that set it."""
    field = address_field(content)
    if field is None:
        return Owner(
            display,
            subject=tr("its file name"),
            advice=tr("rename the file or give it a 'slug:'"),
        )
    line = content.metadata["strom_keys"]["slug"][1]
    return Owner(display, field=field, line=line, advice=tr("give it another 'slug:'"))


def claim_contents(
    outputs: OutputMap, contents: Iterable[Any], display: Any
) -> tuple[set[int], list[Problem]]:
    """Claim the file of each post or page in order of standing.

    Return the ids of the contents that lost (their pages are not written)
    and a problem for each; ``display(path)`` names a source for the user.
    """
    lost: set[int] = set()
    problems = []
    for content in sorted(contents, key=standing):
        save_as = content.save_as
        if not save_as:
            continue
        owner = source_owner(content, display(content.source_path))
        problem = outputs.claim(save_as, owner)
        if problem is not None:
            lost.add(id(content))
            problems.append(problem)
    return lost, problems


# -- What Pelican writes from templates and taxonomies ------------------------------------------


def generated_files(settings: Mapping[str, Any]) -> Iterator[tuple[str, Owner]]:
    """Yield the files the build writes from the settings alone, with their owners.

    Direct templates (home, archives, lists of tags, the 404 page), the feeds,
    the sitemap, robots.txt and Netlify's files. Paginated lists claim their
    later pages when the posts are known (:func:`list_files`).
    """
    for name in settings["DIRECT_TEMPLATES"]:
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            what = tr("the {name} page", name=name)
            yield save_as, Owner("", field=f"{name.upper()}_SAVE_AS", what=what)
    for setting in ("FEED_ALL_ATOM", "FEED_ALL_RSS"):
        if settings.get(setting):
            yield settings[setting], Owner("", field=setting, what=tr("the feed"))
    for name in ("sitemap.xml", "sitemap.txt", "robots.txt"):
        yield name, Owner("", what=tr("the file {name}", name=name))


def reserved_folders(settings: Mapping[str, Any]) -> Iterator[tuple[str, Owner]]:
    """Yield the folders only Strom writes into: image derivatives and theme files."""
    yield DERIVATIVES_DIR, assets_owner()
    if settings.get("STROM_CARDS"):
        yield CARDS_DIR, cards_owner()
    if settings.get("STROM_SEARCH"):
        yield SEARCH_DIR, search_owner()
    theme_static = settings.get("THEME_STATIC_DIR") or "theme"
    yield theme_static, Owner("", what=tr("the theme's folder {folder}/", folder=theme_static))


# Where image derivatives are written (images.OUTPUT_DIR); Strom removes
# files there that no page uses, so nothing else may be written into it.
DERIVATIVES_DIR = "assets/img"
# Where social cards are written (cards.CardsGenerator), Strom's alone as the derivatives.
CARDS_DIR = "assets/cards"
# Where the search index is written (search.write_index), replaced whole each build.
SEARCH_DIR = "pagefind"


# Strom's own writers, named in the language of the build's messages.
def cards_owner() -> Owner:
    """Return the owner of the social cards' folder."""
    return Owner("", what=tr("Strom's folder {folder}/ of social cards", folder=CARDS_DIR))


def assets_owner() -> Owner:
    """Return the owner of the image derivatives' folder."""
    return Owner(
        "", what=tr("Strom's folder {folder}/ of image derivatives", folder=DERIVATIVES_DIR)
    )


def search_owner() -> Owner:
    """Return the owner of the search index's folder."""
    return Owner("", what=tr("Strom's search index in {folder}/", folder=SEARCH_DIR))


def stylesheet_owner() -> Owner:
    """Return the owner of the theme's stylesheet."""
    return Owner("", what=tr("the theme's stylesheet"))


def start(settings: Mapping[str, Any]) -> tuple[OutputMap, list[Problem]]:
    """Return the map of a new build, holding what the settings alone say is written.

    A setting that names a path no file may have (``ARCHIVES_SAVE_AS =
    "../x.html"``), or another's, is a problem of the settings file.
    """
    outputs = OutputMap()
    for folder, owner in reserved_folders(settings):
        outputs.reserve(folder, owner)
    claims = [*generated_files(settings)]
    claims += [
        (name, Owner("", what=tr("Netlify's file {name}", name=name))) for name in NETLIFY_FILES
    ]
    problems = []
    for path, owner in claims:
        problem = outputs.claim(path, owner, netlify=path in NETLIFY_FILES)
        if problem is not None:
            problems.append(Problem(settings_file(settings), problem.message, field=owner.field))
    return outputs, problems


def _pages_of(count: int, per_page: int, settings: Mapping[str, Any]) -> int:
    if not per_page or count <= per_page:
        return 1
    orphans = settings.get("DEFAULT_ORPHANS") or 0
    return max(1, math.ceil((count - orphans) / per_page))


class _Pages:
    """What Pelican's list page needs of its paginator to name its file: the page count."""

    def __init__(self, pages: int) -> None:
        self.num_pages = pages


def paginated(
    kind: str, save_as: str, url: str, count: int, settings: Mapping[str, Any]
) -> list[str]:
    """Return the files of a ``kind`` of list of ``count`` posts: the first page, ``seite/2/``...

    Each kind of list has its size in ``PAGINATED_TEMPLATES`` (None: ``DEFAULT_PAGINATION``),
    as Pelican paginates it.
    """
    per_page = (settings.get("PAGINATED_TEMPLATES") or {}).get(kind)
    pages = _pages_of(count, per_page or settings.get("DEFAULT_PAGINATION") or 0, settings)
    files = []
    for number in range(1, pages + 1):
        listed = ListPage(save_as, url, [], number, _Pages(pages), settings)
        files.append(listed.save_as)
    return files


@dataclass(frozen=True)
class ListClaim:
    """A list page that taxonomies or dates give: its files and what makes it."""

    files: list[str]
    owner: Owner
    term: Any = None  # the Tag, Category or Author, where there is one


def list_claims(
    articles: list[Any], settings: Mapping[str, Any], display: Any
) -> Iterator[ListClaim]:
    """Yield the pages that the published posts make: paginated home, terms, years.

    ``articles`` are the published posts (not hidden ones), as Pelican lists them.
    """
    paginated_templates = settings.get("PAGINATED_TEMPLATES") or {}
    if "index" in settings["DIRECT_TEMPLATES"] and "index" in paginated_templates:
        files = paginated(
            "index",
            settings.get("INDEX_SAVE_AS", "index.html"),
            settings.get("INDEX_URL", ""),
            len(articles),
            settings,
        )
        yield ListClaim(files[1:], Owner("", what="a later page of the home page"))
    terms: dict[tuple[str, str], tuple[Any, list[Any]]] = {}
    # Terms whose name differs from the one that has their slug ('C#' beside
    # 'C++'): Pelican would merge them into one page without a word.
    others: list[tuple[str, Any, Any]] = []
    for article in sorted(articles, key=standing):
        for term in terms_of(article):
            kind = type(term).__name__.lower()
            entry = terms.setdefault((kind, key(term.slug)), (term, []))
            if entry[0].name.casefold() != term.name.casefold():
                others.append((kind, term, article))
            else:
                entry[1].append(article)
    for (kind, _), (term, posts) in sorted(terms.items()):
        if term.save_as:
            files = [term.save_as]
            if kind in paginated_templates:
                files = paginated(kind, term.save_as, term.url, len(posts), settings)
            yield ListClaim(files, _term_owner(kind, term, posts[0], display), term)
    for kind, term, article in others:
        yield ListClaim([term.save_as], _term_owner(kind, term, article, display), term)
    year_as = settings.get("YEAR_ARCHIVE_SAVE_AS")
    if year_as:
        years = sorted(
            {a.date.year for a in articles if isinstance(getattr(a, "date", None), datetime)}
        )
        for year in years:
            yield ListClaim(
                [year_as.format(date=datetime(year, 1, 1))],
                Owner("", what=tr("the archive of {year}", year=year)),
            )


def terms_of(article: Any) -> list[Any]:
    """Return a post's tags, authors and category."""
    found = list(getattr(article, "tags", None) or ())
    found += list(getattr(article, "authors", None) or ())
    category = getattr(article, "category", None)
    return [*found, category] if category is not None else found


# The front-matter field of each kind of term, and what to do about a refused one.
_TERM_FIELDS = {"tag": "tags", "author": "authors", "category": "category"}


def _term_owner(kind: str, term: Any, article: Any, display: Any) -> Owner:
    pages = {
        "tag": tr_pattern("the tag page '{name}'"),
        "author": tr_pattern("the author page '{name}'"),
        "category": tr_pattern("the category page '{name}'"),
    }
    advice = {
        "tag": tr("rename the tag"),
        "author": tr("rename the author"),
        "category": tr("rename the category"),
    }
    field = _TERM_FIELDS.get(kind, kind)
    keys = article.metadata.get("strom_keys") or {}
    written, line = keys.get(field, (field, None))
    return Owner(
        display(article.source_path),
        field=written,
        line=line,
        what=pages[kind].format(name=shown(term.name)),
        advice=advice[kind],
    )


def claim_category(
    outputs: OutputMap, articles: list[Any], settings: Mapping[str, Any], display: Any
) -> list[Problem]:
    """Claim the pages of the default category of ``articles``, where not claimed yet.

    Posts whose category was refused fall back to the default category.
    """
    articles = [a for a in articles if a.category.name == settings["DEFAULT_CATEGORY"]]
    if not articles:
        return []
    term = articles[0].category
    owner = _term_owner("category", term, articles[0], display)
    files = paginated("category", term.save_as, term.url, len(articles), settings)
    problems = []
    for file in files if term.save_as else ():
        other = outputs.owner(file)
        if other is not None and other.what == owner.what:
            continue
        problem = outputs.claim(file, owner)
        if problem is not None:
            problems.append(problem)
    return problems


def claim_lists(
    outputs: OutputMap, articles: list[Any], settings: Mapping[str, Any], display: Any
) -> tuple[list[Any], list[Problem]]:
    """Claim the list pages of ``articles``; return the terms whose pages cannot be written."""
    refused: list[Any] = []
    problems: list[Problem] = []
    for listed in list_claims(articles, settings, display):
        for file in listed.files:
            problem = outputs.claim(file, listed.owner)
            if problem is not None:
                problems.append(problem)
                if listed.term is not None:
                    refused.append(listed.term)
                break
    return refused, problems
