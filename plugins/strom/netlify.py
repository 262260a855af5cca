"""Netlify's ``_redirects`` and ``_headers``: the site's own rules first, Strom's after them."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from pelican.generators import Generator
from pelican.utils import sanitised_join

from . import build, embeds, outputs
from .messages import tr
from .problems import Problem, display_path, report

logger = logging.getLogger(__name__)

FILES = ("_redirects", "_headers")

# Strom's headers; a site's STROM_HEADERS is laid over them (None removes a
# path or a header). The theme has no inline scripts or styles, so the policy
# allows neither; a JSON-LD data block is not a script and needs nothing.
DEFAULT_HEADERS: dict[str, dict[str, str]] = {
    "/*": {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self'; "
            "img-src 'self' data: https:; font-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "X-Frame-Options": "DENY",
    },
    # Theme CSS and image derivatives carry a content hash in their names:
    # a changed file gets a new name, so browsers may keep each one for good.
    "/assets/*": {"Cache-Control": "public, max-age=31536000, immutable"},
}

_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def header_table(settings: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Return Strom's headers with ``STROM_HEADERS`` laid over them, and noindex for previews."""
    table = {path: dict(values) for path, values in DEFAULT_HEADERS.items()}
    for path, values in (settings.get("STROM_HEADERS") or {}).items():
        if values is None:
            table.pop(path, None)
            continue
        merged = table.setdefault(path, {})
        for name, value in values.items():
            for same in [other for other in merged if other.lower() == name.lower()]:
                del merged[same]
            if value is not None:
                merged[name] = value
    if settings.get("STROM_NOINDEX"):
        table.setdefault("/*", {})["X-Robots-Tag"] = "noindex"
    return {path: values for path, values in table.items() if values}


