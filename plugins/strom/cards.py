"""Social cards: a 1200x630 image with title, site name and date for each post without a hero."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
from collections.abc import Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.contents import Article
from PIL import Image, ImageDraw, ImageFont

from . import build, hero
from .messages import tr
from .outputs import CARDS_DIR, cards_owner
from .problems import Problem, display_path, report, settings_file

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
# Where the cards are written; Strom removes files there that no post uses.
OUTPUT_DIR = CARDS_DIR
# DejaVu Sans Bold, bundled with the theme (licence beside it): umlauts, ß, Greek, Cyrillic.
FONT = Path(__file__).parent / "theme" / "fonts" / "DejaVuSans-Bold.ttf"
# Changing the layout below changes this, so that every cached card is drawn again.
LAYOUT_VERSION = 1

# The layout, in pixels. A card has two colours and the blends between them,
# which text is drawn in: as a palette image it is drawn and compressed about
# three times as fast as in RGB, and half the size.
BACKGROUND = (7, 63, 146)  # the theme's --accent-strong
TITLE_COLOUR = (255, 255, 255)
# Site name and date: 80 % of the way from the background to white (#cdd9e9).
META_LEVEL = 204
MARGIN = 80
META_SIZE = 34
TITLE_TOP = 160
# The title takes the largest size at which it fits in TITLE_LINES lines;
# at the smallest it is shortened with an ellipsis.
TITLE_SIZES = (68, 58, 50)
TITLE_LINES = 4
LINE_HEIGHT = 1.2
ELLIPSIS = "\u2026"


@functools.cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """Return the bundled font at ``size`` pixels (loaded once a process)."""
    return ImageFont.truetype(str(FONT), size)


@functools.cache
def font_digest() -> str:
    """Return the hash of the font file, part of each card's cache key."""
    return hashlib.sha256(FONT.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Card:
    """What a card shows; its digest names the file."""

    title: str
    site: str
    date: str

    @property
    def digest(self) -> str:
        """Return the hash of the card's text, layout and font."""
        key = json.dumps([LAYOUT_VERSION, font_digest(), self.title, self.site, self.date])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    @property
    def name(self) -> str:
        """Return the card's file name: ``card-<12 hex digits>.png``."""
        return f"card-{self.digest[:12]}.png"


def _fits(text: str, size: int) -> bool:
    return font(size).getlength(text) <= WIDTH - 2 * MARGIN


def wrap(text: str, size: int) -> list[str]:
    """Return ``text`` broken into lines that fit the card at ``size``.

    Lines break between words; a word wider than a line breaks between letters.
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if _fits(candidate, size):
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if line and not _fits(line + char, size):
                lines.append(line)
                line = ""
            line += char
    if line:
        lines.append(line)
    return lines


def title_lines(title: str) -> tuple[int, list[str]]:
    """Return the font size of a title and its lines, shortened with an ellipsis to fit."""
    for size in TITLE_SIZES:
        lines = wrap(title, size)
        if len(lines) <= TITLE_LINES:
            return size, lines
    kept = lines[:TITLE_LINES]
    last = kept[-1]
    while last and not _fits(last.rstrip() + ELLIPSIS, size):
        last = last[:-1]
    kept[-1] = last.rstrip(" ,;:.-\u2013") + ELLIPSIS
    return size, kept


def palette() -> list[int]:
    """Return the card's palette: entry ``i`` is ``i/255`` of the way to the title colour."""
    return [
        round(back + (front - back) * level / 255)
        for level in range(256)
        for back, front in zip(BACKGROUND, TITLE_COLOUR, strict=True)
    ]


def render(card: Card) -> Image.Image:
    """Return the card as a palette image of WIDTH x HEIGHT."""
    levels = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(levels)
    meta = font(META_SIZE)
    draw.text((MARGIN, MARGIN), card.site, font=meta, fill=META_LEVEL, anchor="la")
    size, lines = title_lines(card.title)
    step = round(size * LINE_HEIGHT)
    for number, line in enumerate(lines):
        top = TITLE_TOP + number * step
        draw.text((MARGIN, top), line, font=font(size), fill=255, anchor="la")
    draw.text((MARGIN, HEIGHT - MARGIN), card.date, font=meta, fill=META_LEVEL, anchor="ld")
    image = Image.frombytes("P", levels.size, levels.tobytes())
    image.putpalette(palette())
    return image


def render_to(card: Card, target: str) -> str:
    """Render ``card`` into the file ``target`` (written whole or not at all); return it."""
    temporary = f"{target}.tmp-{os.getpid()}"
    render(card).save(temporary, "PNG", compress_level=6)
    os.replace(temporary, target)
    return target


class Cards:
    """The cards of one build: which post needs which card, rendered in the background."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = settings
        self.folder = Path(hero.cache_folder(settings), "cards")
        self.workers = hero.workers(settings)
        self.wanted: dict[str, tuple[Card, str]] = {}  # name -> card, first post
        self.rendered = 0
        self._jobs: dict[str, Future | None] = {}
        self._pool: Executor | None = None

    def want(self, card: Card, user: str) -> None:
        """Make sure the card exists in the cache, rendering it in the background if not."""
        if card.name in self.wanted:
            return
        self.wanted[card.name] = (card, user)
        target = self.folder / card.name
        if target.is_file():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self.rendered += 1
        if self.workers > 1:
            self._jobs[card.name] = self._executor().submit(render_to, card, str(target))
        else:
            self._jobs[card.name] = None
            render_to(card, str(target))

    def finish(self) -> list[Problem]:
        """Wait for the cards still being rendered; return a problem for each that failed."""
        problems = []
        for name, job in self._jobs.items():
            try:
                if job is not None:
                    job.result()
            except (OSError, ValueError) as error:
                user = self.wanted[name][1]
                problems.append(
                    Problem(
                        display_path(user),
                        tr("the social card could not be drawn: {error}", error=error),
                    )
                )
        self._jobs.clear()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        return problems

    def _executor(self) -> Executor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=_forking())
        return self._pool


def _forking() -> Any:
    """Return the fork context where there is one: workers start at once, the font loaded."""
    return multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )


def needs_card(content: Any) -> bool:
    """Whether a post is shared with a card: it is written and has no image of its own."""
    if not isinstance(content, Article) or not build.is_written(content):
        return False
    picture = getattr(content, "hero", None)
    return not (picture and getattr(picture, "og", None))


def attach_cards(settings: Mapping[str, Any], context: Mapping[str, Any]) -> None:
    """Give each post without a hero its card as ``card``; draw the missing cards.

    The cards are drawn in worker processes while Pelican writes the pages.
    """
    running = build.current(settings)
    if running is None or not settings.get("STROM_CARDS"):
        return
    running.cards = cards = Cards(settings)
    base = f"{settings['SITEURL'].rstrip('/')}/{OUTPUT_DIR}/"
    for content in build.written_content(context):
        if not needs_card(content):
            continue
        card = Card(
            str(getattr(content, "title", "")),
            str(settings.get("SITENAME") or ""),
            str(getattr(content, "locale_date", "") or ""),
        )
        cards.want(card, content.source_path)
        content.card = hero.OpenGraph(base + card.name, WIDTH, HEIGHT, card.title)


def generator(pelican: Any) -> type[CardsGenerator]:
    """Add the generator that copies the cards into the output (``get_generators``)."""
    return CardsGenerator


class CardsGenerator:
    """Gives the posts their cards, copies them into ``assets/cards/`` and removes the rest.

    Its ``generate_context`` runs after the posts are read and before the
    theme's, which puts the card in the post's JSON-LD too.
    """

    def __init__(self, context, settings, path, theme, output_path, **kwargs) -> None:
        self.context = context
        self.settings = settings
        self.output_path = output_path

    def generate_context(self) -> None:
        """Attach the cards (``attach_cards``)."""
        attach_cards(self.settings, self.context)

    def generate_output(self, writer: Any) -> None:
        """Wait for the cards, claim and copy each one, and remove cards no post uses."""
        running = build.current(self.settings)
        cards = getattr(running, "cards", None)
        if cards is None:
            return
        for problem in cards.finish():
            report(problem)
        target = Path(self.output_path, OUTPUT_DIR)
        copied = 0
        for name, (_, user) in sorted(cards.wanted.items()):
            refused = running.outputs.claim(f"{OUTPUT_DIR}/{name}", cards_owner())
            source = cards.folder / name
            if refused is not None:
                report(refused)
            elif not source.is_file():
                report(
                    Problem(
                        display_path(user), tr("the social card {name} was not drawn", name=name)
                    )
                )
            elif not _same(source, target / name):
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target / name)
                copied += 1
        stale = [
            path
            for path in (target.iterdir() if target.is_dir() else ())
            if path.name not in cards.wanted
        ]
        for path in stale:
            path.unlink()
        logger.info(
            "%s",
            tr(
                "strom: cards: {rendered} rendered, {copied} copied to {folder}, "
                "{removed} unused removed",
                rendered=cards.rendered,
                copied=copied,
                folder=OUTPUT_DIR,
                removed=len(stale),
            ),
        )


def _same(source: Path, target: Path) -> bool:
    """Whether ``target`` is already a copy of ``source`` (the name holds the content hash)."""
    try:
        return target.stat().st_size == source.stat().st_size
    except FileNotFoundError:
        return False


def setting_problems(settings: Mapping[str, Any]) -> list[Problem]:
    """Return a problem if ``STROM_CARDS`` is not True or False."""
    value = settings.get("STROM_CARDS")
    if isinstance(value, bool):
        return []
    return [
        Problem(
            settings_file(settings),
            tr("must be True or False, got {value!r}", value=value),
            field="STROM_CARDS",
        )
    ]
