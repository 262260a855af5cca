"""The `strom` command: `strom new`, `check`, `import astro|hugo|jekyll`, `vendor`, `serve`.

Exit status: 0 when all went well, 1 when the content has problems (or the
import could not carry everything, or Strom's wheel could not be made), 2
when the command was not used right.
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

from . import astro, check, checks, hugo, jekyll, messages, scaffold, serve, vendor
from .messages import ntr, tr, tr_pattern
from .problems import Problem

OK, PROBLEMS, USAGE = 0, 1, 2


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
    _from_pypi_option(parser)


def _from_pypi_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from-pypi",
        action="store_true",
        help=f"requirements.txt pins {vendor.pinned()} from PyPI instead of naming "
        "Strom's wheel in the site's vendor/ folder",
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
        "--lang",
        choices=messages.LANGUAGES,
        help="language of the messages (default: STROM_MESSAGES_LANG, else DEFAULT_LANG "
        "of the settings; English for languages without a catalog)",
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

    vendor_ = commands.add_parser(
        "vendor",
        help="put this Strom's wheel into a site's vendor/ folder for Netlify's build",
        description="Write the running Strom's wheel into DIR/vendor/, remove older wheels "
        "of Strom there and point the Strom line of DIR/requirements.txt at the new one "
        "(Netlify installs requirements.txt before the build). With --from-pypi the line "
        "pins Strom on PyPI instead and vendor/ loses its wheels.",
    )
    vendor_.add_argument(
        "dir", metavar="DIR", type=Path, nargs="?", default=Path("."),
        help="the site's folder (default: the working folder)",
    )  # fmt: skip
    vendor_.add_argument(
        "--wheel",
        type=Path,
        help="a wheel of Strom to copy (default: built from the running Strom)",
    )
    _from_pypi_option(vendor_)
    vendor_.set_defaults(run=run_vendor)

    serve_ = commands.add_parser(
        "serve",
        help="show the built site on a local address, with its 404 page",
        description="Serve the built site (OUTPUT) on http://HOST:PORT/; a missing page "
        "answers with the site's 404.html and the status 404. With --reload the site is "
        "built first, rebuilt after each change of its content, theme or settings, and "
        "the open page reloads itself (needs the livereload library).",
    )
    serve_.add_argument(
        "output", metavar="OUTPUT", type=Path, nargs="?", default=Path("output"),
        help="the built site's folder (default: output)",
    )  # fmt: skip
    serve_.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    serve_.add_argument("--port", type=int, default=8000, help="default: 8000")
    serve_.add_argument(
        "--reload",
        action="store_true",
        help="build, rebuild on each change and reload the page in the browser",
    )
    serve_.add_argument(
        "-s",
        "--settings",
        type=Path,
        default=Path("pelicanconf.py"),
        help="with --reload: the settings to build with (default: pelicanconf.py)",
    )
    serve_.set_defaults(run=run_serve)
    return parser


def _given_options(args: argparse.Namespace) -> dict[str, str | bool]:
    if args.url and not args.url.startswith(("https://", "http://")):
        raise UsageError(tr("--url must start with https:// or http://, got {url!r}", url=args.url))
    return {
        "lang": args.lang,
        "title": args.title,
        "author": args.author,
        "url": args.url,
        "timezone": args.timezone,
        "from_pypi": args.from_pypi,
    }


def _options(given: dict[str, str | bool]) -> scaffold.SiteOptions:
    try:
        return scaffold.SiteOptions(**{name: value for name, value in given.items() if value})
    except (ZoneInfoNotFoundError, ValueError) as error:
        refusal = tr(
            "--timezone {zone!r} is not a time zone ({error})", zone=given["timezone"], error=error
        )
        raise UsageError(refusal) from None


def _fill_in(skeletons: list[str]) -> str:
    return tr(
        "Fill in the [placeholders] of {files} before you publish.",
        files=tr(" and ").join(skeletons),
    )


def _next_steps(target: Path) -> str:
    steps = tr(
        "Next:\n"
        "  cd {folder}\n"
        "  pelican content      # builds the site into output/\n"
        "  strom serve          # shows it on http://127.0.0.1:8000",
        folder=target,
    )
    if (target / vendor.FOLDER).is_dir():
        steps += "\n" + tr(
            "Netlify installs Strom from {folder}/ (named in requirements.txt); "
            "`strom vendor` puts a newer Strom there.",
            folder=vendor.FOLDER,
        )
    return steps


def _site_language(settings_file: Path) -> None:
    """Print messages in the language of the site of ``settings_file`` (English without one)."""
    if not settings_file.is_file():
        return
    try:
        settings = read_settings(str(settings_file))
    except Exception:  # settings that do not load: the build names the error
        return
    messages.use(messages.language(settings))


def run_serve(args: argparse.Namespace) -> int:
    """`strom serve [OUTPUT]`: serve the built site, or with --reload build and follow it."""
    _site_language(args.settings)
    if not 0 <= args.port <= 65535:
        raise UsageError(
            tr("--port must be a port number from 0 to 65535, got {port}", port=args.port)
        )
    if args.reload:
        if not args.settings.is_file():
            raise UsageError(
                tr("the settings file {file} does not exist; give -s", file=args.settings)
            )
        try:
            serve.live(args.settings, args.output, args.host, args.port)
        except serve.LiveReloadMissing as error:
            raise UsageError(str(error)) from None
        return OK
    if not args.output.is_dir():
        raise UsageError(
            tr(
                "{folder} does not exist; build the site first (pelican content)",
                folder=args.output,
            )
        )
    serve.serve(args.output, args.host, args.port)
    return OK


def run_vendor(args: argparse.Namespace) -> int:
    """`strom vendor [DIR]`: put this Strom's wheel (or a PyPI pin) into a site."""
    if not (args.dir / "pelicanconf.py").is_file():
        raise UsageError(
            tr(
                "{folder} is not a Strom site (it has no pelicanconf.py); give the site's folder",
                folder=args.dir,
            )
        )
    _site_language(args.dir / "pelicanconf.py")
    if args.wheel is not None and args.from_pypi:
        raise UsageError(tr("give --wheel or --from-pypi, not both"))
    if args.from_pypi:
        wheel = None
    elif args.wheel is not None:
        wheel = vendor.read_wheel(args.wheel)
    else:
        wheel = vendor.current_wheel()
    changes = vendor.update_site(args.dir, wheel)
    print(f"{args.dir}: " + ("; ".join(changes) if changes else tr("Strom's wheel is up to date")))
    return OK


