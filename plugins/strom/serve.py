"""`strom serve`: the built site on a local port, its 404 page for missing paths, live reload.

Plain serving needs nothing but the standard library. With ``--reload`` the
site is built, rebuilt after each change of its content, theme or settings,
and the open page reloads itself: the `livereload` library serves it and adds
its script (an external one, which the site's Content-Security-Policy allows)
to each page as it is sent. The built files in ``output/`` never hold it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import logging
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from .messages import tr
from .problems import BuildFailed

logger = logging.getLogger(__name__)

NOT_FOUND = "404.html"


class LiveReloadMissing(Exception):
    """`strom serve --reload` needs the livereload library, which is not installed."""


def not_found_page(root: Path) -> bytes | None:
    """Return the site's own 404 page, or None when the build wrote none."""
    page = root / NOT_FOUND
    return page.read_bytes() if page.is_file() else None


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """The standard library's file server, answering a missing path with the site's 404 page."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        """Send ``404.html`` with the status 404; any other error as the standard library does."""
        page = not_found_page(Path(self.directory)) if code == 404 else None
        if page is None:
            super().send_error(code, message, explain)
            return
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page)


def serve(output: Path, host: str, port: int) -> None:
    """Serve ``output`` until interrupted."""
    handler = functools.partial(StaticHandler, directory=str(output))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(
            tr(
                "Serving {folder} on http://{host}:{port}/ (Ctrl-C stops)",
                folder=output,
                host=host,
                port=port,
            ),
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def build(settings_file: Path, overrides: dict) -> None:
    """Build the site; a build with problems is reported, and the server goes on."""
    settings = read_settings(str(settings_file), override=overrides)
    try:
        Pelican(settings).run()
    except BuildFailed as error:
        logger.error("%s", error)
    except Exception:  # a broken template or setting: say so, keep serving the last build
        logger.exception("strom serve: the build failed; fix it and save again")


def watched(settings_file: Path, overrides: dict) -> list[Path]:
    """Return what a rebuild follows: the settings file, the content folder and the theme."""
    settings = read_settings(str(settings_file), override=overrides)
    return [settings_file, Path(settings["PATH"]), Path(settings["THEME"])]


def live(settings_file: Path, output: Path, host: str, port: int) -> None:
    """Build, serve ``output`` and rebuild and reload the open page after each change."""
    try:
        from livereload import Server  # noqa: PLC0415 (development only)
        from livereload.handlers import (  # noqa: PLC0415
            ForceReloadHandler,
            LiveReloadHandler,
            LiveReloadJSHandler,
            StaticFileHandler,
        )
        from livereload.server import LiveScriptInjector  # noqa: PLC0415
        from tornado import web  # noqa: PLC0415
    except ImportError:
        raise LiveReloadMissing(
            tr(
                "--reload needs the livereload library: pip install livereload "
                "(the repository's `make devserver` installs it)"
            )
        ) from None

    class NotFoundHandler(StaticFileHandler):
        def write_error(self, status_code: int, **kwargs) -> None:
            page = not_found_page(Path(self.root)) if status_code == 404 else None
            if page is None:
                super().write_error(status_code, **kwargs)
                return
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(page)

    class LiveServer(Server):
        def application(self, port, host, liveport=None, debug=None, live_css=True):
            # livereload's own snippet is an inline script, which the pages' policy
            # refuses; its script file from the same address is allowed.
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = live_css

            class Injector(LiveScriptInjector):
                script = f'<script src="/livereload.js?port={port}"></script>'.encode()

            handlers = [
                (r"/livereload", LiveReloadHandler),
                (r"/forcereload", ForceReloadHandler),
                (r"/livereload.js", LiveReloadJSHandler),
                *self.get_web_handlers(Injector.script),
            ]
            web.Application(handlers=handlers, transforms=[Injector]).listen(port, address=host)

    overrides = {"OUTPUT_PATH": str(output), "STROM_FAIL_ON_PROBLEMS": False}
    rebuild = functools.partial(build, settings_file, overrides)
    rebuild()
    server = LiveServer()
    server.SFH = NotFoundHandler
    for path in watched(settings_file, overrides):
        server.watch(str(path), rebuild)
    print(
        tr(
            "Serving {folder} on http://{host}:{port}/, rebuilt on each change",
            folder=output,
            host=host,
            port=port,
        ),
        flush=True,
    )
    server.serve(port=port, host=host, root=str(output))
