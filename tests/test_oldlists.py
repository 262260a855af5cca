"""STROM_OLD_LISTS: old tag pages, later pages and feeds answer with a forced 301."""

import pytest
from conftest import build_and_check, post, require_tools
from netlify_rules import Answers
from test_netlify import BIN

POSTS = {
    f"blog/p{n}.md": post(f"title: P{n}\ndate: 2020-01-0{n + 1}\ntags: [Apache Kafka, C#]\n")
    for n in range(5)
}
OLD = {
    "tag": "/tags/{slug}/",
    "tag_pages": "/tags/{slug}/page/{number}/",
    "tag_feed": "/tags/{slug}/index.xml",
    "pages": "/page/{number}/",
    "per_page": 2,
}


@pytest.fixture
def parsers():
    require_tools(BIN / "netlify")


def test_hugo_lists_answer_with_301s_to_stroms(tmp_path, capsys, parsers):
    site, status, lines, err = build_and_check(
        tmp_path,
        capsys,
        POSTS,
        STROM_DIALECT="'hugo'",
        STROM_OLD_LISTS=repr(OLD),
        STROM_REDIRECTS="{'/index.xml': '/rss.xml'}",
        DEFAULT_PAGINATION="3",
    )
    assert status == 0, lines
    answers = Answers(site.output)
    # Five posts, two a page on the old site: /page/2/ and /page/3/; three a page here.
    assert answers.how("/page/2/") == "301 -> /seite/2/"
    assert answers.how("/page/3/") == "301 -> /seite/2/"
    assert answers.how("/page/4/") == "missing"
    assert answers.how("/tags/apache-kafka/") == "301 -> /tag/apache-kafka/"
    assert answers.how("/tags/apache-kafka/page/3/") == "301 -> /tag/apache-kafka/seite/2/"
    assert answers.how("/index.xml") == "301 -> /rss.xml"
    # A tag's own feed: Strom writes one feed of all posts, which its readers get instead.
    assert answers.how("/tags/apache-kafka/index.xml") == "301 -> /rss.xml"
    # Hugo's urlize keeps '#': /tags/c#/ is no address a redirect can hold; warned, not lost.
    assert "the old address '/tags/c#/' of 'C#' cannot be redirected" in err
    assert answers.how("/tag/c/") == "file"


def test_bad_old_lists_are_settings_problems(tmp_path, capsys):
    site, status, lines, _ = build_and_check(
        tmp_path, capsys, POSTS, STROM_OLD_LISTS="{'schlagwort': '/x/{slug}/', 'tag': 'tags/'}"
    )
    assert status == 1 and site.failure is not None
    assert any("STROM_OLD_LISTS: knows no list 'schlagwort'" in line for line in lines)
    assert any("'tag' must be a site path" in line for line in lines)
