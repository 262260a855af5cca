"""Pages rendered on two cores: the helper's pages, its failures and its log reach the build."""

from __future__ import annotations

import logging
import os

import jinja2
import pytest
from conftest import html, post
from pelican.plugins.strom import rendering

POSTS = 30


def site_files() -> dict[str, str]:
    files = {
        f"blog/p{n:02d}.md": post(
            f"title: 'Beitrag {n}'\npubDate: 2025-02-{1 + n % 20:02d}\ntags: [Kafka, T{n % 3}]",
            f'## Teil {n}\n\nText {n} mit "Zitat" -- und mehr.\n',
        )
        for n in range(POSTS)
    }
    files["pages/ueber.md"] = post("title: Über uns", "Wir.\n")
    return files


def fail_rendering(monkeypatch, output_file: str) -> None:
    """Make every template fail on ``output_file``, in the build and in its helpers alike."""
    render = jinja2.Template.render

    def failing(self, *args, **kwargs):
        context = args[0] if args else kwargs
        if context.get("output_file") == output_file:
            raise RuntimeError("kaputt")
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", failing)


def files_of(site) -> dict[str, bytes]:
    return {name: (site.output / name).read_bytes() for name in sorted(site.files())}


class Taken(list):
    """Keys of pages, and for each whether its helper wrote the file."""

    def __init__(self) -> None:
        super().__init__()
        self.written: list[bool] = []


@pytest.fixture
def taken(monkeypatch):
    """The keys of the pages the build took from a helper, and whether the helper wrote them."""
    keys = Taken()
    take = rendering._Helper.take

    def counted(self, key):
        found = take(self, key)
        if found is not None:
            keys.append(key)
            keys.written.append(found[-1])
        return found

    monkeypatch.setattr(rendering._Helper, "take", counted)
    return keys


def test_a_helper_renders_about_half_of_the_pages(build_site, taken):
    site = build_site(site_files(), STROM_WORKERS=2)
    assert site.failure is None, site.failure
    pages = [name for name in site.files() if name.endswith(".html")]
    helpers = {name for name, _ in taken}
    assert helpers == {name for name in helpers if rendering.owner(name, 2) == 1}
    assert len(pages) / 4 < len(helpers) < len(pages) * 3 / 4, (len(helpers), len(pages))
    assert all(taken.written)  # the helper wrote its pages' files; the build opened none
    # What the helper rendered is written by the build, as the build renders it.
    doc = html(site.output / "blog/p07/index.html")
    assert doc.select_one("h1").get_text() == "Beitrag 7"
    assert "„Zitat“ – und mehr." in doc.select_one(".post-body").get_text()


def test_the_same_bytes_with_one_process(build_site, tmp_path, taken):
    shared = files_of(build_site(site_files(), STROM_WORKERS=2))
    assert taken
    (tmp_path / "output").rename(tmp_path / "shared")
    alone = files_of(build_site(site_files(), STROM_WORKERS=1, STROM_TEXT_CACHE=False))
    assert alone.keys() == shared.keys()
    assert [name for name in alone if alone[name] != shared[name]] == []


def test_a_page_that_fails_in_the_helper_is_a_problem_of_its_source(build_site, monkeypatch):
    number = next(n for n in range(POSTS) if rendering.owner(f"blog/p{n:02d}/index.html", 2))
    broken = f"blog/p{number:02d}/index.html"  # a page the helper renders
    fail_rendering(monkeypatch, broken)
    site = build_site(site_files(), STROM_WORKERS=2)
    assert site.failure is not None
    errors = [line for line in site.errors if f"p{number:02d}.md" in line]
    assert len(errors) == 1 and "kaputt" in errors[0], site.errors
    assert not site.exists(broken)
    assert len([name for name in site.files() if name.startswith("blog/p")]) == POSTS - 1


def test_a_list_stops_at_its_first_failing_page_as_in_one_process(
    build_site, tmp_path, monkeypatch
):
    first = "tag/kafka/index.html"  # 30 posts: two later pages, the next one the helper's too
    assert rendering.owner(first, 2) == rendering.owner("tag/kafka/seite/2/index.html", 2) == 1
    fail_rendering(monkeypatch, first)
    written = []
    for workers in (2, 1):
        site = build_site(site_files(), STROM_WORKERS=workers, STROM_TEXT_CACHE=False)
        assert site.failure is not None
        written.append(site.files())
        (tmp_path / "output").rename(tmp_path / f"output-{workers}")
    assert written[0] == written[1]
    assert not any(name.startswith("tag/kafka/") for name in written[0])


