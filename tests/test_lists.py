"""Nested lists in Strom's Markdown as CommonMark (and so Astro) reads them."""

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown
from pelican.plugins.strom.lists import commonmark_indents
from pelican.plugins.strom.markdown_setup import default_markdown


def render(text):
    settings = default_markdown()
    md = Markdown(extensions=list(settings["extension_configs"]), **settings)
    return BeautifulSoup(md.convert(text), "lxml")


def outline(element):
    """Return a list as nested (text, [children]) pairs."""
    return [
        (
            "".join(li.find_all(string=True, recursive=False)).strip() or li.p.get_text(strip=True),
            [outline(sub) for sub in li.find_all(["ul", "ol"], recursive=False)],
        )
        for li in element.find_all("li", recursive=False)
    ]


NESTED = [("a", [[("b", [[("c", [])]])]]), ("d", [])]


@pytest.mark.parametrize(
    "text",
    [
        "- a\n  - b\n    - c\n- d\n",  # two spaces, as in Astro's markdown-style-guide.md
        "- a\n    - b\n        - c\n- d\n",  # four spaces, as Python-Markdown wants
        "* a\n  + b\n    - c\n* d\n",
    ],
)
def test_sub_lists_nest_under_the_item_whose_text_they_reach(text):
    assert outline(render(text).ul) == NESTED


def test_the_style_guides_nested_list_and_ordered_sub_lists():
    page = render(
        "- Fruit\n  - Apple\n  - Orange\n- Dairy\n  - Milk\n\n"
        "## Geordnet\n\n1. Eins\n   - Unterpunkt\n2. Zwei\n"
    )
    assert outline(page.ul) == [
        ("Fruit", [[("Apple", []), ("Orange", [])]]),
        ("Dairy", [[("Milk", [])]]),
    ]
    assert outline(page.ol) == [("Eins", [[("Unterpunkt", [])]]), ("Zwei", [])]


def test_an_items_paragraphs_stay_in_it_and_code_stays_code():
    page = render("- a\n\n  more of a\n\n- b\n\nAfter the list.\n\n    - code, not a list\n")
    first = page.ul.find("li")
    assert [p.get_text() for p in first.find_all("p")] == ["a", "more of a"]
    assert page.find("p", string="After the list.")
    assert "- code, not a list" in page.find("pre").get_text()
    assert len(page.find_all("li")) == 2


def test_fenced_code_is_left_as_written():
    text = "```\n- a\n  - b\n```\n"
    assert commonmark_indents(text.splitlines()) == text.splitlines()  # no list open: unchanged
    assert render(text).find("code").get_text() == "- a\n  - b\n"
