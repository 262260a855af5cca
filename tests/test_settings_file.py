"""The settings file messages name: the one `pelican` was started with, no other program's."""

from __future__ import annotations

import os

from pelican.plugins.strom import settings


def test_pelican_and_python_m_pelican_name_their_settings_file(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for program in ("/usr/bin/pelican", "/venv/lib/pelican/__main__.py"):
        monkeypatch.setattr("sys.argv", [program, "content", "-s", "site.py", "-q"])
        assert settings.read_from_command_line() == "site.py"


def test_another_program_is_not_read_as_pelican(monkeypatch, capsys):
    # pytest's own __main__.py and options (-p is Pelican's --port) are not Pelican's.
    program = os.path.join("venv", "lib", "pytest", "__main__.py")
    monkeypatch.setattr("sys.argv", [program, "-q", "-p", "no:cacheprovider"])
    assert settings.read_from_command_line() is None
    assert capsys.readouterr().err == ""  # no usage message of Pelican's
