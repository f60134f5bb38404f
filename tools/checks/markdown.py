"""The Markdown structure of every page: what the extensions would read differently than written (the
same faults the build refuses, handbook.mdcheck), and the book's heading anchors."""

from handbook import mdcheck

from ._sources import pages

NAME = "markdown"
DESCRIPTION = "Markdown structure: fences, block openers and types, ids, reference links, footnotes, HTML, anchors"


def check(root):
    docs = root / "docs"
    return [problem for path, text in pages(root) for problem in mdcheck.problems_of(path, text, docs)]
