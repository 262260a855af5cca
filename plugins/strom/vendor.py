"""Strom's wheel inside a site (``vendor/``), so that Netlify's build installs Strom from it.

Until Strom is on PyPI, a site's ``requirements.txt`` names the wheel in
the site's own ``vendor/`` folder; pip reads the path from the folder it
runs in, which on Netlify is the site's base. The wheel comes from the
running Strom: built from the checkout when Strom runs from one (an
editable install), else packed again from the installed files.
"""

from __future__ import annotations

import base64
import csv
import functools
import hashlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib.metadata import distribution, version
from pathlib import Path

from .messages import tr

DISTRIBUTION = "pelican-strom"
FOLDER = "vendor"
REQUIREMENTS = "requirements.txt"
# What a checkout needs to build the wheel (setup.py compiles the catalogs).
_SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "plugins", "theme")
# Files pip adds to an installed distribution that a wheel does not carry.
_INSTALLED_ONLY = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
# A requirements line that installs Strom: the pin, or a wheel file of it.
_STROM_LINE = re.compile(r"^\s*(pelican[-_.]strom\b|\S*pelican_strom-[^\s/]+\.whl\b)", re.I)
_WHEEL_NAME = re.compile(r"^pelican_strom-[0-9][0-9A-Za-z.+!]*-py3-none-any\.whl$")


class WheelUnavailable(Exception):
    """Strom's wheel cannot be built or read; the message says why and what to do."""


def wheel_name(strom_version: str | None = None) -> str:
    """Return the file name of Strom's wheel (``pelican_strom-0.1.0-py3-none-any.whl``)."""
    return f"pelican_strom-{strom_version or version(DISTRIBUTION)}-py3-none-any.whl"


def pinned() -> str:
    """Return the requirements line that installs this version of Strom from PyPI."""
    return f"{DISTRIBUTION}=={version(DISTRIBUTION)}"


def vendored(name: str) -> str:
    """Return the requirements line that installs the wheel ``name`` of the site's vendor/."""
    return f"./{FOLDER}/{name}"


def checkout() -> Path | None:
    """Return the source checkout Strom runs from, or None for an installed wheel."""
    package = Path(__file__).resolve().parent
    root = package.parent.parent
    project = root / "pyproject.toml"
    ours = package == root / "plugins" / "strom" and project.is_file()
    if ours and f'name = "{DISTRIBUTION}"' in project.read_text("utf-8"):
        return root
    return None


def _build(root: Path) -> tuple[str, bytes]:
    """Build the wheel from a copy of the checkout's sources (no stale build/ folder)."""
    with tempfile.TemporaryDirectory(prefix="strom-wheel-") as folder:
        source = Path(folder, "source")
        ignored = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
        for name in _SOURCES:
            if (root / name).is_dir():
                shutil.copytree(root / name, source / name, ignore=ignored)
            elif (root / name).is_file():
                source.mkdir(exist_ok=True)
                shutil.copy2(root / name, source / name)
        dist = Path(folder, "dist")
        done = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, source],
            capture_output=True,
            text=True,
            check=False,
        )
        built = sorted(dist.glob("pelican_strom-*.whl"))
        if done.returncode != 0 or len(built) != 1:
            raise WheelUnavailable(
                tr(
                    "building Strom's wheel from {folder} failed; run "
                    "`pip wheel --no-deps {folder}` to see why:\n{error}",
                    folder=root,
                    error=done.stderr.strip(),
                )
            )
        return built[0].name, built[0].read_bytes()


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode('ascii')}"


def _repack() -> tuple[str, bytes]:
    """Pack the installed distribution's files into a wheel again, with a new RECORD."""
    installed = distribution(DISTRIBUTION)
    info = f"pelican_strom-{installed.version}.dist-info"
    members: list[tuple[str, bytes]] = []
    for file in installed.files or ():
        name = file.as_posix()
        top = name.split("/")[0]
        if top == info and file.name in _INSTALLED_ONLY:
            continue
        if top not in ("pelican", info) or "__pycache__" in name or name.endswith(".pyc"):
            continue  # console scripts, caches
        members.append((name, Path(installed.locate_file(file)).read_bytes()))
    if not any(name.endswith("/cli.py") for name, _ in members):
        raise WheelUnavailable(
            tr(
                "Strom's installed files are not complete (an editable install without its "
                "checkout?); give a wheel with --wheel, or use --from-pypi"
            )
        )
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for name, data in members:
        writer.writerow([name, _record_hash(data), len(data)])
    writer.writerow([f"{info}/RECORD", "", ""])
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in [*members, (f"{info}/RECORD", record.getvalue().encode("utf-8"))]:
            wheel.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
    return wheel_name(installed.version), archive.getvalue()


@functools.cache
def current_wheel() -> tuple[str, bytes]:
    """Return the running Strom's wheel: its file name and bytes (built once a process)."""
    root = checkout()
    return _build(root) if root is not None else _repack()


def read_wheel(path: Path) -> tuple[str, bytes]:
    """Return a wheel file given on the command line, if it is one of Strom's."""
    if not _WHEEL_NAME.match(path.name):
        raise WheelUnavailable(
            tr(
                "{file} is not a wheel of Strom; its name must look like {name}",
                file=path,
                name=wheel_name(),
            )
        )
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as wheel:
            names = wheel.namelist()
    except (OSError, zipfile.BadZipFile) as error:
        raise WheelUnavailable(
            tr("{file} cannot be read as a wheel ({error})", file=path, error=error)
        ) from None
    if "pelican/plugins/strom/cli.py" not in names:
        raise WheelUnavailable(
            tr("{file} does not hold Strom (no pelican/plugins/strom/cli.py)", file=path)
        )
    return path.name, data


def requirements(old: str, line: str) -> str:
    """Return ``old`` requirements with Strom's line replaced by ``line`` (or added first)."""
    lines = old.splitlines()
    kept = [text for text in lines if not _STROM_LINE.match(text)]
    kept.insert(next((i for i, text in enumerate(lines) if _STROM_LINE.match(text)), 0), line)
    return "\n".join(kept) + "\n"


def update_site(site: Path, wheel: tuple[str, bytes] | None) -> list[str]:
    """Vendor ``wheel`` into ``site`` (or, for None, pin Strom on PyPI); return what changed."""
    folder = site / FOLDER
    old = sorted(folder.glob("pelican_strom-*.whl")) if folder.is_dir() else []
    changes = []
    if wheel is not None:
        name, data = wheel
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(data)
        changes.append(tr("wrote {file}", file=f"{FOLDER}/{name}"))
        line = vendored(name)
    else:
        name, line = "", pinned()
    for path in old:
        if path.name != name:
            path.unlink()
            changes.append(tr("removed {file}", file=f"{FOLDER}/{path.name}"))
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    path = site / REQUIREMENTS
    before = path.read_text("utf-8") if path.is_file() else ""
    after = requirements(before, line)
    if after != before:
        path.write_text(after, "utf-8")
        changes.append(f"{REQUIREMENTS}: {line}")
    return changes