def _not_empty(error: scaffold.FolderNotEmpty) -> UsageError:
    return UsageError(tr("{refusal}; choose a new folder or add --force", refusal=error))


def run_new(args: argparse.Namespace) -> int:
    """`strom new DIR`: write a new site."""
    messages.use(args.lang)
    options = _options(_given_options(args))
    try:
        written = scaffold.write(args.dir, scaffold.render(options), force=args.force)
    except scaffold.FolderNotEmpty as error:
        raise _not_empty(error) from None
    values = {
        "title": options.title,
        "folder": args.dir,
        "files": ntr("{count} file", "{count} files", len(written)),
    }
    if options.lang == "de":
        print(tr("Wrote a new German Strom site '{title}' to {folder} ({files}).", **values))
    else:
        print(tr("Wrote a new English Strom site '{title}' to {folder} ({files}).", **values))
    skeletons = [name for name in scaffold.SKELETONS if (args.dir / name).is_file()]
    if skeletons:
        print(_fill_in(skeletons))
    print(_next_steps(args.dir))
    return OK


def _settings_file(args: argparse.Namespace, paths: list[Path]) -> Path | None:
    """Return the settings file: -s, else pelicanconf.py at or above the first path, else here."""
    if args.settings is not None:
        if not args.settings.is_file():
            raise UsageError(tr("the settings file {file} does not exist", file=args.settings))
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
    progress = Progress(tr_pattern("strom check: {done} of {total} files read"))
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
    messages.use(args.lang or messages.FALLBACK)
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        raise UsageError(tr("{paths}: no such file or folder", paths=", ".join(missing)))
    settings_file = _settings_file(args, args.paths)
    content = _content_folder(args.paths, settings_file)
    if content is not None and not content.is_dir():
        raise UsageError(tr("the content folder {folder} does not exist", folder=content))
    settings, problems = check.load_settings(content, settings_file, args.production, args.lang)
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
    messages.use(args.lang)  # the report in the new site's language
    given = _given_options(args)
    _options(given)  # refuse a bad time zone before anything is written
    if not args.project.is_dir():
        raise UsageError(tr("the Astro project {folder} does not exist", folder=args.project))
    progress = Progress(tr_pattern("strom import astro: {done} of {total} posts copied"))
    try:
        report = astro.import_astro(
            args.project, args.dir, given, force=args.force, progress=progress
        )
    except astro.NotAnAstroBlog as error:
        raise UsageError(str(error)) from None
    except scaffold.FolderNotEmpty as error:
        raise _not_empty(error) from None
    finally:
        progress.close()
    print(format_report(report, args.project, args.dir))
    settings, problems = check.load_settings(
        args.dir / "content", args.dir / "pelicanconf.py", lang=messages.current()
    )
    status = _print_check(settings, summary_to=sys.stdout) if not problems else PROBLEMS
    if report.skipped:
        status = PROBLEMS
    print(_next_steps(args.dir))
    return status


