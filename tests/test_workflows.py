"""The GitHub workflows keep what issue 16 asked of them: deployments never cancelled, a timeout on every
job, caches keyed on the lock files, the site's address from configure-pages, a scheduled audit with its
tool pinned, Dependabot for every ecosystem. (actionlint checks the syntax: README, "CI".)"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github/workflows"


def _load(name):
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


@pytest.fixture(scope="module")
def site():
    return _load("site.yml")


def _steps(job):
    return [step for step in job.get("steps", []) if "uses" in step]


def test_every_job_has_a_timeout():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for name, job in _load(path.name)["jobs"].items():
            assert isinstance(job.get("timeout-minutes"), int), f"{path.name}: job {name} has no timeout-minutes"


def test_a_deployment_is_never_cancelled(site):
    deploy = site["jobs"]["deploy"]
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    cancel = str(site["concurrency"]["cancel-in-progress"])
    assert cancel in ("False", "${{ github.event_name == 'pull_request' }}"), "runs on main must queue, not cancel"


def test_actions_are_on_node_24_majors():
    minimum = {
        "actions/checkout": 5,
        "actions/setup-python": 6,
        "actions/setup-node": 5,
        "actions/upload-artifact": 6,
        "actions/download-artifact": 7,
        "actions/configure-pages": 6,
        "actions/upload-pages-artifact": 5,
        "actions/deploy-pages": 5,
    }
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job in _load(path.name)["jobs"].values():
            for step in _steps(job):
                action, _, version = step["uses"].partition("@")
                major = int(re.match(r"v(\d+)", version).group(1))
                assert major >= minimum.get(action, 0), f"{path.name}: {step['uses']} runs on Node 20"
                if action == "actions/setup-node":
                    assert str(step["with"]["node-version"]) == "24"


def test_caches_are_keyed_on_the_lock_files(site):
    for job in site["jobs"].values():
        for step in _steps(job):
            action = step["uses"].split("@")[0]
            if action == "actions/setup-python":
                assert step["with"] == {
                    "python-version": "3.11",
                    "cache": "pip",
                    "cache-dependency-path": "requirements.txt",
                }
            if action == "actions/setup-node":
                assert step["with"]["cache"] == "npm"
                assert step["with"]["cache-dependency-path"] == "package-lock.json"


def test_builds_see_the_whole_history_and_the_pages_address(site):
    for name in ("test", "books"):
        checkout = next(s for s in _steps(site["jobs"][name]) if s["uses"].startswith("actions/checkout@"))
        assert checkout["with"]["fetch-depth"] == 0, name
    books = site["jobs"]["books"]
    assert any(s["uses"].startswith("actions/configure-pages@") and s.get("id") == "pages" for s in _steps(books))
    text = (WORKFLOWS / "site.yml").read_text(encoding="utf-8")
    assert "SITE_URL: ${{ steps.pages.outputs.base_url }}/" in text
    assert "github.io" not in text, "the site's address comes from configure-pages, not built by hand"


def test_the_books_are_built_published_and_released(site):
    text = (WORKFLOWS / "site.yml").read_text(encoding="utf-8")
    books = ("k8s-handbook.pdf", "k8s-handbook.epub", "k8s-handbook.apkg", "k8s-handbook-offline.zip")
    run = "\n".join(step.get("run", "") for step in site["jobs"]["books"]["steps"])
    assert "make books" in run and "docs/assets/books" in run and "make build" in run
    release = "\n".join(step.get("run", "") for step in site["jobs"]["release"]["steps"])
    for book in books:
        assert f"dist/{book}" in text and f"books/{book}" in release
    assert site["jobs"]["release"]["if"] == "startsWith(github.ref, 'refs/tags/v')"


def test_the_audit_runs_on_a_schedule_with_its_tool_pinned():
    audit = _load("audit.yml")
    assert audit["on"]["schedule"]
    run = "\n".join(step.get("run", "") for job in audit["jobs"].values() for step in job["steps"])
    assert "pip_audit" in run and "--require-hashes" in run and "npm audit" in run
    pins = (ROOT / "requirements-audit.in").read_text(encoding="utf-8")
    assert re.search(r"^pip-audit==[\d.]+$", pins, re.M)
    lock = (ROOT / "requirements-audit.txt").read_text(encoding="utf-8")
    assert re.search(r"^pip-audit==[\d.]+ \\$", lock, re.M) and "--hash=sha256:" in lock


def test_dependabot_watches_every_ecosystem():
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "npm", "github-actions"}
