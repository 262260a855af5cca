"""A kitchen-sink site whose posts and pages carry every form of alias, and where each leads."""

from conftest import post

FILES = {
    "blog/kafka-connect.md": post("""
        title: Kafka Connect in der Praxis
        pubDate: Mar 3 2025
        tags: [Kafka]
        aliases:
          - /2025/03/kafka-connect/
          - /posts/kafka-connect.html
          - /2019/kafka-connect
          - alter-name
          - ../ganz-alt/
          - /2025/03/kafka-connect/
    """),
    "blog/über-streams.md": post("""
        title: Über Streams
        pubDate: 2025-01-19
        aliases: /streams/über/
    """),
    "blog/grüße.md": post("""
        title: Grüße aus Köln
        date: 2024-12-24
        aliases: ["/alt/gr%C3%BC%C3%9Fe/", /feed/alt.php]
    """),
    "blog/jekyll.md": post("""
        title: Aus Jekyll
        date: 2024-06-01 10:00:00 +0200
        redirect_from:
          - /jekyll/alt.html
          - /2024/06/01/jekyll/
    """),
    "blog/jekyll-einzeln.md": post("""
        title: Ein einziger Umzug
        date: 2024-06-02
        redirect_from: /nur-einer/
    """),
    "blog/leer.md": post("""
        title: Ohne Aliase
        pubDate: 2024-01-01
        aliases:
    """),
    "pages/about.md": post("""
        title: Über uns
        aliases: [/über-uns/]
    """),
    "public/_redirects": "# Eigene Regeln der Website\n/alt-kontakt /about/ 302\n",
    "public/_headers": "/about/*\n  X-Eigene: ja\n",
    "public/assets/strom.1a2b3c4d.css": "body { color: #123; }\n",
}

# Each alias as Netlify matches it -> (the page it leads to, its title).
ALIASES = {
    "/2025/03/kafka-connect/": ("/blog/kafka-connect/", "Kafka Connect in der Praxis"),
    "/posts/kafka-connect.html": ("/blog/kafka-connect/", "Kafka Connect in der Praxis"),
    "/2019/kafka-connect/": ("/blog/kafka-connect/", "Kafka Connect in der Praxis"),
    "/blog/alter-name/": ("/blog/kafka-connect/", "Kafka Connect in der Praxis"),
    "/ganz-alt/": ("/blog/kafka-connect/", "Kafka Connect in der Praxis"),
    "/streams/über/": ("/blog/über-streams/", "Über Streams"),
    "/alt/grüße/": ("/blog/grüße/", "Grüße aus Köln"),
    "/feed/alt.php": ("/blog/grüße/", "Grüße aus Köln"),
    "/jekyll/alt.html": ("/blog/jekyll/", "Aus Jekyll"),
    "/2024/06/01/jekyll/": ("/blog/jekyll/", "Aus Jekyll"),
    "/nur-einer/": ("/blog/jekyll-einzeln/", "Ein einziger Umzug"),
    "/über-uns/": ("/about/", "Über uns"),
}

# The Astro starter's addresses that Strom serves elsewhere.
ASTRO = {
    "/blog/": "/",
    "/sitemap-index.xml": "/sitemap.xml",
    "/sitemap-0.xml": "/sitemap.xml",
}


def page_file(path: str) -> str | None:
    """Return the redirect page's file for an alias path, or None where only Netlify redirects."""
    if path.endswith("/"):
        return path.lstrip("/") + "index.html"
    return path.lstrip("/") if path.endswith(".html") else None
