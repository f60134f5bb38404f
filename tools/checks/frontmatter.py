"""Front matter: valid YAML, a mapping, a description, no per-page version (the book has one version setting).
MkDocs itself swallows a YAML error and shows the front matter as page text."""

import re

import yaml

from handbook.problem import Problem

from ._sources import pages

NAME = "frontmatter"
DESCRIPTION = "YAML front matter of every page: parses, is a mapping, has a description"
_BLOCK = re.compile(r"\A---\n(.*?\n)?---\n", re.S)


def problems_of(path, text):
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
    if "k8s_version" in meta:
        found.append(
            Problem(
                path,
                1,
                "k8s_version in front matter: the version the book is checked against is one setting, "
                "extra.k8s_version in mkdocs.yml; remove it here",
            )
        )
    return found


def check(root):
    return [problem for path, text in pages(root) for problem in problems_of(path, text)]
