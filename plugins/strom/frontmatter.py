"""Front matter: YAML read safely and mapped to Pelican metadata by a table of converters."""

from __future__ import annotations

import difflib
import html
import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

import yaml
from babel.numbers import format_decimal
from markupsafe import Markup
from pelican.contents import Article, Page
from pelican.urlwrappers import Author, Category, Tag

from .dates import DateError, to_datetime
from .messages import current as messages_language
from .messages import marked, tr, tr_marked
from .problems import ContentError, Problem, shown

logger = logging.getLogger(__name__)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)

# Front-matter key (case-insensitive, as in Hugo) -> (Pelican field, converter).
# The first key of the table that a file sets wins a field.
DEFAULT_FRONTMATTER: dict[str, tuple[str, str] | None] = {
    "title": ("title", "text"),
    "slug": ("slug", "slug"),
    "pubdate": ("date", "date"),
    "date": ("date", "date"),
    "publishdate": ("date", "date"),
    "updateddate": ("modified", "date"),
    "lastmod": ("modified", "date"),
    "modified": ("modified", "date"),
    "last_modified_at": ("modified", "date"),
    "description": ("summary", "plain"),
    "summary": ("summary", "plain"),
    "excerpt": ("summary", "plain"),
    "heroimage": ("hero", "text"),
    "heroalt": ("hero_alt", "text"),
    "images": ("hero", "first"),
    "image": ("hero", "image"),
    "tags": ("tags", "tags"),
    "categories": ("category", "categories"),
    "category": ("category", "category"),
    "author": ("authors", "authors"),
    "authors": ("authors", "authors"),
    "aliases": ("aliases", "list"),
    "redirect_from": ("aliases", "list"),
    "draft": ("status", "draft"),
    "published": ("status", "published"),
    "toc": ("toc", "boolean"),
}

# The converters a STROM_FRONTMATTER entry may name (or a function), each with
# what to write instead when a value does not fit; Converters has a method each.
_LIST_HINT = marked("write a YAML list or a comma-separated string")
CONVERTERS: dict[str, str] = {
    "text": marked("write a single line of text"),
    "slug": marked("write a single line of text"),
    "plain": marked("write a single line of text"),
    "date": marked("write e.g. 'Jan 19 2025', '2025-01-19' or '19.01.2025'"),
    "list": _LIST_HINT,
    "first": _LIST_HINT,
    "image": marked("write a path, or {{path: ..., alt: ...}}"),
    "tags": _LIST_HINT,
    "category": marked("write a single line of text"),
    "categories": _LIST_HINT,
    "authors": _LIST_HINT,
    "draft": marked("write true or false"),
    "published": marked("write true or false"),
    "boolean": marked("write true or false"),
}
CONVERTER_NAMES = frozenset(CONVERTERS)
# Converters of text: their values are taken as written (see as_written).
TEXT_CONVERTERS = frozenset(
    ("text", "slug", "plain", "list", "first", "tags", "category", "categories", "authors")
)


# Keys that Pelican or Strom compute or obey and that front matter must not set:
# Pelican makes each key an attribute of the post, so ``template`` picks any
# template, ``override_save_as`` replaces any page, ``lang`` makes a post a
# translation. A site may allow one explicitly (STROM_ALLOWED_KEYS).
_ADDRESS = marked(
    "Strom makes the address from the file name or 'slug:'; keep an old address with 'aliases:'"
)
_RESERVED = {
    "url": _ADDRESS,
    "save_as": _ADDRESS,
    "path": _ADDRESS,
    "filename": _ADDRESS,
    "content": marked("is the text below the front matter; rename the key"),
    "template": marked(
        "Strom chooses the template by the kind of page; remove the key "
        "(a page of its own is a file in pages/)"
    ),
    "lang": marked("a Strom site has one language (DEFAULT_LANG); remove the key"),
    "translation": marked("a Strom site has one language (DEFAULT_LANG); remove the key"),
    "translations": marked("a Strom site has one language (DEFAULT_LANG); remove the key"),
    "in_default_lang": marked("a Strom site has one language (DEFAULT_LANG); remove the key"),
    "timezone": marked(
        "the time zone is the site's TIMEZONE; write the offset in the date "
        "('2025-01-19 10:00 +01:00')"
    ),
    "date_format": marked("dates are formatted by STROM_DATE_FORMAT; remove the key"),
}
# Attributes of Pelican's posts and pages and the data Strom attaches to them.
_COMPUTED = frozenset(
    {name for name in {*dir(Article), *dir(Page)} if not name.startswith("__")}
    | {
        "settings",
        "metadata",
        "source_path",
        "relative_source_path",
        "locale_date",
        "locale_modified",
        "default_status",
        "allowed_statuses",
        "mandatory_properties",
        "word_count",
        "reading_time",
        "older",
        "newer",
        "related_posts",
        "meta_description",
        "structured_data",
    }
) - {"summary", "status"}
# The values of Pelican's status (draft: and published: are the usual way).
STATUSES = ("published", "hidden", "draft")


