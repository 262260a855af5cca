"""Property: for any content folder, `strom check` and `pelican content` report the same problems.

Hypothesis makes content folders of posts, pages and public files whose names,
slugs and aliases collide, whose images are missing or broken and whose front
matter is bad. CI runs a fixed set of examples; for a longer search run
``STROM_PROPERTY_EXAMPLES=500 .venv/bin/python -m pytest tests/test_same_problems.py``.
"""

import io
import os
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from conftest import BUILD_FOLDERS, ROOT, build_folder, write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.plugins.strom import cli

EXAMPLES = int(os.environ.get("STROM_PROPERTY_EXAMPLES", "12"))
IMAGE = (ROOT / "content/public/blog-placeholder-3.jpg").read_bytes()

# Few names, so that they collide: in case, through slugs, with lists and with aliases.
NAMES = st.sampled_from(["a", "A", "b", "über", "archiv", "tags"])
DATES = st.sampled_from(["2020-01-01", "2025-01-01", "32.01.2025", None])
IMAGES = st.sampled_from([None, "/bild.jpg", "/fehlt.jpg", "/kaputt.jpg", "../../etc/passwd"])
FRONT = st.sampled_from(["", "titel: T\n", "description: 'offen\n", "tags: [C++, 'C#']\n"])
# Text with shortcodes and Liquid: resolved, shown as code, or left (a problem).
TEXT = st.sampled_from(
    [
        "Text.\n",
        "{{< gist x >}}\n",
        '[B]({{< relref "b" >}}) und [A]({% post_url a %})\n',
        "```\n{% include x.html %}\n```\n",
    ]
)


@st.composite
def sources(draw):
    text = st.fixed_dictionaries(
        {
            "slug": st.one_of(st.none(), NAMES),
            "date": DATES,
            "hero": IMAGES,
            "body_image": IMAGES,
            "alias": st.one_of(
                st.none(), st.sampled_from(["/blog/a/", "/x/", "/rss.xml", "/ALT/"])
            ),
            "extra": FRONT,
            "text": TEXT,
        }
    )
    posts = draw(st.dictionaries(NAMES, text, min_size=1, max_size=4))
    pages = draw(st.dictionaries(NAMES, text, max_size=2))
    public = draw(
        st.lists(
            st.sampled_from(["rss.xml", "robots.txt", "frei.txt", "blog/a/index.html"]),
            max_size=2,
            unique=True,
        )
    )
    files = {}
    for folder, entries in (("blog", posts), ("pages", pages)):
        for name, entry in entries.items():
            front = f"title: {name.upper()}\n"
            if entry["slug"]:
                front += f"slug: {entry['slug']}\n"
            if entry["date"]:
                front += f"pubDate: {entry['date']}\n"
            if entry["hero"]:
                front += f"heroImage: {entry['hero']}\nheroAlt: Ein Bild\n"
            if entry["alias"]:
                front += f"aliases: [{entry['alias']}]\n"
            front += entry["extra"]
            body = f"![Bild]({entry['body_image']})\n" if entry["body_image"] else entry["text"]
            files[f"{folder}/{name}.md"] = f"---\n{front}---\n{body}"
    for name in public:
        files[f"public/{name}"] = "öffentlich\n"
    return files


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="STROM_PROPERTY_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(sources())
def test_check_and_build_report_the_same_problems(files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_tree(root / "content", {**files, "public/kaputt.jpg": b"kein Bild"})
        (root / "content/public/bild.jpg").write_bytes(IMAGE)
        site = build_folder(root / "content", root / "output")
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            status = cli.main(["check", "--lang", "en", str(root / "content")])
        checked = out.getvalue().splitlines()
        assert sorted(set(checked)) == sorted(set(site.errors)), files
        assert len(checked) == len(set(checked))  # each problem once
        assert (status == 1) == (site.failure is not None), (status, site.errors)
        # Nothing is written outside the output folder and the caches.
        assert {p.name for p in root.iterdir()} <= BUILD_FOLDERS
