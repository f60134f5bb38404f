"""ruff on the project's Python: lint rules and formatting (configured in pyproject.toml)."""

import re
import subprocess
import sys

from handbook.problem import Problem

NAME = "python"
DESCRIPTION = "ruff check and ruff format --check on hooks/, tools/, tests/"
PATHS = ["hooks", "tools", "tests"]
_CONCISE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):\d+: (?P<message>.+)$")


def _ruff(*args, root):
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=root, capture_output=True, text=True)


def check(root):
    problems = []
    result = _ruff("check", "--output-format", "concise", "--no-cache", *PATHS, root=root)
    for line in result.stdout.splitlines():
        match = _CONCISE.match(line)
        if match:
            problems.append(Problem(match["file"], int(match["line"]), f"ruff: {match['message']}"))
    formatting = _ruff("format", "--check", "--no-cache", *PATHS, root=root)
    for line in formatting.stdout.splitlines():
        if line.startswith("Would reformat: "):
            path = line.split(": ", 1)[1]
            problems.append(Problem(path, 0, "not formatted: run `.venv/bin/ruff format` on it"))
    if result.returncode not in (0, 1) or formatting.returncode not in (0, 1):
        problems.append(Problem("pyproject.toml", 0, f"ruff failed to run: {result.stderr or formatting.stderr}"))
    return problems
