"""Mermaid diagrams: parsed by mermaid's own parser (tools/mermaid_check.mjs in Node), so a diagram that
would show as a syntax-error bomb on the page fails `make lint` at its line instead; and the book's
rules: only flowchart, sequenceDiagram and stateDiagram-v2, no autonumber (CONTRIBUTING.md).

Parsing starts Node and mermaid (a few seconds for the whole book), so diagrams that parsed before are
remembered by content and mermaid version in .cache/mermaid-lint.json and not parsed again.
"""

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

from handbook import mdsource
from handbook.problem import Problem

from ._sources import pages

NAME = "mermaid"
DESCRIPTION = "Mermaid diagrams: parsed by mermaid's own parser (Node); allowed diagram types; no autonumber"
TYPES = ("flowchart", "sequenceDiagram", "stateDiagram-v2")
REPO = Path(__file__).resolve().parents[2]  # where node_modules and the script are, whatever book is checked
SCRIPT = REPO / "tools/mermaid_check.mjs"
CACHE = ".cache/mermaid-lint.json"
_INFO = re.compile(r"^ *(`{3,}|~{3,})\s*mermaid\b")


def diagrams(text):
    """(line of the diagram's first line in the page, source) of every mermaid fence, nested ones included."""
    lines = text.split("\n")
    found = []
    for first, last in mdsource.fences(lines):
        if last is None or not _INFO.match(lines[first]):
            continue
        indent = len(lines[first]) - len(lines[first].lstrip(" "))
        body = [line[indent:] if line[:indent].strip() == "" else line for line in lines[first + 1 : last]]
        found.append((first + 2, "\n".join(body)))
    return found


def rule_problems(path, line, source):
    """The book's own rules for a diagram (the first meaningful line names its type)."""
    rows = source.split("\n")
    skip = 0
    if rows and rows[0].strip() == "---":  # a diagram's own front matter (title, config)
        skip = next((n + 1 for n in range(1, len(rows)) if rows[n].strip() == "---"), 0)
    meaningful = [
        (n, row.strip()) for n, row in enumerate(rows) if n >= skip and row.strip() and not row.strip().startswith("%%")
    ]
    if not meaningful:
        return [Problem(path, line, "empty diagram")]
    kind = meaningful[0][1].split()[0]
    found = []
    if kind not in TYPES:
        found.append(Problem(path, line, f"diagram type '{kind}': use one of {', '.join(TYPES)} (CONTRIBUTING.md)"))
    for n, row in meaningful:
        if row.split()[0] == "autonumber":
            found.append(
                Problem(
                    path,
                    line + n,
                    "autonumber draws in a font the PDF cannot embed: number the messages in their text (1. …)",
                )
            )
    return found


def _key(version, source):
    return hashlib.sha256(f"{version}\n{source}".encode()).hexdigest()


def parse_errors(items):
    """{id: (line, message)} for the (id, source) items mermaid cannot parse."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not installed: the Mermaid check needs Node.js (see README)")
    payload = json.dumps([{"id": i, "source": source} for i, source in items])
    result = subprocess.run([node, str(SCRIPT)], cwd=REPO, input=payload, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{SCRIPT} failed: {result.stderr.strip()[-800:]}")
    return {entry["id"]: (entry["line"], entry["message"]) for entry in json.loads(result.stdout)}


def check(root):
    version = json.loads((REPO / "node_modules/mermaid/package.json").read_text(encoding="utf-8"))["version"]
    cache_path = root / CACHE
    try:
        known_good = set(json.loads(cache_path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        known_good = set()
    problems, todo, still_good = [], [], set()
    for path, text in pages(root):
        for line, source in diagrams(text):
            problems += rule_problems(path, line, source)
            if _key(version, source) in known_good:
                still_good.add(_key(version, source))
            else:
                todo.append((path, line, source))
    try:
        errors = parse_errors([(str(n), source) for n, (_, _, source) in enumerate(todo)]) if todo else {}
    except RuntimeError as error:
        return problems + [Problem("tools/mermaid_check.mjs", 0, str(error))]
    for n, (path, line, source) in enumerate(todo):
        if str(n) in errors:
            offset, message = errors[str(n)]
            problems.append(Problem(path, line + max(offset - 1, 0), f"Mermaid syntax error: {message[:300]}"))
        else:
            still_good.add(_key(version, source))
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    cache_path.write_text(json.dumps(sorted(still_good)), encoding="utf-8")
    return problems
