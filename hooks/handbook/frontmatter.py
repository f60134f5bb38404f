"""A page's YAML front matter, checked the way MkDocs reads it.

MkDocs swallows every front matter error: YAML that does not parse, or parses into something other than a
mapping, is left in the page and rendered as its first paragraphs, and the page silently loses its
settings (description, search exclusion). Without `---`, the first lines of the form `word: text` are
taken as MultiMarkdown metadata and vanish from the page.
"""

import re

import yaml

from . import yamlerror
from .mdsource import FRONT_MATTER as _YAML
from .problem import Problem

_MULTIMARKDOWN = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)")


def faults(path, text):
    """Problems that would make the page show wrongly; MkDocs reports none of them."""
    if not text.startswith("---"):
        first = text.split("\n", 1)[0]
        if _MULTIMARKDOWN.match(first):
            return [
                Problem(
                    path,
                    1,
                    f"'{first[:40]}' would be read as metadata and vanish from the page: put front matter "
                    "(--- … ---) above it, or start the page with its # title",
                )
            ]
        return []
    match = _YAML.match(text)
    if not match:
        return [Problem(path, 1, "front matter opened with --- but not closed with a line of --- (or is empty)")]
    try:
        root = yaml.compose(match.group(1))
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        line, problem = yamlerror.located(error, first_line=2)
        return [Problem(path, line, f"front matter is not valid YAML ({problem}): the page would show it as text")]
    if not isinstance(meta, dict):
        return [Problem(path, 2, "front matter must be a mapping of keys (description: …), not a list or text")]
    found, seen = [], set()
    for key_node, _ in root.value:
        if key_node.value in seen:
            found.append(
                Problem(path, key_node.start_mark.line + 2, f"front matter key '{key_node.value}' given twice")
            )
        seen.add(key_node.value)
    return found


def conventions(path, text):
    """The book's rules for front matter (CONTRIBUTING.md), for pages without faults."""
    match = _YAML.match(text)
    if not match:
        return [Problem(path, 1, "no front matter: start the page with --- description: … ---")]
    meta = yaml.safe_load(match.group(1))
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


def problems_of(path, text):
    return faults(path, text) or conventions(path, text)