def parse_headers(text: str) -> dict[str, set[str]]:
    """Return the path patterns of a ``_headers`` file and the header names (lower case) of each."""
    rules: dict[str, set[str]] = {}
    names: set[str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line[0].isspace():
            names = rules.setdefault(stripped, set())
        elif names is not None and ":" in stripped:
            names.add(stripped.split(":", 1)[0].strip().lower())
    return rules


def overlaps(first: str, second: str) -> bool:
    """Return whether two Netlify path patterns (exact, or ending in ``*``) share an address.

    Placeholders (``/:name/``) are taken as overlapping everything below
    their prefix, which may see overlap where there is none, never the reverse.
    """

    def prefix(pattern: str) -> tuple[str, bool]:
        wild = pattern.endswith("*") or ":" in pattern
        if wild:
            pattern = pattern.split(":", 1)[0].rstrip("*")
        return pattern, wild

    (a, a_wild), (b, b_wild) = prefix(first), prefix(second)
    if a_wild and b_wild:
        return a.startswith(b) or b.startswith(a)
    if a_wild:
        return b.startswith(a) or b == a.rstrip("/")
    if b_wild:
        return a.startswith(b) or a == b.rstrip("/")
    return a.rstrip("/") == b.rstrip("/")


def top_patterns(top: str, folder: bool) -> list[str]:
    """Return the patterns of one top-level entry of the site: ``/blog/*``, ``/404.html``, ``/``."""
    if folder:
        patterns = [f"/{top}/*"]
    elif top == "index.html":
        patterns = ["/", "/index.html"]
    elif top.endswith(".html"):  # Netlify serves info.html at /info too
        patterns = [f"/{top}", f"/{top.removesuffix('.html')}"]
    else:
        patterns = [f"/{top}"]
    # Netlify's dev server matches headers against the request as sent
    # (percent-encoded); write both spellings of /über-uns/*.
    return list(
        dict.fromkeys(p for pattern in patterns for p in (pattern, quote(pattern, safe="/*")))
    )


CSP = "Content-Security-Policy"


def _directives(policy: str) -> list[tuple[str, str]]:
    """Return the directives of a policy, each as (its name in lower case, the directive)."""
    parts = [part.strip() for part in policy.split(";") if part.strip()]
    return [(part.split()[0].lower(), part) for part in parts]


def with_webassembly(policy: str) -> str:
    """Return ``policy`` allowing WebAssembly (``'wasm-unsafe-eval'``), which Pagefind runs."""
    directives = _directives(policy)
    names = [name for name, _ in directives]
    target = "script-src" if "script-src" in names else "default-src"
    if target not in names:
        return policy
    index = names.index(target)
    if "'wasm-unsafe-eval'" not in directives[index][1].split():
        directives[index] = (target, directives[index][1] + " 'wasm-unsafe-eval'")
    return "; ".join(part for _, part in directives)


def with_frames(policy: str, hosts: Iterable[str]) -> str:
    """Return ``policy`` allowing frames from ``hosts`` (two-click embeds, embeds.py)."""
    directives = _directives(policy)
    names = [name for name, _ in directives]
    if "frame-src" in names:
        index = names.index("frame-src")
        known = directives[index][1].split()
        directives[index] = ("frame-src", " ".join([*known, *(h for h in hosts if h not in known)]))
    else:
        directives.append(("frame-src", " ".join(["frame-src", "'self'", *hosts])))
    return "; ".join(part for _, part in directives)


def embedded(context: Mapping[str, Any]) -> bool:
    """Whether a written post or page has a two-click embed (``strom_embeds``)."""
    return any(getattr(item, "strom_embeds", False) for item in build.written_content(context))


# Directives a <meta> policy cannot carry (browsers ignore them there, with an error).
_HEADER_ONLY = ("frame-ancestors", "report-uri", "report-to", "sandbox")


def page_policy(settings: Mapping[str, Any]) -> str | None:
    """Return the policy each page also carries in a ``<meta>``, or None.

    The policy of ``/*`` without what only a header can say. It covers what
    no header pattern can name: the 404 page Netlify serves at every missing
    address. None where the site's own ``public/_headers`` sets ``/*``'s policy.
    """
    policy = header_table(settings).get("/*", {}).get(CSP)
    if policy is None or site_sets_policy(settings):
        return None
    return "; ".join(part for name, part in _directives(policy) if name not in _HEADER_ONLY)


def site_sets_policy(settings: Mapping[str, Any]) -> bool:
    """Whether the site's own ``public/_headers`` (a real file there) sets ``/*``'s policy."""
    content = os.path.realpath(settings["PATH"])
    own = os.path.realpath(
        os.path.join(content, settings["STROM_PUBLIC_DIR"].strip("/"), "_headers")
    )
    if not (own.startswith(content + os.sep) and os.path.isfile(own)):
        return False
    with open(own, encoding="utf-8", errors="replace") as handle:
        return CSP.lower() in parse_headers(handle.read()).get("/*", set())


def search_policies(
    table: Mapping[str, Mapping[str, str]],
    entries: Mapping[str, bool],
    search_folders: Iterable[str],
) -> dict[str, dict[str, str]]:
    """Give the search page and its index a policy that runs Pagefind; keep every other's.

    Netlify joins the values of a header that two matching patterns set,
    and a browser obeys every policy it is sent, so the search page cannot
    loosen ``/*``'s policy: the site-wide policy moves to one pattern per
    top-level entry of the site (``entries``: name -> is a folder) but the
    search folders, which get it with ``'wasm-unsafe-eval'``.
    """
    result = {path: dict(values) for path, values in table.items()}
    policy = result.get("/*", {}).pop(CSP, None)
    if policy is None:
        return result
    searched = set(search_folders)
    moved: dict[str, dict[str, str]] = {}
    for top, folder in sorted(entries.items()):
        value = with_webassembly(policy) if top in searched else policy
        for pattern in top_patterns(top, folder):
            moved[pattern] = {CSP: value}
    for path, values in result.items():
        if path in moved:
            moved[path].update(values)
        else:
            moved[path] = values
    return moved


def html_cache_patterns(files: Iterable[str], cached: Iterable[str]) -> list[str]:
    """Return path patterns covering the HTML ``files`` that no pattern in ``cached`` touches.

    One pattern per top-level folder (``/blog/*``) or file (``/404.html``; the
    home page is ``/`` and ``/index.html``). Netlify joins the values of a
    header that two matching patterns set, so a folder with a Cache-Control
    of its own (``/assets/*``) gets none here.
    """
    cached = list(cached)
    patterns: set[str] = set()
    for file in files:
        if not file.endswith((".html", ".htm")):
            continue
        top, inside, _ = file.partition("/")
        candidates = top_patterns(top, bool(inside))
        if not any(overlaps(candidate, other) for candidate in candidates for other in cached):
            patterns.update(candidates)
    return sorted(patterns)


def headers_text(
    site_text: str,
    table: Mapping[str, Mapping[str, str]],
    html_cache: str | None = None,
    html_files: Iterable[str] = (),
) -> str:
    """Return ``_headers``: the site's own rules, then Strom's (the site's win a clash).

    A header the site's file already sets for the same path is left out, and
    HTML pages get ``html_cache`` where no rule sets a Cache-Control.
    """
    site = parse_headers(site_text)
    rules = {
        path: {
            name: value
            for name, value in values.items()
            if name.lower() not in site.get(path, set())
        }
        for path, values in table.items()
    }
    if html_cache:
        cached = [path for path, names in site.items() if "cache-control" in names]
        cached += [
            path
            for path, values in rules.items()
            if any(name.lower() == "cache-control" for name in values)
        ]
        for pattern in html_cache_patterns(html_files, cached):
            rules.setdefault(pattern, {})["Cache-Control"] = html_cache
    lines = [site_text.rstrip("\n")] if site_text.strip() else []
    lines.append("# Strom: security headers, and caching by kind of file (STROM_HEADERS)")
    for path, values in rules.items():
        if values:
            lines.append(path)
            lines += [f"  {name}: {value}" for name, value in values.items()]
    return "\n".join(lines) + "\n"


def redirects_text(site_text: str, redirects: Iterable[Any]) -> str:
    """Return ``_redirects``: the site's own rules, then a forced 301 for each alias.

    Netlify takes the first rule that matches, so the site's rules win. Each
    rule is forced (``301!``): a redirect page stands at every old address for
    hosts without ``_redirects``, and a file at the address would otherwise
    shadow the rule. Paths are written in UTF-8 (Netlify matches them for both
    spellings of a request), targets percent-encoded.
    """
    lines = [site_text.rstrip("\n")] if site_text.strip() else []
    ours = [f"{item.alias.path} {item.location} 301!" for item in redirects]
    if ours:
        lines.append("# Strom: old addresses (aliases) answer with a 301 to where the page is now")
        lines += ours
    return "\n".join(lines) + "\n" if lines else ""


def take_site_files(context: dict[str, Any]) -> dict[str, str]:
    """Take the site's own ``_redirects`` and ``_headers`` out of the static files: their text.

    Static files are copied after every other generator wrote, so a copied
    ``_redirects`` would replace Strom's; the merged file is written instead.
    """
    statics = context.get("staticfiles")
    if not statics:
        return {}
    texts: dict[str, str] = {}
    kept = []
    for static in statics:
        if static.save_as not in FILES:
            kept.append(static)
            continue
        try:
            with open(static.source_path, encoding="utf-8") as handle:
                texts[static.save_as] = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            report(
                Problem(
                    display_path(static.source_path),
                    tr("cannot be read as UTF-8 text ({error}); save it as UTF-8", error=error),
                )
            )
    statics[:] = kept
    return texts


def setting_problems(settings: Mapping[str, Any]) -> list[Problem]:
    """Return problems with the settings of Netlify's files."""
    problems = []
    table = settings.get("STROM_HEADERS")
    rules = table.items() if isinstance(table, dict) else [(table, None)]
    problems += [
        Problem(
            "pelicanconf.py",
            tr(
                "must map path patterns such as '/*' to {{'Header': 'value' or None}} or None, "
                "got {path!r}: {values!r}",
                path=path,
                values=values,
            ),
            field="STROM_HEADERS",
        )
        for path, values in rules
        if not _valid_rule(path, values)
    ]
    cache = settings.get("STROM_HTML_CACHE_CONTROL")
    if cache is not None and not _valid_value(cache):
        problems.append(
            Problem(
                "pelicanconf.py",
                tr("must be a Cache-Control value or None, got {value!r}", value=cache),
                field="STROM_HTML_CACHE_CONTROL",
            )
        )
    noindex = settings.get("STROM_NOINDEX")
    if not isinstance(noindex, bool):
        problems.append(
            Problem(
                "pelicanconf.py",
                tr("must be True or False, got {value!r}", value=noindex),
                field="STROM_NOINDEX",
            )
        )
    return problems


def _valid_rule(path: Any, values: Any) -> bool:
    if not isinstance(path, str) or not path.startswith("/") or any(c.isspace() for c in path):
        return False
    if values is None:
        return True
    return isinstance(values, dict) and all(
        isinstance(name, str)
        and _HEADER_NAME.fullmatch(name)
        and (value is None or _valid_value(value))
        for name, value in values.items()
    )


def _valid_value(value: Any) -> bool:
    return isinstance(value, str) and "\n" not in value and "\r" not in value


class NetlifyGenerator(Generator):
    """Writes ``_redirects`` and ``_headers`` once, after the pages they speak of."""

    def generate_context(self) -> None:
        """Nothing to read: the files list what the other generators write."""

    def generate_output(self, writer: Any) -> None:
        """Write the merged files into the output folder."""
        site = take_site_files(self.context)
        table = header_table(self.settings)
        policy = table.get("/*", {}).get(CSP)
        if policy and embedded(self.context) and not site_sets_policy(self.settings):
            # Pages without an embed keep frames to the site in their <meta> policy.
            table["/*"][CSP] = with_frames(policy, embeds.FRAME_HOSTS)
        if self.settings.get("STROM_SEARCH") and not site_sets_policy(self.settings):
            table = search_policies(table, self.top_entries(), self.search_folders())
        texts = {
            "_redirects": redirects_text(
                site.get("_redirects", ""), self.context.get("strom_redirects", ())
            ),
            "_headers": headers_text(
                site.get("_headers", ""),
                table,
                self.settings.get("STROM_HTML_CACHE_CONTROL"),
                self.html_files(),
            ),
        }
        for name, text in texts.items():
            if text:
                self.write(name, text)

    def html_files(self) -> list[str]:
        """Return the HTML files of the output (relative paths), written or still to be copied."""
        current = build.current(self.settings)
        written = current.written_below(self.output_path) if current else []
        statics = [static.save_as for static in self.context.get("staticfiles", ())]
        return [file for file in written + statics if file.endswith((".html", ".htm"))]

    def top_entries(self) -> dict[str, bool]:
        """Return each top-level entry the build writes and whether it is a folder."""
        current = build.current(self.settings)
        entries = current.outputs.top_level() if current else {}
        return {name: folder for name, folder in entries.items() if name not in FILES}

    def search_folders(self) -> list[str]:
        """Return the top-level folders of the search page and of its index."""
        save_as = self.settings.get("SEARCH_SAVE_AS") or ""
        # Its folder (suche/index.html), or the page itself (suche.html).
        page = save_as.split("/")[0]
        return [name for name in (page, outputs.SEARCH_DIR) if name]

    def write(self, name: str, text: str) -> None:
        """Write one file of Netlify's, unless something else wrote it in this build.

        Not through Pelican's Writer: it announces each file as a page
        (``content_written``), and pelican-sitemap would list these two.
        """
        path = sanitised_join(self.output_path, name)
        current = build.current(self.settings)
        if current is not None and path in current.written:
            refusal = tr("{name} was written by another plugin; Strom writes it", name=name)
            report(Problem(None, refusal))
            return
        os.makedirs(self.output_path, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        logger.info('Writing "%s"', path)
