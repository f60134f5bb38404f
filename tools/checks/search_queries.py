"""The search evaluation set: every query well formed, every expected page and section still in the book."""

from handbook import searchqueries
from handbook.problem import Problem

from ._sources import pages

NAME = "search-queries"
DESCRIPTION = "tests/search/queries.yml: fields, kinds, bars, and pages and sections that exist in docs/"


def check(root):
    path = root / searchqueries.DATA_FILE
    if not path.is_file():
        return [Problem(searchqueries.DATA_FILE, 0, "missing: the search evaluation set")]
    sources = {name.removeprefix("docs/"): text for name, text in pages(root)}
    try:
        searchqueries.load(path.read_text(encoding="utf-8"), searchqueries.DATA_FILE, searchqueries.targets_in(sources))
    except searchqueries.QueryFileError as error:
        return [Problem.parse(message) for message in error.problems]
    return []