def test_pages_a_dead_helper_did_not_send_are_rendered_by_the_build(
    build_site, tmp_path, monkeypatch, taken
):
    render = rendering.Shared._render_in_helper
    done = []

    def dying(self, *args):
        if len(done) == 5:
            os._exit(1)  # as if killed mid-build
        html_ = render(self, *args)
        if self.index == 1 and args[-1] == 1:
            done.append(args[2])
        return html_

    monkeypatch.setattr(rendering.Shared, "_render_in_helper", dying)
    cut_short = build_site(site_files(), STROM_WORKERS=2)
    assert cut_short.failure is None, cut_short.failure
    assert 0 < len(taken) <= 5
    shared = files_of(cut_short)
    (tmp_path / "output").rename(tmp_path / "cut-short")
    monkeypatch.undo()
    alone = files_of(build_site(site_files(), STROM_WORKERS=1, STROM_TEXT_CACHE=False))
    assert [name for name in alone if alone.get(name) != shared.get(name)] == []


def test_a_file_the_helper_cannot_open_is_written_by_the_build(build_site, monkeypatch, taken):
    build_pid = os.getpid()
    number = next(n for n in range(POSTS) if rendering.owner(f"blog/p{n:02d}/index.html", 2))
    refused = f"blog/p{number:02d}/index.html"
    real_open = open

    def helper_open(file, *args, **kwargs):
        if os.getpid() != build_pid and str(file).endswith(refused):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", helper_open)
    site = build_site(site_files(), STROM_WORKERS=2)
    assert site.failure is None, site.failure
    assert (refused, 0) in taken and not taken.written[taken.index((refused, 0))]
    assert html(site.output / refused).select_one("h1").get_text() == f"Beitrag {number}"


def test_what_a_helper_logs_is_logged_once_by_the_build(build_site, monkeypatch, taken):
    render = jinja2.Template.render
    logger = logging.getLogger("strom.test")

    def noisy(self, *args, **kwargs):
        context = args[0] if args else kwargs
        if str(context.get("output_file", "")).startswith("blog/p"):
            logger.warning("rendering %s", context["output_file"])
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", noisy)
    site = build_site(site_files(), STROM_WORKERS=2, STROM_FAIL_ON_PROBLEMS=False)
    said = [r.getMessage() for r in site.log if r.name == "strom.test"]
    expected = [f"rendering blog/p{n:02d}/index.html" for n in range(POSTS)]
    assert sorted(said) == sorted(expected)
    assert any(name.startswith("blog/p") for name, _ in taken)


def test_three_workers_share_the_pages_and_write_the_same_bytes(build_site, tmp_path, taken):
    shared = files_of(build_site(site_files(), STROM_WORKERS=3))
    assert {rendering.owner(name, 3) for name, _ in taken} == {1, 2}  # both helpers sent pages
    (tmp_path / "output").rename(tmp_path / "three")
    alone = files_of(build_site(site_files(), STROM_WORKERS=1, STROM_TEXT_CACHE=False))
    assert [name for name in alone if alone.get(name) != shared.get(name)] == []


def test_a_helper_that_cannot_be_started_leaves_its_pages_to_the_build(
    build_site, monkeypatch, taken
):
    forks = []

    class Os:
        """The os module as rendering.py sees it: its second fork fails."""

        def __getattr__(self, name):
            return getattr(os, name)

        def fork(self):
            forks.append(1)
            if len(forks) == 2:
                raise OSError(11, "Resource temporarily unavailable")
            return os.fork()

    monkeypatch.setattr(rendering, "os", Os())
    site = build_site(site_files(), STROM_WORKERS=3)
    assert site.failure is None, site.failure
    assert taken and {rendering.owner(name, 3) for name, _ in taken} == {1}
    assert len([name for name in site.files() if name.startswith("blog/p")]) == POSTS


def test_one_worker_renders_everything_in_the_build(build_site, taken):
    site = build_site(site_files(), STROM_WORKERS=1)
    assert site.failure is None
    assert taken == []
    assert site.exists("blog/p29/index.html")