def reserved(  # noqa: PLR0911 (one answer a kind of key)
    key: str, value: Any = None, allowed: frozenset[str] = frozenset()
) -> str | None:
    """Return why front matter may not set ``key`` (lower case) to ``value``, or None."""
    if key in allowed:
        return None
    if key in _RESERVED:
        return tr_marked(_RESERVED[key])
    if key.startswith("override_"):
        return tr_marked(_ADDRESS)
    if key.startswith("strom_"):
        return tr("is kept for Strom's own data; rename the key")
    if key.startswith("_") or key in _COMPUTED:
        return tr("is a name Pelican uses for its own data; rename the key")
    if key == "status" and str(value).strip().lower() not in STATUSES:
        return tr(
            "must be one of {choices}, got '{value}'; write 'draft: true'",
            choices=", ".join(STATUSES),
            value=shown(value),
        )
    return None


# Keys authors write for the table's keys, many of them German (and what they mean).
LIKELY_KEYS = {
    "tag": "tags",
    "alias": "aliases",
    "titel": "title",
    "überschrift": "title",
    "datum": "pubDate",
    "veröffentlicht": "pubDate",
    "beschreibung": "description",
    "zusammenfassung": "summary",
    "schlagworte": "tags",
    "schlagwörter": "tags",
    "stichworte": "tags",
    "kategorie": "category",
    "kategorien": "categories",
    "autor": "author",
    "autorin": "author",
    "autoren": "authors",
    "bild": "heroImage",
    "titelbild": "heroImage",
    "entwurf": "draft",
    "weiterleitungen": "aliases",
}
# The table's keys as authors spell them (the table itself is lower case).
_SPELLED = {
    "pubdate": "pubDate",
    "updateddate": "updatedDate",
    "heroimage": "heroImage",
    "heroalt": "heroAlt",
}


def likely_key(key: str, table: Mapping[str, Any]) -> str | None:
    """Return the table key that ``key`` (lower case, not in the table) was likely meant as.

    German names (``titel``), other separators (``pub_date``, ``hero-image``)
    and small typos (``titel``, ``decription``) are recognised.
    """
    if key in LIKELY_KEYS:
        return LIKELY_KEYS[key]
    squeezed = re.sub(r"[-_ ]", "", key)
    if squeezed != key and squeezed in table:
        return _SPELLED.get(squeezed, squeezed)
    if len(key) < 4:
        return None
    close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.85)
    return _SPELLED.get(close[0], close[0]) if close else None


class ValueProblem(ValueError):
    """A front-matter value that its converter cannot use."""


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise ValueProblem(tr("expected text, got a YAML {kind}", kind=type(value).__name__))
    return "" if value is None else str(value).strip()


