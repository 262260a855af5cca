"""The life of one build: its problems, the checks across all sources, its exit status."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath
from typing import Any

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.urlwrappers import Category

from . import messages, outputs
from .messages import ntr, tr
from .problems import BuildFailed, Collector, Problem, display_path, report

logger = logging.getLogger(__name__)


class Build:
    """State of the running build; a new one starts with every run (``pelican -lr``)."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.collector = Collector(settings.get("PATH"))
        # Every file of the output folder and who writes it (outputs.OutputMap),
        # and the problems of settings that name a path no file may have.
        self.outputs, self.setup_problems = outputs.start(settings)
        # Every file Pelican's Writer has written so far (absolute paths).
        self.written: set[str] = set()
        # The build's images (hero.Images): derivative cache, resolved sources.
        self.images: Any = None
        # The social cards of the posts without a hero (cards.Cards).
        self.cards: Any = None
        # The posts and pages the search index is made of (search.Pages).
        self.search: Any = None
        # The sources read ahead by worker processes (parallel.Reads); False:
        # none this build.
        self.reads: Any = None
        # The texts of earlier builds (textcache.TextCache); False: no cache.
        self.texts: Any = None

    def written_below(self, output_path: str) -> list[str]:
        """Return the files written so far, as paths inside ``output_path``, in order."""
        return sorted(
            os.path.relpath(path, output_path).replace(os.sep, "/") for path in self.written
        )


# The key in Pelican's settings of the holder of the running build. Pelican
# hands the same settings to every generator, reader and post, and a shallow
# copy of them is every template's context: each of them can reach the build.
SLOT = "strom_build"


class Holder:
    """Holds the running build of one Pelican instance (``pelican -lr`` runs it again)."""

    def __init__(self) -> None:
        self.current: Build | None = None


def install(pelican: Any) -> None:
    """Give a Pelican instance its holder of builds (``initialized``)."""
    pelican.settings.setdefault(SLOT, Holder())


def start(pelican: Any) -> None:
    """Begin a build: forget the last one and collect problems from now on."""
    holder = pelican.settings.setdefault(SLOT, Holder())
    messages.use(messages.language(pelican.settings))
    if holder.current is not None:  # the last build ended early (pelican -r goes on)
        holder.current.collector.detach()
        if holder.current.reads:
            holder.current.reads.close()
    holder.current = Build(pelican.settings)
    holder.current.collector.attach()
    for problem in holder.current.setup_problems:
        report(problem)
        if problem.field:  # a *_SAVE_AS or feed setting: that file is not written at all
            pelican.settings[problem.field] = ""
    # finish() may fail the build; it must run after every other plugin's
    # finalized handler (the sitemap is written there), so it goes last.
    signals.finalized.disconnect(finish)
    signals.finalized.connect(finish)


class Wrapped:
    """A template whose ``render`` a subclass does; anything else is the template's."""

    def __init__(self, template: Any) -> None:
        self._template = template

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def current(settings: Mapping[str, Any] | None) -> Build | None:
    """Return the running build of the Pelican whose ``settings`` (or context) these are."""
    holder = settings.get(SLOT) if settings is not None else None
    return holder.current if isinstance(holder, Holder) else None


