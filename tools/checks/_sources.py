"""Reading the book's Markdown sources for the checks: every page, its front matter, its prose lines."""

import re
from pathlib import Path

import yaml

FENCE = re.compile(r"^( *)(`{3,}|~{3,})")


def pages(root):
    """(path relative to the repository, text) of every Markdown page under docs/, sorted."""
    docs = Path(root) / "docs"
    # utf-8-sig, as MkDocs reads them: a byte order mark is not part of the page.
    return [(p.relative_to(root).as_posix(), p.read_text(encoding="utf-8-sig")) for p in sorted(docs.rglob("*.md"))]


def code_lines(text):
    """Line numbers (1-based) that belong to fenced code blocks, fences included."""
    inside, fence, numbers = False, "", set()
    for number, line in enumerate(text.split("\n"), start=1):
        match = FENCE.match(line)
        if inside:
            numbers.add(number)
            if match and match.group(2)[0] == fence[0] and len(match.group(2)) >= len(fence):
                inside = False
        elif match:
            inside, fence = True, match.group(2)
            numbers.add(number)
    return numbers


def front_matter_end(text):
    """Number of lines the YAML front matter takes (0 when the page has none)."""
    if not text.startswith("---\n"):
        return 0
    end = text.find("\n---\n", 4)
    return text[:end].count("\n") + 2 if end >= 0 else 0


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its !ENV and !!python tags."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def config(root):
    """mkdocs.yml as written (tags left unresolved)."""
    return yaml.load((Path(root) / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
