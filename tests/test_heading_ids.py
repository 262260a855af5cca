"""Heading ids as Astro makes them (github-slugger), in Strom's Markdown."""

from markdown import Markdown
from pelican.plugins.strom.markdown_setup import default_markdown
from pelican.plugins.strom.slugs import HeadingSlugs

# github-slugger's own fixtures (test/fixtures.json at 3461c43), the cases it documents up
# to and including gemoji, in order: one slugger, so that repeats are numbered.
GITHUB_SLUGGER = [
    ("alpha", "alpha"),
    ("alpha", "alpha-1"),
    ("bravoCharlieDelta", "bravocharliedelta"),
    ("__proto__", "__proto__"),
    ("__proto__", "__proto__-1"),
    ("hasOwnProperty", "hasownproperty"),
    ("echo", "echo"),
    ("echo", "echo-1"),
    ("echo 1", "echo-1-1"),
    ("echo-1", "echo-1-2"),
    ("echo", "echo-2"),
    ("foxtrot-1", "foxtrot-1"),
    ("foxtrot", "foxtrot"),
    ("foxtrot", "foxtrot-2"),
    ("heading with a - dash", "heading-with-a---dash"),
    ("heading with an _ underscore", "heading-with-an-_-underscore"),
    ("heading with a period.txt", "heading-with-a-periodtxt"),
    (
        "exchange.bind_headers(exchange, routing [, bindCallback])",
        "exchangebind_headersexchange-routing--bindcallback",
    ),
    (" ", "-"),
    (" a", "-a"),
    ("a ", "a-"),
    (" a ", "-a-"),
    ("-a-", "-a--1"),
    ("apostrophe’s should be trimmed", "apostrophes-should-be-trimmed"),
    ("golf", "golf"),
    ("golf", "golf-1"),
    ("golf", "golf-2"),
    ("I ♥ unicode", "i--unicode"),
    ("dash-dash", "dash-dash"),
    ("en–dash", "endash"),
    ("em–dash", "emdash"),
    ("😄 unicode emoji", "-unicode-emoji"),
    ("😄-😄 unicode emoji", "--unicode-emoji"),
    ("😄_😄 unicode emoji", "_-unicode-emoji"),
    ("😄 - an emoji", "---an-emoji"),
    (":smile: - a gemoji", "smile---a-gemoji"),
    ("Привет", "привет"),
    ("Профили пользователей", "профили-пользователей"),
    ("Привет non-latin 你好", "привет-non-latin-你好"),
    (":ok: No underscore", "ok-no-underscore"),
    (":ok_hand: Single", "ok_hand-single"),
    (
        ":ok_hand::hatched_chick: Two in a row with no spaces",
        "ok_handhatched_chick-two-in-a-row-with-no-spaces",
    ),
    (":ok_hand: :hatched_chick: Two in a row", "ok_hand-hatched_chick-two-in-a-row"),
]


def test_heading_ids_are_github_sluggers():
    slugger = HeadingSlugs()
    assert [slugger.slug(text) for text, _ in GITHUB_SLUGGER] == [
        expected for _, expected in GITHUB_SLUGGER
    ]


def test_markdown_headings_take_those_ids_afresh_in_each_document():
    settings = default_markdown()
    text = "## Output\n\n## Output\n\n## Über Größe & Maß\n\n## Output\n"
    for _ in range(2):  # a second document numbers its repeats from the start again
        md = Markdown(extensions=list(settings["extension_configs"]), **settings)
        html = md.convert(text)
        ids = [part.split('"')[0] for part in html.split(' id="')[1:]]
        assert ids == ["output", "output-1", "über-größe--maß", "output-2"]
