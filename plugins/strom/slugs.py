"""Slugs the way Astro's glob loader makes them (github-slugger)."""

import unicodedata
from pathlib import PurePosixPath

# github-slugger keeps letters, marks, numbers and connector punctuation
# ("_"), plus the space and the hyphen; everything else is dropped.
_KEPT_CATEGORIES = ("L", "M", "N")


def _kept(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in _KEPT_CATEGORIES or category == "Pc" or char in " -"


def github_slug(text: str) -> str:
    """Return ``text`` slugged like github-slugger: 'Über Größe & Maß' -> 'über-größe--maß'."""
    kept = "".join(char for char in text.lower() if _kept(char))
    return kept.replace(" ", "-")


def slug_from_path(relative_path: str) -> str:
    """Return the Astro id of a content file, given its path inside the collection.

    Each folder and the file name (without its last extension) are slugged on
    their own; a trailing ``index`` names its folder.
    """
    path = PurePosixPath(relative_path)
    segments = [*path.parent.parts, path.name.rsplit(".", 1)[0]]
    slug = "/".join(github_slug(segment) for segment in segments if segment != ".")
    if slug.endswith("/index"):
        slug = slug[: -len("/index")]
    return slug


class HeadingSlugs:
    """Heading ids as github-slugger gives them in one document: the second 'Output' is 'output-1'.

    Markdown's toc extension calls it for each heading (its ``slugify``);
    ``reset`` starts a new document (markdown_setup calls it for each one).
    """

    def __init__(self) -> None:
        self.occurrences: dict[str, int] = {}

    def reset(self) -> None:
        """Forget the ids of the last document."""
        self.occurrences = {}

    def slug(self, text: str) -> str:
        """Return the id of a heading: its github slug, numbered if it was taken."""
        result = original = github_slug(text)
        while result in self.occurrences:
            self.occurrences[original] += 1
            result = f"{original}-{self.occurrences[original]}"
        self.occurrences[result] = 0
        return result

    def __call__(self, text: str, separator: str = "-") -> str:
        """Slug ``text`` (toc's slugify signature; github-slugger's separator is always '-')."""
        return self.slug(text)
