"""`strom serve` (`make serve`) and `strom serve --reload` (`make devserver`), on real ports."""

import asyncio
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, free_port, post, wait_for_server, write_settings, write_tree
from playwright.sync_api import TimeoutError as PlaywrightTimeout

STROM = Path(sys.executable).parent / "strom"
MISSING = "/gibt-es-nicht/"


def get(port: int, path: str, method: str = "GET") -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@contextmanager
def strom_serve(cwd: Path, port: int, *args: str):
    """Run `strom serve` until it answers; stop it afterwards."""
    log_path = cwd / "serve.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [str(STROM), "serve", "--port", str(port), *args],
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_server(process, port, log_path, "strom serve")
        yield process
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def wait_for(condition, what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.3)


def test_serve_answers_a_missing_page_with_the_404_page(build_site, tmp_path):
    site = build_site({"blog/da.md": post("title: Da\npubDate: 2025-01-01\n")})
    assert site.failure is None, site.errors
    not_found = (site.output / "404.html").read_text("utf-8")
    with strom_serve(tmp_path, port := free_port(), "output"):
        status, body = get(port, "/blog/da/")
        assert status == 200 and BeautifulSoup(body, "lxml").h1.get_text() == "Da"
        status, body = get(port, MISSING)
        assert (status, body) == (404, not_found)
        assert get(port, "/blog/nicht-da.html", "HEAD") == (404, "")
        # The plain server adds nothing to the pages.
        assert "livereload" not in get(port, "/")[1]


def test_serve_refuses_a_missing_output_folder(tmp_path):
    done = subprocess.run(
        [str(STROM), "serve", "nirgends"], check=False, cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "nirgends does not exist; build the site first" in done.stderr


def test_the_makefile_serves_with_strom_serve():
    def commands(target):
        done = subprocess.run(
            ["make", "-n", "-W", "pyproject.toml", target],
            check=False,
            cwd=ROOT,
            capture_output=True,
        )
        return done.stdout.decode()

    assert ".venv/bin/strom serve output --port 8000" in commands("serve")
    assert ".venv/bin/strom serve --reload -s pelicanconf.py --port 8000 output" in commands(
        "devserver"
    )


def reload_site(tmp_path: Path) -> Path:
    write_tree(
        tmp_path / "content",
        {"blog/eins.md": post("title: Eins\npubDate: 2025-01-01\n")},
    )
    return write_settings(tmp_path, CACHE_PATH="'cache'", STROM_SEARCH=False)


async def next_reload(port: int, change) -> dict:
    """Greet the server as livereload.js does, make ``change``, return the next message.

    On a busy machine the server may take the greeting after the change was
    seen: the change is made again (up to three times, 30 s each) until a
    message comes.
    """
    from tornado.websocket import websocket_connect  # noqa: PLC0415 (livereload's server)

    socket = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    hello = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
    await socket.write_message(json.dumps(hello))
    assert json.loads(await socket.read_message())["command"] == "hello"
    info = {"command": "info", "url": f"http://127.0.0.1:{port}/blog/eins/", "plugins": {}}
    await socket.write_message(json.dumps(info))
    for attempt in range(3):
        change()
        try:
            message = await asyncio.wait_for(socket.read_message(), timeout=30)
            break
        except TimeoutError:
            if attempt == 2:
                raise
    socket.close()
    return json.loads(message)


def test_devserver_builds_serves_404_rebuilds_and_tells_the_page_to_reload(tmp_path):
    settings = reload_site(tmp_path)
    port = free_port()
    page = tmp_path / "output/blog/eins/index.html"
    with strom_serve(tmp_path, port, "--reload", "-s", settings.name, "output"):
        status, body = get(port, "/blog/eins/")
        assert status == 200
        # The reload script, as a file of the same address (the pages' policy allows no
        # inline script), is added as the page is sent; the built file never has it.
        assert f'<script src="/livereload.js?port={port}"></script></head>' in body
        built = page.read_text("utf-8")
        assert "livereload" not in built
        # The page as sent is the built page with that one script added.
        assert body.replace(f'<script src="/livereload.js?port={port}"></script>', "") == built
        assert get(port, "/livereload.js")[0] == 200
        status, body = get(port, MISSING)
        assert status == 404
        assert (tmp_path / "output/404.html").read_text("utf-8").split("</head>")[1] in body

        def change():
            time.sleep(1.1)  # a later modification time than the first build's files
            source = tmp_path / "content/blog/eins.md"
            source.write_text(post("title: Eins, neu\npubDate: 2025-01-01\n"), "utf-8")

        message = asyncio.run(next_reload(port, change))
        assert message["command"] == "reload"
        assert "Eins, neu" in page.read_text("utf-8")
        assert "Eins, neu" in get(port, "/blog/eins/")[1]


def test_devserver_reloads_the_open_page_in_chromium(tmp_path, browser):
    settings = reload_site(tmp_path)
    port = free_port()
    with strom_serve(tmp_path, port, "--reload", "-s", settings.name, "output"):
        page = browser.new_page()
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(f"http://127.0.0.1:{port}/blog/eins/")
        assert page.locator("h1").inner_text() == "Eins"
        page.wait_for_timeout(1500)  # livereload.js connects
        source = tmp_path / "content/blog/eins.md"
        # The page reloads by itself (no eval: the policy allows none). On a busy
        # machine livereload.js may connect after the first rebuild's message:
        # the post is saved again until the page shows it.
        for attempt in range(9):
            source.write_text(post("title: Zwei\npubDate: 2025-01-01\n", f"Fassung {attempt}.\n"))
            try:
                page.wait_for_selector("h1:text-is('Zwei')", timeout=10000)
                break
            except PlaywrightTimeout:
                continue
        assert page.locator("h1").inner_text() == "Zwei"
        assert not problems, problems
        page.close()
