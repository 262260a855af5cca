"""Reading ahead on every core: the sources' Markdown, the one large block of independent work.

When Pelican asks for its first source, worker processes (forked, so that
they start at once with the settings and Strom loaded) read every post and
page that no cache holds, in Pelican's order; Pelican then gets each text
from them as it asks for it. A worker runs the same ``StromReader.read`` as
the build would, and the build sees the same outcome: the HTML and metadata,
or the problems of the file, and what the reader logged, logged again in the
build in the order Pelican reads. A text with images is read in the build
itself (its derivatives belong to the build's one image cache), and so is any
file a worker could not read or return: it is read again where every error
is reported as it always is. ``STROM_WORKERS = 1`` reads everything in one
process.
"""

from __future__ import annotations

import copy
import logging
import multiprocessing
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from pelican.urlwrappers import URLWrapper

from . import build, hyphens, textcache
from .hero import ReadInMain, workers
from .problems import ContentError

logger = logging.getLogger(__name__)


class Reads:
    """The sources read ahead in one build, by absolute path, until the build takes them."""

    def __init__(self, settings: Mapping[str, Any], paths: Iterable[str], count: int) -> None:
        self.settings = settings
        context = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(
            count, mp_context=context, initializer=_start, initargs=(settings,)
        )
        # First, so that it is never cancelled: the rendering needs it (hyphens.py).
        hyphens.parse_ahead(settings["DEFAULT_LANG"], self._pool.submit)
        self._futures: dict[str, Future] = {path: self._pool.submit(_read, path) for path in paths}

    def take(self, path: str) -> Any:
        """Return what a worker read of ``path`` (``unpack`` gives it) and its bytes' digest.

        None: the build reads the file itself (never read ahead, or the worker
        could not read or return it).
        """
        future = self._futures.pop(path, None)
        if future is None:
            return None
        try:
            return future.result()
        except Exception:  # a worker died, or its answer could not be sent: read it here
            return None
        finally:
            if not self._futures:  # the last one: the workers are done
                self.close()

    def close(self) -> None:
        """Stop the workers; what they have not read is read by the build."""
        self._futures.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)


def read_ahead(generator: Any) -> None:
    """Start reading every post and page ahead (``article_generator_preread``, first call).

    Nothing is read ahead with one worker, without fork (Windows, macOS'
    default is kept), or when every source is in Pelican's content cache.
    """
    running = build.current(generator.settings)
    if running is None or running.reads is not None:
        return
    running.reads = False  # once a build, whatever follows
    settings = generator.settings
    count = workers(settings)
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return
    paths = []
    for folders, exclude in (
        (settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
        (settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]),
    ):
        for relative in generator.get_files(folders, exclude=exclude):
            if _uncached(generator, relative):
                paths.append(os.path.abspath(os.path.join(generator.path, relative)))
    if len(paths) >= 2 * count:  # a handful of files is read sooner than workers start
        try:
            running.reads = Reads(settings, paths, count)
        except OSError as error:  # no processes to be had: everything is read here
            logger.debug("strom: reading in one process: %s", error)


def taken(settings: Mapping[str, Any], path: str) -> Any:
    """Return what a worker read of ``path`` for the running build, or None (read it here)."""
    running = build.current(settings)
    reads = running.reads if running is not None else None
    return reads.take(os.path.abspath(path)) if reads else None


def pack(outcome: tuple, records: list[logging.LogRecord]) -> tuple:
    """Return a reading's ``outcome`` and log as they travel and are cached: without settings.

    ``outcome`` is ``("read", html, metadata)`` or ``("problems", problems)``.
    """
    if outcome[0] == "read":
        outcome = ("read", outcome[1], _portable(outcome[2]))
    return outcome, records


