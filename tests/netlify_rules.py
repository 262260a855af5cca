"""Whether an address answers in a built site: a file, or a forced 301 (Netlify's parser)."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from test_netlify import check


def file_at(output: Path, path: str) -> Path | None:
    """Return the file that serves ``path`` (``/a/`` is ``a/index.html``), or None."""
    relative = unquote(path).lstrip("/")
    candidates = [relative + "index.html"] if relative.endswith("/") or not relative else []
    candidates += [relative, relative + "/index.html", relative + ".html"]
    for candidate in candidates:
        if candidate and (output / candidate).is_file():
            return output / candidate
    if not relative and (output / "index.html").is_file():
        return output / "index.html"
    return None


class Answers:
    """The site in ``output`` as Netlify would serve it: files and the parsed _redirects."""

    def __init__(self, output: Path) -> None:
        self.output = output
        parsed = check(output)
        assert parsed["redirectErrors"] == [], parsed["redirectErrors"]
        self.rules = {rule["from"].rstrip("/") or "/": rule for rule in parsed["redirects"]}

    def how(self, path: str) -> str:
        """Return 'file', '301 -> target' (a forced 301 whose target is a file), or 'missing'."""
        rule = self.rules.get(unquote(path).rstrip("/") or "/")
        if rule is not None and rule["status"] == 301 and rule["force"]:
            target = urlsplit(rule["to"]).path
            return f"301 -> {target}" if file_at(self.output, target) else "301 to nothing"
        return "file" if file_at(self.output, path) else "missing"
