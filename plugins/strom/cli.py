"""The `strom` command: `strom new`, `strom check` and `strom import astro|hugo|jekyll`.

Exit status: 0 when all went well, 1 when the content has problems (or the
import could not carry everything), 2 when the command was not used right.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from importlib.metadata import version
from pathlib import Path
from zoneinfo import ZoneInfoNotFoundError

from pelican.settings import read_settings

from . import astro, check, checks, hugo, jekyll, scaffold
from .problems import Problem, counted

OK, PROBLEMS, USAGE = 0, 1, 2
_LANGUAGE_NAMES = {"de": "German", "en": "English"}


class UsageError(Exception):
    """The command cannot run as asked; the message says what to do instead."""


class Progress:
    """A count on one line of the terminal, for work that takes a moment."""

    def __init__(self, template: str, every: int = 100) -> None:
        self.template = template
        self.every = every
        self.shown = False
        self.terminal = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        """Show the count every ``every`` items (only on a terminal, never in a log)."""
        if self.terminal and total >= self.every and (done % self.every == 0 or done == total):
            line = self.template.format(done=done, total=total)
            print(f"\r{line}", end="", file=sys.stderr, flush=True)
            self.shown = True

    def close(self) -> None:
        """Clear the count's line."""
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def _site_options(parser: argparse.ArgumentParser, astro: bool = False) -> None:
    parser.add_argument(
        "--lang",
        choices=scaffold.LANGUAGES,
        default="de",
        help="language of the site's interface and dates (default: de)",
    )
    from_astro = "SITE_TITLE of src/consts.ts, else " if astro else ""
    parser.add_argument(
        "--title",
        default="",
        help=f"the site's name (default: {from_astro}'Mein Blog'; 'My Blog' for --lang en)",
    )
    parser.add_argument(
        "--author",
        default="",
        help="the author's name (default: 'Redaktion'; 'Editors' for --lang en)",
    )
    from_astro = "site: of astro.config.*, else " if astro else ""
    parser.add_argument(
        "--url",
        default="",
        help=f"the site's address, e.g. https://example.org (default: {from_astro}"
        "Netlify's URL at deploy)",
    )
    parser.add_argument(
        "--timezone",
        default="",
        help="time zone of the post dates (default: Europe/Berlin; UTC for --lang en)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that is not empty (files of the same name are replaced)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the `strom` command and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="strom",
        description="Start, check and import Strom sites (Pelican blogs with the Strom theme).",
        epilog="Exit status: 0 all well, 1 problems found, 2 wrong use of the command.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"strom {version('pelican-strom')} (Pelican {version('pelican')})",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    new = commands.add_parser(
        "new",
        help="write a new site that `pelican content` builds at once",
        description="Write a new Strom site into DIR: settings, Netlify files, a Makefile, "
        "a welcome post and, for German sites, Impressum, Datenschutz and Barrierefreiheit "
        "skeletons.",
    )
    new.add_argument("dir", metavar="DIR", type=Path, help="folder of the new site")
    _site_options(new)
    new.set_defaults(run=run_new)

    check_ = commands.add_parser(
        "check",
        help="check every content file without building",
        description="Read every post and page as the build does and report each problem "
        "as 'path:line: field: problem'. Exit status 1 when there are problems.",
    )
    check_.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        type=Path,
        help="the content folder, folders inside it or single files (default: the "
        "settings' content folder, else content); every source is read, problems are "
        "reported for these",
    )
    check_.add_argument(
        "-s",
        "--settings",
        type=Path,
        help="the site's settings (default: pelicanconf.py in the first folder at or above "
        "PATH that has one, else in the working folder; Strom's defaults when there is none)",
    )
    check_.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one 'path:line: field: problem' a line; json: one JSON object a line "
        "with path, line, column, field and message (default: text)",
    )
    check_.add_argument(
        "--production",
        action="store_true",
        help="check as a production build (publishconf.py) does: [placeholders] left in "
        "pages are problems, not warnings",
    )
    check_.set_defaults(run=run_check)

    import_ = commands.add_parser(
        "import",
        help="turn a site of another generator into a Strom site",
        description="Turn a site of another generator into a Strom site.",
    )
    sources = import_.add_subparsers(title="sources", metavar="SOURCE", required=True)
    astro_ = sources.add_parser(
        "astro",
        help="an Astro blog project (the blog starter and sites like it)",
        description="Write a Strom site into DIR from an Astro blog project: posts of "
        "src/content/blog keep their file names (and so their URLs), public/ is copied, "
        "the site URL comes from astro.config.* and the title from src/consts.ts. "
        "Everything that cannot be carried is listed. Exit status 1 when something was "
        "not carried or the imported content has problems.",
    )
    astro_.add_argument("project", metavar="ASTRO_PROJECT", type=Path, help="the Astro project")
    astro_.add_argument("dir", metavar="DIR", type=Path, help="folder of the new site")
    _site_options(astro_, astro=True)
    astro_.set_defaults(run=run_import_astro)
    for name, label, what in (
        ("hugo", "HUGO_SITE", "hugo.toml/config.toml (permalinks, taxonomies, baseURL)"),
        ("jekyll", "JEKYLL_SITE", "_config.yml (permalink, url, baseurl, paginate)"),
    ):
        command = sources.add_parser(
            name,
            help=f"a {name.capitalize()} site",
            description=f"Write a Strom site into DIR from a {name.capitalize()} site: its "
            f"{what} is read, the posts keep their addresses (STROM_PERMALINK), old tag "
            "pages, later pages and feeds answer with 301s, static files are copied. Every "
            "post carried, every address and everything not carried is listed. Exit "
            "status 1 when something was not carried or the imported content has problems.",
        )
        command.add_argument("project", metavar=label, type=Path, help=f"the {name} site")
        command.add_argument("dir", metavar="DIR", type=Path, help="folder of the new site")
        _site_options(command)
        command.set_defaults(run=run_import_site, generator=name)
    return parser


