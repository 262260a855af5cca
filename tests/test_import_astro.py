"""`strom import astro`: an Astro blog becomes a Strom site that keeps every URL."""

import tomllib

import pytest
from conftest import ROOT, build_with, html, post, require_tools, write_tree
from netlify_rules import Answers
from pelican.plugins.strom import astro, cli
from pelican.settings import read_settings
from test_netlify import BIN

STARTER_POST = """\
---
title: 'First post'
description: 'Lorem ipsum dolor sit amet'
pubDate: 'Jul 08 2022'
heroImage: '/blog-placeholder-3.jpg'
---
Lorem ipsum dolor sit amet.
"""

# Post files of the Astro project -> the URL Astro serves them at.
KEPT = {
    "first-post.md": ("blog/first-post/", "First post"),
    "über-streams.md": ("blog/über-streams/", "Über Streams"),
    "Hello_World.v2.md": ("blog/hello_worldv2/", "Hello"),
    "nested/deep-post.md": ("blog/nested/deep-post/", "Deep"),
    "plain.mdx": ("blog/plain/", "Plain MDX"),
    "fenced.mdx": ("blog/fenced/", "Fenced MDX"),
}


def astro_project(root):
    """Write a small Astro blog project like the blog starter, with the usual trouble."""
    write_tree(
        root,
        {
            "astro.config.mjs": """
                // @ts-check
                import { defineConfig } from 'astro/config';
                import mdx from '@astrojs/mdx';

                export default defineConfig({
                    site: 'https://example.com',
                    integrations: [mdx()],
                });
            """,
            "src/consts.ts": """
                export const SITE_TITLE = 'Astro Blog';
                export const SITE_DESCRIPTION = 'Welcome to my website!';
            """,
            "src/content.config.ts": "export const collections = {};\n",
            "src/content/blog/first-post.md": STARTER_POST,
            "src/content/blog/über-streams.md": post(
                "title: Über Streams\npubDate: 'Jan 19 2025'\ntags: [Kafka]\n"
            ),
            "src/content/blog/Hello_World.v2.md": post("title: Hello\npubDate: 2024-05-01\n"),
            "src/content/blog/nested/deep-post.md": post("title: Deep\npubDate: 2024-05-02\n"),
            "src/content/blog/plain.mdx": post(
                "title: Plain MDX\npubDate: 2024-06-01\n", "Only *Markdown*, and `<Code/>`.\n"
            ),
            "src/content/blog/fenced.mdx": post(
                "title: Fenced MDX\npubDate: 2024-06-02\n",
                "An example:\n\n```js\nimport x from 'y';\n<Chart />\n```\n",
            ),
            "src/content/blog/using-mdx.mdx": post(
                "title: Using MDX\npubDate: 'Jun 01 2024'\n",
                "import HeaderLink from '../../components/HeaderLink.astro';\n\n"
                'A <HeaderLink href="#">component</HeaderLink>.\n',
            ),
            "src/content/blog/cover.jpg": b"\xff\xd8\xff",
            "src/content/blog/.DS_Store": b"\0",
            "src/pages/index.astro": "---\n---\n<h1>Home</h1>\n",
            "src/pages/about.astro": "---\n---\n<h1>About</h1>\n",
            "src/pages/impressum.md": post("title: Impressum von Astro\n"),
            "src/pages/blog/index.astro": "---\n---\n",
            "src/pages/blog/[...slug].astro": "---\n---\n",
            "src/pages/rss.xml.js": "export async function GET() {}\n",
            "public/favicon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
            "public/blog-placeholder-3.jpg": (
                ROOT / "content/public/blog-placeholder-3.jpg"
            ).read_bytes(),
            "public/fonts/atkinson-regular.woff": b"wOFF",
        },
    )
    return root