def run_import_site(args: argparse.Namespace) -> int:
    """`strom import hugo|jekyll SITE DIR`: write a Strom site from a Hugo or Jekyll site."""
    messages.use(args.lang)  # the report in the new site's language
    given = _given_options(args)
    _options(given)  # refuse a bad time zone before anything is written
    if not args.project.is_dir():
        raise UsageError(
            tr(
                "the {generator} site {folder} does not exist",
                generator=args.generator.capitalize(),
                folder=args.project,
            )
        )
    importer, refusal = {
        "hugo": (hugo.import_hugo, hugo.NotAHugoSite),
        "jekyll": (jekyll.import_jekyll, jekyll.NotAJekyllSite),
    }[args.generator]
    try:
        report = importer(args.project, args.dir, given, force=args.force)
    except refusal as error:
        raise UsageError(str(error)) from None
    except scaffold.FolderNotEmpty as error:
        raise _not_empty(error) from None
    print("\n".join(report.lines(args.project, args.dir)))
    settings, problems = check.load_settings(
        args.dir / "content", args.dir / "pelicanconf.py", lang=messages.current()
    )
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
    print(tr("Post addresses ({count}):", count=len(posts)))
    for source in sorted(posts, key=lambda source: source.content.url):
        print(f"  /{source.content.url}  {source.relative}")


def _from(where: str) -> str:
    if where == astro.COMMAND_LINE:
        return tr("from the command line")
    return tr("from {file}", file=where)


def format_report(report: astro.Report, project: Path, target: Path) -> str:
    """Return the import report: counts before and after, what was left behind."""
    posts = tr(
        "posts: {before} in src/content/blog, {after} carried to content/blog",
        before=report.posts_before,
        after=report.posts_after,
    )
    if report.converted:
        posts += tr(" ({count} MDX converted to Markdown)", count=len(report.converted))
    pages = tr(
        "pages: {pages} carried to content/pages",
        pages=ntr("{count} Markdown page", "{count} Markdown pages", report.pages),
    )
    if report.astro_pages:
        pages += tr(" ({count} .astro of static HTML converted)", count=len(report.astro_pages))
    facts = [
        posts,
        pages,
        tr(
            "public: {files} copied to content/public",
            files=ntr("{count} file", "{count} files", report.public_files),
        ),
    ]
    if report.site_url:
        facts.append(
            tr("site URL: {url} ({note})", url=report.site_url, note=_from(report.url_from))
        )
    elif report.url_note:
        facts.append(tr("site URL: {url} ({note})", url=tr("none"), note=report.url_note))
    else:
        facts.append(tr("site URL: not found in astro.config.*; give --url or set it at deploy"))
    source = _from(report.title_from) if report.title_from else tr("default")
    facts.append(tr("title: {title} ({source})", title=report.title, source=source))
    if report.skeletons:
        facts.append(_fill_in(report.skeletons))
    if report.old_lists:
        facts.append(
            tr(
                "later pages of the post list: {pattern} answer with 301s "
                "({count} posts a page, STROM_OLD_LISTS)",
                pattern="/blog/{number}/",
                count=report.old_lists["per_page"],
            )
        )
    lines = [tr("Imported the Astro blog {project} into {target}:", project=project, target=target)]
    lines += [f"  {fact}" for fact in facts]
    if report.flagged:
        lines.append(tr("Starter texts ({count}):", count=len(report.flagged)))
        lines += [f"  {item}" for item in report.flagged]
    if report.replaced:
        lines.append(tr("Replaced by Strom ({count}):", count=len(report.replaced)))
        lines += [f"  {item}" for item in report.replaced]
    if report.skipped:
        lines.append(
            tr("Not carried ({count}); nothing of these was copied:", count=len(report.skipped))
        )
        lines += [f"  {item}" for item in report.skipped]
    else:
        lines.append(tr("Everything was carried."))
    return "\n".join(lines)


class _WarningsOnly(logging.Filter):
    """Errors are problems and printed as such; warnings about content go through.

    Pelican's warnings about settings (e.g. feeds without SITEURL) concern the
    build, not the content, and stay out.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.ERROR and record.name != "pelican.settings"


class _Warning(logging.Formatter):
    """Prints a warning as 'warning: ...' in the language of the messages."""

    def format(self, record: logging.LogRecord) -> str:
        return tr("warning: {message}", message=record.getMessage())


def _log_warnings() -> None:
    root = logging.getLogger()
    for handler in root.handlers:  # main() may run more than once in a process
        if any(isinstance(f, _WarningsOnly) for f in handler.filters):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.addFilter(_WarningsOnly())
    handler.setFormatter(_Warning())
    root.addHandler(handler)


def main(argv: list[str] | None = None) -> int:
    """Run the `strom` command; return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return USAGE
    _log_warnings()
    # English until a command knows its site's language (`strom new --lang`, the
    # settings `strom check` reads, `strom import --lang`).
    messages.use(messages.FALLBACK)
    try:
        return args.run(args)
    except UsageError as error:
        print(f"strom: {error}", file=sys.stderr)
        return USAGE
    except vendor.WheelUnavailable as error:
        print(f"strom: {error}", file=sys.stderr)
        return PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
