"""The README a newcomer reads: its contents, the paths it promises, the reference at the end."""

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def anchor(title: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes."""
    return re.sub(r"[^\w\- ]", "", title.lower().replace("`", "")).replace(" ", "-")


def test_the_contents_list_every_section_in_order():
    headings = re.findall(r"^## (.+)$", README, re.M)
    assert headings[0] == "Contents"
    listed = re.findall(r"^- \[(.+)\]\(#(.+)\)$", README.split("## Contents", 1)[1], re.M)
    sections = headings[1:]
    assert [title for title, _ in listed] == [title.replace("`", "") for title in sections]
    assert [target for _, target in listed] == [anchor(title) for title in sections]
    for needed in (
        "Write your first post",
        "Deploy to Netlify",
        "Use Strom for another site",
        "Customise the theme",
    ):
        assert needed in sections, needed
    assert sections[-1] == "Reference"
    reference = README.split("\n## Reference\n", 1)[1]
    assert "### Settings" in reference and "### Theme settings" in reference
    assert "| `STROM_FRONTMATTER` | `{}` |" in reference
    assert "| `SITENAME` |" in reference


def test_the_first_post_takes_ten_lines_and_the_tests_say_what_they_need():
    first = README.split("## Write your first post\n", 1)[1].split("\n## ", 1)[0]
    assert len(first.strip().splitlines()) <= 12  # four steps, the post's eight lines among them
    for step in ("**Write**", "**Preview**", "**Check**", "**Publish**"):
        assert step in first
    needs = README.split("### What the tests need, and how long they take", 1)[1]
    for words in ("Node 20", "Java 17", "600 MB", "root", "`make test`", "`make test-fast`"):
        assert words in needs, words
    for step in ("custom domain", "Deploy previews", "netlify.toml", "cache plugin"):
        assert step in README.split("## Deploy to Netlify", 1)[1].split("\n## ", 1)[0], step
    for words in ("strom vendor", "--from-pypi", "strom new"):
        assert words in README.split("## Use Strom for another site", 1)[1].split("\n## ", 1)[0]
