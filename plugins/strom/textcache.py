"""The texts of earlier builds: a source whose bytes did not change is not read again.

An entry is the HTML and metadata a source gave, and what its reading
logged, under the source's path and the SHA-256 of its bytes. The whole cache
is kept under one key of everything else that shapes a text: Strom's own code,
the theme, the settings (the front-matter table among them) and the bytes of
the settings file, Python's version and those of Pelican, Python-Markdown,
Pygments, PyYAML, Babel and dateutil. A change of any of them starts an empty
cache (the files of the last other keys are kept), so a cached text is always
the one a fresh read gives. Texts with images (their derivatives belong to the
build's image cache), with shortcodes and Liquid (they name other posts) or
with ``{static}`` and ``{filename}`` links (they name other files) are read
every time.

``STROM_TEXT_CACHE``: the folder (default ``.cache/strom-texts`` beside the
content folder), or False for none.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import sys
from collections.abc import Callable, Mapping
from importlib import metadata as distributions
from pathlib import Path
from typing import Any

from pelican.log import console

from . import build
from .messages import ntr, tr
from .problems import Problem, settings_file

logger = logging.getLogger(__name__)

PLUGIN = Path(__file__).resolve().parent
# Settings that name where the build writes, whether it empties that folder first
# (pelican --delete-output-directory, as a deploy builds), or hold its running
# state: no text or page depends on them.
_UNKEYED = frozenset(
    {
        *("OUTPUT_PATH", "DELETE_OUTPUT_DIRECTORY", "OUTPUT_RETENTION", build.SLOT),
        *("STROM_TEXT_CACHE", "STROM_WORKERS", "STROM_FAIL_ON_PROBLEMS"),
    }
)
# The cache files of other keys kept beside the current one (make html, make
# publish and strom serve --reload each have their own settings).
KEPT_KEYS = 3


class TextCache:
    """The cache of one build: the entries it found, and those it keeps for the next."""

    def __init__(self, folder: Path, key: str, kind: str = "texts") -> None:
        self.folder = folder
        self.kind = kind  # the page cache keeps its pages in a TextCache too (pagecache.py)
        self.file = folder / f"{kind}-{key}.pickle"
        self.found: dict[tuple[str, str], Any] = {}
        self.kept: dict[tuple[str, str], Any] = {}
        self.hits = self.asked = 0
        self.changed = False  # an entry was put: the file is written again
        try:
            with open(self.file, "rb") as handle:
                found = pickle.load(handle)
            self.found = found if isinstance(found, dict) else {}
        except Exception:  # none yet, or damaged (any error of unpickling): every text is read
            self.found = {}

    def get(self, name: str, digest: str) -> Any:
        """Return the entry of ``name`` with bytes ``digest``, or None; a hit is kept."""
        self.asked += 1
        entry = self.found.get((name, digest))

        if entry is not None:
            self.kept[(name, digest)] = entry
            self.hits += 1
        return entry

    def put(self, name: str, digest: str, entry: Any) -> None:
        """Keep ``entry`` for ``name`` with bytes ``digest``."""
        self.kept[(name, digest)] = entry
        self.changed = True

    def save(self) -> None:
        """Write this build's entries (a deleted source's are dropped); drop older keys' files."""
        if self.changed or self.kept.keys() != self.found.keys() or not self.file.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = self.file.with_suffix(f".{os.getpid()}.partial")
            with open(partial, "wb") as handle:
                pickle.dump(self.kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, self.file)
        others = sorted(
            (path for path in self.folder.glob(f"{self.kind}-*.pickle") if path != self.file),
            key=lambda path: path.stat().st_mtime,
            reverse=True,
        )
        for other in others[KEPT_KEYS - 1 :]:
            other.unlink(missing_ok=True)

    def keep(self, failed: Callable[[Exception], str], said: str) -> None:
        """Save, warning ``failed(error)`` when that fails; then print ``said``, the build's line.

        Printed like the search index's line and Pelican's own "Done:" line.
        """
        try:
            self.save()
        except Exception as error:  # the disk, or a value that cannot be pickled
            logger.warning("%s", failed(error))
        console.print(said, soft_wrap=True, highlight=False, markup=False)


