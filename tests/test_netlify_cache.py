"""Netlify's own build, twice, on a site from `strom new`: the second encodes no image."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import NODE_BIN, ROOT, require_tools
from pelican.plugins.strom import cli
from test_parallel_images import photo

NETLIFY = NODE_BIN / "netlify"
PLUGIN = "netlify/plugins/strom-cache"


def netlify_build(site: Path, *options: str, python: Path | None = None, **environment) -> str:
    """Run `netlify build --offline OPTIONS` in ``site``; return its output (it must succeed).

    ``python`` is the folder of the ``pelican`` it runs (default: this test's
    environment), first on PATH; ``environment`` is laid over the variables.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NETLIFY", "CONTEXT"))
        and k not in ("PYTHONPATH", "VIRTUAL_ENV", "SITEURL", "URL", "DEPLOY_PRIME_URL")
    }
    python = python or Path(sys.executable).parent
    # Nothing of the repository on PATH but Netlify's CLI and what ``python`` names.
    others = [p for p in env["PATH"].split(os.pathsep) if not Path(p).is_relative_to(ROOT)]
    env.update(
        PATH=os.pathsep.join([str(python), str(NODE_BIN), *others]),
        BROWSER="none",
        NETLIFY_TELEMETRY_DISABLED="1",
        **environment,
    )
    done = subprocess.run(
        [str(NETLIFY), "build", "--offline", *options],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


def without_legal_skeletons(site: Path) -> None:
    """Remove the legal skeletons, whose [placeholders] fail a production build, and their links."""
    for skeleton in ("impressum", "datenschutz", "barrierefreiheit"):
        (site / f"content/pages/{skeleton}.md").unlink()
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nSTROM_IMPRINT_URL = STROM_PRIVACY_URL = STROM_ACCESSIBILITY_URL = ""\n')


def images_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def saved(cache: Path) -> dict[str, tuple[bytes, float]]:
    """Each manifest's bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime) for p in cache.glob("*.json")}


def test_the_scaffold_writes_the_cache_plugin_and_registers_it(tmp_path, capsys):
    site = tmp_path / "site"
    assert cli.main(["new", str(site)]) == 0
    capsys.readouterr()
    source = ROOT / "plugins/strom/scaffold/files/common" / PLUGIN
    for name in ("manifest.yml", "index.js"):
        assert (site / PLUGIN / name).read_bytes() == (source / name).read_bytes()
    plugins = tomllib.loads((site / "netlify.toml").read_text("utf-8"))["plugins"]
    assert plugins == [{"package": f"./{PLUGIN}"}]
    # The repository's own netlify.toml uses the same plugin, from the package.
    own = tomllib.loads((ROOT / "netlify.toml").read_text("utf-8"))["plugins"]
    assert [(ROOT / p["package"]).resolve() for p in own] == [source.resolve()]


@pytest.mark.slow
def test_a_second_netlify_build_restores_the_cache_and_encodes_nothing(tmp_path, capsys):
    require_tools(NETLIFY)
    site = tmp_path / "site"
    assert cli.main(["new", str(site)]) == 0
    capsys.readouterr()
    without_legal_skeletons(site)
    (site / "content/public/eins.jpg").write_bytes(photo((1600, 1000), 1))
    (site / "content/public/zwei.png").write_bytes(photo((1200, 800), 2, "PNG"))
    (site / "content/blog/bilder.md").write_text(
        "---\ntitle: Bilder\npubDate: 2025-01-01\nheroImage: /eins.jpg\nheroAlt: Eins\n---\n"
        "Text.\n\n![Zwei](/zwei.png)\n",
        "utf-8",
    )
    # A progress line after each encoded source: the build's output counts them
    # (in English, as the other tests read Strom's messages).
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nSTROM_IMAGE_PROGRESS = 0\nSTROM_MESSAGES_LANG = "en"\n')
    cache = site / ".cache/strom-images"

    first = netlify_build(site, SITEURL="https://example.de")
    assert "strom-cache: .cache/strom-images: not in Netlify's cache yet" in first
    assert re.findall(r"strom: images: (\d) of \d sources encoded", first) == ["1", "2"]
    assert "strom-cache: .cache/strom-images: saved" in first
    published = images_of(site / "output/assets/img")
    assert len(published) > 10
    manifests = saved(cache)
    assert len(manifests) == 2
    # Netlify keeps it below .netlify/cache; on Netlify, between deploys.
    assert sorted((site / ".netlify/cache").rglob("strom-images/*.json"))

    # Nothing of the first build is left but Netlify's cache: as in a fresh clone.
    subprocess.run(["rm", "-rf", str(site / ".cache"), str(site / "output")], check=True)
    second = netlify_build(site, SITEURL="https://example.de")
    assert "strom-cache: .cache/strom-images: restored" in second
    assert "sources encoded" not in second
    # The search index, too, comes from the cache: the same pages, nothing indexed again.
    assert "strom-cache: .cache/strom-search: restored" in second
    assert re.search(r"Search index: .* copied from the cache", second)
    # And the texts: the welcome post is not read again; the post with an
    # image in its text is, as in every build.
    assert "strom-cache: .cache/strom-texts: restored" in second
    assert "Text cache: 0 of 2 texts unchanged, 2 read." in first
    assert "Text cache: 1 of 2 texts unchanged, 1 read." in second
    assert images_of(site / "output/assets/img") == published
    # The cache came back as it was saved; no manifest was written again
    # (Netlify's cache keeps modification times to the millisecond).
    restored = saved(cache)
    assert sorted(restored) == sorted(manifests)
    for name, (data, mtime) in restored.items():
        assert data == manifests[name][0] and abs(mtime - manifests[name][1]) < 0.002
