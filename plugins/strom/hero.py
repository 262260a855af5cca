"""Hero and body images: resolving sources, responsive pictures, Open Graph data."""

from __future__ import annotations

import logging
import os
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pelican.contents import Article, Page

from . import build, images
from .images import Derived, ImageProblem, Recipe
from .messages import tr
from .outputs import assets_owner
from .problems import Problem, display_path, report

logger = logging.getLogger(__name__)

# Pelican's own link markers, understood in hero paths and body images.
_MARKER = re.compile(r"^(?:\{(?:static|attach)\}|\|(?:static|attach)\|)")
# The link markers of Pelican's that name a file of the content folder.
_LINK_MARKER = re.compile(r"^(?:\{(?:static|attach|filename)\}|\|(?:static|attach|filename)\|)")
# Names Strom gives derivatives; other files in the output folder are left alone.
_DERIVATIVE = re.compile(r"^[a-z0-9-]+-[0-9a-f]{12}-(?:og-)?\d+\.(?:avif|webp|jpg|png)$")


class SourceProblem(ValueError):
    """An image reference that cannot be served; the message says what to do."""


@dataclass(frozen=True)
class OpenGraph:
    """The image shared by ``og:image``: an absolute URL and, where known, its size."""

    url: str
    width: int | None
    height: int | None
    alt: str


@dataclass(frozen=True)
class Picture:
    """A responsive image as templates render it (``partials/picture.html``).

    ``sources`` are (MIME type, srcset) pairs of the modern formats, best
    first; ``src``/``srcset`` are the fallback format. An image from another
    site has neither sources nor a size.
    """

    src: str
    width: int | None
    height: int | None
    alt: str
    sources: list[tuple[str, str]]
    srcset: str
    sizes: str
    og: OpenGraph | None
    files: frozenset[str] = field(default=frozenset(), repr=False)

    def __str__(self) -> str:
        return self.src


@dataclass(frozen=True)
class External:
    """An http(s) image used as the author gave it (never fetched)."""

    url: str


class Images:
    """The images of one build: the derivative cache and what each source gave."""

    def __init__(self, settings: Mapping[str, Any], parallel: bool = True) -> None:
        self.settings = settings
        self.recipe = Recipe.from_settings(settings)
        self.cache = images.Cache(
            cache_folder(settings),
            workers=workers(settings) if parallel else 1,
            progress=settings.get("STROM_IMAGE_PROGRESS"),
        )
        self._derived: dict[str, Derived | ImageProblem] = {}
        # The source of each derivative file made in this build, to repair a damaged one.
        self._sources: dict[str, str] = {}
        self._resolved: dict[tuple[str, str], str | External | SourceProblem] = {}
        # The first post or page that used each source, for its problems.
        self._users: dict[str, str] = {}
        # Derivatives whose encoding failed (a problem says so): never copied.
        self.failed: set[str] = set()

    def derive(self, path: str, user: str | None = None) -> Derived:
        """Return the derivatives of the file at ``path``; each source is done once a build."""
        key = os.path.realpath(path)
        self._users.setdefault(key, user or path)
        derived = _once(
            self._derived, key, lambda: self.cache.derive(key, self.recipe), ImageProblem
        )
        self._sources.update(dict.fromkeys(derived.names, key))
        return derived

    def repair(self, name: str) -> bool:
        """Encode the source of the damaged cache file ``name`` again; False if unknown."""
        source = self._sources.get(name)
        if source is None:
            return False
        self.cache.forget(images.digest_of(source, self.recipe))
        self.cache.repaired.append(name)
        self._derived.pop(source, None)
        try:
            self.derive(source)
        except ImageProblem:
            return False
        return not self.cache.finish()

    def finish(self) -> list[Problem]:
        """Wait for the sources still being encoded; return a problem for each that failed.

        The problem names the image and the first post or page using it.
        """
        problems = []
        for path, problem in self.cache.finish():
            user = self._users.get(path, path)
            message = tr("image {file} {problem}", file=display_path(path), problem=problem)
            problems.append(Problem(display_path(user), message))
            failed = self._derived.get(path)
            if isinstance(failed, Derived):
                self.failed |= failed.names
            self._derived[path] = problem
        self.cache.close()
        return problems

    def resolve(self, value: str, source_path: str) -> str | External:
        """Return ``resolve(value, source_path)``, looked up once a build per folder."""
        key = (value, os.path.dirname(source_path))
        return _once(
            self._resolved, key, lambda: resolve(value, source_path, self.settings), SourceProblem
        )

    def picture(self, derived: Derived, alt: str) -> Picture:
        """Return the picture of ``derived`` with URLs below ``SITEURL``."""
        base = f"{self.settings['SITEURL'].rstrip('/')}/{images.OUTPUT_DIR}/"
        formats = list(dict.fromkeys(v.format for v in derived.variants))
        sources = [
            (images.MIME[fmt], srcset(base, derived.of_format(fmt)))
            for fmt in formats
            if fmt != derived.fallback
        ]
        fallback = derived.of_format(derived.fallback)
        # The src for browsers without srcset: the widest file up to the OG width.
        fitting = [v for v in fallback if v.width <= self.recipe.og_width] or fallback[:1]
        main = fitting[-1]
        og = OpenGraph(base + derived.og.name, derived.og.width, derived.og.height, alt)
        return Picture(
            src=base + main.name,
            width=main.width,
            height=main.height,
            alt=alt,
            sources=sources,
            srcset=srcset(base, fallback),
            sizes=self.settings["STROM_IMAGE_SIZES"],
            og=og,
            files=frozenset(derived.names),
        )


