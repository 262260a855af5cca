"""Lighthouse scores of the built site: home, a post, a tag page and the archive.

Usage: .venv/bin/python bench/lighthouse.py [--site kitchen-sink|repo] [--runs 1]

Builds the site with Strom into a temporary folder (absolute URLs on a free
127.0.0.1 port), serves it as a static host does (gzip, long caching for the
fingerprinted /assets/, the custom 404 page) and runs Lighthouse 12.2.3 from
node_modules against Debian's chromium (mobile, Lighthouse's defaults). Prints
the four category scores per page and the post page's transferred KiB. With
Chromium 156 six audits end in an error ("frame_sequence"); the category
scores are still computed from the others.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SITES = {
    "kitchen-sink": (ROOT / "tests" / "sites" / "kitchen-sink", "blog/küchenspüle/", "tag/kafka/"),
    "repo": (ROOT / "content", "blog/kafka-streaming-immer-populaerer/", None),
}
COMPRESSIBLE = (".html", ".css", ".xml", ".svg", ".txt", ".json", ".js")


class StaticHost(SimpleHTTPRequestHandler):
    """Serves a built site like a static host: gzip, cache headers, the 404 page."""

    def send_head(self):
        path = Path(self.translate_path(urlsplit(self.path).path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        body = path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if "/assets/" in self.path:
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "public, max-age=0, must-revalidate")
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Bytes(body)

    def log_message(self, *args):
        pass


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(folder: Path) -> ThreadingHTTPServer:
    """Start serving ``folder`` on a free 127.0.0.1 port (in a thread)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(StaticHost, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def build(content: Path, output: Path, siteurl: str) -> None:
    """Build ``content`` with Strom and the repository's pelicanconf.py."""
    code = (
        "import sys; from pelican import Pelican; from pelican.settings import read_settings;"
        f"s = read_settings({str(ROOT / 'pelicanconf.py')!r}, override=dict(PATH={str(content)!r},"
        f" OUTPUT_PATH={str(output)!r}, CACHE_PATH={str(output.parent / 'cache')!r},"
        f" STROM_IMAGE_CACHE={str(output.parent / 'image-cache')!r},"
        f" STROM_SEARCH_CACHE={str(output.parent / 'search-cache')!r},"
        f" SITEURL={siteurl!r}, FEED_DOMAIN={siteurl!r})); Pelican(s).run()"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True)


def lighthouse(url: str, *options: str) -> dict:
    """Run Lighthouse on ``url`` (with extra command-line ``options``); return its report."""
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
            *options,
        ],
        env={**os.environ, "CHROME_PATH": CHROME},
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    return json.loads(result.stdout)


def scores(report: dict) -> dict[str, int]:
    """Return the category scores (0-100) of a report."""
    return {name: round(c["score"] * 100) for name, c in report["categories"].items()}


def failing(report: dict) -> list[str]:
    """Return the audits that lost points (score below 1), with their titles."""
    lost = []
    for name, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{name}: {audit['id']} ({audit['score']}) {audit['title']}")
    return lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", choices=sorted(SITES), default="kitchen-sink")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median counts")
    args = parser.parse_args()
    content, post, tag = SITES[args.site]
    with tempfile.TemporaryDirectory() as temp:
        output = Path(temp) / "output"
        server = serve(output)
        siteurl = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            build(content, output, siteurl)
            if tag is None:
                tags = sorted(p.parent.name for p in output.glob("tag/*/index.html"))
                tag = f"tag/{tags[0]}/" if tags else "tags/"
            pages = {
                "home": "",
                "post": post,
                "tag": tag,
                "archive": "archiv/",
                "search": "suche/?q=kafka",
            }
            print(f"Lighthouse 12.2.3 (mobile), site {args.site}, {siteurl}")
            print(f"{'page':8} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5}  url")
            worst = 100
            for page, path in pages.items():
                address = f"{siteurl}/{quote(path, safe='/?=')}"
                runs = [lighthouse(address) for _ in range(args.runs)]
                runs.sort(key=lambda report: scores(report)["performance"])
                report = runs[len(runs) // 2]
                got = scores(report)
                worst = min(worst, *got.values())
                cells = " ".join(f"{got[name]:>5}" for name in CATEGORIES)
                print(f"{page:8} {cells}  /{path}")
                for line in failing(report):
                    print(f"         lost: {line}")
                if page == "post":
                    weight = report["audits"]["total-byte-weight"]["numericValue"] / 1024
                    post_kib = weight
            print(f"post page transferred: {post_kib:.1f} KiB")
        finally:
            server.shutdown()
    return 0 if worst == 100 else 1


if __name__ == "__main__":
    sys.exit(main())
