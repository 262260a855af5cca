"""Settings for a production build: `pelican content -s publishconf.py` (Netlify runs it)."""

import os
import sys

# pelicanconf.py next to this file, whatever the working folder.
_here = os.path.dirname(os.path.abspath(__file__))
if _here not in sys.path:
    sys.path.insert(0, _here)
from pelicanconf import *  # noqa: E402, F403

# Netlify tells the build which deploy it makes: CONTEXT is "production",
# "deploy-preview" or "branch-deploy"; URL is the site's main address and
# DEPLOY_PRIME_URL the address of this deploy. A SITEURL in the environment
# wins in production (a site below a path: https://example.de/blog).
_context = os.environ.get("CONTEXT", "production")
if _context == "production":
    SITEURL = os.environ.get("SITEURL") or os.environ.get("URL", "")
else:
    SITEURL = os.environ.get("DEPLOY_PRIME_URL") or os.environ.get("URL", "")
SITEURL = SITEURL.rstrip("/")
if not SITEURL:
    # Without an address, feeds, canonical links and the sitemap would be broken.
    sys.exit(
        "publishconf.py: the site has no address; set SITEURL (Netlify sets URL), "
        "e.g. SITEURL=https://example.de make publish"
    )
# Previews and branch deploys answer with X-Robots-Tag: noindex (in _headers).
STROM_NOINDEX = _context != "production"
# Pages that still hold the scaffold's [placeholders] fail a published build.
STROM_PRODUCTION = True

RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
