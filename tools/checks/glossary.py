"""The glossary data file: the same validation the glossary hook runs during the build."""

from handbook import glossary
from handbook.problem import Problem

from ._sources import pages

NAME = "glossary"
DESCRIPTION = "docs/glossary/terms.yml: schema, unique ids and names, tags, links to existing pages"
DATA_FILE = "docs/glossary/terms.yml"


def check(root):
    doc_pages = {path.removeprefix("docs/") for path, _ in pages(root)}
    text = (root / DATA_FILE).read_text(encoding="utf-8")
    try:
        glossary.load_terms(text, DATA_FILE, doc_pages)
    except glossary.GlossaryError as error:
        return [Problem.parse(message) for message in error.problems]
    return []