def _items(value: Any, spaces: bool = False) -> list[str]:
    """Return a YAML list, a comma-separated string or nothing as a list of strings.

    With ``spaces`` a string is split on spaces too (Jekyll's ``tags: linux mac``).
    """
    if value is None:
        return []
    if isinstance(value, str):
        separators = r"[,\s]+" if spaces else ","
        return [item.strip() for item in re.split(separators, value) if item.strip()]
    if isinstance(value, list):
        return [_text(item) for item in value if _text(item)]
    raise ValueProblem(tr("expected a list, got {value}", value=shown(repr(value))))


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
        return value.strip().lower() in ("true", "yes")
    raise ValueProblem(tr("expected true or false, got {value}", value=shown(repr(value))))


def _image(value: Any, field: str) -> dict[str, Any]:
    """Jekyll's ``image``: a path, or a mapping with ``path`` and ``alt``.

    (Hugo themes write ``cover: {image: ..., alt: ...}``: ``image`` is the path there.)
    """
    if isinstance(value, dict):
        fields = {field: _text(value.get("path") or value.get("src") or value.get("image"))}
        if value.get("alt"):
            fields[f"{field}_alt"] = _text(value["alt"])
        return fields
    return {field: _text(value)}


class Converters:
    """Turns YAML values into Pelican metadata; one method a converter name."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = settings

    def convert(self, kind: str | Callable, value: Any, field: str) -> dict[str, Any]:
        """Return the Pelican fields that ``value`` gives, converted as ``kind`` says."""
        if callable(kind):
            return {field: self._wrapped(field, kind(value, self.settings))}
        if kind == "image":
            return _image(value, field)
        method = getattr(self, f"_{kind}", None)
        if method is None:
            raise ValueProblem(tr("the table names an unknown converter '{kind}'", kind=kind))
        return {field: method(value)}

    def _wrapped(self, field: str, value: Any) -> Any:
        """Return a function's value for ``field``: names of tags, a category, authors wrapped.

        A function may return plain strings (or a comma-separated string) for
        them, as the table's own converters read them.
        """
        kinds = {"tags": Tag, "authors": Author}
        if field in kinds and isinstance(value, (str, list, tuple)):
            items = _items(value) if isinstance(value, str) else list(value)
            return [
                item if isinstance(item, kinds[field]) else kinds[field](_text(item), self.settings)
                for item in items
                if isinstance(item, kinds[field]) or _text(item)
            ]
        if field == "category" and isinstance(value, str):
            return Category(value.strip(), self.settings) if value.strip() else None
        return value

    def _text(self, value: Any) -> str:
        return _text(value)

    _slug = _text

    def _plain(self, value: Any) -> Markup:
        # Plain text: markup in a description is shown, never rendered.
        return Markup(html.escape(_text(value), quote=False))

    def _date(self, value: Any):
        try:
            return to_datetime(
                value,
                self.settings.get("TIMEZONE") or "UTC",
                keep_offset=bool(self.settings.get("STROM_KEEP_DATE_OFFSET")),
            )
        except DateError as error:
            raise ValueProblem(str(error)) from None
        except (ValueError, OverflowError) as error:  # year 1 in Berlin is year 0 in UTC
            refusal = tr(
                "'{value}' is not a date Strom can use ({error})", value=shown(value), error=error
            )
            raise ValueProblem(refusal) from None

    def _list(self, value: Any) -> list[str]:
        return _items(value)

    def _first(self, value: Any) -> str:
        items = _items(value)
        return items[0] if items else ""

    def _tags(self, value: Any) -> list[Tag]:
        spaces = bool(self.settings.get("STROM_SPACE_SEPARATED_TAGS"))
        return [Tag(name, self.settings) for name in _items(value, spaces)]

    def _category(self, value: Any) -> Category | None:
        items = [_text(value)] if isinstance(value, str) else _items(value)
        return Category(items[0], self.settings) if items else None

    def _categories(self, value: Any) -> Category | None:
        """Return the first of ``categories`` (a string split on spaces as tags are)."""
        if isinstance(value, str) and not self.settings.get("STROM_SPACE_SEPARATED_TAGS"):
            return self._category(value)
        items = _items(value, spaces=True)
        return Category(items[0], self.settings) if items else None

    def _authors(self, value: Any) -> list[Author]:
        return [Author(name, self.settings) for name in _items(value)]

    def _draft(self, value: Any) -> str:
        return "draft" if _boolean(value) else "published"

    def _published(self, value: Any) -> str:
        return "published" if _boolean(value) else "draft"

    def _boolean(self, value: Any) -> bool:
        return _boolean(value)


def frontmatter_table(settings: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    """Return the default table with the site's ``STROM_FRONTMATTER`` laid over it.

    A site entry ``KEY: None`` removes a default mapping.
    """
    table = dict(DEFAULT_FRONTMATTER)
    for key, entry in (settings.get("STROM_FRONTMATTER") or {}).items():
        table[key.lower()] = entry
    return {key: entry for key, entry in table.items() if entry}


def texts_of(fields: Mapping[str, Any]) -> list[str]:
    """Return the texts of converted fields: strings, and the names of tags and authors."""
    texts = []
    for value in fields.values():
        for item in value if isinstance(value, list) else [value]:
            text = getattr(item, "name", item)
            if isinstance(text, str):
                texts.append(text)
    return texts


def split(text: str, path: str) -> tuple[str | None, str, int]:
    """Return (front matter, body, line of the body) of a source file's text."""
    match = _FENCE.match(text)
    if not match:
        if text.startswith("+++"):
            raise ContentError(
                [
                    Problem(
                        path,
                        tr(
                            "TOML front matter (+++) is not supported; "
                            "convert it to YAML between --- lines"
                        ),
                        line=1,
                    )
                ]
            )
        if re.match(r"---[ \t]*\n", text):
            raise ContentError(
                [Problem(path, tr("the front matter has no closing '---' line; add one"), line=1)]
            )
        return None, text, 1
    front = match.group(1) or ""
    return front, text[match.end() :], front.count("\n") + 3


