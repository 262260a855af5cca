"""The one collector of build problems, their summary and the exit status."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """Something that keeps a source from becoming (all of) a page."""

    path: str | None
    message: str
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        place = self.path or "site"
        if self.line:
            place = f"{place}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        return f"{place}:{field} {self.message}"


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


class Collector(logging.Handler):
    """Collects every problem of one build, Strom's own and Pelican's errors.

    Pelican logs a source it could not read as "Could not process PATH" and
    goes on. Installed for the length of a build, the collector turns such a
    line into Strom's own message (when the reader raised ``ContentError``)
    and remembers every error, so that the build can fail at its end.
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.problems: list[Problem] = []
        self._rewriter = _ContentErrorRewriter()

    def attach(self) -> None:
        """Start collecting: from now on errors anywhere are counted."""
        logging.getLogger().addHandler(self)
        logging.getLogger("pelican.generators").addFilter(self._rewriter)

    def detach(self) -> None:
        """Stop collecting."""
        logging.getLogger().removeHandler(self)
        logging.getLogger("pelican.generators").removeFilter(self._rewriter)

    def emit(self, record: logging.LogRecord) -> None:
        """Remember the problem behind an error record."""
        own = getattr(record, "strom_problems", None) or [getattr(record, "strom_problem", None)]
        if own[0] is not None:
            self.problems.extend(own)
        else:
            self.problems.append(Problem(None, record.getMessage()))

    def summary(self) -> str:
        """Return the end-of-build summary, one line a problem."""
        count = len(self.problems)
        lines = [f"strom: {counted(count, 'problem')}; the site is incomplete:"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


class _ContentErrorRewriter(logging.Filter):
    """Replaces Pelican's bare "Could not process" with the reader's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = sys.exc_info()[1]
        if record.levelno >= logging.ERROR and isinstance(error, ContentError):
            record.msg, record.args = "%s", (str(error),)
            record.exc_info = record.exc_text = None
            record.strom_problems = error.problems
        return True