def _once(results: dict, key: Any, compute: Any, problem: type[Exception]) -> Any:
    """Return ``compute()``, or raise its ``problem``, remembered under ``key``."""
    if key not in results:
        try:
            results[key] = compute()
        except problem as error:
            results[key] = error
    result = results[key]
    if isinstance(result, problem):
        raise result
    return result


def srcset(base: str, variants: Iterable[images.Variant]) -> str:
    """Return a ``srcset`` value: each file with its width."""
    return ", ".join(f"{base}{v.name} {v.width}w" for v in variants)


def workers(settings: Mapping[str, Any]) -> int:
    """Return ``STROM_WORKERS``, or the number of cores this process may use."""
    wanted = settings.get("STROM_WORKERS")
    if wanted:
        return wanted
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def cache_folder(settings: Mapping[str, Any]) -> str:
    """Return ``STROM_IMAGE_CACHE``, or ``.cache/strom-images`` beside the content folder."""
    folder = settings.get("STROM_IMAGE_CACHE")
    if folder:
        return folder
    content = os.path.abspath(settings["PATH"])
    return os.path.join(os.path.dirname(content), ".cache", "strom-images")


def current(settings: Mapping[str, Any]) -> Images:
    """Return the images of the running build; a reader used alone gets images of its own."""
    running = build.current(settings)
    if running is None:
        return Images(settings, parallel=False)  # nothing would wait for workers
    if running.images is None or running.images.settings is not settings:
        running.images = Images(settings)
    return running.images


def generator(pelican: Any) -> type[ImagesGenerator]:
    """Add the generator that writes the derivatives the pages use (``get_generators``)."""
    return ImagesGenerator


# -- Where an image is ---------------------------------------------------------------------


