"""The GitHub Pages workflow: builds on pushes and pull requests, deploys from main only, least privilege."""

import shutil
import subprocess
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "pages.yml"


@pytest.fixture(scope="module")
def workflow():
    data = yaml.safe_load(WORKFLOW.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def steps_using(job, action):
    return [s for s in job["steps"] if s.get("uses", "").startswith(action)]


def test_triggers(workflow):
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "pull_request" in workflow["on"]


def test_permissions_are_least_privilege(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    assert "permissions" not in workflow["jobs"]["build"]
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_concurrency_group(workflow):
    assert workflow["concurrency"]["group"]


def test_build_is_strict_and_uploads_only_from_main(workflow):
    build = workflow["jobs"]["build"]
    commands = " ".join(s.get("run", "") for s in build["steps"])
    assert "strict-book" in commands and ".nojekyll" in commands
    for action in ("actions/configure-pages", "actions/upload-pages-artifact"):
        (step,) = steps_using(build, action)
        assert "refs/heads/main" in step["if"] and "pull_request" in step["if"]
    (upload,) = steps_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "_build/html"


def test_deploy_job_runs_only_on_main(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert steps_using(deploy, "actions/deploy-pages")
    assert deploy["environment"]["name"] == "github-pages"


def test_makefile_has_the_targets_the_workflow_calls():
    makefile = (WORKFLOW.parents[2] / "Makefile").read_text()
    assert "\nsetup:" in makefile and "\nstrict-book:" in makefile


def test_actionlint():
    exe = shutil.which("actionlint")
    if exe is None:
        pytest.skip("actionlint is not installed (its PyPI package downloads a binary at install time, which this machine cannot)")
    result = subprocess.run([exe, str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
