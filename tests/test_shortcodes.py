"""Hugo shortcodes and Jekyll Liquid: links to posts, code blocks, and whatever is left named.

Each site is built with real Pelican and checked with `strom check`; both must
report the same problems, with file and line.
"""

import time

from conftest import ROOT, build_and_check, post
from pelican.plugins.strom.shortcodes import Targets, convert

IMAGE = (ROOT / "content/public/blog-placeholder-3.jpg").read_bytes()
TARGET = post("title: Ziel\ndate: 2020-01-01\n", "## Abschnitt\n\nText.\n")


def targets(*paths):
    found = Targets()
    for path in paths:
        found.add(path, "blog")
    return found


def test_targets_are_found_by_path_tail_and_name():
    found = targets("blog/ziel.md", "blog/bundle/index.md", "blog/2016-08-12-steam.md")
    assert found.find("posts/ziel.md", "blog/a.md") == "blog/ziel.md"
    assert found.find("/posts/ziel", "blog/a.md") == "blog/ziel.md"
    assert found.find("ziel", "blog/a.md") == "blog/ziel.md"
    assert found.find("posts/bundle", "blog/a.md") == "blog/bundle/index.md"
    assert found.find("2016-08-12-steam", "blog/a.md") == "blog/2016-08-12-steam.md"
    assert found.find("fehlt", "blog/a.md") is None
    assert found.find("../../../etc/passwd", "blog/a.md") is None


def test_a_name_of_two_files_names_neither():
    found = targets("blog/a/ziel.md", "blog/b/ziel.md")
    assert found.find("ziel", "blog/x.md") is None
    assert found.find("a/ziel", "blog/x.md") == "blog/a/ziel.md"


def test_lines_of_problems_count_from_the_first_line_of_the_body():
    converted = convert("Text\n\n{{< gist x >}}\n", 5, "blog/a.md", targets())
    assert [line for line, _ in converted.problems] == [7]


def test_hugo_links_become_links_to_the_posts(tmp_path, capsys):
    body = (
        'Siehe [Ziel]({{< relref "posts/ziel.md" >}}), [kurz]({{< ref "ziel" >}}),\n'
        '[Abschnitt]({{% relref "/posts/ziel.md#abschnitt" %}}) und\n'
        '[Bündel]({{< relref "bundle" >}}); so zeigt Hugo es: `{{</* relref "x" */>}}`\n'
        "und {{</* youtube abc */>}}.\n"
    )
    files = {
        "blog/ziel.md": TARGET,
        "blog/bundle/index.md": post("title: Bündel\ndate: 2020-01-02\n"),
        "blog/quelle.md": post("title: Quelle\ndate: 2020-01-03\n", body),
    }
    site, status, lines, _ = build_and_check(tmp_path, capsys, files)
    assert status == 0, lines
    article = site.html("blog/quelle/index.html").select_one("article")
    links = {a.get_text(): a["href"] for a in article.select("a")}
    assert links["Ziel"] == "/blog/ziel/"
    assert links["kurz"] == "/blog/ziel/"
    assert links["Abschnitt"] == "/blog/ziel/#abschnitt"
    assert links["Bündel"] == "/blog/bundle/"
    assert [code.get_text() for code in article.select("p code")] == ['{{< relref "x" >}}']
    assert "{{< youtube abc >}}" in article.get_text()
    assert "{{</*" not in article.get_text()


def test_jekyll_liquid_becomes_links_images_and_code(tmp_path, capsys):
    body = (
        "Siehe [den Login]({% post_url 2016-08-12-steam-login %}) und\n"
        "[die Datei]({{ site.baseurl }}/assets/plan.pdf).\n"
        "\n"
        "![Ein Bild]({{ site.url }}{{ site.baseurl }}/assets/bild.jpg)\n"
        "\n"
        "{% highlight ruby linenos %}\n"
        "puts '{% raw %}{{ site.title }}{% endraw %}'\n"
        "{% endhighlight %}\n"
        "\n"
        "So schreibt man es: {% raw %}{{ page.title }} und {% if x %}{% endraw %} im Text.\n"
    )
    files = {
        "blog/2016-08-12-steam-login.md": post("title: Steam\n"),
        "blog/2016-09-01-quelle.md": post("title: Quelle\n", body),
        "public/assets/bild.jpg": IMAGE,
        "public/assets/plan.pdf": b"%PDF-1.4\n",
    }
    site, status, lines, _ = build_and_check(
        tmp_path, capsys, files, STROM_DIALECT="'jekyll'", STROM_IMAGE_WIDTHS="[400]"
    )
    assert status == 0, lines
    article = site.html("blog/quelle/index.html").select_one("article")
    links = {a.get_text(): a["href"] for a in article.select("a")}
    assert links["den Login"] == "/blog/steam-login/"
    assert links["die Datei"] == "/assets/plan.pdf"
    image = article.select_one("picture img")
    assert image is not None and image["alt"] == "Ein Bild"
    code = article.select_one("pre")
    assert code is not None and code.get_text().strip() == "puts '{{ site.title }}'"
    # Highlighted as Ruby: Pygments' Ruby lexer marks puts as a builtin (nb).
    assert code.select_one("span.nb").get_text() == "puts"
    text = article.get_text()
    assert "So schreibt man es: {{ page.title }} und {% if x %} im Text." in text
    assert "{% raw %}" not in text and "highlight" not in text