def resolve(value: str, source_path: str, settings: Mapping[str, Any]) -> str | External:
    """Return the file an image reference names, or the http(s) URL to use as given.

    ``/x.jpg`` is looked up in the public folder, then the content root;
    ``x.jpg`` and ``./x.jpg`` next to the source, then in the public folder;
    ``{static}/x.jpg`` (Pelican) from the content root, ``{static}x.jpg``
    next to the source. Nothing outside the content folder is ever read.
    """
    value = value.strip()
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") and parts.netloc:
        return External(value)
    if not scheme and value.startswith("//") and parts.netloc:
        return External("https:" + value)
    if scheme:
        raise SourceProblem(
            tr(
                "'{value}' is a {scheme}: URL, which is never put in a page; "
                "name a file of the site or an https:// URL",
                value=_shown(value),
                scheme=scheme,
            )
        )
    content = os.path.abspath(settings["PATH"])
    public = os.path.join(content, settings["STROM_PUBLIC_DIR"].strip("/"))
    here = os.path.dirname(os.path.abspath(source_path))
    path = unquote(parts.path)
    marker = _MARKER.match(path)
    if marker:
        path = path[marker.end() :]
        candidates = [
            os.path.join(content, path.lstrip("/"))
            if path.startswith("/")
            else os.path.join(here, path)
        ]
    elif path.startswith("/"):
        candidates = [
            os.path.join(public, path.lstrip("/")),
            os.path.join(content, path.lstrip("/")),
        ]
    else:
        candidates = [os.path.join(here, path), os.path.join(public, path)]
    if not path.strip("/"):
        raise SourceProblem(tr("is empty; name an image file"))
    inside = [os.path.normpath(c) for c in candidates if _within(os.path.normpath(c), content)]
    if not inside:
        raise SourceProblem(
            tr(
                "'{value}' leaves the content folder; put the image in {folder} "
                "or next to the post",
                value=value,
                folder=display_path(public),
            )
        )
    for candidate in inside:
        if os.path.isfile(candidate):
            if not _within(os.path.realpath(candidate), os.path.realpath(content)):
                raise SourceProblem(
                    tr(
                        "'{value}' is a link to a file outside the content folder; "
                        "copy the file in",
                        value=value,
                    )
                )
            return candidate
    looked = ", ".join(display_path(c) for c in inside)
    raise SourceProblem(
        tr(
            "'{value}' not found; looked in {looked}; add the file or fix the path",
            value=value,
            looked=looked,
        )
    )