# A YAML alias may stand for a whole structure; nine nested ones expand to
# billions of values ("billion laughs"). Front matter never needs this many.
MAX_VALUES = 10_000


def parse_yaml(
    front: str, path: str
) -> tuple[dict[str, Any], dict[str, int], dict[str, yaml.Node]]:
    """Return the front matter's mapping, the line of each key and each key's value node.

    Keys are told apart without regard to case (as Hugo does): two spellings of
    one key are a problem, as is a mapping whose aliases expand to more than
    ``MAX_VALUES`` values.
    """
    loader = _Loader(front)
    try:
        node = loader.get_single_node()
        if node is None:  # empty, or comments only
            return {}, {}, {}
        if isinstance(node, yaml.MappingNode):
            _refuse_bombs(node, path)
            _refuse_duplicates(node, path)
        data = loader.construct_document(node)
    except ValueError as error:  # YAML that parses but holds no valid value: 2025-13-45
        raise ContentError(_value_problems(front, path, error)) from None
    except yaml.YAMLError as error:
        raise ContentError([yaml_problem(error, path)]) from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}, {}
    if not isinstance(data, dict):
        raise ContentError(
            [
                Problem(
                    path,
                    tr("the front matter must be a YAML mapping of 'key: value' lines"),
                    line=2,
                )
            ]
        )
    lines = {str(key.value).lower(): key.start_mark.line + 2 for key, _ in node.value}
    nodes = {str(key.value).lower(): value for key, value in node.value}
    return data, lines, nodes


def _refuse_bombs(node: yaml.Node, path: str) -> None:
    """Raise ``ContentError`` where aliases make the mapping expand past ``MAX_VALUES``."""
    seen = 0
    stack = [node]
    while stack:
        current = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise ContentError(
                [
                    Problem(
                        path,
                        tr(
                            "the front matter expands to more than {count} values "
                            "through YAML aliases ('*name'); write the values out",
                            count=format_decimal(MAX_VALUES, locale=messages_language()),
                        ),
                        line=2,
                    )
                ]
            )
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))


