"""The pages of earlier builds: a page none of whose inputs changed is not rendered again.

Rendering the templates of every post, page and list is most of a rebuild.
The page cache keeps each page's HTML (compressed) under a key of all it was
made from; a page with the same key is written from the cache, the same
bytes (``tests/test_reproducible.py``). A page's key is made of:

- the site's key, once a build: what the text cache is keyed by (Strom's
  code, the theme, the settings and the settings file, the versions of
  Python, Pelican, Babel, ...), every template folder's files, the versions
  of Jinja, MarkupSafe and pyphen, and the context every page shares (the
  lists of posts, the tags, dates and authors, the theme's data), in which a
  post or page stands only as its name;
- the template's name and the page's own part of its context: its file, its
  post, its list's page and paginator.

An entry also names the posts and pages the page used, and is taken only
while their digests are the same: the page's own post or page, whole, and
of the others what its template read (the cache watches the Jinja
environment's ``getattr`` and ``getitem`` while it renders): their
attributes, and their text where the template showed it (``content``,
``summary``). A post's digests are taken before anything reads it in the
build; its text's digest holds the addresses its ``{filename}`` and
``{static}`` links resolve to. With Jinja filters, globals or tests of the
site's own (``JINJA_FILTERS``, ...), which may read a post in Python, a page
depends on every post its context holds.

A page is not kept when its render logged a warning or an error (a page
from the cache would not say it again), nor when it showed a text with
``{attach}`` links (rendering it moves their files). The cache is kept in the
text cache's folder (``STROM_TEXT_CACHE``; False turns both off), which the
Netlify plugin of ``strom new`` keeps between deploys.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
import sys
import types
import zlib
from collections.abc import Callable, Mapping
from importlib import metadata as distributions
from pathlib import Path
from typing import Any

from jinja2.loaders import ChoiceLoader, FileSystemLoader, PrefixLoader
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from . import build, textcache
from .messages import ntr, tr

logger = logging.getLogger(__name__)

# Attributes that hold the build's settings or whole context: keyed once, by the site's key.
_SKIPPED = frozenset({"settings", "_context"})

# What a page's own context always holds (relative URLs change them page by page).
_PER_PAGE = frozenset({"output_file", "localsiteurl", "SITEURL"})
# Context entries that are no page's input: the running build, the last page's site URL.
_UNKEYED = frozenset({build.SLOT, "localsiteurl"})
# Pelican's maps of source paths to posts, pages and files, filled in the order they were read.
_PATH_MAPS = ("generated_content", "static_content")
# The static files, in the order of a set of their paths (it changes with the hash seed).
_UNORDERED = (*_PATH_MAPS, "staticfiles")
# Links that move their file next to the text as it is rendered (Pelican's link
# replacer): a page that shows such a text is always rendered.
_ATTACHING = ("{attach}", "|attach|")
# Links to other posts, pages and files: their addresses are part of the text's digest.
_NAMING = ("{filename}", "|filename|", "{static}", "|static|")
# What of a post or page renders its text, and the source it is rendered from.
_TEXT = frozenset({"content", "summary", "get_content", "get_summary", "_content", "_summary"})
_SOURCE = frozenset({"_content", "_summary"})
# Where the Jinja filters, globals and tests come from that read no post in Python.
_KNOWN = ("builtins", "_operator", "jinja2", "markupsafe", "babel", "pelican.plugins.strom")
# The name of a text's digest: its post's or page's name and this.
_OF_TEXT = "\x00text"
# Lists this long are walked once a build however many pages hold them.
_LONG = 16
_SCALARS = frozenset({type(None), bool, int, float, complex, str, bytes})
_NAMED = (
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.ModuleType,
    functools.partial,
    type,
)


def _kind(value: Any) -> str:
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


class _Walk:
    """The tokens of a value, steady from build to build; posts and pages stand as names.

    ``names`` gives a post's or page's name (None: it has none, and the
    walk is ``unsteady``). ``known`` maps the ids of values walked before
    to a token that stands for them. ``kept`` holds, for one build, the
    digests of long lists and of tags, categories and authors, which many
    pages share: each is walked once (with the value itself, so that its id
    is never another's, and a list's length, which would tell a change).
    """

    def __init__(
        self,
        names: Mapping[int, str],
        known: Mapping[int, str] | None = None,
        kept: dict[int, tuple] | None = None,
        data: bool = False,
    ) -> None:
        self.names, self.known, self.kept = names, known or {}, kept
        # Only data (settings): an object stands as its class's code, not its state
        # (a Markdown extension or a slug maker keeps what the last text left in it).
        self.data = data
        self.out: list[str] = []
        self.met: dict[int, Any] = {}  # the posts and pages met, by id
        self.unsteady = False
        # The containers being walked, by id: their position. A value met again
        # elsewhere is walked again (whether two places hold one object or two
        # equal ones changes from build to build).
        self._open: dict[int, int] = {}

    def value(self, value: Any) -> None:
        kind = type(value)
        if kind is str:  # the most common, and long texts: no repr
            self.out.append(f"s{len(value)}:{value}")
            return
        if kind in _SCALARS:
            self.out.append(f"{kind.__name__}:{value!r}")
            return
        if isinstance(value, Content):
            name = self.names.get(id(value))
            self.unsteady |= name is None
            self.met[id(value)] = value
            self.out.append(f"content:{name}")
            return
        if isinstance(value, (str, bytes, int, float)):  # Markup and the like
            self.out.append(f"{_kind(value)}:{value!r}")
            return
        if isinstance(value, (dt.date, dt.time, dt.timedelta)):
            self.out.append(f"{_kind(value)}:{value!r}:{getattr(value, 'tzinfo', None)!r}")
            return
        self._compound(value)

    def _compound(self, value: Any) -> None:
        marker = id(value)
        if marker in self.known:
            self.out.append(self.known[marker])
            return
        if marker in self._open:  # a cycle: the value holds itself
            self.out.append(f"@{self._open[marker]}")
            return
        self._open[marker] = len(self.out)
        try:
            self._kept_or_walked(value, marker)
        finally:
            del self._open[marker]

    def _kept_or_walked(self, value: Any, marker: int) -> None:
        shared = isinstance(value, URLWrapper) or (
            isinstance(value, (list, tuple)) and len(value) >= _LONG
        )
        if self.kept is None or not shared:
            self._container(value)
            return
        size = len(value) if isinstance(value, (list, tuple)) else -1
        found = self.kept.get(marker)
        if found is None or found[0] is not value or found[1] != size:
            part = _Walk(self.names, self.known, self.kept)
            part._container(value)
            found = (value, size, f"kept:{part.digest()}", part.met, part.unsteady)
            self.kept[marker] = found
        self.out.append(found[2])
        self.met.update(found[3])
        self.unsteady |= found[4]

    def _container(self, value: Any) -> None:
        out = self.out
        if isinstance(value, Mapping):
            out.append(f"{{{_kind(value)}")
            for key, item in value.items():
                self.value(key)
                self.value(item)
            out.append("}")
        elif isinstance(value, (list, tuple)):
            out.append(f"[{_kind(value)}")
            for item in value:
                self.value(item)
            out.append("]")
        elif isinstance(value, (set, frozenset)):
            out.append(f"<{_kind(value)}")
            out.extend(sorted(self._apart(item) for item in value))
            out.append(">")
        elif isinstance(value, _NAMED):
            out.append(_code(value, self.kept))
        elif isinstance(value, URLWrapper):  # a tag, category or author: its name and slug
            out.append(f"({_kind(value)}")  # (what else it holds is worked out from them)
            self._container([value.name, value.slug])
            out.append(")")
        else:
            self._object(value)

    def _object(self, value: Any) -> None:
        """Walk a value of another kind: a path, an object's attributes, else its repr."""
        out = self.out
        if isinstance(value, os.PathLike):
            out.append(f"{_kind(value)}:{os.fspath(value)!r}")
        elif self.data:
            out.append(_code(type(value), self.kept))
        elif hasattr(value, "__dict__") or hasattr(type(value), "__slots__"):
            out.append(f"({_kind(value)}")
            attributes = dict(getattr(value, "__dict__", {}))
            for slot in _slots(type(value)):
                if hasattr(value, slot):
                    attributes[slot] = getattr(value, slot)
            self._container({k: v for k, v in attributes.items() if k not in _SKIPPED})
            out.append(")")
        else:  # a repr that names an address changes every build: never found again
            out.append(f"{_kind(value)}:{value!r}")

    def _apart(self, value: Any) -> str:
        """Return the tokens of a member of a set, as one string (a set's order is sorted)."""
        part = _Walk(self.names, self.known, self.kept)
        part.value(value)
        self.met.update(part.met)
        self.unsteady |= part.unsteady
        return "\x1f".join(part.out)

    def digest(self) -> str:
        return hashlib.sha256("\x1e".join(self.out).encode("utf-8", "surrogatepass")).hexdigest()