def run(capsys, *args):
    status = cli.main(["import", "astro", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def test_astro_blog_becomes_a_site_with_the_same_urls(tmp_path, capsys):
    project = astro_project(tmp_path / "astro")
    site = tmp_path / "site"
    status, out, _ = run(capsys, project, site)
    # Two files could not be carried, so the import reports a problem.
    assert status == 1
    # The report speaks the new site's language (German by default).
    assert (
        "Beiträge: 7 in src/content/blog, 6 nach content/blog übernommen "
        "(2 MDX in Markdown umgewandelt)" in out
    )
    assert "Seiten: 1 Markdown-Seite nach content/pages übernommen" in out
    assert "public: 3 Dateien nach content/public kopiert" in out
    assert (
        "URL der Website: keine (https://example.com aus astro.config.mjs ist ein Platzhalter "
        "und wird nicht verwendet" in out
    )
    assert "Titel: Astro Blog (aus src/consts.ts)" in out
    not_carried = out.split("Nicht übernommen (3); davon wurde nichts kopiert:\n")[1]
    assert (
        "src/content/blog/using-mdx.mdx: MDX, das Code importiert oder exportiert (Zeile 5:" in out
    )
    assert "src/content/blog/cover.jpg: kein Beitrag" in not_carried
    assert "src/pages/about.astro: eine Astro-Seite (/about/)" in not_carried
    assert "src/pages/rss.xml.js: der RSS-Feed" in out.split("Von Strom ersetzt (4):")[1]
    assert "strom check: 9 Dateien geprüft, keine Probleme." in out
    pages = "content/pages/barrierefreiheit.md und content/pages/datenschutz.md"
    assert f"Füllen Sie die [Platzhalter] in {pages} aus" in out
    assert not (site / "content/blog/using-mdx.md").exists()
    assert not (site / "content/blog/cover.jpg").exists()
    assert not (site / "content/blog/willkommen.md").exists()

    settings = read_settings(str(site / "pelicanconf.py"))
    assert settings["SITENAME"] == "Astro Blog"
    # The starter's English description is no subtitle for a German site.
    assert settings["SITESUBTITLE"] == ""
    assert "SITE_DESCRIPTION aus src/consts.ts ist der englische Text" in out
    assert "SITE_TITLE aus src/consts.ts ist 'Astro Blog' des Astro-Starters" in out
    # The starter's placeholder host never becomes SITEURL: Netlify's URL is used.
    assert "example.com" not in (site / "publishconf.py").read_text("utf-8")
    # The Netlify build plugin that keeps the image cache between deploys, registered.
    plugin = "netlify/plugins/strom-cache"
    assert {p.name for p in (site / plugin).iterdir()} == {"manifest.yml", "index.js"}
    netlify = tomllib.loads((site / "netlify.toml").read_text("utf-8"))
    assert netlify["plugins"] == [{"package": f"./{plugin}"}]

    output = tmp_path / "output"
    assert build_with(site / "pelicanconf.py", output) is None
    for url, title in KEPT.values():
        assert html(output / url / "index.html").h1.get_text() == title, url
    assert {"favicon.svg", "blog-placeholder-3.jpg", "fonts/atkinson-regular.woff"} <= {
        p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()
    }
    # The Astro site's own Impressum wins over Strom's skeleton.
    assert html(output / "impressum/index.html").h1.get_text() == "Impressum von Astro"
    title = html(output / "datenschutz/index.html").h1.get_text()
    assert title.replace("\u00ad", "") == "Datenschutzerklärung"  # soft hyphens between syllables


def test_everything_carried_exits_0(tmp_path, capsys):
    project = tmp_path / "astro"
    write_tree(
        project,
        {
            "src/content/blog/first-post.md": STARTER_POST,
            "public/blog-placeholder-3.jpg": (
                ROOT / "content/public/blog-placeholder-3.jpg"
            ).read_bytes(),
        },
    )
    status, out, _ = run(
        capsys, project, tmp_path / "site", "--lang", "en", "--url", "https://b.example"
    )
    assert status == 0, out
    assert "Everything was carried." in out
    assert "site URL: https://b.example (from the command line)" in out
    assert "title: My Blog (default)" in out
    assert [p.name for p in (tmp_path / "site/content/pages").iterdir()] == ["accessibility.md"]


def test_content_problems_are_reported_after_the_import(tmp_path, capsys):
    project = tmp_path / "astro"
    write_tree(project, {"src/content/blog/datum.md": post("title: D\npubDate: 32.01.2025\n")})
    status, out, _ = run(capsys, project, tmp_path / "site")
    assert status == 1
    assert "content/blog/datum.md:3: pubDate: '32.01.2025' ist kein Datum" in out
    assert "strom check: 1 Problem in 1 von 4 Dateien; beheben Sie es und prüfen Sie erneut." in out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "hat keinen Ordner src/content/blog; ist es ein Astro-Blog?"),
        (lambda p: None, "gibt es nicht"),
    ],
)
def test_not_an_astro_blog_is_a_usage_error(tmp_path, capsys, make, message):
    make(tmp_path / "astro")
    status, _, err = run(capsys, tmp_path / "astro", tmp_path / "site")
    assert status == 2 and message in err
    assert not (tmp_path / "site").exists()


def test_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    project = astro_project(tmp_path / "astro")
    (tmp_path / "site").mkdir()
    (tmp_path / "site/x").write_text("x")
    status, _, err = run(capsys, project, tmp_path / "site")
    assert (
        status == 2
        and "ist nicht leer; wählen Sie einen neuen Ordner oder geben Sie --force an" in err
    )


