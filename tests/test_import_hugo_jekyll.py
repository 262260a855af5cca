"""`strom import hugo|jekyll`: small sites made here move with one command and one build.

The URL-parity tests list the old site's addresses by the old generator's own
rules (written out here, apart from Strom's code) and assert that each one
answers in the new site: a file, or a forced 301 to a file as Netlify's
parser reads ``_redirects``.
"""

import datetime as dt
import re
import tomllib
from importlib.metadata import version

import pytest
import yaml
from conftest import ROOT, build_with, html, require_tools, write_tree
from netlify_rules import Answers
from pelican.plugins.strom import cli, hugo, migrate, vendor
from test_netlify import BIN

IMAGE = (ROOT / "content/public/blog-placeholder-3.jpg").read_bytes()


@pytest.fixture
def parsers():
    require_tools(BIN / "netlify")


def run(capsys, *args):
    status = cli.main(["import", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


# ---- Hugo -------------------------------------------------------------------

HUGO_FILES = {
    "hugo.toml": """
        baseURL = "https://example.org/"
        title = "Alter Blog"
        [permalinks]
          posts = "/:year/:month/:day/:slug/"
        [taxonomies]
          tag = "tags"
          category = "categories"
        [pagination]
          pagerSize = 2
    """,
    "content/posts/erster-beitrag.md": """
        +++
        title = "Über Streams & Tabellen"
        date = 2020-03-01T23:30:00Z
        tags = ["Apache Kafka", "Streams"]
        feature-img = "/bilder/hero.jpg"
        +++
        Erster Text.
    """,
    "content/posts/zweiter/index.md": """
        ---
        title: Zweiter
        slug: zwei
        date: 2021-01-05
        tags: [Streams]
        categories: [Technik]
        ---
        ![Ein Bild](bild.jpg)

        Zurück zum [ersten]({{< relref "posts/erster-beitrag.md" >}}).

        ```go-html-template
        {{< relref "so-zeigt-man-es" >}}
        ```
    """,
    "content/posts/dritter.md": """
        ---
        title: Dritter Beitrag
        date: 2022-02-02T08:00:00+01:00
        ---
        Text.
    """,
    "content/posts/entwurf.md": """
        ---
        title: Entwurf
        date: 2023-01-01
        draft: true
        ---
        Noch nicht.
    """,
    "content/posts/eigene-adresse.md": """
        ---
        title: Eigene Adresse
        date: 2019-06-01
        url: /alte/adresse/
        ---
        Text.
    """,
    "content/posts/_index.md": "---\ntitle: Beiträge\n---\n",
    "content/about.md": "---\ntitle: Über mich\n---\nIch.\n",
    "static/datei.txt": "Hallo\n",
}


def hugo_site(root):
    write_tree(root, HUGO_FILES)
    (root / "content/posts/zweiter/bild.jpg").write_bytes(IMAGE)
    (root / "static/bilder").mkdir(parents=True)
    (root / "static/bilder/hero.jpg").write_bytes(IMAGE)
    return root


def hugo_front(text):
    if text.startswith("+++"):
        return tomllib.loads(text.split("+++")[1])
    return yaml.safe_load(text.split("---")[1])


def urlize(text):
    """Hugo's urlize as its documentation describes it: spaces to '-', odd characters out."""
    text = text.strip().replace(" ", "-")
    return "".join(c for c in text if c.isalnum() or c in "-._~#+").lower()


def hugo_old_urls(root):
    """The addresses the Hugo site served, by Hugo's rules for its config."""
    config = tomllib.loads((root / "hugo.toml").read_text())
    pattern = config["permalinks"]["posts"]
    size = config["pagination"]["pagerSize"]
    posts, drafts, moved, tags = [], [], [], {}
    for path in sorted((root / "content/posts").rglob("*.md")):
        if path.name == "_index.md":
            continue
        front = hugo_front(path.read_text())
        date = front["date"]
        if isinstance(date, dt.datetime):
            day = date  # Hugo keeps the offset it was written with
        else:
            day = dt.datetime(date.year, date.month, date.day)
        slug = urlize(str(front.get("slug") or front["title"]))
        url = (
            pattern.replace(":year", f"{day.year:04d}")
            .replace(":month", f"{day.month:02d}")
            .replace(":day", f"{day.day:02d}")
            .replace(":slug", slug)
        )
        if front.get("url"):  # a post's own url: wins over the permalink
            moved.append(front["url"])
        else:
            (drafts if front.get("draft") else posts).append(url)
        if not front.get("draft"):
            for tag in front.get("tags", []):
                tags[urlize(tag)] = tags.get(urlize(tag), 0) + 1
    lists = ["/", "/posts/", "/index.xml", "/sitemap.xml", "/about/", "/datei.txt", *moved]
    published = len(posts) + len(moved)
    lists += [f"/page/{n}/" for n in range(2, -(-published // size) + 1)]
    lists += [f"/tags/{tag}/" for tag in tags]
    lists += [f"/tags/{tag}/index.xml" for tag in tags]  # each term's feed
    lists += [
        f"/tags/{tag}/page/{n}/"
        for tag, count in tags.items()
        for n in range(2, -(-count // size) + 1)
    ]
    return posts, drafts, lists


def test_hugo_site_moves_with_every_url(tmp_path, capsys, parsers):
    old = hugo_site(tmp_path / "hugo")
    site = tmp_path / "site"
    status, out, _ = run(capsys, "hugo", old, site)
    # The report speaks the new site's language (German by default).
    assert "Beiträge: 5 nach content/blog übernommen, davon 1 unveröffentlicht (Entwürfe)" in out
    assert "(die Adresse aus url: /alte/adresse/ antwortet mit einer 301)" in out
    assert "content/posts/_index.md: die Listenseite des Abschnitts" in out
    assert "URL der Website: keine (https://example.org/ aus hugo.toml ist ein Platzhalter" in out
    assert "STROM_PERMALINK = '/:year/:month/:day/:slug/'" in out
    assert "STROM_FRONTMATTER = {'feature-img': ('hero', 'image')}" in out
    assert "strom check: " in out and "keine Probleme" in out, out
    assert status == 1  # the _index.md was not carried
    assert "example.org" not in (site / "publishconf.py").read_text("utf-8")

    output = tmp_path / "output"
    failure = build_with(site / "pelicanconf.py", output)
    assert failure is None, failure and [str(p) for p in failure.problems]
    posts, drafts, lists = hugo_old_urls(old)
    answers = Answers(output)
    for url in posts:
        assert answers.how(url) == "file", url  # each post's own address
    for url in lists:
        assert answers.how(url) == "file" or answers.how(url).startswith("301 -> "), (
            url,
            answers.how(url),
        )
    for url in drafts:
        assert answers.how(url) == "missing", url

    (address,) = [url for url in posts if url.startswith("/2020/")]
    first = html(output / address.lstrip("/") / "index.html")
    assert first.select_one("article time").get_text() == "1. März 2020"
    assert first.select_one("article picture img") is not None  # feature-img is the hero
    second = html(output / "2021/01/05/zwei/index.html")
    assert second.select_one("article a[href='/2020/03/01/über-streams--tabellen/']")
    assert second.select_one("article p picture img")["alt"] == "Ein Bild"
    assert '{{< relref "so-zeigt-man-es" >}}' in second.select_one("article pre").get_text()
    # No page or feed ships a shortcode; the one a post shows as code may be quoted
    # (summaries of the lists flatten it to text).
    example = re.compile(r"\{\{(?:&lt;|<) relref (?:&#34;|&quot;|\")so-zeigt-man-es")
    for path in output.rglob("*"):
        if path.suffix in (".html", ".xml") and path.is_file():
            text = example.sub("", path.read_text("utf-8"))
            assert "{{&lt;" not in text and "{{<" not in text, path
            assert "erster-beitrag.md" not in text, path


# ---- Jekyll -----------------------------------------------------------------

JEKYLL_FILES = {
    "_config.yml": """
        title: Altes Jekyll
        url: "http://localhost:4000"
        baseurl: ""
        permalink: /:categories/:year/:month/:day/:title.html
        paginate: 2
        paginate_path: "/page:num/"
        plugins: [jekyll-feed, jekyll-paginate]
    """,
    "_posts/2013-10-14-mein-erster-artikel.md": """
        ---
        title: Mein erster Artikel
        tags: linux mac
        ---
        Siehe [den Login]({% post_url 2016-08-12-Steam-Login %}).

        ![Ein Bild]({{ site.baseurl }}/assets/bild.jpg)

        {% highlight ruby %}
        puts 1
        {% endhighlight %}
    """,
    "_posts/2016-08-12-Steam-Login.markdown": """
        ---
        title: Steam-Login
        categories: [Spiele]
        ---
        {% raw %}{{ so }}{% endraw %} schreibt man es.
    """,
    "_posts/2018-05-05-dritter.md": "---\ntitle: Dritter\n---\nText.\n",
    "_posts/2019-09-09-eigen.md": "---\ntitle: Eigen\npermalink: /eigen/\n---\nText.\n",
    "_posts/2017-01-01-geheim.md": "---\ntitle: Geheim\npublished: false\n---\nText.\n",
    "_drafts/idee.md": "---\ntitle: Idee\n---\nSpäter.\n",
    "about.md": "---\ntitle: Über mich\nlayout: page\n---\nIch.\n",
    "index.html": "---\nlayout: home\n---\n",
    "assets/main.scss": "---\n---\n@import 'minima';\n",
    "_layouts/default.html": "<html>{{ content }}</html>\n",
    "Gemfile": "source 'https://rubygems.org'\n",
}


def jekyll_site(root):
    write_tree(root, JEKYLL_FILES)
    (root / "assets/bild.jpg").write_bytes(IMAGE)
    return root


def jekyll_old_urls(root):
    """The addresses the Jekyll site served, by Jekyll's rules for its config."""
    config = yaml.safe_load((root / "_config.yml").read_text())
    posts, unpublished, moved = [], [], []
    for path in sorted((root / "_posts").iterdir()):
        front = yaml.safe_load(path.read_text().split("---")[1])
        year, month, day, title = re.match(r"(\d+)-(\d+)-(\d+)-(.+)\.\w+$", path.name).groups()
        categories = "/".join(c.lower() for c in front.get("categories", []))
        url = (
            config["permalink"]
            .replace(":categories", categories)
            .replace(":year", year)
            .replace(":month", month)
            .replace(":day", day)
            .replace(":title", title)
        )
        url = re.sub("/+", "/", url)
        if front.get("permalink"):  # a post's own permalink wins
            moved.append(front["permalink"])
        else:
            (unpublished if front.get("published") is False else posts).append(url)
    pages = -(-(len(posts) + len(moved)) // config["paginate"])
    lists = ["/", "/feed.xml", "/about.html", "/assets/bild.jpg", "/sitemap.xml", *moved]
    lists += [config["paginate_path"].replace(":num", str(n)) for n in range(2, pages + 1)]
    return posts, unpublished, lists


def test_jekyll_site_moves_with_every_url(tmp_path, capsys, parsers):
    old = jekyll_site(tmp_path / "jekyll")
    site = tmp_path / "site"
    status, out, _ = run(capsys, "jekyll", old, site)
    assert "Beiträge: 6 nach content/blog übernommen, davon 2 unveröffentlicht (Entwürfe)" in out
    assert "(die Adresse aus permalink: /eigen/ antwortet mit einer 301)" in out
    assert "assets/main.scss: Jekyll rendert diese Datei" in out
    assert "index.html: die Startseite" in out
    assert (
        "URL der Website: keine (http://localhost:4000 aus _config.yml ist ein Platzhalter" in out
    )
    assert "keine Probleme" in out, out
    assert status == 1  # main.scss was not carried
    assert "localhost" not in (site / "publishconf.py").read_text("utf-8")

    output = tmp_path / "output"
    failure = build_with(site / "pelicanconf.py", output)
    assert failure is None, failure and [str(p) for p in failure.problems]
    posts, unpublished, lists = jekyll_old_urls(old)
    answers = Answers(output)
    for url in posts:
        assert answers.how(url) == "file", url
    for url in lists:
        assert answers.how(url) == "file" or answers.how(url).startswith("301 -> "), (
            url,
            answers.how(url),
        )
    for url in [*unpublished, "/2013/10/14/idee.html"]:
        assert answers.how(url) == "missing", url
    assert not list(output.rglob("idee*"))

    first = html(output / "2013/10/14/mein-erster-artikel.html")
    assert first.select_one("article time").get_text() == "14. Oktober 2013"
    assert sorted(a.get_text(strip=True) for a in first.select("article a[rel=tag]")) == [
        "linux",
        "mac",
    ]
    link = first.select_one("article a[href='/spiele/2016/08/12/Steam-Login.html']")
    assert link is not None and link.get_text() == "den Login"
    assert first.select_one("article picture img")["alt"] == "Ein Bild"
    assert first.select_one("article span.nb").get_text() == "puts"
    steam = html(output / "spiele/2016/08/12/Steam-Login.html")
    assert "{{ so }} schreibt man es." in steam.select_one("article").get_text()


def test_not_a_site_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "leer").mkdir()
    for generator, words in (
        ("hugo", "ist es eine Hugo-Website?"),
        ("jekyll", "ist es eine Jekyll-Website?"),
    ):
        status, _, err = run(capsys, generator, tmp_path / "leer", tmp_path / "site")
        assert status == 2 and words in err
        assert not (tmp_path / "site").exists()


def test_hugo_section_placeholders_name_the_posts_section():
    config = {"permalinks": {"posts": "/:section/:year/:slug/"}}
    assert hugo.permalink(config, "posts") == "/posts/:year/:slug/"
    assert hugo.permalink({"permalinks": {"page": {"blog": ":sections/:slug"}}}, "blog") == (
        "/blog/:slug"
    )
    assert hugo.permalink({}, "post") == "/post/:slugorfilename/"


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("https://example.com", True),
        ("https://www.example.com/blog", True),
        ("http://localhost:4000", True),
        ("http://127.0.0.1:1313/", True),
        ("https://blog.test", True),
        ("", True),
        ("https://example.de", False),
        ("https://laub.example.org.de", False),
    ],
)
def test_placeholder_hosts(url, placeholder):
    assert migrate.placeholder_host(url) is placeholder


def test_links_out_of_the_old_site_are_never_read(tmp_path, capsys):
    outside = tmp_path / "draussen"
    write_tree(outside, {"geheim.txt": "GEHEIM\n", "post.md": "---\ntitle: Geheim\n---\nGEHEIM\n"})
    old = tmp_path / "jekyll"
    write_tree(
        old, {"_config.yml": "title: T\n", "_posts/2020-01-01-gut.md": "---\ntitle: Gut\n---\n"}
    )
    (old / "assets").mkdir()
    (old / "assets/geheim.txt").symlink_to(outside / "geheim.txt")
    (old / "_posts/2020-01-02-link.md").symlink_to(outside / "post.md")
    (old / "static").symlink_to(outside, target_is_directory=True)
    status, out, _ = run(capsys, "jekyll", old, tmp_path / "site")
    assert status == 1
    assert "assets/geheim.txt: ein Link auf eine Datei außerhalb der Website" in out
    assert "_posts/2020-01-02-link.md: ein Link auf eine Datei außerhalb der Website" in out
    assert "static/: ein Link auf einen Ordner, ihm wird nicht gefolgt" in out
    assert "Beiträge: 1 nach content/blog übernommen" in out
    written = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert not any("GEHEIM" in p.read_text("utf-8", errors="replace") for p in written)


@pytest.mark.parametrize(
    "text",
    [
        '+++\ntitle = "Ä"\ndate = 2020-03-01T23:30:00Z\ntags = ["a b"]\n+++\nText.\n',
        '{\n  "title": "Ä",\n  "date": "2020-03-01T23:30:00Z",\n  "tags": ["a b"]\n}\nText.\n',
        "---\ntitle: Ä\ndate: 2020-03-01T23:30:00Z\ntags: [a b]\n---\nText.\n",
    ],
)
def test_front_matter_of_every_hugo_format_becomes_yaml(text):
    data, body, front = migrate.front_matter(text)
    assert body == "Text.\n" and data["title"] == "Ä"
    again = yaml.safe_load(front)
    assert again["title"] == "Ä" and again["tags"] == ["a b"]
    assert str(again["date"]).startswith("2020-03-01")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("+++\ntitle = \n+++\n", "the TOML front matter cannot be read"),
        ('{"title": }\n', "the JSON front matter cannot be read"),
    ],
)
def test_broken_front_matter_is_named(text, words):
    with pytest.raises(ValueError, match=words):
        migrate.front_matter(text)


@pytest.mark.parametrize("main", ["../../outside", "/", "posts/../../outside"])
def test_a_main_section_outside_content_is_never_read(tmp_path, capsys, main):
    old = tmp_path / "hugo"
    write_tree(old, {"hugo.toml": f'title = "Alt"\n[params]\nmainSections = ["{main}"]\n'})
    write_tree(old, {"content/posts/eins.md": "---\ntitle: Eins\ndate: 2020-01-01\n---\nText.\n"})
    write_tree(tmp_path, {"outside/geheim.md": "---\ntitle: Geheim\ndate: 2020-01-01\n---\nX\n"})
    run(capsys, "hugo", old, tmp_path / "site")
    carried = sorted(p.name for p in (tmp_path / "site/content/blog").rglob("*.md"))
    assert carried == ["eins.md"]


def test_a_toml_time_value_is_carried_as_text(tmp_path, capsys):
    old = tmp_path / "hugo"
    front = '+++\ntitle = "Treffen"\ndate = 2020-01-01\nstart = 10:30:00\n+++\nText.\n'
    write_tree(old, {"hugo.toml": 'title = "Alt"\n', "content/posts/treffen.md": front})
    run(capsys, "hugo", old, tmp_path / "site")
    text = (tmp_path / "site/content/blog/treffen.md").read_text("utf-8")
    assert "start: '10:30:00'" in text


@pytest.mark.parametrize("from_pypi", [False, True])
def test_an_imported_site_installs_strom_on_netlify_from_its_own_files(tmp_path, capsys, from_pypi):
    site = tmp_path / "site"
    options = ["--from-pypi"] if from_pypi else []
    status, out, _ = run(capsys, "jekyll", jekyll_site(tmp_path / "old"), site, *options)
    assert status in (0, 1), out  # 1 when something was not carried; the site is written
    requirement = (site / "requirements.txt").read_text()
    if from_pypi:
        assert requirement == f"pelican-strom=={version('pelican-strom')}\n"
        assert not (site / "vendor").exists()
    else:
        assert requirement == f"./vendor/{vendor.wheel_name()}\n"
        assert (site / "vendor" / vendor.wheel_name()).is_file()
        assert "`strom vendor` legt dort ein neueres Strom ab" in out


@pytest.mark.parametrize(
    ("options", "lines"),
    [
        (
            [],
            [
                "Nicht übernommen (2):",
                "  index.html: die Startseite: Strom schreibt / mit den neuesten Beiträgen",
                "Adressen der Beiträge (4):",
                "strom check: 10 Dateien geprüft, keine Probleme.",
            ],
        ),
        (
            ["--lang", "en"],
            [
                "Not carried (2):",
                "  index.html: the home page: Strom writes / with the newest posts",
                "Post addresses (4):",
                "strom check: 8 files checked, no problems.",
            ],
        ),
    ],
)
def test_the_import_report_speaks_the_new_site_s_language(tmp_path, capsys, options, lines):
    status, out, _ = run(
        capsys, "jekyll", jekyll_site(tmp_path / "old"), tmp_path / "site", *options
    )
    assert status == 1, out  # index.html and main.scss are not carried
    printed = out.splitlines()
    for line in lines:
        assert line in printed, out