def _code(value: Any, kept: dict | None = None) -> str:
    """Return the token of a function, class or module: its name and its module's file's bytes."""
    module = value if isinstance(value, types.ModuleType) else None
    module = module or sys.modules.get(getattr(value, "__module__", None) or "")
    file = getattr(module, "__file__", None)
    token = textcache._named(value)
    if not file:
        return token
    digest = kept.get(("code", file)) if kept is not None else None
    if digest is None:
        try:
            digest = hashlib.sha256(Path(file).read_bytes()).hexdigest()[:16]
        except OSError:
            digest = os.urandom(8).hex()  # no page of this build is found again
        if kept is not None:
            kept[("code", file)] = digest
    return f"{token}@{digest}"


def _foreign(value: Any) -> bool:
    """Whether a Jinja filter, global or test is neither Jinja's, Pelican's nor Strom's."""
    value = value.func if isinstance(value, functools.partial) else value
    module = getattr(value, "__module__", None) or type(value).__module__
    plugin = module.startswith("pelican.plugins.") and module != "pelican.plugins._utils"
    return not (module.startswith(_KNOWN) or (module.startswith("pelican.") and not plugin))


def _slots(kind: type) -> list[str]:
    """Return the slots of ``kind`` and of the classes it comes from."""
    names = []
    for base in kind.__mro__:
        slots = vars(base).get("__slots__", ())
        names += [slots] if isinstance(slots, str) else list(slots)
    return [name for name in names if name not in ("__dict__", "__weakref__")]


