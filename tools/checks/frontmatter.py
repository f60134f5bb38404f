"""Front matter: valid YAML, a mapping, a description, no per-page version (the book has one version setting).
MkDocs itself swallows a YAML error and shows the front matter as page text (handbook.frontmatter)."""

from handbook import frontmatter

from ._sources import pages

NAME = "frontmatter"
DESCRIPTION = "YAML front matter of every page: parses, is a mapping, has a description"


def check(root):
    return [problem for path, text in pages(root) for problem in frontmatter.problems_of(path, text)]
