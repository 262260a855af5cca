"""Series: posts that belong together (``series:`` in front matter), a box on each, a page each."""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican.generators import Generator, PelicanTemplateNotFound
from pelican.utils import slugify

from . import build, i18n
from .messages import marked, tr, tr_marked
from .outputs import Owner
from .problems import Problem, display_path, report, shown

logger = logging.getLogger(__name__)

TEMPLATE = "series"
# The keys of ``series:`` written as a mapping; ``part`` is another name for ``order``.
_KEYS = ("name", "order", "part")
# What to write, the end of several problems (the braces doubled: it is a format string).
_HOW = marked(
    "write a name ('series: Kafka lernen') or a mapping "
    "('series: {{name: Kafka lernen, order: 2}}'; order, or part, is optional)"
)


class SeriesProblem(ValueError):
    """A ``series:`` value Strom cannot read; the message says what to write."""


def parse(value: Any) -> tuple[str, int | None]:
    """Return the name and the order (None: by date) of a ``series:`` value."""
    if isinstance(value, str):
        name, order = value, None
    elif isinstance(value, Mapping):
        unknown = [str(key) for key in value if key not in _KEYS]
        if unknown:
            raise SeriesProblem(
                tr(
                    "has the unknown key '{key}'; {how}",
                    key=shown(unknown[0]),
                    how=tr_marked(_HOW),
                )
            )
        if "order" in value and "part" in value:
            raise SeriesProblem(tr("has both 'order' and 'part'; keep one"))
        name = value.get("name")
        order = value.get("order", value.get("part"))
        if not isinstance(name, str):
            raise SeriesProblem(
                tr(
                    "needs a 'name' that is text, got {value}; {how}",
                    value=shown(repr(name)),
                    how=tr_marked(_HOW),
                )
            )
        if order is not None and (isinstance(order, bool) or not isinstance(order, int)):
            raise SeriesProblem(
                tr("'order' must be a whole number, got {value}", value=shown(repr(order)))
            )
        if order is not None and order < 1:
            raise SeriesProblem(tr("'order' must be 1 or more, got {value}", value=order))
    else:
        raise SeriesProblem(
            tr(
                "must be a name or a mapping, got {value}; {how}",
                value=shown(repr(value)),
                how=tr_marked(_HOW),
            )
        )
    name = " ".join(name.split())
    if not name:
        raise SeriesProblem(tr("is empty; {how}", how=tr_marked(_HOW)))
    return name, order


@dataclass
class Series:
    """One series: its name, its page and its parts in order."""

    name: str
    slug: str
    url: str = ""
    save_as: str = ""
    parts: list[Any] = field(default_factory=list)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Part:
    """Where a post stands in its series (``article.series_part``), for the series box."""

    series: Series
    number: int
    previous: Any = None
    next: Any = None


def _key(article: Any) -> tuple[float, float, str]:
    order = article.strom_series_order
    date = getattr(article, "date", None)
    stamp = date.timestamp() if isinstance(date, dt.datetime) else math.inf
    return (order if order is not None else math.inf, stamp, article.source_path)


def url_slug(settings: Mapping[str, Any]) -> str:
    """Return the folder of series pages in the site's language ('serie', 'series')."""
    catalog = i18n.translations(settings["THEME"], str(settings["DEFAULT_LANG"]))
    return catalog.pgettext("URL path", "series")


def configure(settings: dict[str, Any]) -> None:
    """Set where series pages go, unless the site says (``SERIES_URL``, ``SERIES_SAVE_AS``)."""
    folder = url_slug(settings)
    settings.setdefault("SERIES_URL", f"{folder}/{{slug}}/")
    settings.setdefault("SERIES_SAVE_AS", f"{folder}/{{slug}}/index.html")


def collect(articles: list[Any], settings: Mapping[str, Any]) -> tuple[list[Series], list[Problem]]:
    """Group the posts by series, ordered; return the series and the problems found."""
    problems = []
    found: dict[str, Series] = {}
    for article in articles:
        article.series_part = None
        value = article.metadata.get("series")
        if value is None:
            continue
        path = display_path(article.source_path)
        try:
            name, order = parse(value)
        except SeriesProblem as problem:
            problems.append(Problem(path, str(problem), field="series"))
            continue
        slug = slugify(name, settings.get("SLUG_REGEX_SUBSTITUTIONS", []), use_unicode=True)
        series = found.setdefault(slug, Series(name, slug))
        if series.name != name:
            problems.append(
                Problem(
                    path,
                    tr(
                        "names the series '{name}', which has the address of '{other}'; "
                        "write the name as the other parts do",
                        name=shown(name),
                        other=shown(series.name),
                    ),
                    field="series",
                )
            )
            continue
        article.strom_series_order = order
        series.parts.append(article)
    for series in found.values():
        series.parts.sort(key=_key)
        seen: dict[int, Any] = {}
        for article in series.parts:
            order = article.strom_series_order
            if order is not None and order in seen:
                problems.append(
                    Problem(
                        display_path(article.source_path),
                        tr(
                            "is part {order} of the series '{name}', as {other} is; "
                            "give each part its own order",
                            order=order,
                            name=shown(series.name),
                            other=display_path(seen[order].source_path),
                        ),
                        field="series",
                    )
                )
            seen.setdefault(order, article)
        series.url = settings["SERIES_URL"].format(slug=series.slug)
        series.save_as = settings["SERIES_SAVE_AS"].format(slug=series.slug)
    return sorted(found.values(), key=lambda s: s.slug), problems


def attach(series_list: list[Series]) -> None:
    """Give each part its number and its neighbours within the series."""
    for series in series_list:
        parts = series.parts
        for index, article in enumerate(parts):
            article.series_part = Part(
                series,
                index + 1,
                previous=parts[index - 1] if index else None,
                next=parts[index + 1] if index + 1 < len(parts) else None,
            )


class SeriesGenerator(Generator):
    """Reads the series of the posts, claims their pages and writes them."""

    def generate_context(self) -> None:
        """Group the published posts into series and claim a page for each."""
        articles = self.context.get("articles", [])
        self.series, problems = collect(articles, self.settings)
        running = build.current(self.settings)
        for series in self.series:
            if not series.save_as:
                continue
            owner = Owner(
                display_path(series.parts[0].source_path),
                field="series",
                what=tr("the series page '{name}'", name=shown(series.name)),
                advice=tr("rename the series"),
            )
            refused = running.outputs.claim(series.save_as, owner) if running else None
            if refused is not None:
                problems.append(refused)
                series.url = series.save_as = ""
        for problem in problems:
            report(problem)
        attach(self.series)
        self.context["series"] = self.series

    def generate_output(self, writer: Any) -> None:
        """Write each series page with Pelican's Writer (the sitemap sees them).

        A theme without a series template (another than Strom's) gets none.
        """
        try:
            template = self.get_template(TEMPLATE)
        except PelicanTemplateNotFound:
            return
        for series in self.series:
            if series.save_as:
                writer.write_file(
                    series.save_as,
                    template,
                    self.context,
                    relative_urls=self.settings["RELATIVE_URLS"],
                    series=series,
                    url=series.url,
                )


def generator(pelican: Any) -> type[SeriesGenerator]:
    """Hand Pelican the series generator (``get_generators``)."""
    return SeriesGenerator