def folder_of(settings: Mapping[str, Any]) -> Path | None:
    """Return the cache folder of ``STROM_TEXT_CACHE``, or None when it is turned off."""
    chosen = settings.get("STROM_TEXT_CACHE")
    if chosen is False:
        return None
    if chosen:
        return Path(chosen)
    return Path(os.path.abspath(settings["PATH"])).parent / ".cache" / "strom-texts"


def key_of(settings: Mapping[str, Any]) -> str:
    """Return the key of everything but a source's own bytes that shapes its text."""
    digest = hashlib.sha256()
    for folder in (PLUGIN, Path(settings["THEME"])):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    digest.update(sys.version.encode())  # unicodedata shapes slugs and ids
    # pelicanconf.py may hold code (converters, Markdown extensions): its bytes.
    named = settings.get("STROM_SETTINGS_FILE")
    files = [Path(named).resolve()] if named else []
    files.append((Path(settings["PATH"]).parent / "pelicanconf.py").resolve())
    for path in dict.fromkeys(files):  # in this order: a set's would change with the hash seed
        if path.is_file():
            digest.update(path.read_bytes())
    # A build that logs no warnings (pelican -q) has none to keep with its texts.
    digest.update(str(logging.getLogger("pelican").isEnabledFor(logging.WARNING)).encode())
    for name in ("pelican", "markdown", "pygments", "pyyaml", "babel", "python-dateutil"):
        try:
            digest.update(f"{name} {distributions.version(name)}".encode())
        except distributions.PackageNotFoundError:
            digest.update(name.encode())
    shaping = {name: value for name, value in settings.items() if name not in _UNKEYED}
    try:
        digest.update(json.dumps(shaping, sort_keys=True, default=_named).encode())
    except (TypeError, ValueError):  # keys JSON cannot sort: a key of this build alone
        digest.update(os.urandom(16))
    return digest.hexdigest()[:16]


def _named(value: Any) -> Any:
    """Name a setting's value that JSON cannot hold, steadily from build to build."""
    if isinstance(value, (set, frozenset)):
        return sorted(map(repr, value))
    name = getattr(value, "__qualname__", None) or type(value).__qualname__
    return f"{getattr(value, '__module__', None) or type(value).__module__}.{name}"


def setting_problems(settings: Mapping[str, Any]) -> list[Problem]:
    """Return a problem when STROM_TEXT_CACHE is neither a folder path, None nor False."""
    chosen = settings.get("STROM_TEXT_CACHE")
    if chosen is None or chosen is False or (isinstance(chosen, str) and chosen.strip()):
        return []
    return [
        Problem(
            settings_file(settings),
            tr(
                "must be a folder path, None (.cache/strom-texts beside the content folder) "
                "or False (no text cache), got {value}",
                value=repr(chosen),
            ),
            field="STROM_TEXT_CACHE",
        )
    ]


def current(settings: Mapping[str, Any]) -> TextCache | None:
    """Return the text cache of the running build (opened on first use), or None."""
    running = build.current(settings)
    if running is None:
        return None
    if running.texts is None:
        folder = folder_of(settings)
        running.texts = TextCache(folder, key_of(settings)) if folder else False
    return running.texts or None


def cacheable(metadata: Mapping[str, Any]) -> bool:
    """Whether a text that gave ``metadata`` may be cached: it has no images."""
    return not metadata.get("strom_images") and not metadata.get("strom_image_problems")


def save(generators: list[Any]) -> None:
    """Write the running build's text cache (``all_generators_finalized``)."""
    running = build.current(generators[0].settings) if generators else None
    texts = running.texts if running is not None else None
    if not texts:
        return
    texts.keep(
        lambda error: tr(
            "strom: the text cache {folder} cannot be written: {error}",
            folder=texts.folder,
            error=error,
        ),
        tr(
            "Text cache: {hits} of {texts} unchanged, {read} read.",
            hits=texts.hits,
            texts=ntr("{count} text", "{count} texts", texts.asked),
            read=texts.asked - texts.hits,
        ),
    )