def test_shortcodes_and_liquid_left_are_problems_with_their_lines(tmp_path, capsys):
    body = (
        "Erste Zeile.\n"
        "\n"
        "{{< gist abc >}}\n"
        "\n"
        "Ein {% include hinweis.html %} und {{ page.title }}.\n"
        "\n"
        '[Weg]({{< relref "gibt-es-nicht" >}})\n'
    )
    files = {"blog/ziel.md": TARGET, "blog/rest.md": post("title: Rest\ndate: 2020-01-02\n", body)}
    site, status, lines, _ = build_and_check(tmp_path, capsys, files)
    assert status == 1
    assert site.failure is not None
    places = [line.split(": ", 1)[0].rsplit(":", 1) for line in lines]
    assert {path for path, _ in places} == {"content/blog/rest.md"}
    assert sorted(int(number) for _, number in places) == [7, 9, 9, 11]
    text = "\n".join(lines)
    assert "Hugo shortcode '{{< gist abc >}}'" in text
    assert "Liquid tag '{% include hinweis.html %}'" in text
    assert "Liquid tag '{{ page.title }}'" in text
    assert """'{{< relref "gibt-es-nicht" >}}' names no post or page""" in text
    # Nothing else is lost: the post and the target are written.
    assert site.exists("blog/rest/index.html") and site.exists("blog/ziel/index.html")


def test_code_about_hugo_and_jekyll_is_shown_as_written(tmp_path, capsys):
    body = (
        'So verlinkt Hugo `{{< relref "ziel" >}}` im Text:\n'
        "\n"
        "```go-html-template\n"
        '{{< relref "gibt-es-nicht" >}}\n'
        "{% include x.html %}\n"
        "```\n"
        "\n"
        "Und eingerückt:\n"
        "\n"
        "    {{% notice %}}\n"
        "    {% if site.x %}\n"
        "\n"
        "~~~~\n"
        "{{ site.baseurl }}\n"
        "~~~~\n"
    )
    files = {"blog/doku.md": post("title: Doku\ndate: 2020-01-02\n", body)}
    site, status, lines, _ = build_and_check(tmp_path, capsys, files)
    assert status == 0, lines
    codes = [c.get_text() for c in site.html("blog/doku/index.html").select("article code")]
    assert '{{< relref "ziel" >}}' in codes
    blocks = [c.get_text() for c in site.html("blog/doku/index.html").select("article pre")]
    assert any('{{< relref "gibt-es-nicht" >}}\n{% include x.html %}' in b for b in blocks), blocks
    assert any("{{% notice %}}\n{% if site.x %}" in b for b in blocks), blocks
    assert any("{{ site.baseurl }}" in b for b in blocks), blocks


def test_liquid_in_a_list_item_is_not_taken_for_indented_code(tmp_path, capsys):
    body = "- Punkt\n\n    {% include x.html %}\n"
    files = {"blog/liste.md": post("title: Liste\ndate: 2020-01-02\n", body)}
    _, status, lines, _ = build_and_check(tmp_path, capsys, files)
    assert status == 1
    assert [line.split(": ", 1)[0] for line in lines] == ["content/blog/liste.md:7"], lines


def test_an_unclosed_highlight_is_a_problem(tmp_path, capsys):
    body = "{% highlight python %}\nprint(1)\n"
    files = {"blog/offen.md": post("title: Offen\ndate: 2020-01-02\n", body)}
    site, status, lines, _ = build_and_check(tmp_path, capsys, files)
    assert status == 1
    assert lines == [
        "content/blog/offen.md:5: a '{% highlight %}' is never closed; add '{% endhighlight %}'"
    ]
    assert site.html("blog/offen/index.html").select_one("article pre") is not None


