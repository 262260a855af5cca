"""Outside checkers on the kitchen-sink site: the Nu HTML Checker and Lighthouse."""

import importlib.util
import json
import subprocess
from urllib.parse import quote

import pytest
from conftest import KITCHEN_SINK, ROOT, build_folder

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_nu_html_checker_finds_no_errors(kitchen_sink):
    """One run of vnu over every page, the stylesheet and the SVG files."""
    files = sorted(
        str(p) for p in kitchen_sink.output.rglob("*") if p.suffix in (".html", ".css", ".svg")
    )
    assert len([f for f in files if f.endswith(".html")]) > 40
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--also-check-css",
            "--also-check-svg",
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stderr or result.stdout)
    errors = [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in report["messages"]]
    assert errors == []
    assert result.returncode == 0


def _bench():
    path = ROOT / "bench" / "lighthouse.py"
    spec = importlib.util.spec_from_file_location("bench_lighthouse", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_lighthouse_accessibility_best_practices_and_seo(tmp_path):
    """One Lighthouse run on each of five pages; the deterministic categories must be 100.

    The search page is audited with results shown (``?q=kafka``), its script run.

    Performance depends on the machine's load, so bench/lighthouse.py reports
    it instead of a test.
    """
    bench = _bench()
    output = tmp_path / "output"
    output.mkdir()
    server = bench.serve(output)
    siteurl = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        site = build_folder(KITCHEN_SINK, output, SITEURL=siteurl, FEED_DOMAIN=siteurl)
        assert site.failure is None, site.errors
        results = {}
        for path in ("", "blog/küchenspüle/", "tag/kafka/", "archiv/", "suche/?q=kafka"):
            report = bench.lighthouse(
                f"{siteurl}/{quote(path, safe='/?=')}",
                "--only-categories=accessibility,best-practices,seo",
            )
            results[path] = (bench.scores(report), bench.failing(report))
    finally:
        server.shutdown()
        server.server_close()
    for path, (got, lost) in results.items():
        assert got == {"accessibility": 100, "best-practices": 100, "seo": 100}, (path, lost)
