"""Strom: Astro, Hugo and Jekyll posts as a fast German blog with Pelican."""

import sys
from pathlib import Path

from pelican import signals

from . import (
    aliases,
    build,
    cards,
    checks,
    embeds,
    hero,
    i18n,
    markdown_setup,
    messages,
    parallel,
    posts,
    public,
    rendering,
    search,
    seo,
    series,
    settings,
    shortcodes,
    textcache,
    theme,
    writer,
)
from . import reader as reader_module
from .messages import ntr
from .problems import BuildFailed, quiet_build_failed
from .reader import StromReader, UnsupportedReader

# Where the installed theme lives (inside this package in the wheel);
# a site sets ``THEME = THEME_PATH`` in pelicanconf.py.
THEME_PATH = str(Path(__file__).parent / "theme")


def initialized(pelican) -> None:
    """Apply Strom's defaults; refuse settings that cannot work."""
    build.install(pelican)
    if not pelican.settings.get("STROM_SETTINGS_FILE"):
        pelican.settings["STROM_SETTINGS_FILE"] = settings.read_from_command_line()
    messages.use(messages.language(pelican.settings))
    problems = settings.apply(pelican.settings)
    markdown_setup.configure(pelican.settings)
    if problems:
        # One unbroken line a problem, before Pelican logs the failure.
        print("\n".join(str(problem) for problem in problems), file=sys.stderr, flush=True)
        failure = ntr(
            "{count} problem in the settings above; fix it",
            "{count} problems in the settings above; fix them",
            len(problems),
        )
        raise BuildFailed(failure, problems)


def add_readers(readers) -> None:
    """Read Markdown through Strom's front-matter reader; refuse MDX loudly."""
    for reader_class in (StromReader, UnsupportedReader):
        for extension in reader_class.file_extensions:
            readers.reader_classes[extension] = reader_class


def register() -> None:
    """Connect Strom's handlers to Pelican's signals."""
    quiet_build_failed()
    signals.initialized.connect(initialized)
    signals.get_generators.connect(build.start)
    signals.get_generators.connect(reader_module.forget_folders)
    signals.readers_init.connect(add_readers)
    signals.article_generator_preread.connect(parallel.read_ahead)
    signals.get_generators.connect(hero.generator)
    signals.get_generators.connect(cards.generator)
    signals.content_object_init.connect(hero.attach_hero)
    signals.content_object_init.connect(shortcodes.report_left)
    signals.content_object_init.connect(embeds.mark)
    signals.generator_init.connect(i18n.install)
    signals.generator_init.connect(posts.quick_period_archives)
    signals.generator_init.connect(theme.configure_env)
    signals.get_generators.connect(theme.generator)
    signals.get_generators.connect(series.generator)
    signals.content_object_init.connect(theme.reading_time)
    signals.content_object_init.connect(i18n.localize_dates)
    signals.article_generator_pretaxonomy.connect(build.claim_articles)
    signals.article_generator_finalized.connect(posts.index_members)
    signals.page_generator_finalized.connect(build.drop_duplicate_pages)
    signals.all_generators_finalized.connect(parallel.stop)
    signals.all_generators_finalized.connect(textcache.save)
    signals.all_generators_finalized.connect(build.report_unread_files)
    signals.all_generators_finalized.connect(checks.report_placeholders)
    signals.all_generators_finalized.connect(checks.warn_unmapped_images)
    signals.all_generators_finalized.connect(checks.report_legal_pages)
    signals.all_generators_finalized.connect(build.freeze_urls)
    signals.all_generators_finalized.connect(seo.steady_sitemap)
    signals.all_generators_finalized.connect(rendering.share)
    signals.static_generator_finalized.connect(public.serve_from_root)
    signals.content_written.connect(build.note_written)
    signals.feed_written.connect(build.note_written)
    signals.get_generators.connect(aliases.generators)
    signals.get_writer.connect(writer.get_writer)
    signals.finalized.connect(search.write_index)
