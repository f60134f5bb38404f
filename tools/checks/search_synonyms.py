"""Reader words for search: every entry well formed (the build checks each book word against the index)."""

from handbook import searchsynonyms
from handbook.problem import Problem

NAME = "search-synonyms"
DESCRIPTION = "docs/search/synonyms.yml: one reader word, a list of book words, no repeats"


def check(root):
    path = root / searchsynonyms.DATA_FILE
    if not path.is_file():
        return []  # optional: search works without reader words
    try:
        searchsynonyms.load(path.read_text(encoding="utf-8"))
    except searchsynonyms.SynonymError as error:
        return [Problem.parse(message) for message in error.problems]
    return []
