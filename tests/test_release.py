"""The release workflow: its jobs and steps as GitHub would read them (it cannot run here)."""

import tomllib

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github/workflows/release.yml"


def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    # YAML 1.1 reads the key `on` as True; GitHub reads it as "on".
    data["on"] = data.pop(True, data.get("on"))
    return data


def commands(job: dict) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


def uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_a_version_tag_publishes_what_was_built_and_tested():
    data = workflow()
    assert data["on"]["push"]["tags"] == ["v*"]
    jobs = data["jobs"]
    assert set(jobs) == {"build", "test-wheel", "publish"}
    assert data["permissions"] == {"contents": "read"}

    build = "\n".join(commands(jobs["build"]))
    assert "python -m build --sdist --wheel" in build
    assert "twine check --strict dist/*" in build
    assert "actions/upload-artifact" in uses(jobs["build"])

    test = jobs["test-wheel"]
    assert test["needs"] == "build"
    steps = "\n".join(commands(test))
    assert 'python -m venv "$RUNNER_TEMP/venv"' in steps
    assert '"$RUNNER_TEMP/venv/bin/python" -m pip install "$wheel[test]"' in steps
    assert "STROM_WHEEL=" in steps
    assert '"$RUNNER_TEMP/venv/bin/python" -m pytest -m wheel tests/test_wheel.py' in steps
    assert "actions/download-artifact" in uses(test)

    publish = jobs["publish"]
    assert publish["needs"] == ["build", "test-wheel"]
    assert publish["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert uses(publish) == ["actions/download-artifact", "pypa/gh-action-pypi-publish"]
    # Trusted publishing: no token, no password anywhere.
    assert "secrets." not in WORKFLOW.read_text("utf-8")
    assert not any(
        "with" in step for step in publish["steps"] if "uses" in step and "pypi" in step["uses"]
    )


def test_the_wheel_tests_exist_and_the_version_is_the_one_the_tag_checks():
    tests = (ROOT / "tests/test_wheel.py").read_text("utf-8")
    assert "pytest.mark.wheel" in tests and "STROM_WHEEL" in tests
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["version"].count(".") == 2
    tag_check = "\n".join(commands(workflow()["jobs"]["build"]))
    assert "['project']['version']" in tag_check and "$GITHUB_REF_NAME" in tag_check
    releasing = (ROOT / "RELEASING.md").read_text("utf-8")
    for words in ("pyproject.toml", "git tag v", "trusted publisher", "release.yml", "cannot run"):
        assert words in releasing, words
