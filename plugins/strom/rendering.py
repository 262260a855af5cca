"""Rendering pages on every core: the posts', pages' and lists' templates, the other large block.

When Pelican starts writing the posts, forked helpers (``STROM_WORKERS``
processes in all, counting the build's own) run the same posts' and pages'
output code as the build. Each renders and writes the pages that fall to it
by the hash of their file name, and sends the HTML back. The build takes
every page in Pelican's order and gives it to Pelican's signals: the
sitemap, the output map and the search index see each page as in one
process, and the files are the same bytes (``tests/test_reproducible.py``).
A helper writes only its own pages' files, the first time each is written
and never one Pelican may keep from an earlier write; its other files go to
the null device, its signals are muted, it only reads the compiled
templates, and what it logged while rendering a page is logged by the build
when it takes that page. A page a helper could not render, write or send
before it ended is rendered and written by the build, which reports any
error as it always does.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import pickle
import posixpath
import signal
import sys
import threading
import zlib
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from . import build, hyphens, pagecache, parallel
from .hero import workers
from .writer import StromWriter

logger = logging.getLogger(__name__)

# Fewer posts and pages than this are rendered sooner than a helper starts.
MIN_SOURCES = 16
# A helper that sends nothing for this long is given up: the build renders the rest.
PATIENCE = 120.0

# The signals Pelican sends while writing posts and pages; a helper sends none.
_WRITING_SIGNALS = (
    "content_written",
    "feed_generated",
    "feed_written",
    "article_writer_finalized",
    "page_writer_finalized",
)


def owner(name: str, count: int) -> int:
    """Return which of ``count`` processes renders the output file ``name`` (0: the build)."""
    return zlib.crc32(name.encode("utf-8", "surrogatepass")) % count


def share(generators: list[Any]) -> None:
    """Let the posts' and pages' output be rendered on every core (``all_generators_finalized``).

    Pelican writes the posts and then the pages; both become one step here,
    during which the helpers run. Nothing is shared with one worker, without
    fork, or for a handful of sources.
    """
    articles = next((g for g in generators if type(g) is ArticlesGenerator), None)
    pages = next((g for g in generators if type(g) is PagesGenerator), None)
    if articles is None or pages is None:
        return
    if generators.index(pages) != generators.index(articles) + 1:
        return  # another generator writes between them
    settings = articles.settings
    running = build.current(settings)
    count = workers(settings)
    sources = len(articles.articles) + len(articles.translations) + len(pages.pages)
    helped = (
        running is not None
        and count >= 2
        and sources >= MIN_SOURCES
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if helped:
        hyphens.ready(settings["DEFAULT_LANG"])  # parsed once, not in every helper
    write_articles, write_pages = articles.generate_output, pages.generate_output
    environments = [articles.env, pages.env]

    def generate_output(writer: Any) -> None:
        if not isinstance(writer, StromWriter):  # it would write a helper's files
            write_articles(writer)
            write_pages(writer)
            return
        cache = pagecache.start(settings, articles.context, environments)
        writer.cache = cache
        try:
            if not helped:
                write_articles(writer)
                write_pages(writer)
                return
            with Shared(count, environments, cache) as shared:
                writer.shared = shared if shared.active or shared.index else None
                try:
                    write_articles(writer)
                    write_pages(writer)
                finally:
                    writer.shared = None
        finally:  # only the build gets here: a helper ends as it leaves the step
            writer.cache = None
            if cache is not None:
                cache.finish()

    articles.generate_output = generate_output
    pages.generate_output = lambda writer: None


class Shared:
    """The helpers of one writing step; in a helper, its side of the step.

    ``with Shared(count) as shared:`` forks ``count - 1`` helpers. In the
    build, ``shared.template(t)`` is a template whose pages come from their
    helper where one renders them; in a helper it renders the helper's pages
    and sends them, and leaving the block ends the helper's process.
    """

    def __init__(
        self,
        count: int,
        environments: list[Any] | None = None,
        cache: pagecache.PageCache | None = None,
    ) -> None:
        self.count = count
        self.cache = cache  # the page cache; a helper sends each page's entry with it
        self.index = 0  # 0 in the build, 1.. in a helper
        self.active = False
        self._seen: dict[str, int] = {}
        self._helpers: list[_Helper] = []
        self._out: Any = None
        self._log: parallel.Log | None = None  # in a helper: what it logs, for the build
        self._pending: tuple | None = None  # a helper's page, rendered, its file not yet written
        self._opened: set[str] = set()  # the files of a helper's pages, written or not
        # The Jinja environments of the step's generators, whose caches a helper only reads.
        self.environments: list[Any] = environments or []
        # The output file of the page the build just took, which its helper wrote.
        self.written_elsewhere: str | None = None

    # -- both sides ----------------------------------------------------------------------

    def __enter__(self) -> Shared:
        sys.stdout.flush()
        sys.stderr.flush()
        # The helpers share the build's objects without copying them, and no
        # collection in either walks the posts again until the step ends.
        gc.freeze()
        forked: list[tuple[int, int]] = []  # each helper's process and the end of its pipe
        try:
            for index in range(1, self.count):
                read, write = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(read)
                    for _, earlier in forked:  # the other helpers' pipes are not this one's
                        os.close(earlier)
                    self._become_helper(index, write)
                    return self
                os.close(write)
                forked.append((pid, read))
        except OSError as error:  # no more processes to be had: the build renders the rest
            logger.debug("strom: rendering with %d helpers: %s", len(forked), error)
        # The threads that read the pipes start after the last fork: a helper
        # inherits no thread, and no lock one of them holds.
        self._helpers = [_Helper(pid, os.fdopen(read, "rb")) for pid, read in forked]
        self.active = bool(self._helpers)
        return self

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> None:
        if self.index:
            self._end_helper(failed=kind is not None)
        gc.unfreeze()
        for helper in self._helpers:
            helper.stop()

    def template(self, template: Any) -> Any:
        """Return ``template`` as this side of the step renders it."""
        return _Template(template, self)

    def render(self, template: Any, context: dict[str, Any]) -> str:
        """Render one page: here, or take it from the helper that renders it."""
        name = str(context.get("output_file", ""))
        seen = self._seen.get(name, 0)
        self._seen[name] = seen + 1
        key = (name, seen)
        index = owner(posixpath.normpath(name), self.count)
        if self.index:
            return self._render_in_helper(template, context, key, index)
        self.written_elsewhere = None
        if index == 0 or index > len(self._helpers):  # a helper that could not be started
            return template.render(context)
        taken = self._helpers[index - 1].take(key)
        if taken is None:
            return template.render(context)
        html, records, kept, written = taken
        parallel.replay(records)
        if self.cache is not None:
            self.cache.adopt(kept)
        if written:  # the helper wrote the file too: the Writer opens none (StromWriter)
            self.written_elsewhere = name
        return html

    # -- in a helper -----------------------------------------------------------------------

    def _become_helper(self, index: int, write: int) -> None:
        self.index = index
        self._out = os.fdopen(write, "wb")
        for env in self.environments:  # compiled templates are kept by the build alone
            if env.bytecode_cache is not None:
                env.bytecode_cache = _Loading(env.bytecode_cache)
        for name in _WRITING_SIGNALS:
            getattr(signals, name).send = _muted
        self._log = parallel.kept_log()
        if self.cache is not None:
            self.cache.listen()
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    def _render_in_helper(
        self, template: Any, context: dict[str, Any], key: tuple[str, int], index: int
    ) -> str:
        self._send_pending()  # a page whose file was never opened: the build writes it
        if index != self.index:
            return ""
        self._log.records.clear()
        if self.cache is not None:
            self.cache.last = None
        try:
            html = template.render(context)
        except Exception:
            # Rendered again by the build, which reports it; the rest of this
            # list's pages are not written, as in one process.
            self._send(key, None, [], None, False)
            raise
        kept = self.cache.last if self.cache is not None else None
        self._pending = (key, html, list(self._log.records), kept)
        return html

    def open_in_helper(self, filename: str, encoding: str, override: bool) -> Any:
        """Open the file of the page just rendered (the helper's: real, else the null device)."""
        pending, self._pending = self._pending, None
        if pending is None:
            return open(os.devnull, "w", encoding=encoding)
        first = filename not in self._opened
        self._opened.add(filename)
        if override or not first:  # the build decides, with Pelican's own checks
            self._send(*pending, False)
            return open(os.devnull, "w", encoding=encoding)
        try:
            handle = open(filename, "w", encoding=encoding)  # noqa: SIM115 (_Sent closes it)
        except OSError:  # the build writes it, and reports why it cannot
            self._send(*pending, False)
            return open(os.devnull, "w", encoding=encoding)
        return _Sent(handle, self, pending)

    def _send_pending(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._send(*pending, False)

    def _send(
        self, key: tuple[str, int], html: str | None, records: list, kept: Any, written: bool
    ) -> None:
        try:
            pickle.dump((key, html, records, kept, written), self._out, pickle.HIGHEST_PROTOCOL)
            self._out.flush()
        except Exception:  # the build renders what it does not get
            self._end_helper(failed=True)

    def _end_helper(self, failed: bool) -> None:
        try:
            self._send_pending()
            self._out.close()
        except Exception:  # the build reads up to where the pipe ends
            failed = True
        os._exit(1 if failed else 0)


class _Helper:
    """The build's side of one helper: its process and the pages it sent, by key."""

    def __init__(self, pid: int, file: Any) -> None:
        self.pid, self.file = pid, file
        self._pages: dict[tuple[str, int], tuple[str | None, list, Any, bool]] = {}
        self._ended = False
        self._stopped = False
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, name="strom-render", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            while True:
                key, html, records, kept, written = pickle.load(self.file)
                with self._changed:
                    self._pages[key] = (html, records, kept, written)
                    self._changed.notify_all()
        except Exception:  # the pipe ended, or the helper died mid-page
            pass
        finally:
            with self._changed:
                self._ended = True
                self._changed.notify_all()

    def take(self, key: tuple[str, int]) -> tuple[str, list, Any, bool] | None:
        """Return the HTML, log, cache entry and whether its file is written; None: render it."""
        with self._changed:
            while key not in self._pages and not self._ended:
                if not self._changed.wait(PATIENCE):  # nothing came: it hangs
                    break
            hung = key not in self._pages and not self._ended
        if hung:  # ended before the build writes its pages, so that no file is written twice
            logger.debug("strom: a rendering helper sent nothing; rendering here")
            self.stop()
        with self._changed:
            html, records, kept, written = self._pages.pop(key, (None, [], None, False))
        return None if html is None else (html, records, kept, written)

    def stop(self) -> None:
        """End the helper (done, given up, or the build failed) and reap its process."""
        if self._stopped:
            return
        self._stopped = True
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self._reader.join()
        self.file.close()


class _Template(build.Wrapped):
    """A template whose ``render`` goes through the step (``Shared.render``)."""

    def __init__(self, template: Any, shared: Shared) -> None:
        super().__init__(template)
        self._shared = shared

    def render(self, context: dict[str, Any]) -> str:
        return self._shared.render(self._template, context)


class _Loading(BytecodeCache):
    """A helper's view of the build's bytecode cache: it loads compiled templates, keeps none."""

    def __init__(self, cache: BytecodeCache) -> None:
        self._cache = cache

    def load_bytecode(self, bucket: Bucket) -> None:
        self._cache.load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        return None


class _Sent:
    """A helper's file: when it is closed, the build is sent the page (it was written)."""

    def __init__(self, handle: Any, shared: Shared, pending: tuple) -> None:
        self._handle, self._shared, self._pending = handle, shared, pending

    def __enter__(self) -> Any:
        return self._handle.__enter__()

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> None:
        self._handle.__exit__(kind, error, traceback)
        self._shared._send(*self._pending, kind is None)


def _muted(*args: Any, **kwargs: Any) -> list:
    return []
