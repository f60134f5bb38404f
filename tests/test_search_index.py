"""Material's search index holds jieba-segmented Chinese, so Chinese queries can match words."""

import json
import re

import pytest

HAN = re.compile(r"[\u4e00-\u9fff]")
LONG_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{12,}")


@pytest.fixture(scope="module")
def search_index(built_site):
    return json.loads((built_site.path / "search/search_index.json").read_text(encoding="utf-8"))


def test_jieba_is_installed():
    # Material segments Chinese only when jieba imports; without it the index holds unsplit sentences.
    import jieba  # noqa: F401  (an ImportError here fails the test, it never skips)


def test_search_language_is_set_explicitly(search_index):
    assert "zh" in search_index["config"]["lang"]


def test_separator_splits_on_zero_width_space(search_index):
    separator = re.compile(search_index["config"]["separator"])
    assert separator.split("调度\u200b器") == ["调度", "器"]


def test_chinese_text_is_segmented_into_words(search_index):
    texts = [doc["title"] + " " + doc["text"] for doc in search_index["docs"]]
    chinese = [t for t in texts if HAN.search(t)]
    assert chinese, "the index holds no Chinese text"
    # Without jieba, whole Chinese sentences stand unbroken; with it, zero-width spaces split them.
    unsegmented = [t[:80] for t in chinese if LONG_HAN_RUN.search(t)]
    assert unsegmented == []
    tokens = [tok for t in chinese for tok in re.split(r"[\s\u200b]+", t) if re.fullmatch(r"[\u4e00-\u9fff]+", tok)]
    assert any(len(tok) >= 2 for tok in tokens), "segments are single characters only"


def test_index_is_plain_utf8_not_escaped(built_site):
    docs = (built_site.path / "search/search_index.json").read_bytes().split(b'"docs"', 1)[1]
    assert b"\\u200b" not in docs and b"\\u4e" not in docs
    assert "\u200b".encode() in docs


def test_as_utf8_keeps_the_content():
    from handbook.searchindex import as_utf8

    escaped = json.dumps({"docs": [{"text": "调度\u200b器"}]})
    assert json.loads(as_utf8(escaped)) == json.loads(escaped)
    assert len(as_utf8(escaped).encode()) < len(escaped.encode())