def _within(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def _shown(value: str) -> str:
    """Return a URL shortened for a message (``data:`` URLs run to megabytes)."""
    return value if len(value) <= 60 else value[:57] + "..."


# -- Heroes --------------------------------------------------------------------------------


def attach_hero(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """Replace the ``hero`` path of a post or page that is written with its picture."""
    content = instance if instance is not None else sender
    if not isinstance(content, (Article, Page)):
        return
    content.hero = None
    if not build.is_written(content):
        return  # a draft the site does not write: its images are not published
    for message in content.metadata.get("strom_image_problems", ()):
        report(Problem(display_path(content.source_path), message))
    raw = content.metadata.get("hero")
    if not raw:
        return
    settings = content.settings
    alt = str(content.metadata.get("hero_alt") or "")
    try:
        content.hero = picture_for(str(raw), content.source_path, alt, settings)
    except SourceProblem as problem:
        key, line = hero_key(content.metadata)
        report(Problem(display_path(content.source_path), str(problem), field=key, line=line))
        return
    if not alt:
        logger.warning(
            "%s: %s",
            display_path(content.source_path),
            tr(
                "the hero image has no alt text and is treated as decorative; "
                "describe it with 'heroAlt: ...' (Jekyll: 'image: {{path: ..., alt: ...}}')"
            ),
        )


def check_heroes(sources: Iterable[Any], settings: Mapping[str, Any]) -> Iterator[Problem]:
    """`strom check`: each written source's hero is an image Strom can use (nothing encoded)."""
    seen: dict[str, ImageProblem | None] = {}  # posts share their heroes: each file once
    for source in sources:
        content = source.content
        raw = source.metadata.get("hero")
        if content is None or not raw or not getattr(content, "save_as", ""):
            continue
        try:
            verified(str(raw), content.source_path, settings, seen)
        except SourceProblem as problem:
            key, line = hero_key(content.metadata)
            yield Problem(source.path, str(problem), field=key, line=line)


def _unusable(value: str, path: str, problem: ImageProblem) -> SourceProblem:
    return SourceProblem(
        tr("'{value}' ({file}) {problem}", value=value, file=display_path(path), problem=problem)
    )


def picture_for(value: str, source_path: str, alt: str, settings: Mapping[str, Any]) -> Picture:
    """Return the picture of an image reference in ``source_path``; raise ``SourceProblem``."""
    images_ = current(settings)
    source = images_.resolve(value, source_path)
    if isinstance(source, External):
        return external_picture(source.url, alt, settings)
    try:
        derived = images_.derive(source, source_path)
    except ImageProblem as problem:
        raise _unusable(value, source, problem) from None
    return images_.picture(derived, alt)


def external_picture(url: str, alt: str, settings: Mapping[str, Any]) -> Picture:
    """Return the picture of an image on another site: its URL, no size known."""
    return Picture(
        url, None, None, alt, [], "", settings["STROM_IMAGE_SIZES"], OpenGraph(url, None, None, alt)
    )


def hero_key(metadata: Mapping[str, Any]) -> tuple[str, int | None]:
    """Return the front-matter key that gave the hero (as written) and its line."""
    return (metadata.get("strom_keys") or {}).get("hero", ("hero", None))


# -- Images in the text --------------------------------------------------------------------


class BodyImages(Treeprocessor):
    """Turns each ``<img>`` of a post's own files into a responsive ``<picture>``."""

    def __init__(
        self, md: Any, settings: Mapping[str, Any], derive: bool = True, ahead: bool = False
    ) -> None:
        super().__init__(md)
        self.settings = settings
        # strom check resolves and verifies each image, but encodes nothing;
        # what each file gave is kept for the texts that follow.
        self.derive = derive
        # Read ahead by a worker (parallel.py): a text with an image is left
        # to the build, whose one image cache encodes its derivatives.
        self.ahead = ahead
        self.verified: dict[str, ImageProblem | None] = {}
        self.source_path = ""
        self.files: set[str] = set()
        self.problems: list[str] = []

    def start(self, source_path: str) -> None:
        """Begin the text of ``source_path``."""
        self.source_path = source_path
        self.files = set()
        self.problems: list[str] = []

    def run(self, root: etree.Element) -> None:
        """Replace each local image by its picture; drop images that cannot be served."""
        self.refuse_links_out(root)
        parents = {child: parent for parent in root.iter() for child in parent}
        for img in list(root.iter("img")):
            if self.ahead:
                raise ReadInMain(self.source_path)
            src = img.get("src", "")
            try:
                if not self.derive:
                    verified(src, self.source_path, self.settings, self.verified)
                    continue
                picture = picture_for(src, self.source_path, img.get("alt", ""), self.settings)
            except SourceProblem as problem:
                self.problems.append(tr("image in the text: {problem}", problem=problem))
                _replace(parents, img, None)
                continue
            if not picture.files:  # another site's image: as written, loaded when seen
                img.set("loading", "lazy")
                img.set("decoding", "async")
                continue
            self.files |= picture.files
            _replace(parents, img, picture_element(picture, img.get("title")))

    def refuse_links_out(self, root: etree.Element) -> None:
        """Unlink Pelican's ``{static}`` and ``{filename}`` links that leave the content folder.

        Pelican would copy the file they name next to (or above) the output
        folder; the link loses its target and the post has a problem.
        """
        content = os.path.realpath(self.settings["PATH"])
        here = os.path.dirname(os.path.realpath(self.source_path or content))
        for link in root.iter("a"):
            href = link.get("href", "")
            marker = _LINK_MARKER.match(href)
            if not marker:
                continue
            target = unquote(urlsplit(href[marker.end() :]).path)
            base = content if target.startswith("/") else here
            named = os.path.join(base, target.lstrip("/"))
            if not _within(os.path.realpath(named), content):
                self.problems.append(
                    tr(
                        "link '{link}' leaves the content folder; link a file inside it",
                        link=_shown(href),
                    )
                )
                del link.attrib["href"]


def _replace(parents: dict, old: etree.Element, new: etree.Element | None) -> None:
    """Put ``new`` where ``old`` was (or nothing), keeping the text after it."""
    parent = parents[old]
    index = list(parent).index(old)
    parent.remove(old)
    if new is not None:
        new.tail = old.tail
        parent.insert(index, new)
    elif old.tail:
        if index:
            before = parent[index - 1]
            before.tail = (before.tail or "") + old.tail
        else:
            parent.text = (parent.text or "") + old.tail


def picture_element(picture: Picture, title: str | None = None) -> etree.Element:
    """Return ``<picture>`` for a body image, as ``partials/picture.html`` renders a hero."""
    element = etree.Element("picture")
    for mime, files in picture.sources:
        etree.SubElement(element, "source", type=mime, srcset=files, sizes=picture.sizes)
    img = etree.SubElement(
        element,
        "img",
        src=picture.src,
        srcset=picture.srcset,
        sizes=picture.sizes,
        alt=picture.alt,
        width=str(picture.width),
        height=str(picture.height),
        loading="lazy",
        decoding="async",
    )
    if title:
        img.set("title", title)
    return element


class ReadInMain(Exception):
    """A text read ahead by a worker that the build must read itself (it has images)."""


class BodyImagesExtension(Extension):
    """Registers ``BodyImages`` after Markdown's inline patterns have made the images."""

    def __init__(
        self, settings: Mapping[str, Any], derive: bool = True, ahead: bool = False
    ) -> None:
        super().__init__()
        self.settings = settings
        self.derive = derive
        self.ahead = ahead
        self.processor: BodyImages | None = None

    def extendMarkdown(self, md: Any) -> None:
        """Add the tree processor to ``md``."""
        self.processor = BodyImages(md, self.settings, self.derive, self.ahead)
        md.treeprocessors.register(self.processor, "strom_images", 15)


def verified(
    value: str,
    source_path: str,
    settings: Mapping[str, Any],
    seen: dict[str, ImageProblem | None] | None = None,
) -> None:
    """Raise ``SourceProblem`` unless ``value`` names an image Strom can use (nothing encoded).

    ``seen`` keeps what each file gave, so that a file many posts use is decoded once.
    """
    found = resolve(value, source_path, settings)
    if isinstance(found, External):
        return
    seen = {} if seen is None else seen
    if found not in seen:
        try:
            images.verify(found)
            seen[found] = None
        except ImageProblem as problem:
            seen[found] = problem
    if seen[found] is not None:
        raise _unusable(value, found, seen[found])


# -- Writing -------------------------------------------------------------------------------


class ImagesGenerator:
    """Copies the derivatives that written pages use into the output; removes the rest."""

    def __init__(self, context, settings, path, theme, output_path, **kwargs) -> None:
        self.context = context
        self.settings = settings
        self.output_path = output_path

    def generate_output(self, writer: Any) -> None:
        """Bring ``assets/img/`` in line with the pages: copy what is new, drop what is unused."""
        state = current(self.settings)
        for problem in state.finish():
            report(problem)
        needed = self.needed()
        target = Path(self.output_path, images.OUTPUT_DIR)
        running = build.current(self.settings)
        copied = 0
        owner = assets_owner()
        for name, user in sorted(needed.items()):
            if name in state.failed:
                continue
            refused = (
                running.outputs.claim(f"{images.OUTPUT_DIR}/{name}", owner) if running else None
            )
            if refused is not None:
                report(refused)
            elif not state.cache.current(name, target / name):
                target.mkdir(parents=True, exist_ok=True)
                if self.copy(state, name, target / name):
                    copied += 1
                else:
                    report(
                        Problem(
                            display_path(user),
                            tr(
                                "image {name} is missing or damaged in the cache "
                                "{folder}; build again with --ignore-cache",
                                name=name,
                                folder=display_path(str(state.cache.folder)),
                            ),
                        )
                    )
        # Derivatives no page uses, and halves an interrupted build left behind.
        stale = [
            path
            for path in (target.iterdir() if target.is_dir() else ())
            if (path.name not in needed and _DERIVATIVE.match(path.name))
            or path.name.startswith(".tmp-")
        ]
        for path in stale:
            path.unlink()
        logger.info(
            "%s",
            tr(
                "strom: images: {encoded} derivatives encoded, {copied} copied to {folder}, "
                "{removed} unused removed",
                encoded=state.cache.encoded,
                copied=copied,
                folder=images.OUTPUT_DIR,
                removed=len(stale),
            ),
        )
        if state.cache.repaired:
            logger.warning(
                "%s",
                tr(
                    "strom: images: {count} damaged entries of the cache {folder} were "
                    "encoded again",
                    count=len(state.cache.repaired),
                    folder=display_path(str(state.cache.folder)),
                ),
            )

    def needed(self) -> dict[str, str]:
        """Return each derivative the written pages use, with the first source using it."""
        needed: dict[str, str] = {}
        for item in build.written_content(self.context):
            hero = getattr(item, "hero", None)
            names = set(getattr(item, "strom_images", ()))
            if isinstance(hero, Picture):
                names |= hero.files
            for name in names:
                if _DERIVATIVE.match(name):  # a file name of the cache, never a path
                    needed.setdefault(name, item.source_path)
        return needed

    @staticmethod
    def copy(state: Images, name: str, target: Path) -> bool:
        """Copy a derivative from the cache; one missing or changed there is encoded again."""
        return state.cache.copy(name, target) or (
            state.repair(name) and state.cache.copy(name, target)
        )
