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


# ---- handbook.searchindex on small fixtures ------------------------------------------------------------

ZW = "\u200b"


def test_diagrams_references_glossary_facts_and_errata_rows_are_kept_out_of_the_index():
    from handbook.searchindex import mark_unsearchable

    page = (
        '<pre class="mermaid"><code>flowchart LR</code></pre><h2 id="references">参考</h2><ul><li>x</li></ul>'
        "<table><tr><td>y</td></tr></table>"
    )
    marked = mark_unsearchable(page, "scheduling/taints.md")
    assert '<pre class="mermaid" data-search-exclude="diagram">' in marked
    assert '<h2 id="references" data-search-exclude="references">' in marked
    assert "<ul>" in marked and "<table>" in marked, "lists and tables of chapters stay searchable"
    assert '<ul data-search-exclude="facts">' in mark_unsearchable(page, "glossary/index.md")
    assert '<table data-search-exclude="errata">' in mark_unsearchable(page, "errata.md")


def test_marks_disappear_from_the_built_pages(built_site):
    # Material's search plugin drops data-search-* attributes once it has indexed a page; print-site
    # keeps its own copy from before the marks.
    marked = [
        p.relative_to(built_site.path).as_posix()
        for p in built_site.html_pages()
        if "data-search-exclude" in p.read_text(encoding="utf-8")
    ]
    assert marked == []


def test_summary_label_and_lead_in_move_behind_the_first_paragraph():
    from handbook.searchindex import without_summary_lead

    text = (
        f"<p>{ZW}一句{ZW}话{ZW}摘要{ZW}：{ZW}读完{ZW}本页{ZW}你{ZW}会{ZW}知道{ZW}污点{ZW}是{ZW}什么{ZW}。</p> "
        f"<p>{ZW}第一{ZW}段{ZW}。</p>"
    )
    moved = without_summary_lead(text)
    assert moved == f"<p>{ZW}第一{ZW}段{ZW}。</p> <p>污点{ZW}是{ZW}什么{ZW}。</p>"
    assert without_summary_lead(f"<p>{ZW}一句{ZW}话{ZW}摘要{ZW}：{ZW}本章{ZW}讲{ZW}调度{ZW}。</p>") == (
        f"<p>本章{ZW}讲{ZW}调度{ZW}。</p>"
    )
    plain = f"<p>{ZW}没有{ZW}摘要{ZW}。</p>"
    assert without_summary_lead(plain) == plain


def test_glossary_errata_page_entries_questions_and_chapter_maps_rank_below_chapter_sections():
    from handbook.searchindex import tidy

    locations = (
        "scheduling/taints/#a",
        "glossary/#term-taint",
        "errata/#x",
        "scheduling/taints/",
        "a/#interview",
        "scheduling/#study-path",
        "containers/#pages",
    )
    docs = [{"location": location, "title": "t", "text": "x"} for location in locations]
    boost = {d["location"]: d.get("boost", 1) for d in tidy({"docs": docs})["docs"]}
    section = boost.pop("scheduling/taints/#a")
    assert section == 1
    assert all(value < section for value in boost.values()), boost


def test_a_page_using_the_query_sentinel_fails_the_build():
    from handbook.searchindex import SENTINEL, SearchIndexError, tidy

    with pytest.raises(SearchIndexError, match="U\\+3400"):
        tidy({"docs": [{"location": "a/", "title": "t", "text": f"x{SENTINEL}"}]})


def test_the_sentinel_is_the_one_the_query_script_uses():
    from pathlib import Path

    from handbook.searchindex import SENTINEL

    script = (Path(__file__).parent.parent / "overrides/assets/javascripts/search-query.js").read_text(encoding="utf-8")
    assert f'var SENTINEL = "\\u{ord(SENTINEL):04x}";' in script


def test_built_index_has_no_summary_boilerplate_diagrams_or_entity_debris(search_index):
    separator = re.compile(search_index["config"]["separator"])
    problems = []
    for doc in search_index["docs"]:
        plain = doc["text"].replace(ZW, "")
        if "一句话摘要" in plain:
            problems.append(f"{doc['location']}: summary label")
        if re.search(r"<pre><code>(flowchart|sequenceDiagram|stateDiagram)", plain):
            problems.append(f"{doc['location']}: diagram source")
        tokens = {t for t in separator.split(re.sub(r"<[^>]*>", " ", doc["text"])) if t}
        if tokens & {"&lt", "&gt", "&amp", "lt", "gt", "amp"}:
            problems.append(f"{doc['location']}: entity split into words")
    assert problems == []
    assert not any(d["location"].endswith("#references") for d in search_index["docs"])


def test_glossary_names_go_to_the_section_that_explains_the_term():
    from types import SimpleNamespace

    from handbook.searchindex import glossary_explains, glossary_keywords

    term = SimpleNamespace(
        id="startup-probe",
        link="pod-lifecycle/probes.md#startup-probe",
        names=["startupProbe", "Startup Probe", "启动探针"],
    )
    elsewhere = SimpleNamespace(id="x", link="missing.md", names=["X"])
    urls = {"pod-lifecycle/probes.md": "pod-lifecycle/probes/", "glossary/index.md": "glossary/"}
    keywords = glossary_keywords([term, elsewhere], urls, r"[\s\u200b]+", segment=lambda text: text)
    assert keywords == {"pod-lifecycle/probes/#startup-probe": "startupProbe Startup Probe 启动探针"}
    assert glossary_explains([term, elsewhere], urls) == {
        "glossary/#term-startup-probe": "pod-lifecycle/probes/#startup-probe"
    }


def test_question_words_go_to_each_section_the_question_links_to():
    from handbook.searchindex import question_words

    urls = {"pod-lifecycle/probes.md": "pod-lifecycle/probes/", "index.md": ""}
    asked = [
        ("存活 探针 和 就绪 探针 有 什么 区别", ["pod-lifecycle/probes.md#probe-types", "pod-lifecycle/probes.md"]),
        ("就绪 探针 失败 会 怎样", ["pod-lifecycle/probes.md#probe-types", "missing.md#x"]),
    ]
    words = question_words(asked, urls, r"[\s\u200b]+", segment=lambda text: text)
    # Each word once per section, in the order first asked; a page the build lacks is skipped.
    assert words == {
        "pod-lifecycle/probes/#probe-types": "存活 探针 和 就绪 有 什么 区别 失败 会 怎样",
        "pod-lifecycle/probes/": "存活 探针 和 就绪 有 什么 区别",
    }


def test_the_built_index_carries_the_books_questions_on_the_sections_they_link_to(search_index):
    by_location = {doc["location"]: doc for doc in search_index["docs"]}
    # probes.md: 「就绪探针与存活探针的区别是什么？」 links to #readiness-probe and #liveness-probe.
    for location in ("pod-lifecycle/probes/#readiness-probe", "pod-lifecycle/probes/#liveness-probe"):
        words = by_location[location]["questions"].split()
        assert {"区别", "就绪探针", "存活探针"} <= set(words), location
    assert (
        search_index["config"]["fields"]["questions"]["boost"] < search_index["config"]["fields"]["keywords"]["boost"]
    )