def _given_options(args: argparse.Namespace) -> dict[str, str]:
    if args.url and not args.url.startswith(("https://", "http://")):
        raise UsageError(f"--url must start with https:// or http://, got {args.url!r}")
    return {
        "lang": args.lang,
        "title": args.title,
        "author": args.author,
        "url": args.url,
        "timezone": args.timezone,
    }


def _options(given: dict[str, str]) -> scaffold.SiteOptions:
    try:
        return scaffold.SiteOptions(**{name: value for name, value in given.items() if value})
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UsageError(f"--timezone {given['timezone']!r} is not a time zone ({error})") from None


def _fill_in(skeletons: list[str]) -> str:
    return f"Fill in the [placeholders] of {' and '.join(skeletons)} before you publish."


def _next_steps(target: Path) -> str:
    return (
        "Next:\n"
        f"  cd {target}\n"
        "  pelican content      # builds the site into output/\n"
        "  pelican --listen     # shows it on http://127.0.0.1:8000"
    )


def run_new(args: argparse.Namespace) -> int:
    """`strom new DIR`: write a new site."""
    options = _options(_given_options(args))
    try:
        written = scaffold.write(args.dir, scaffold.render(options), force=args.force)
    except scaffold.FolderNotEmpty as error:
        raise UsageError(f"{error}; choose a new folder or add --force") from None
    language = _LANGUAGE_NAMES[options.lang]
    print(
        f"Wrote a new {language} Strom site '{options.title}' to {args.dir} ({len(written)} files)."
    )
    skeletons = [name for name in scaffold.SKELETONS if (args.dir / name).is_file()]
    if skeletons:
        print(_fill_in(skeletons))
    print(_next_steps(args.dir))
    return OK


def _settings_file(args: argparse.Namespace, paths: list[Path]) -> Path | None:
    """Return the settings file: -s, else pelicanconf.py at or above the first path, else here."""
    if args.settings is not None:
        if not args.settings.is_file():
            raise UsageError(f"the settings file {args.settings} does not exist")
        return args.settings
    if paths:
        start = Path(os.path.abspath(paths[0]))
        for folder in [start, *start.parents] if start.is_dir() else list(start.parents):
            if (folder / "pelicanconf.py").is_file():
                return folder / "pelicanconf.py"
    return Path("pelicanconf.py") if Path("pelicanconf.py").is_file() else None


# Folders of a Strom site's content folder, to find it without settings.
_CONTENT_FOLDERS = ("blog", "pages", "public")