def test_code_spans_are_paired_as_markdown_pairs_them(tmp_path, capsys):
    body = (
        "Doppelt: ``{{< relref x >}} mit ` darin`` und `{% if x %}`.\n"
        "\n"
        "Ohne Partner: `` und `{{< gist y >}}` sind Code ab dem zweiten Backtick.\n"
        "\n"
        "Länger: ```{% raw %}{{ page.title }}{% endraw %}`` zeigt einen Backtick mehr.\n"
    )
    files = {"blog/spannen.md": post("title: Spannen\ndate: 2020-01-02\n", body)}
    site, status, lines, _ = build_and_check(tmp_path, capsys, files)
    # Markdown pairs the second backtick of `` with the next one: the shortcode is text.
    assert status == 1
    assert lines == [
        "content/blog/spannen.md:7: holds the Hugo shortcode '{{< gist y >}}', which Strom "
        "does not run and would show as text; write its HTML or Markdown instead (or put it "
        "in backticks to show it as code)"
    ]
    codes = [c.get_text() for c in site.html("blog/spannen/index.html").select("article p code")]
    assert codes == [
        "{{< relref x >}} mit ` darin",
        "{% if x %}",
        "` und",
        "`{{ page.title }}",
    ]
    text = site.html("blog/spannen/index.html").select_one("article").get_text()
    assert "`{{ page.title }} zeigt" in text


def test_hostile_lines_take_one_pass():
    # While the patterns backtracked, each of these took 5 s or more (the first, hours).
    lines = [
        "{{ " + "`" * 2000,
        "{{<" * 16000,
        "{%" * 20000,
        "{% highlight" + " " * 40000,
        "{% highlight " + "a" * 40000,
        "{{< ref " + "a" * 32000,
        "{{< ref a" * 8000,
        "{{</* " + " " * 8000,
        "{{</*" * 8000,
    ]
    for line in lines:
        started = time.perf_counter()
        converted = convert(line, 1, "blog/a.md", targets())
        assert time.perf_counter() - started < 1, line[:20]
        assert converted.text.startswith(line[:12])


def test_text_after_endhighlight_on_its_line_is_kept(tmp_path, capsys):
    body = (
        "{% highlight python %}\n"
        "print(1)\n"
        "end {% endhighlight %} and this sentence matters, [with a link]({% post_url ziel %}).\n"
    )
    files = {
        "blog/ziel.md": TARGET,
        "blog/danach.md": post("title: Danach\ndate: 2020-01-02\n", body),
    }
    site, status, lines, _ = build_and_check(tmp_path, capsys, files)
    assert status == 0, lines
    article = site.html("blog/danach/index.html").select_one("article")
    assert article.select_one("pre").get_text().strip() == "print(1)\nend"
    paragraph = article.select_one("pre").find_next("p")
    assert paragraph.get_text() == "and this sentence matters, with a link."
    assert paragraph.select_one("a")["href"] == "/blog/ziel/"


def test_a_highlight_showing_fences_is_one_block(tmp_path, capsys):
    body = (
        "{% highlight markdown %}\n"
        "Ein Block:\n"
        "\n"
        "```python\n"
        "print(1)\n"
        "```\n"
        "\n"
        "Und ``` mitten drin.\n"
        "{% endhighlight %}\n"
        "\n"
        "Danach *Prosa*.\n"
    )
    files = {"blog/fences.md": post("title: Fences\ndate: 2020-01-02\n", body)}
    site, status, lines, _ = build_and_check(tmp_path, capsys, files)
    assert status == 0, lines
    article = site.html("blog/fences/index.html").select_one("article")
    blocks = article.select("pre")
    assert len(blocks) == 1
    assert blocks[0].get_text().strip() == (
        "Ein Block:\n\n```python\nprint(1)\n```\n\nUnd ``` mitten drin."
    )
    after = [p for p in blocks[0].find_all_next("p") if article in p.parents]
    assert [p.get_text() for p in after] == ["Danach Prosa."]
    assert after[0].select_one("em").get_text() == "Prosa"


def test_an_unclosed_raw_is_a_problem(tmp_path, capsys):
    body = "Erste Zeile.\n\nSo zeigt man es: {% raw %}{{ page.title }} und so weiter.\n\nEnde.\n"
    files = {"blog/roh.md": post("title: Roh\ndate: 2020-01-02\n", body)}
    site, status, lines, _ = build_and_check(tmp_path, capsys, files)
    assert status == 1
    assert lines == ["content/blog/roh.md:7: a '{% raw %}' is never closed; add '{% endraw %}'"]
    text = site.html("blog/roh/index.html").select_one("article").get_text()
    assert "{{ page.title }} und so weiter." in text and "Ende." in text


def test_a_raw_closed_and_opened_again_is_a_problem_where_it_opens_again(tmp_path, capsys):
    body = "{% raw %}\n{{ a }}\n{% endraw %} und {% raw %}{{ b }}\n\nText.\n"
    files = {"blog/roh.md": post("title: Roh\ndate: 2020-01-02\n", body)}
    _, status, lines, _ = build_and_check(tmp_path, capsys, files)
    assert status == 1
    assert lines == ["content/blog/roh.md:7: a '{% raw %}' is never closed; add '{% endraw %}'"]
