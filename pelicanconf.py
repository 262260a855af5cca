"""Settings of the Strom blog; `pelican content` reads this file."""

AUTHOR = "Strom"
SITENAME = "Strom – Daten in Bewegung"
SITESUBTITLE = "Ein Blog über Datenströme, Kafka und Echtzeit-Architekturen"
SITEURL = ""

# The content layout: posts in blog/, pages in pages/, and public/ copied
# unchanged to the site root (the Astro project's public/ folder).
PATH = "content"
ARTICLE_PATHS = ["blog"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["public"]
STATIC_EXCLUDE_SOURCES = False

TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["strom", "sitemap"]

# URLs as on the Astro site: /blog/<slug>/ for posts, /<slug>/ for pages.
ARTICLE_URL = "blog/{slug}/"
ARTICLE_SAVE_AS = "blog/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
ARCHIVES_SAVE_AS = "archiv/index.html"
TAGS_SAVE_AS = "tags/index.html"
CATEGORIES_SAVE_AS = "categories/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
# The URLs of the lists above (Pelican derives none of them from *_SAVE_AS).
INDEX_URL = ""
ARCHIVES_URL = "archiv/"
TAGS_URL = "tags/"
CATEGORIES_URL = "categories/"
AUTHORS_URL = "authors/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
DEFAULT_CATEGORY = "Blog"
USE_FOLDER_AS_CATEGORY = False
# Tag, category and author addresses keep umlauts, as post addresses do (/tag/über-uns/).
SLUGIFY_USE_UNICODE = True

# Drafts (draft: true, published: false) are not written at all.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# Feeds: RSS where the Astro site had it, plus Atom; full content.
FEED_ALL_RSS = "rss.xml"
FEED_ALL_ATOM = "atom.xml"
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
RSS_FEED_SUMMARY_ONLY = False

DEFAULT_PAGINATION = 10
# Later pages of a list at /seite/2/, /tag/kafka/seite/2/, ...
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/seite/{number}/", "{base_name}/seite/{number}/index.html"),
)

# Direct templates; 404.html is served by Netlify for every missing path.
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]

SITEMAP = {"format": "xml", "exclude": [r"^404\.html$"]}

# Strom's front-matter table (see README): keys added here are laid over
# the defaults; e.g. {"teaser": ("summary", "plain")} or {"image": None}.
STROM_FRONTMATTER = {}

# Typographic quotes („…“ on a German site), dashes and ellipses in posts.
STROM_TYPOGRAPHY = True