def _name(content: Content) -> str:
    return f"{type(content).__name__}:{content.source_path}:{getattr(content, 'lang', '')}"


def _text(content: Content) -> str:
    return f"{getattr(content, '_content', '') or ''}{getattr(content, '_summary', '') or ''}"


def _attaching(content: Content) -> bool:
    text = _text(content)
    return any(marker in text for marker in _ATTACHING)


def _mirrored(attributes: Mapping[str, Any], key: str, value: Any) -> bool:
    """Whether a metadata entry is also the attribute Pelican made of it (the same object)."""
    name = f"override_{key}" if key in ("save_as", "url") else key.lower()
    return attributes.get(name, _Walk) is value


def _digests(
    content: Content, names: Mapping[int, str], kept: dict[int, tuple]
) -> tuple[str | None, str | None]:
    """Return the digests of a post's or page's attributes and of its text (None: unsteady).

    The text's digest holds the addresses of the posts and files its links
    name, as the text gives them. A text with ``{attach}`` links is not
    rendered here (that would move their files): its digest is of its source.
    """
    walk = _Walk(names, kept=kept)  # the posts it names stand as names (each checked on its own)
    attributes = vars(content)
    apart = _SKIPPED | _SOURCE | {"metadata"}
    walk.value({k: v for k, v in attributes.items() if k not in apart})
    # The metadata Pelican made attributes of are walked once, as attributes.
    metadata = attributes.get("metadata")
    if isinstance(metadata, dict):
        walk.value({k: v for k, v in metadata.items() if not _mirrored(attributes, k, v)})
    if walk.unsteady:
        return None, None
    text = _Walk(names)
    text.value(_text(content))
    if not _attaching(content) and any(marker in _text(content) for marker in _NAMING):
        try:  # as Pelican makes it once and keeps it, for the page to show
            siteurl = content.get_siteurl()
            text.value(content.get_content(siteurl))
            text.value(content.get_summary(siteurl))
        except Exception:  # the page's render reports it
            return walk.digest(), None
    return walk.digest(), (None if text.unsteady else text.digest())