def unpack(packed: tuple, settings: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """Log what the reading logged; return its HTML and metadata, or raise its problems."""
    (kind, *values), records = packed
    replay(records)
    if kind == "problems":
        raise ContentError(values[0])
    content, metadata = values
    return content, _restored(metadata, settings)


def replay(records: Iterable[logging.LogRecord]) -> None:
    """Log in this build what another process logged (``Log``'s records)."""
    for record in records:
        found = logging.getLogger(record.name)
        if found.isEnabledFor(record.levelno):  # as it is logged in this build
            found.handle(record)


class _Keep(logging.Handler):
    """Keeps a copy of each record, its message formatted (the arguments may not travel)."""

    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        """Keep a copy of ``record`` that can travel."""
        kept = copy.copy(record)
        kept.msg, kept.args = record.getMessage(), None
        kept.exc_info = kept.exc_text = None
        self.records.append(kept)


class Log:
    """Keeps a copy of every record logged while it is in use (``with Log() as log``)."""

    def __init__(self) -> None:
        self.records: list[logging.LogRecord] = []
        self._handler = _Keep(self.records)

    def __enter__(self) -> Log:
        logging.root.addHandler(self._handler)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.root.removeHandler(self._handler)


def kept_log() -> Log:
    """In a forked process: log nothing of its own from now on, keep every record for the build."""
    for found in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(found, logging.Logger):
            found.handlers = []
    logging.root.handlers = []
    return Log().__enter__()


def stop(generators: list[Any]) -> None:
    """Stop the workers of the running build, if any are left (``all_generators_finalized``)."""
    running = build.current(generators[0].settings) if generators else None
    if running is not None and running.reads:
        running.reads.close()


def _uncached(generator: Any, relative: str) -> bool:
    """Whether no cache (Pelican's two, Strom's text cache) holds the source ``relative``."""
    if os.path.splitext(relative)[1][1:] not in _EXTENSIONS:
        return False
    if generator.get_cached_data(relative, None) is not None:
        return False
    absolute = os.path.abspath(os.path.join(generator.path, relative))
    if generator.readers.get_cached_data(absolute, (None, None))[0] is not None:
        return False
    texts = textcache.current(generator.settings)
    reader = generator.readers.readers.get(os.path.splitext(relative)[1][1:])
    key = reader.cache_key(absolute) if texts and hasattr(reader, "cache_key") else None
    return key is None or key not in texts.found


# -- In the worker -------------------------------------------------------------------------

_EXTENSIONS = ("md", "markdown", "mkd", "mdown")  # StromReader.file_extensions
_reader: Any = None
_log: Log | None = None


def _start(settings: Mapping[str, Any]) -> None:
    """Begin a worker: its own reader, and its log kept for the build."""
    from .reader import StromReader  # noqa: PLC0415 (reader imports this module)

    global _reader, _log
    _log = kept_log()
    _reader = StromReader(settings, ahead=True)


def _read(path: str) -> tuple | None:
    """Read ``path`` as the build would: ``pack``'s answer and the digest of the bytes read.

    None where the build must read it itself (a text with images, an error
    the build reports as it always does, a file saved while it was read).
    """
    _log.records.clear()
    before = _reader.cache_key(path)
    try:
        content, metadata = _reader.read(path)
        outcome: tuple = ("read", content, metadata)
    except ContentError as error:
        outcome = ("problems", error.problems)
    except ReadInMain:  # a text with images
        return None
    except Exception:  # read again by the build, which reports it as it always does
        return None
    if _reader.cache_key(path) != before:
        return None
    return pack(outcome, list(_log.records)), before[1] if before else None


class _Named:
    """A tag, category or author on its way from a worker: its class and name, not the settings."""

    def __init__(self, kind: type, name: str) -> None:
        self.kind, self.name = kind, name


def _portable(metadata: dict[str, Any]) -> dict[str, Any]:
    def portable(value: Any) -> Any:
        if isinstance(value, URLWrapper):
            return _Named(type(value), value.name)
        if isinstance(value, list):
            return [portable(item) for item in value]
        return value

    return {key: portable(value) for key, value in metadata.items()}


def _restored(metadata: dict[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    def restored(value: Any) -> Any:
        if isinstance(value, _Named):
            return value.kind(value.name, settings)
        if isinstance(value, list):
            return [restored(item) for item in value]
        return value

    return {key: restored(value) for key, value in metadata.items()}