@pytest.mark.parametrize(
    ("config", "url"),
    [
        ("export default defineConfig({ site: 'https://a.example/' })", "https://a.example"),
        (
            'export default defineConfig({\n  site: "https://b.example/blog",\n})',
            "https://b.example/blog",
        ),
        ("export default defineConfig({ site: `https://c.example` })", "https://c.example"),
        ("export default defineConfig({ site: process.env.SITE })", ""),
        ("// site: 'nope'\nexport default defineConfig({})", ""),
    ],
)
def test_site_url_from_the_config(tmp_path, config, url):
    (tmp_path / "astro.config.ts").write_text(config)
    assert astro.read_site_url(tmp_path)[0] == url


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("Just *Markdown* with <em>HTML</em>.\n", None),
        ("Code: `<Chart />` and `{x}`.\n", None),
        ("```\nimport a from 'b'\n<Chart/>\n```\n", None),
        ("import Chart from './Chart.astro';\n", "imports or exports code (line 4:"),
        ("export const x = 1;\n", "imports or exports code"),
        ("Text <Chart data={d} /> more.\n", "uses components (line 4:"),
        ("Hello {frontmatter.title}!\n", "uses expressions in braces"),
    ],
)
def test_mdx_features(body, found):
    result = astro.mdx_features(post("title: t\n", body))
    assert (result is None) if found is None else (found in result), result


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("+++\ntitle = 'T'\n+++\nText.\n", None),
        ("+++\ntitle = 'T'\n+++\nimport X from 'x'\n", "(line 4:"),
        ("No front matter <Chart />\n", "uses components (line 1:"),
    ],
)
def test_mdx_features_without_yaml_front_matter(text, found):
    result = astro.mdx_features(text)
    assert (result is None) if found is None else (found in result), result


def test_later_pages_of_a_paginated_post_list_answer(tmp_path, capsys):
    require_tools(BIN / "netlify")
    project = tmp_path / "astro"
    posts = {
        f"src/content/blog/p{n}.md": post(f"title: P{n}\npubDate: 2024-05-0{n + 1}\n")
        for n in range(5)
    }
    route = "---\nexport async function getStaticPaths({ paginate }) {\n"
    route += "  return paginate(posts, { pageSize: 2 });\n}\n---\n"
    write_tree(project, {**posts, "src/pages/blog/[...page].astro": route})
    status, out, _ = run(capsys, project, tmp_path / "site", "--url", "https://b.example")
    assert (
        "spätere Seiten der Beitragsliste: /blog/{number}/ antworten mit 301 (2 Beiträge je Seite"
        in out
    )
    assert "src/pages/blog/[...page].astro: die seitenweise Beitragsliste" in out
    output = tmp_path / "output"
    assert build_with(tmp_path / "site/pelicanconf.py", output) is None
    answers = Answers(output)
    # Five posts, two a page: Astro had /blog/2/ and /blog/3/; Strom lists ten a page.
    assert answers.how("/blog/2/") == "301 -> /"
    assert answers.how("/blog/3/") == "301 -> /"
    assert answers.how("/blog/4/") == "missing"
    assert status == 0, out


ABOUT = """\
---
import AboutHeroImage from '../assets/blog-placeholder-about.jpg';
import Layout from '../layouts/BlogPost.astro';
---

<Layout
\ttitle="Über mich"
\tdescription='Wer hier schreibt'
\tpubDate={new Date('August 08 2021')}
\theroImage={AboutHeroImage}
>
\t<p>
\t\tIch schreibe über <strong>Datenströme</strong>.
\t</p>

\t<p>Und über Kafka.</p>
</Layout>
"""


def test_an_astro_page_of_static_html_becomes_a_markdown_page(tmp_path, capsys):
    project = tmp_path / "astro"
    write_tree(
        project,
        {
            "src/content/blog/first-post.md": STARTER_POST,
            "src/pages/about.astro": ABOUT,
            "src/pages/rechnen.astro": "---\nconst x = 2;\n---\n<Layout title='R'>{x}</Layout>\n",
            "public/blog-placeholder-3.jpg": (
                ROOT / "content/public/blog-placeholder-3.jpg"
            ).read_bytes(),
        },
    )
    status, out, _ = run(capsys, project, tmp_path / "site")
    assert (
        "Seiten: 1 Markdown-Seite nach content/pages übernommen "
        "(1 .astro aus statischem HTML umgewandelt)" in out
    )
    assert (
        "src/pages/rechnen.astro: eine Astro-Seite (/rechnen/), die in ihrer Front Matter "
        "Code ausführt" in out
    )
    assert status == 1  # rechnen.astro was not carried
    output = tmp_path / "output"
    assert build_with(tmp_path / "site/pelicanconf.py", output) is None
    about = html(output / "about/index.html")
    assert about.h1.get_text() == "Über mich"
    assert about.select_one('meta[name="description"]')["content"] == "Wer hier schreibt"
    paragraphs = [" ".join(p.get_text().split()) for p in about.select("main p")]
    assert "Ich schreibe über Datenströme." in paragraphs
    assert about.select_one("main p strong").get_text() == "Datenströme"
    assert "Und über Kafka." in paragraphs


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\n---\n<h1>About</h1>\n", "is not one layout around HTML"),
        ("<Layout title='A'><Chart /></Layout>", "uses components inside its layout"),
        ("<Layout title='A'><p>{1 + 1}</p></Layout>", "uses expressions in braces"),
        ("<Layout title='A'><pre>x</pre></Layout>", "holds preformatted text"),
        ("<Layout><p>x</p></Layout>", 'has no title="..." on its layout'),
    ],
)
def test_astro_pages_that_are_more_than_html_stay_behind(text, reason):
    assert reason in astro.static_page(text)
