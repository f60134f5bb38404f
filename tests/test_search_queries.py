"""The search evaluation set: its loader reports bad entries with file and line, and the real set
(tests/search/queries.yml) names pages and sections that exist, with enough queries of every kind."""

from collections import Counter
from pathlib import Path

import pytest

from handbook import searchqueries
from handbook.searchqueries import QueryFileError, load, sections_within, url_of

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"a.md", "a.md#x", "b/index.md"}


def _problems(text):
    with pytest.raises(QueryFileError) as caught:
        load(text, "q.yml", TARGETS)
    return caught.value.problems


def test_a_good_entry_loads():
    (query,) = load("- {q: 污点, expect: a.md#x, top: 1, kind: zh-term, core: true}\n", "q.yml", TARGETS)
    assert (query.text, query.expect, query.top, query.kind, query.heldout, query.core) == (
        "污点",
        ("a.md#x",),
        1,
        "zh-term",
        False,
        True,
    )


def test_bad_entries_are_reported_at_their_line():
    text = (
        "- {q: ok, expect: a.md, top: 1, kind: zh-term}\n"
        "- {q: missing, expect: a.md#nope, top: 1, kind: zh-term}\n"
        "- {q: bar, expect: a.md, top: 2, kind: zh-term}\n"
        "- {q: kind, expect: a.md, top: 1, kind: chinese}\n"
        "- {q: ok, expect: a.md, top: 3, kind: en-term}\n"
        "- {q: field, expect: a.md, top: 1, kind: zh-term, weight: 2}\n"
        "- {q: path, expect: /a.md, top: 1, kind: zh-term}\n"
    )
    problems = _problems(text)
    assert problems == [
        "q.yml:2: 'missing': no section a.md#nope in docs/",
        "q.yml:3: 'bar': 'top' must be 1 or 3",
        "q.yml:4: 'kind': unknown kind 'chinese' (one of " + ", ".join(searchqueries.KINDS) + ")",
        "q.yml:5: query 'ok' already given on line 1",
        "q.yml:6: unknown field(s) weight",
        "q.yml:7: 'path': '/a.md' is not a docs page (page.md or page.md#anchor)",
    ]


def test_malformed_yaml_is_reported_with_its_line():
    (problem,) = _problems("- {q: a, expect: a.md, top: 1, kind: zh-term}\n- {q: b, expect: [a.md}\n")
    assert problem.startswith("q.yml:2: malformed YAML")


def test_a_section_holds_the_deeper_headings_after_it():
    source = "# T\n## A {#a}\n### A1 {#a1}\n#### A11 {#a11}\n## B {#b}\n```\n## C {#c}\n```\n"
    within = sections_within({"p.md": source})
    assert within["p.md#a"] == ["p.md#a1", "p.md#a11"]
    assert within["p.md#b"] == []
    assert "p.md#c" not in within, "headings inside code blocks are not sections"


def test_urls_follow_use_directory_urls():
    assert url_of("index.md") == ""
    assert url_of("b/index.md#x") == "b/#x"
    assert url_of("a/b.md") == "a/b/"


def test_the_evaluation_set_names_existing_sections_and_covers_every_kind():
    import search_eval

    queries = [query for query, _ in search_eval.load_queries()]
    kinds = Counter(query.kind for query in queries)
    assert len(queries) >= 150
    assert set(kinds) == set(searchqueries.KINDS)
    assert sum(query.heldout for query in queries) >= 40, "too few queries kept apart from tuning"
    assert sum(query.core for query in queries) >= 30
