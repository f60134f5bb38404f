"""Reader words (docs/search/synonyms.yml): parsed with file and line for every problem, book words
checked against the index's words."""

import pytest

from handbook import searchindex, searchsynonyms

GOOD = """\
# comment
- {reader: 迁移, book: [驱逐]}
- reader: 权限
  book: [RBAC, 鉴权]
"""


def test_entries_are_read_with_their_lines_and_lower_cased():
    found = searchsynonyms.load(GOOD, "s.yml")
    assert found == {"迁移": (("驱逐",), 2), "权限": (("rbac", "鉴权"), 3)}
    assert searchsynonyms.for_index(found) == {"权限": ["rbac", "鉴权"], "迁移": ["驱逐"]}


def test_an_empty_file_has_no_reader_words():
    assert searchsynonyms.load("# nothing yet\n", "s.yml") == {}


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("- {reader: 迁移}\n", 1, "each entry is"),
        ("- {reader: 迁移, book: 驱逐}\n", 1, "'book' must be a list"),
        ("- {reader: 迁移, book: [驱逐]}\n- {reader: 慢, book: []}\n", 2, "'book' must be a list"),
        ("- {reader: 两 个词, book: [驱逐]}\n", 1, "one word"),
        ("- {reader: 迁移, book: [驱逐]}\n- {reader: 迁移, book: [调度]}\n", 2, "already given on line 1"),
        ("- {reader: Pod, book: [pod]}\n", 1, "not its own synonym"),
        ("- {reader: 迁移, book: [驱逐\n", 2, "malformed YAML"),
        ("reader: 迁移\n", 1, "must be a list"),
    ],
)
def test_problems_name_the_line(text, line, fragment):
    with pytest.raises(searchsynonyms.SynonymError) as caught:
        searchsynonyms.load(text, "s.yml")
    assert any(p.startswith(f"s.yml:{line}: ") and fragment in p for p in caught.value.problems), caught.value.problems


def test_every_problem_is_reported_at_once():
    with pytest.raises(searchsynonyms.SynonymError) as caught:
        searchsynonyms.load("- {reader: a b, book: [x]}\n- {reader: 慢}\n", "s.yml")
    assert len(caught.value.problems) == 2


def test_book_words_must_be_words_of_the_index():
    index = {
        "config": {"separator": "[\\s\\u200b]+"},
        "docs": [{"location": "a/", "title": "驱逐", "text": "<p>Pod\u200b被\u200b驱逐</p>", "keywords": "RBAC"}],
    }
    words = searchindex.index_words(index)
    assert {"驱逐", "pod", "被", "rbac"} <= words and "p" not in words
    lazy = searchindex.IndexWords(index)
    assert all(word in lazy for word in words) and "鉴权" not in lazy and "p" not in lazy and "驱" not in lazy
    synonyms = searchsynonyms.load(GOOD, "s.yml")
    assert searchsynonyms.unknown_book_words(synonyms, lazy, "s.yml") == [
        "s.yml:3: 权限: '鉴权' is not a word of the search index (the book never writes it as one word)"
    ]


def test_the_synonyms_travel_in_the_index_only_when_there_are_some():
    index_json = '{"config": {"separator": " "}, "docs": [{"location": "a/", "title": "t", "text": "x"}]}'
    import json

    written = json.loads(searchindex.rewrite(index_json, synonyms=lambda index: {"慢": ["延迟"]}))
    # In `config`: Material hands its worker the index's config as it is, and only config and docs.
    assert written["config"]["synonyms"] == {"慢": ["延迟"]} and set(written) == {"config", "docs"}
    assert "synonyms" not in searchindex.rewrite(index_json, synonyms=lambda index: {})


def test_the_books_reader_words_reach_the_index_and_the_quick_word_test_agrees_with_the_full_one(built_site):
    import json
    import random

    index = json.loads((built_site.path / "search/search_index.json").read_text(encoding="utf-8"))
    synonyms = index["config"]["synonyms"]
    assert synonyms["起不来"] == ["crashloopbackoff", "pending"]
    words = searchindex.index_words(index)
    assert all(word in words for book in synonyms.values() for word in book)
    lazy = searchindex.IndexWords(index)
    sample = random.Random(5).sample(sorted(words), 200) + ["驱", "crashloop", "notread", "不存在的词"]
    assert [word in lazy for word in sample] == [word in words for word in sample]
