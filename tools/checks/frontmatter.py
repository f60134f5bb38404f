"""Front matter: valid YAML, a mapping, a description; chapter pages state the version they were checked
against. MkDocs itself swallows a YAML error and shows the front matter as page text."""

import re

import yaml

from handbook.problem import Problem

from ._sources import pages

NAME = "frontmatter"
DESCRIPTION = "YAML front matter of every page: parses, is a mapping, has description (and k8s_version in chapters)"
_BLOCK = re.compile(r"\A---\n(.*?\n)?---\n", re.S)


def problems_of(path, text, target_version):
    match = _BLOCK.match(text)
    if not match:
        if text.startswith("---"):
            return [Problem(path, 1, "front matter opened with --- but never closed with a line of ---")]
        return [Problem(path, 1, "no front matter: start the page with --- description: … ---")]
    try:
        meta = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        return [Problem(path, line, f"front matter is not valid YAML: {getattr(error, 'problem', error)}")]
    if not isinstance(meta, dict):
        return [Problem(path, 2, "front matter must be a mapping of keys (description: …)")]
    found = []
    if not str(meta.get("description") or "").strip():
        found.append(Problem(path, 1, "front matter needs a description (shown in search results)"))
    chapter = path.count("/") >= 2 and not path.startswith(("docs/glossary/", "docs/questions/"))
    if chapter and str(meta.get("k8s_version", "")) != target_version:
        found.append(
            Problem(
                path,
                1,
                f'front matter needs k8s_version: "{target_version}" (the version it was '
                f"checked against), not {meta.get('k8s_version')!r}",
            )
        )
    return found


def check(root):
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    target = re.search(r'^\s*k8s_version:\s*"([^"]+)"', config, re.M).group(1)
    return [problem for path, text in pages(root) for problem in problems_of(path, text, target)]