def note_written(path: str, context: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
    """Remember a file the Writer wrote (``content_written``, ``feed_written``).

    A file no writer claimed (another plugin's, a template page) is claimed
    now, so that it cannot share an address with another.
    """
    running = current(context)
    if running is None:
        return
    running.written.add(path)
    output = context.get("OUTPUT_PATH") if context else None
    if output:
        relative = os.path.relpath(path, output).replace(os.sep, "/")
        problem = running.outputs.note(relative)
        if problem is not None:
            report(problem)


def finish(pelican: Any) -> None:
    """End the build: print the problems and fail it when the site is incomplete."""
    holder = pelican.settings.get(SLOT)
    build = holder.current if isinstance(holder, Holder) else None
    if build is None:
        return
    holder.current = None
    build.collector.detach()
    if build.collector.problems:
        # Printed, not logged: one unbroken line a problem, whatever the
        # terminal's width (Netlify's log is read with grep).
        print(build.collector.summary(), file=sys.stderr, flush=True)
        if not pelican.settings.get("STROM_FAIL_ON_PROBLEMS", True):
            return
        count = len(build.collector.problems)
        failure = ntr(
            "{count} problem above; fix it and build again",
            "{count} problems above; fix them and build again",
            count,
        )
        raise BuildFailed(failure, build.collector.problems)


def claim(items: list[Any], settings: Mapping[str, Any]) -> set[int]:
    """Claim the files of posts or pages in the running build; return the ids of those that lost."""
    running = current(settings)
    if running is None:
        return set()
    lost, problems = outputs.claim_contents(running.outputs, items, display_path)
    for problem in problems:
        report(problem)
    return lost


def _keep_claimed(generator: Any, names: tuple[str, ...]) -> None:
    """Drop from the generator's lists what claims a taken address; report each."""
    items = [item for name in names for item in getattr(generator, name) if is_written(item)]
    lost = claim(items, generator.settings)
    for name in names:
        getattr(generator, name)[:] = [
            item for item in getattr(generator, name) if id(item) not in lost
        ]


# Pelican's lists of posts and of pages, in generators and in the context.
ARTICLE_LISTS = ("articles", "hidden_articles", "drafts")
PAGE_LISTS = ("pages", "hidden_pages", "draft_pages")


def written_content(context: Mapping[str, Any]) -> Iterator[Any]:
    """Yield every post and page that the build writes (drafts where the site writes them)."""
    for name in (*ARTICLE_LISTS, *PAGE_LISTS):
        for item in context.get(name, ()):
            if is_written(item):
                yield item


def is_written(content: Any) -> bool:
    """Whether the build writes ``content``: a draft only where the site writes drafts.

    Cheaper than Pelican's ``save_as``, which formats the URL settings. (Front
    matter cannot set ``save_as``: the reader refuses it.)
    """
    if content.status != "draft":
        return True
    kind = "DRAFT_SAVE_AS" if isinstance(content, Article) else "DRAFT_PAGE_SAVE_AS"
    return bool(content.settings.get(kind))


def claim_articles(generator: Any) -> None:
    """Claim the posts' files, then their lists' (``article_generator_pretaxonomy``).

    A post that asks for a taken address is dropped before Pelican makes tag
    pages and archives of it; a tag, category or author whose page cannot be
    written (an empty slug, another term's address) is taken off its posts.
    """
    _keep_claimed(generator, ARTICLE_LISTS)
    running = current(generator.settings)
    if running is None:
        return
    refused, problems = outputs.claim_lists(
        running.outputs, generator.articles, generator.settings, display_path
    )
    for problem in problems:
        report(problem)
    if refused:
        for name in ARTICLE_LISTS:
            drop_terms(getattr(generator, name), refused, generator.settings)
        for problem in outputs.claim_category(
            running.outputs, generator.articles, generator.settings, display_path
        ):
            report(problem)


def drop_terms(articles: list[Any], refused: list[Any], settings: Mapping[str, Any]) -> None:
    """Take the ``refused`` tags, authors and categories off ``articles``."""
    names = {(type(term), term.name) for term in refused}

    def kept(term: Any) -> bool:
        return (type(term), term.name) not in names

    for article in articles:
        if getattr(article, "tags", None):
            article.tags = [tag for tag in article.tags if kept(tag)]
        if getattr(article, "authors", None):
            article.authors = [author for author in article.authors if kept(author)]
        category = getattr(article, "category", None)
        if category is not None and not kept(category):
            article.category = Category(settings["DEFAULT_CATEGORY"], settings)


def drop_duplicate_pages(generator: Any) -> None:
    """Drop pages that would overwrite a post, another page or a list, and report them.

    Runs as soon as the pages are read (``page_generator_finalized``), before
    anything, such as the menu, is made of them.
    """
    _keep_claimed(generator, PAGE_LISTS)


def freeze_urls(generators: list[Any]) -> None:
    """Compute each post's and page's ``url`` once, before any page is written.

    Pelican formats it from the settings on every access, and a post's URL is
    read on every list it appears in (home, tags, archives, related posts):
    about 16 times per post. Pelican's own ``override_url`` holds the result.
    (Not ``override_save_as``: with it Pelican would let a post overwrite
    another page's file without a word.)
    """
    for generator in generators:
        for name in (*ARTICLE_LISTS, *PAGE_LISTS):
            for item in getattr(generator, name, ()):
                item.override_url = item.url


# Images may sit beside posts and pages: those a text names are published as
# derivatives. Anything else there (a PDF, a video) would never be published.
IMAGE_SUFFIXES = frozenset((".avif", ".gif", ".jpeg", ".jpg", ".png", ".webp"))


def unread_files(
    finder: Any, paths: list[str], excludes: list[str], linked: set[str] = frozenset()
) -> Iterator[Problem]:
    """Problems for files in ``paths`` that no reader takes (Pelican skips them silently).

    ``finder`` chooses files as Pelican's generators do (``get_files`` and ``path``);
    files that a ``{static}`` or ``{attach}`` link names (``linked``) are published.
    """
    unread = finder.get_files(paths, excludes, extensions=False) - finder.get_files(paths, excludes)
    for relative in sorted(unread - set(linked)):
        name = PurePosixPath(relative.replace(os.sep, "/"))
        if name.name.startswith(".") or name.suffix.lower() in IMAGE_SUFFIXES:
            continue
        yield Problem(
            display_path(os.path.join(finder.path, relative)),
            tr(
                "Strom neither reads nor publishes '{kind}' files here; "
                "rename a post to .md, or move the file to content/public/ (served from /)",
                kind=name.suffix or name.name,
            ),
        )


def report_unread_files(generators: list[Any]) -> None:
    """Report files in the post and page folders that no reader takes (nothing silent)."""
    for generator in generators:
        for kind, generator_class in (("ARTICLE", ArticlesGenerator), ("PAGE", PagesGenerator)):
            if isinstance(generator, generator_class):
                settings = generator.settings
                paths, excludes = settings[f"{kind}_PATHS"], settings[f"{kind}_EXCLUDES"]
                linked = generator.context.get("static_links", set())
                for problem in unread_files(generator, paths, excludes, linked):
                    report(problem)
