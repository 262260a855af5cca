"""Pelican's Writer, with one file's failure a problem of its source and feed titles as text."""

from __future__ import annotations

import logging
from typing import Any

from markupsafe import escape
from pelican.utils import sanitised_join
from pelican.writers import Writer

from . import search
from .messages import tr
from .problems import Problem, display_path, report, shown

logger = logging.getLogger(__name__)


class StromWriter(Writer):
    """Writes each page on its own: a page that cannot be rendered or written is a problem.

    The rest of the site is still written; the build then fails with the
    problem naming the source (Pelican would stop at the first error).
    While posts and pages are rendered on every core (``rendering.py``),
    ``shared`` is that step; in a helper process the Writer renders and
    writes its share of the pages, and reports nothing. ``cache`` is the
    page cache of that step (``pagecache.py``), whatever renders the pages.
    """

    shared: Any = None
    cache: Any = None

    def write_file(self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        """Write one file; report a failure as a problem of the page's source."""
        if self.cache is not None:
            template = self.cache.template(template)
        if self.shared is not None:
            template = self.shared.template(template)
            if self.shared.index:  # a helper: the build reports, and writes what fails here
                try:
                    return super().write_file(name, template, context, *args, **kwargs)
                except Exception:  # the build renders it, and reports what fails
                    return None
        source = kwargs.get("article") or kwargs.get("page")
        pages = search.collector(context) if source is not None else None
        if pages is not None and search.indexed(source) and name == source.save_as:
            template = pages.capturing(template, name)
        try:
            return super().write_file(name, template, context, *args, **kwargs)
        except Exception as error:  # a template, a value or the file system: any can fail
            source = kwargs.get("article") or kwargs.get("page")
            path = getattr(source, "source_path", None)
            report(
                Problem(
                    display_path(path) if path else None,
                    tr(
                        "cannot be written to {file} ({kind}: {error}); the rest of the site "
                        "was written",
                        file=shown(name),
                        kind=type(error).__name__,
                        error=shown(str(error), 160),
                    ),
                )
            )
            return None

    def write_feed(self, elements: Any, context: Any, path: Any = None, *args: Any, **kwargs: Any):
        """Write one feed; report a failure as a problem instead of ending the build."""
        if self.shared is not None and self.shared.index:
            return None  # the build writes the feeds
        try:
            return super().write_feed(elements, context, path, *args, **kwargs)
        except Exception as error:  # a value XML cannot carry, the file system
            report(
                Problem(
                    None,
                    tr(
                        "the feed {file} cannot be written ({kind}: {error})",
                        file=shown(path),
                        kind=type(error).__name__,
                        error=shown(str(error), 160),
                    ),
                )
            )
            return None

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        """Open ``filename`` to write; nothing where the rendering helper wrote it.

        In a helper (``rendering.py``), its own pages' files are opened and the
        others' are the null device.
        """
        shared = self.shared
        if shared is not None and shared.index:
            return shared.open_in_helper(filename, encoding, override)
        if shared is not None and shared.written_elsewhere is not None:
            name, shared.written_elsewhere = shared.written_elsewhere, None
            known = filename in self._written_files or filename in self._overridden_files
            if not override and not known and filename == sanitised_join(self.output_path, name):
                self._written_files.add(filename)  # as Pelican keeps it for its checks
                return _Unwritten()
        return super()._open_w(filename, encoding, override)

    def _add_item_to_the_feed(self, feed: Any, item: Any) -> None:
        """Add a post to a feed, its title as the text it is.

        Pelican strips tags from titles, which are text in Strom: a title
        ``List<String> & Map<K, V>`` would lose its type parameters.
        """
        title = item.title
        item.title = escape(title)
        try:
            super()._add_item_to_the_feed(feed, item)
        finally:
            item.title = title


class _Unwritten:
    """The file of a page that a rendering helper wrote: what is written to it goes nowhere."""

    def __enter__(self) -> _Unwritten:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def write(self, text: str) -> int:
        return len(text)


def get_writer(pelican: Any) -> type[StromWriter]:
    """Hand Pelican Strom's Writer (``get_writer``)."""
    return StromWriter
