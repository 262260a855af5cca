"""The one collector of build problems, their summary and the exit status."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import asdict, dataclass
from typing import Any

from .messages import ntr, tr

logger = logging.getLogger(__name__)


def escaped(text: str) -> str:
    r"""Return ``text`` with control, format and separator characters as ``\x0c``, ``\u202e``.

    A problem line never breaks, and never lets a bidi override turn it around.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def shown(value: Any, limit: int = 80) -> str:
    """Return ``value`` for a message: at most ``limit`` characters, control characters escaped."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return escaped(text)


@dataclass(frozen=True)
class Problem:
    """Something that keeps a source from becoming (all of) a page."""

    path: str | None
    message: str
    field: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        place = self.path or tr("site")
        if self.line:
            place = f"{place}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        return escaped(f"{place}:{field} {self.message}")

    def as_json(self) -> dict[str, Any]:
        """Return the problem as editors and CI annotations read it."""
        return asdict(self)


def display_path(source_path: str) -> str:
    """Return the path as the user knows it: relative to the working folder if inside."""
    relative = os.path.relpath(source_path)
    path = source_path if relative.startswith("..") else relative
    return path.replace(os.sep, "/")


def settings_file(settings: Any) -> str:
    """Return the settings file the build read, as the user knows it (for messages)."""
    return settings.get("STROM_SETTINGS_FILE") or "pelicanconf.py"


def counted(count: int, noun: str) -> str:
    """Return '1 problem' or '3 problems': the plain English of Strom's messages."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


class ContentError(Exception):
    """A source file that cannot become a page; carries its problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


class BuildFailed(Exception):
    """Raised at the end of a build that had problems; Pelican exits with 1."""

    exitcode = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class _NoTraceback(logging.Filter):
    """Pelican logs a failed build with a traceback; ours has its summary instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], BuildFailed):
            record.exc_info = None
        return True


_NO_TRACEBACK = _NoTraceback()


def quiet_build_failed() -> None:
    """Keep Pelican from printing a traceback under Strom's build summary."""
    logging.getLogger("pelican").addFilter(_NO_TRACEBACK)


def report(problem: Problem) -> None:
    """Log ``problem`` as an error; the collector of the running build keeps it."""
    logger.error("%s", problem, extra={"strom_problem": problem})


class _HeldBack(logging.Filter):
    """Keeps errors off the console during a build: the summary prints each once."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.ERROR


_HELD_BACK = _HeldBack()


def _consoles() -> list[logging.Handler]:
    """Return the handlers that print to a terminal or a build log (Pelican's rich one)."""
    return [
        handler
        for handler in logging.getLogger().handlers
        if type(handler).__name__ == "RichHandler"
        or (type(handler) is logging.StreamHandler and not isinstance(handler, Collector))
    ]


class Collector(logging.Handler):
    """Collects every problem of one build, Strom's own and Pelican's errors.

    Pelican logs a source it could not read as "Could not process PATH" and
    goes on. Installed for the length of a build, the collector turns such a
    line into Strom's own message (when the reader raised ``ContentError``)
    and remembers every error, so that the build can fail at its end.
    """

    def __init__(self, content: str | None = None) -> None:
        super().__init__(logging.ERROR)
        self.problems: list[Problem] = []
        self._seen: set[Problem] = set()
        self._rewriter = _ContentErrorRewriter(content)
        # The levels of loggers lowered to ERROR for the build (attach).
        self._levels: dict[str, int] = {}

    def attach(self) -> None:
        """Start collecting: from now on errors anywhere are counted.

        ``pelican -q`` sets its loggers to CRITICAL, which would drop every
        error before it reaches the collector; they are lowered to ERROR for
        the build (the console still shows no error: the summary prints them).
        """
        logging.getLogger().addHandler(self)
        logging.getLogger("pelican.generators").addFilter(self._rewriter)
        for handler in _consoles():
            handler.addFilter(_HELD_BACK)
        self._levels = {}
        for name in ("", "pelican"):
            found = logging.getLogger(name or None)
            if found.level > logging.ERROR:
                self._levels[name] = found.level
                found.setLevel(logging.ERROR)

    def detach(self) -> None:
        """Stop collecting."""
        logging.getLogger().removeHandler(self)
        logging.getLogger("pelican.generators").removeFilter(self._rewriter)
        for handler in _consoles():
            handler.removeFilter(_HELD_BACK)
        for name, level in self._levels.items():
            logging.getLogger(name or None).setLevel(level)
        self._levels = {}

    def emit(self, record: logging.LogRecord) -> None:
        """Remember the problem behind an error record."""
        own = getattr(record, "strom_problems", None) or [getattr(record, "strom_problem", None)]
        found = own if own[0] is not None else [Problem(None, record.getMessage())]
        for problem in found:  # each once, however often it was logged
            if problem not in self._seen:
                self._seen.add(problem)
                self.problems.append(problem)

    def summary(self) -> str:
        """Return the end-of-build summary, one line a problem."""
        count = len(self.problems)
        lines = [
            ntr(
                "strom: {count} problem; the site is incomplete:",
                "strom: {count} problems; the site is incomplete:",
                count,
            )
        ]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


class _ContentErrorRewriter(logging.Filter):
    """Replaces Pelican's bare "Could not process PATH" with the reader's message.

    Any other error while a source is read is a problem of that source, in
    the words `strom check` uses; control characters are escaped.
    """

    def __init__(self, content: str | None = None) -> None:
        super().__init__()
        self.content = content

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        error = sys.exc_info()[1]
        problems = None
        if isinstance(error, ContentError):
            problems = error.problems
        elif error is not None and self.content and record.msg == "Could not process %s":
            source = display_path(os.path.join(self.content, str(record.args[0])))
            problems = [Problem(source, tr("cannot be read: {error}", error=error))]
        if problems is not None:
            record.msg, record.args = "%s", ("\n".join(map(str, problems)),)
            record.exc_info = record.exc_text = None
            record.strom_problems = problems
        else:
            record.msg, record.args = "%s", (escaped(record.getMessage()),)
        return True