def _template_files(loader: Any, digest: Any) -> None:
    """Add every file of every template folder of ``loader`` to ``digest``."""
    if isinstance(loader, ChoiceLoader):
        for inner in loader.loaders:
            _template_files(inner, digest)
    elif isinstance(loader, PrefixLoader):
        for prefix, inner in sorted(loader.mapping.items()):
            digest.update(prefix.encode())
            _template_files(inner, digest)
    elif isinstance(loader, FileSystemLoader):
        for folder in loader.searchpath:
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    digest.update(str(path.relative_to(folder)).encode() + b"\0")
                    digest.update(path.read_bytes())
    else:  # a loader of another kind: a key of this build alone
        digest.update(os.urandom(16))


def site_key(settings: Mapping[str, Any], environments: list[Any]) -> str:
    """Return the key of all that shapes every page but the context: code, theme, settings."""
    digest = hashlib.sha256(textcache.key_of(settings).encode())
    for env in environments:
        _template_files(env.loader, digest)
        for kind in (env.filters, env.globals, env.tests):
            for name, value in sorted(kind.items()):
                digest.update(f"{name}={_code(value)}".encode())
    for name in ("jinja2", "markupsafe", "pyphen"):
        try:
            digest.update(f"{name} {distributions.version(name)}".encode())
        except distributions.PackageNotFoundError:
            digest.update(name.encode())
    return digest.hexdigest()[:16]


# The page cache of the writing step under way (``fragment``), and a fragment whose
# render was not watched.
_watching: PageCache | None = None
_UNKNOWN = object()