def _content_folder(paths: list[Path], settings_file: Path | None) -> Path | None:
    """Return the content folder to check, or None for the settings file's own PATH.

    Paths inside the folders of posts, pages and static files that the
    settings name are checked in the settings' content folder. Other paths
    lie in the nearest folder at or above them that holds one of those
    folders (``blog/``, ``pages/`` or ``public/`` without settings); a
    single folder without one is the content folder itself
    (``strom check other-content -s site.py``).
    """
    names = list(_CONTENT_FOLDERS)
    if settings_file is not None:
        root, folders = _source_folders(settings_file)
        if not paths or all(check.inside(str(path), folders) for path in paths):
            return None
        names = [folder.relative_to(root).parts[0] for folder in folders if folder != root]
    if not paths:
        return Path("content")
    start = Path(os.path.abspath(paths[0]))
    for folder in [start, *start.parents] if start.is_dir() else list(start.parents):
        if any((folder / name).is_dir() for name in names or _CONTENT_FOLDERS):
            return folder
    return paths[0] if paths[0].is_dir() else paths[0].parent


def _source_folders(settings_file: Path) -> tuple[Path, list[Path]]:
    """Return the content folder a settings file names and the folders of sources in it."""
    try:
        settings = read_settings(str(settings_file))
    except Exception:  # the file is Python; load_settings reports what is wrong with it
        return settings_file.parent, []
    root = Path(os.path.abspath(settings["PATH"]))
    names = [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"], *settings["STATIC_PATHS"]]
    return root, [root] if "" in names else [root / name for name in names]


def _print_problem(problem: Problem, output_format: str) -> None:
    if output_format == "json":
        print(json.dumps(problem.as_json(), ensure_ascii=False))
    else:
        print(problem)


def _print_check(settings: dict, summary_to=None, only=None, output_format="text") -> int:
    progress = Progress("strom check: {done} of {total} files read")
    try:
        result = check.check(settings, progress, only)
    finally:
        progress.close()
    for problem in result.problems:
        _print_problem(problem, output_format)
    print(check.summary(result), file=summary_to or sys.stderr)
    return PROBLEMS if result.problems or not result.files else OK


def run_check(args: argparse.Namespace) -> int:
    """`strom check [PATH ...]`: report every problem of the content (or of some files)."""
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        raise UsageError(f"{', '.join(missing)}: no such file or folder")
    settings_file = _settings_file(args, args.paths)
    content = _content_folder(args.paths, settings_file)
    if content is not None and not content.is_dir():
        raise UsageError(f"the content folder {content} does not exist")
    settings, problems = check.load_settings(content, settings_file, args.production)
    if problems:
        for problem in problems:
            _print_problem(problem, args.format)
        return PROBLEMS
    root = Path(os.path.abspath(settings["PATH"]))
    given = [Path(os.path.abspath(path)) for path in args.paths]
    only = [path for path in given if path != root] or None
    return _print_check(settings, only=only, output_format=args.format)


def run_import_astro(args: argparse.Namespace) -> int:
    """`strom import astro ASTRO_PROJECT DIR`: write a Strom site from an Astro blog."""
    given = _given_options(args)
    _options(given)  # refuse a bad time zone before anything is written
    if not args.project.is_dir():
        raise UsageError(f"the Astro project {args.project} does not exist")
    progress = Progress("strom import astro: {done} of {total} posts copied")
    try:
        report = astro.import_astro(
            args.project, args.dir, given, force=args.force, progress=progress
        )
    except astro.NotAnAstroBlog as error:
        raise UsageError(str(error)) from None
    except scaffold.FolderNotEmpty as error:
        raise UsageError(f"{error}; choose a new folder or add --force") from None
    finally:
        progress.close()
    print(format_report(report, args.project, args.dir))
    settings, problems = check.load_settings(args.dir / "content", args.dir / "pelicanconf.py")
    status = _print_check(settings, summary_to=sys.stdout) if not problems else PROBLEMS
    if report.skipped:
        status = PROBLEMS
    print(_next_steps(args.dir))
    return status


def run_import_site(args: argparse.Namespace) -> int:
    """`strom import hugo|jekyll SITE DIR`: write a Strom site from a Hugo or Jekyll site."""
    given = _given_options(args)
    _options(given)  # refuse a bad time zone before anything is written
    if not args.project.is_dir():
        raise UsageError(f"the {args.generator.capitalize()} site {args.project} does not exist")
    importer, refusal = {
        "hugo": (hugo.import_hugo, hugo.NotAHugoSite),
        "jekyll": (jekyll.import_jekyll, jekyll.NotAJekyllSite),
    }[args.generator]
    try:
        report = importer(args.project, args.dir, given, force=args.force)
    except refusal as error:
        raise UsageError(str(error)) from None
    except scaffold.FolderNotEmpty as error:
        raise UsageError(f"{error}; choose a new folder or add --force") from None
    print("\n".join(report.lines(args.project, args.dir)))
    settings, problems = check.load_settings(args.dir / "content", args.dir / "pelicanconf.py")
    for problem in problems:
        print(problem)
    if problems:
        status = PROBLEMS
    else:
        _print_addresses(settings)
        status = _print_check(settings, summary_to=sys.stdout)
    if report.skipped:
        status = PROBLEMS
    print(_next_steps(args.dir))
    return status


def _print_addresses(settings: dict) -> None:
    """Print the address of every post the new site publishes, as the build gives it."""
    sources, _ = check.read_sources(settings)
    posts = [
        source
        for source in checks.written(sources)
        if source.kind == "article" and source.content.status == "published"
    ]
    print(f"Post addresses ({len(posts)}):")
    for source in sorted(posts, key=lambda source: source.content.url):
        print(f"  /{source.content.url}  {source.relative}")


def format_report(report: astro.Report, project: Path, target: Path) -> str:
    """Return the import report: counts before and after, what was left behind."""
    converted = f" ({len(report.converted)} MDX converted to Markdown)" if report.converted else ""
    lines = [
        f"Imported the Astro blog {project} into {target}:",
        f"  posts: {report.posts_before} in src/content/blog, "
        f"{report.posts_after} carried to content/blog{converted}",
        f"  pages: {counted(report.pages, 'Markdown page')} carried to content/pages"
        + (
            f" ({len(report.astro_pages)} .astro of static HTML converted)"
            if report.astro_pages
            else ""
        ),
        f"  public: {counted(report.public_files, 'file')} copied to content/public",
    ]
    if report.site_url:
        lines.append(f"  site URL: {report.site_url} (from {report.url_from})")
    elif report.url_note:
        lines.append(f"  site URL: none ({report.url_note})")
    else:
        lines.append("  site URL: not found in astro.config.*; give --url or set it at deploy")
    source = f" (from {report.title_from})" if report.title_from else " (default)"
    lines.append(f"  title: {report.title}{source}")
    if report.skeletons:
        lines.append(f"  {_fill_in(report.skeletons)}")
    if report.old_lists:
        lines.append(
            f"  later pages of the post list: /blog/{{number}}/ answer with 301s "
            f"({report.old_lists['per_page']} posts a page, STROM_OLD_LISTS)"
        )
    if report.flagged:
        lines.append(f"Starter texts ({len(report.flagged)}):")
        lines += [f"  {item}" for item in report.flagged]
    if report.replaced:
        lines.append(f"Replaced by Strom ({len(report.replaced)}):")
        lines += [f"  {item}" for item in report.replaced]
    if report.skipped:
        lines.append(f"Not carried ({len(report.skipped)}); nothing of these was copied:")
        lines += [f"  {item}" for item in report.skipped]
    else:
        lines.append("Everything was carried.")
    return "\n".join(lines)


class _WarningsOnly(logging.Filter):
    """Errors are problems and printed as such; warnings about content go through.

    Pelican's warnings about settings (e.g. feeds without SITEURL) concern the
    build, not the content, and stay out.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.ERROR and record.name != "pelican.settings"


def _log_warnings() -> None:
    root = logging.getLogger()
    for handler in root.handlers:  # main() may run more than once in a process
        if any(isinstance(f, _WarningsOnly) for f in handler.filters):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.addFilter(_WarningsOnly())
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    root.addHandler(handler)


def main(argv: list[str] | None = None) -> int:
    """Run the `strom` command; return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return USAGE
    _log_warnings()
    try:
        return args.run(args)
    except UsageError as error:
        print(f"strom: {error}", file=sys.stderr)
        return USAGE


if __name__ == "__main__":
    sys.exit(main())