def _refuse_duplicates(node: yaml.MappingNode, path: str) -> None:
    """Raise ``ContentError`` for keys written twice (also in another case): neither counts."""
    first: dict[str, yaml.Node] = {}
    problems = []
    for key, _ in node.value:
        name = str(key.value)
        other = first.setdefault(name.lower(), key)
        if other is not key:
            problems.append(
                Problem(
                    path,
                    tr(
                        "is set twice (also on line {line} as '{key}'); keep one",
                        line=other.start_mark.line + 2,
                        key=shown(other.value),
                    ),
                    field=shown(name),
                    line=key.start_mark.line + 2,
                )
            )
    if problems:
        raise ContentError(problems)


def as_written(node: yaml.Node | None, value: Any) -> Any:
    """Return a text value as the author wrote it, not as YAML 1.1 reads it.

    ``title: yes`` is the text "yes" (not True), ``slug: 0777`` is "0777" (not
    511), ``title: 12:30`` is "12:30" (not 750); lists keep their items as
    written. Quoted values and mappings are as YAML reads them.
    """
    if isinstance(node, yaml.ScalarNode) and not node.style and not isinstance(value, str):
        return None if node.tag == "tag:yaml.org,2002:null" else node.value
    if isinstance(node, yaml.SequenceNode) and isinstance(value, list):
        return [as_written(item, element) for item, element in zip(node.value, value, strict=False)]
    return value


# PyYAML's reasons, in plain words, and whether the mistake is where the
# context starts (an unclosed quote or bracket) rather than where PyYAML stopped.
_YAML_REASONS = (
    (
        "quoted scalar",
        marked("a quote opened here is never closed; close it on the same line"),
        True,
    ),
    ("flow sequence", marked("a '[' opened here is never closed; close the list with ']'"), True),
    ("flow mapping", marked("a '{{' opened here is never closed; close it with '}}'"), True),
    ("tab character", marked("a tab indents this line; indent with spaces"), False),
    ("found character '\\t'", marked("a tab indents this line; indent with spaces"), False),
    (
        "mapping values are not allowed",
        marked(
            "a ':' follows a value, or a line is indented too far; put a value with ': ' in quotes"
        ),
        False,
    ),
    (
        "undefined alias",
        marked("'*' starts an alias that refers to nothing; put the value in quotes"),
        False,
    ),
    (
        "did not find expected key",
        marked('text follows a quoted value; put the whole value in double quotes ("it\'s")'),
        False,
    ),
    (
        "could not find expected ':'",
        marked("a line is not 'key: value'; add the ':' or put the text in quotes"),
        False,
    ),
)


def yaml_problem(error: yaml.YAMLError, path: str) -> Problem:
    """Return the problem of front matter PyYAML cannot parse, where the mistake is."""
    problem = str(getattr(error, "problem", None) or error)
    context = str(getattr(error, "context", None) or "")
    mark = getattr(error, "problem_mark", None)
    reason = f"{problem} (PyYAML)"
    for words, plain, at_start in _YAML_REASONS:
        if words in problem or words in context:
            reason = tr_marked(plain)
            if at_start and getattr(error, "context_mark", None) is not None:
                mark = error.context_mark
            break
    return Problem(
        path,
        tr("the front matter is not valid YAML: {reason}", reason=reason),
        line=mark.line + 2 if mark else None,
        column=mark.column + 1 if mark else None,
    )


def _value_problems(front: str, path: str, error: ValueError) -> list[Problem]:
    """Name the key whose YAML value PyYAML could not construct (dates such as 2025-13-45)."""
    loader = _Loader(front)
    try:
        node = loader.get_single_node()
        for key, value in getattr(node, "value", ()):
            try:
                loader.construct_object(value, deep=True)
            except ValueError as bad:
                return [
                    Problem(
                        path,
                        f"{bad}; {tr_marked(CONVERTERS['date'])}",
                        field=str(key.value),
                        line=key.start_mark.line + 2,
                    )
                ]
    finally:
        loader.dispose()
    refusal = tr("the front matter holds a value YAML cannot read ({error})", error=error)
    return [Problem(path, refusal)]


def key_as_written(data: Mapping[str, Any], key: str) -> str:
    """Return the front-matter key the author wrote for table key ``key``."""
    return next((str(k) for k in data if str(k).lower() == key), key)