class _Count(logging.Handler):
    """Counts the warnings and errors logged: a page that logged one is not kept."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class PageCache:
    """The page cache of one writing step: the pages it found, those it keeps for the next."""

    def __init__(
        self, store: textcache.TextCache, context: dict[str, Any], settings: Mapping[str, Any]
    ) -> None:
        self.store = store
        self.context = context
        self.settings = settings
        self.hits = self.asked = 0
        # The page just rendered, for a helper to send: its key and entry (None:
        # not kept) and whether it came from the cache; None: not rendered here.
        self.last: tuple[str | None, Any, bool] | None = None
        self._used: set[str] | None = None  # while a page renders: the digests it depends on
        self._unkept = False  # the page being rendered showed a text that cannot be skipped
        self._count = _Count()
        self._environments: list[Any] = []
        self._shared: tuple[str, dict[str, Any], dict[int, str]] | None = None
        self._kept: dict[int, tuple] = {}  # what many pages share, walked once (_Walk)
        # With filters, globals or tests of the site's own, a page depends on
        # every post in its context; else on its own post and what it reads.
        self._deep = any(
            settings.get(name) for name in ("JINJA_FILTERS", "JINJA_GLOBALS", "JINJA_TESTS")
        )
        # Every post's and page's name, then its digests, before any page is written.
        contents = list(build.written_content(context))
        for key in _PATH_MAPS:
            contents += context.get(key, {}).values()
        contents = list({id(item): item for item in contents if isinstance(item, Content)}.values())
        self._names: dict[int, str] = {id(item): sys.intern(_name(item)) for item in contents}
        # Each name's post or page (None: two of one name, which cannot be told
        # apart); its digests are taken when a page first needs them.
        self._named: dict[str, Content | None] = {}
        for content in contents:
            name = self._names[id(content)]
            self._named[name] = None if name in self._named else content
        self._digests: dict[str, str | None] = {"": None}
        # The posts and pages whose text a page from the cache would not render.
        self._attaching = {id(item) for item in contents if _attaching(item)}

    # -- the build's side ------------------------------------------------------------------

    def watch(self, environments: list[Any]) -> None:
        """Watch what the templates of ``environments`` read; count what is logged."""
        global _watching  # the one page cache whose renders are watched
        _watching = self
        for env in environments:
            found = (*env.filters.values(), *env.globals.values(), *env.tests.values())
            self._deep |= any(_foreign(value) for value in found)
            if "getattr" not in vars(env):
                env.getattr = self._watching(env.getattr)
                env.getitem = self._watching(env.getitem)
                self._environments.append(env)
        self.listen()

    def listen(self) -> None:
        """Count the warnings and errors logged from now on (again in a forked helper)."""
        logging.root.addHandler(self._count)

    def finish(self) -> None:
        """Stop watching; write this build's pages and say how many came from the cache."""
        global _watching
        _watching = None
        logging.root.removeHandler(self._count)
        for env in self._environments:
            del env.getattr, env.getitem
        self._environments = []
        self.store.keep(
            lambda error: tr(
                "strom: the page cache {folder} cannot be written: {error}",
                folder=self.store.folder,
                error=error,
            ),
            tr(
                "Page cache: {hits} of {pages} unchanged, {rendered} rendered.",
                hits=self.hits,
                pages=ntr("{count} page", "{count} pages", self.asked),
                rendered=self.asked - self.hits,
            ),
        )

    def template(self, template: Any) -> Any:
        """Return ``template``, rendering through the cache where it has a name."""
        return _Cached(template, self) if getattr(template, "name", None) else template

    def adopt(self, kept: tuple[str | None, Any, bool] | None) -> None:
        """Keep the entry of a page a helper rendered (``last`` there), and count it."""
        if kept is None:  # its template does not render through the cache
            return
        key, entry, hit = kept
        self.asked += 1
        self.hits += hit
        if key is not None and entry is not None:
            names, used, html = entry
            # Each name once in the cache's file, however many pages used it.
            entry = (tuple(map(sys.intern, names)), used, html)
            if hit:
                self.store.kept[(key, "")] = entry
            else:
                self.store.put(key, "", entry)

    # -- both sides ------------------------------------------------------------------------

    def render(self, template: Any, context: dict[str, Any]) -> str:
        """Render one page, or give its HTML from the cache; ``last`` is its entry."""
        self.last = (None, None, False)  # rendered, and not kept
        self.asked += 1
        key, met = self._key(template, context)
        entry = self.store.found.get((key, "")) if key else None
        if entry is not None and self._digest_of(entry[0]) == entry[1]:
            self.hits += 1
            self.store.kept[(key, "")] = entry
            self.last = (key, entry, True)
            return zlib.decompress(entry[2]).decode("utf-8")
        logger.debug("strom: rendered %s (not in the page cache)", context.get("output_file"))
        logged = self._count.count
        # The page's own post or page, shown whole; of the others, what the template reads.
        shown = [value for value in context.values() if isinstance(value, Content)]
        if self._deep:
            shown += met.values()
        used: set[str] = set()
        for content in shown:
            name = self._names.get(id(content), "")
            if name not in self._digests:  # as it was before the page was rendered
                self._take_digests(name)
            used.update((name, name + _OF_TEXT))
        self._used = used
        self._unkept = any(id(content) in self._attaching for content in shown)
        try:
            html = template.render(context)
        finally:
            self._used = None
        if key is None or self._unkept or self._count.count != logged:
            return html
        names = tuple(sorted(used))
        digest = self._digest_of(names)
        if digest is None:
            return html
        entry = (names, digest, zlib.compress(html.encode("utf-8"), 1))
        self.store.put(key, "", entry)
        self.last = (key, entry, False)
        return html

    def _digest_of(self, names: tuple[str, ...]) -> str | None:
        """Return the digest of the digests ``names`` as they are now (None: one is unknown)."""
        digest = hashlib.sha256()
        for name in names:
            found = self._digests.get(name, _Walk)
            if found is _Walk:
                found = self._take_digests(name)
            if found is None:
                return None
            digest.update(found.encode())
        return digest.hexdigest()

    def _take_digests(self, name: str) -> str | None:
        """Take the digests of the post or page of ``name`` (either of its digests' names)."""
        own = name.removesuffix(_OF_TEXT)
        content = self._named.get(own)
        attributes, text = (
            (None, None) if content is None else _digests(content, self._names, self._kept)
        )
        self._digests[own], self._digests[own + _OF_TEXT] = attributes, text
        return self._digests[name]

    def _watching(self, read: Any) -> Any:
        """Return ``read`` (the environment's getattr or getitem), noting the posts it reads."""

        def watched(obj: Any, attribute: Any) -> Any:
            used = self._used
            if used is not None and isinstance(obj, Content):
                name = self._names.get(id(obj), "")  # "" (unknown): the page is not kept
                if name not in self._digests:  # as it was before anything read it
                    self._take_digests(name)
                used.add(name)
                if attribute in _TEXT:
                    used.add(name + _OF_TEXT)
                    self._unkept |= id(obj) in self._attaching
            return read(obj, attribute)

        return watched

    def _key(self, template: Any, context: Mapping[str, Any]) -> tuple[str | None, dict]:
        """Return the key of a page (None: it cannot be kept) and the posts its context holds."""
        digest, snapshot, known = self._shared_part()
        walk = _Walk(self._names, known, self._kept)
        walk.out += [digest, str(template.name)]
        for key, value in context.items():
            if key in _PER_PAGE or snapshot.get(key, _Walk) is not value:
                walk.value(key)
                walk.value(value)
        return (None if walk.unsteady else walk.digest()), walk.met

    def _shared_part(self) -> tuple[str, dict[str, Any], dict[int, str]]:
        """Return the digest of the context every page shares (again when an entry is added)."""
        if self._shared is None or len(self._shared[1]) != len(self.context):
            snapshot = dict(self.context)
            walk = _Walk(self._names, kept=self._kept)
            settings = _Walk(self._names, data=True)
            known: dict[int, str] = {}
            for key, value in snapshot.items():
                if key in _UNKEYED:
                    continue
                # A setting as the settings hold it is in the site's key by its value
                # where JSON holds it; else its data are walked here.
                if key in self.settings and self.settings[key] is value:
                    if not _plain(value):
                        settings.value(key)
                        settings.value(value)
                    continue
                walk.value(key)
                start = len(walk.out)
                walk.value(_in_order(value) if key in _UNORDERED else value)
                known[id(value)] = f"shared:{key}:{start}"
            walk.out.append(settings.digest())
            if walk.unsteady or settings.unsteady:
                walk.out.append(os.urandom(16).hex())  # no page of this build is found again
            self._shared = (walk.digest(), snapshot, known)
        return self._shared


