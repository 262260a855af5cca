"""Settings for a production build: `pelican content -s publishconf.py`."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402, F403

# Netlify sets URL for production and DEPLOY_PRIME_URL for previews.
SITEURL = os.environ.get("SITEURL") or os.environ.get("URL", "")
if os.environ.get("CONTEXT", "production") != "production":
    SITEURL = os.environ.get("DEPLOY_PRIME_URL", SITEURL)
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
