"""Reader words (docs/search/synonyms.yml): words readers type that the book says otherwise.

A reader asks 节点挂了 pod 多久迁移; the book writes 故障, 驱逐 and 超时. Each entry names a word as
readers type it and the words of the book it stands for:

    - {reader: 迁移, book: [驱逐, 重新调度]}

search-query.js searches the book's words beside the reader's own: weaker than the typed word when the
book writes that word too, as strongly as a typed word when it never does (and then the unwritten word
itself is not sent). Results show them under the reader's word. The build checks every book word is a
word of the search index, so an entry can never point at nothing.
"""

import re

import yaml

from . import yamlparse

DATA_FILE = "docs/search/synonyms.yml"
FIELDS = {"reader", "book"}
_SPACE = re.compile(r"\s")


class SynonymError(Exception):
    """Every problem in the data file, each as '<file>:<line>: <message>'."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


def load(text, filename=DATA_FILE):
    """{reader word: (book words, line)} from the data file's text; raises SynonymError."""
    try:
        values, root = yamlparse.values_and_nodes(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise SynonymError([f"{filename}:{mark.line + 1 if mark else 0}: malformed YAML: {error.problem}"]) from None
    if values is None:
        return {}
    if not isinstance(root, yaml.SequenceNode) or not isinstance(values, list):
        raise SynonymError([f"{filename}:1: the file must be a list of {{reader: word, book: [words]}}"])
    problems, found = [], {}
    for node, value in zip(root.value, values, strict=True):
        line = node.start_mark.line + 1
        where = f"{filename}:{line}"
        if not isinstance(value, dict) or set(value) != FIELDS:
            problems.append(f"{where}: each entry is {{reader: word, book: [words of the book]}}")
            continue
        reader, book = value["reader"], value["book"]
        if not _is_word(reader):
            problems.append(f"{where}: 'reader' must be one word as readers type it, got {reader!r}")
            continue
        if not isinstance(book, list) or not book or not all(_is_word(word) for word in book):
            problems.append(f"{where}: {reader}: 'book' must be a list of single words")
            continue
        key = reader.lower()
        if key in found:
            problems.append(f"{where}: {reader}: already given on line {found[key][1]}")
            continue
        if key in (word.lower() for word in book):
            problems.append(f"{where}: {reader}: a word is not its own synonym")
            continue
        found[key] = (tuple(dict.fromkeys(word.lower() for word in book)), line)
    if problems:
        raise SynonymError(problems)
    return found


def _is_word(value):
    return isinstance(value, str) and value.strip() == value and value != "" and not _SPACE.search(value)


def unknown_book_words(synonyms, index_words, filename=DATA_FILE):
    """Problems for every book word that is not a word of the search index (index_words, lower case)."""
    return [
        f"{filename}:{line}: {reader}: {word!r} is not a word of the search index (the book never writes it"
        " as one word)"
        for reader, (book, line) in synonyms.items()
        for word in book
        if word not in index_words
    ]


def for_index(synonyms):
    """The form search-query.js reads from the index: {reader word: [book words]}."""
    return {reader: list(book) for reader, (book, _) in sorted(synonyms.items())}