def _plain(value: Any) -> bool:
    """Whether JSON holds ``value`` as it is (the text cache's key holds it by its value)."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def fragment(render: Callable[[], str]) -> tuple[str, Any]:
    """Render a fragment that pages repeat (``strom.once``); return it and what it used.

    Each page that repeats it is given, with ``repeat``, the posts and pages
    the fragment's render read.
    """
    cache = _watching
    if cache is None or cache._used is None:
        return render(), _UNKNOWN
    outer, unkept = cache._used, cache._unkept
    cache._used, cache._unkept = set(), False
    try:
        html = render()
    finally:
        used = (frozenset(cache._used), cache._unkept)
        outer.update(used[0])  # the page's own set, which its render keeps
        cache._used, cache._unkept = outer, unkept or used[1]
    return html, used


def repeat(used: Any) -> None:
    """Count what a fragment used (``fragment``) for the page being rendered."""
    cache = _watching
    if cache is None or cache._used is None:
        return
    if used is _UNKNOWN:  # rendered where nothing was watched: the page is not kept
        cache._unkept = True
        return
    cache._used.update(used[0])
    cache._unkept |= used[1]


def _in_order(value: Any) -> Any:
    """Return a map or list whose order is the order sources were found in, sorted.

    That order is no page's input (a template that followed it would change
    from build to build).
    """
    if isinstance(value, Mapping):
        return dict(sorted(value.items()))
    return sorted(value, key=lambda item: _name(item) if isinstance(item, Content) else repr(item))


class _Cached(build.Wrapped):
    """A template whose pages come from the page cache where nothing they used changed."""

    def __init__(self, template: Any, cache: PageCache) -> None:
        super().__init__(template)
        self._cache = cache

    def render(self, context: dict[str, Any]) -> str:
        return self._cache.render(self._template, context)


def start(
    settings: Mapping[str, Any], context: dict[str, Any], environments: list[Any]
) -> PageCache | None:
    """Return the page cache of the build's writing step, or None when the text cache is off."""
    folder = textcache.folder_of(settings)
    if folder is None or build.current(settings) is None:
        return None
    store = textcache.TextCache(folder, site_key(settings, environments), kind="pages")
    cache = PageCache(store, context, settings)
    cache.watch(environments)
    return cache
