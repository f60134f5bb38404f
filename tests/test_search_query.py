"""search-query.js, the query rewriting and result shaping, run in headless Chromium on small fixtures
(no build): Chinese words reach Material's worker whole, English words in every form, labels and
sections as the reader should see them."""

from pathlib import Path

import pytest

import sitekit

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "overrides/assets/javascripts/search-query.js"
ZW = "\u200b"
SENTINEL = "\u3400"


def _separator():
    config = sitekit.read_config()
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "search" in plugin:
            return plugin["search"]["separator"]
    raise AssertionError("mkdocs.yml has no search plugin settings")


# A tiny index in Material's format, segmented the way jieba segments the book.
DOCS = [
    {
        "location": "releases/rolling-update/",
        "title": f"滚动更新{ZW}（Rolling Update）",
        "text": f"<p>{ZW}滚动更新{ZW}一直{ZW}是{ZW}默认{ZW}策略{ZW}，{ZW}回滚{ZW}用{ZW} kubectl rollout undo。</p>",
    },
    {
        "location": "pod-lifecycle/probes/#startup-probe",
        "title": "启动探针",
        "text": "<p>startupProbe probes probe Pending pods requests request policy policies</p>",
    },
    {"location": "networking/kube-proxy/", "title": "kube-proxy", "text": "<p>kube-proxy spec.nodeName</p>"},
]


@pytest.fixture(scope="module")
def js(chromium):
    page = chromium.new_page()
    page.set_content("<!doctype html><meta charset=utf-8><body>")
    page.add_script_tag(path=str(SCRIPT))
    page.evaluate(
        "([docs, separator]) => { window.vocab = HBSearchQuery.vocabulary(docs, separator); }", [DOCS, _separator()]
    )
    yield page
    page.close()


def rewrite(js, query):
    return js.evaluate("query => HBSearchQuery.rewrite(query, window.vocab)", query)


def terms(plan):
    return plan["query"].split()


def test_chinese_words_reach_the_worker_whole_and_fillers_are_dropped(js):
    plan = rewrite(js, "滚动更新怎么回滚")
    # Each word of the index goes out followed by the sentinel (exactly, boosted, and as a prefix).
    assert terms(plan) == [f"滚动更新{SENTINEL}^10", f"滚动更新{SENTINEL}", f"回滚{SENTINEL}^10", f"回滚{SENTINEL}"]
    assert plan["labels"]["滚动更新"] == "滚动更新" and plan["labels"]["回滚"] == "回滚"
    assert js.evaluate("() => HBSearchQuery.segment('一直滚动更新', window.vocab)") == ["一直", "滚动更新"]


def test_a_single_character_is_matched_exactly_and_weakly_as_the_start_of_a_word(js):
    # 用 is a word of the index; a reader may mean 用法 or 用途 as well, so it goes out twice.
    # Bare, the worker adds the * itself and reports the word as typed (a * of ours would show in 缺少).
    assert terms(rewrite(js, "用")) == [f"用{SENTINEL}^3", "用"]


def test_a_query_of_fillers_only_is_kept(js):
    assert terms(rewrite(js, "为什么")) == ["为什么"]


def test_chinese_and_english_typed_without_spaces_are_split(js):
    plan = rewrite(js, "pod一直Pending")
    assert f"一直{SENTINEL}" in terms(plan)
    assert "pending^10" in terms(plan) and "pending" in terms(plan)


def test_english_words_are_searched_in_the_forms_the_book_uses(js):
    plan = rewrite(js, "Probes")
    assert terms(plan) == ["probes^10", "probe^10", "probe"]
    assert plan["labels"] == {"probes": "probes", "probe": "probes"}
    assert terms(rewrite(js, "probe")) == ["probe^10", "probes^10", "probe"]
    assert terms(rewrite(js, "policies")) == ["policies^10", "policy^10", "polic"]
    assert terms(rewrite(js, "startupProbe")) == ["startupprobe^10", "startupprobe"]


def test_words_joined_by_hyphens_or_dots_are_searched_by_their_parts(js):
    plan = rewrite(js, "kube-proxy spec.nodeName")
    assert terms(plan) == ["kube^10", "kube", "proxy^10", "proxy", "spec^10", "spec", "nodename^10", "nodename"]
    assert plan["labels"]["proxy"] == "kube-proxy" and plan["labels"]["nodename"] == "spec.nodename"


def test_quoted_words_must_all_occur(js):
    assert terms(rewrite(js, '"rolling update"')) == ["+rolling*", "+update*"]


def test_pasted_flags_and_numbers(js):
    plan = rewrite(js, "kubectl rollout undo --to-revision=2")
    assert "2^1" in terms(plan), "numbers are matched exactly"
    assert not any(term.startswith("-") for term in terms(plan)), "a flag is no exclusion"


def test_reader_words_search_the_books_words_too_and_report_them_as_typed(js):
    synonyms = {"一直": ["默认", "策略"], "起不来": ["pending"], "灰度": ["bogus"]}
    plan = js.evaluate(
        """([docs, separator, synonyms]) =>
             HBSearchQuery.rewrite("一直 起不来 灰度", HBSearchQuery.vocabulary(docs, separator, synonyms))""",
        [DOCS, _separator(), synonyms],
    )
    # 一直 is a word of this index too: it goes as typed, and the book's words for it beside it, weaker.
    assert f"一直{SENTINEL}^10" in terms(plan)
    assert f"默认{SENTINEL}^3" in terms(plan) and f"策略{SENTINEL}^3" in terms(plan)
    assert plan["labels"]["默认"] == "一直" and plan["labels"]["策略"] == "一直"
    # A reader word the index lacks is still one word (起不来, not 起 不 来), searched by the book's words
    # with a typed word's weight; English book words go bare.
    assert "pending^10" in terms(plan) and plan["labels"]["pending"] == "起不来"
    # ... and, as the book never writes it, it is not sent itself (the worker would cut it into pieces).
    assert not any(term.startswith(("起", "不来")) for term in terms(plan))
    # Quoted words are required as typed: no book words for them.
    quoted = js.evaluate(
        """([docs, separator, synonyms]) =>
             HBSearchQuery.rewrite('"起不来"', HBSearchQuery.vocabulary(docs, separator, synonyms))""",
        [DOCS, _separator(), synonyms],
    )
    assert "pending^10" not in terms(quoted)


def test_without_reader_words_nothing_is_added(js):
    assert not any(term.endswith("^3") for term in terms(rewrite(js, "节点挂了 起不来")))


def refine(js, result, labels, weights=None):
    return js.evaluate(
        "([result, labels, weights]) => HBSearchQuery.refine(result, labels, weights)", [result, labels, weights]
    )


def _doc(location, score, terms, title="t", text="x"):
    return {"location": location, "title": title, "text": text, "score": score, "terms": terms}


def test_missing_words_are_counted_per_page_in_the_words_typed(js):
    labels = {"probe": "probes", "probes": "probes", "一直": "一直"}
    result = {
        "items": [
            [
                _doc("p/", 5, {"probe": True, "probes": False, "一直": False}),
                _doc("p/#a", 4, {"probe": False, "probes": False, "一直": True}),
            ]
        ]
    }
    docs = refine(js, result, labels)["items"][0]
    assert [doc["terms"] for doc in docs] == [{"probes": True, "一直": True}] * 2


def test_the_best_section_is_shown_before_the_page_entry(js):
    result = {
        "items": [
            [_doc("p/", 9, {"a": True}), _doc("p/#b", 3, {"a": True}), _doc("p/#c", 1, {"a": True})],
            [_doc("q/#d", 2, {"a": True}), _doc("q/", 0, {})],
        ]
    }
    items = refine(js, result, {})["items"]
    assert [doc["location"] for doc in items[0]] == ["p/#b", "p/", "p/#c"]
    assert items[0][0]["score"] > items[0][1]["score"]
    assert [doc["location"] for doc in items[1]] == ["q/#d", "q/"], "pages keep their order"


def test_sections_nearly_as_good_as_the_best_are_shown_too(js):
    result = {
        "items": [
            [
                _doc("p/#a", 10, {"w": True}),
                _doc("p/#b", 3, {"w": True}),  # nearly as good: at least a quarter of the best
                _doc("p/#c", 2, {"w": True}),
                _doc("p/", 0, {}),
            ]
        ]
    }
    docs = refine(js, result, {})["items"][0]
    # Material unfolds the sections whose score ties with the first one.
    assert [doc["score"] for doc in docs if doc["location"] in ("p/#a", "p/#b")] == [10, 10]
    assert next(doc["score"] for doc in docs if doc["location"] == "p/#c") == 2


def test_the_page_entry_does_not_take_a_shown_sections_place(js):
    # The page's own entry heads the result whatever its score, so it is not one of the sections shown:
    # with it scoring between them, the best three sections are still all unfolded.
    result = {
        "items": [
            [
                _doc("p/", 12, {"w": True}),
                _doc("p/#a", 10, {"w": True}),
                _doc("p/#b", 6, {"w": True}),
                _doc("p/#c", 5, {"w": True}),
                _doc("p/#d", 4, {"w": True}),
            ]
        ]
    }
    docs = refine(js, result, {})["items"][0]
    shown = [doc["location"] for doc in docs if doc["score"] == 10]
    assert shown == ["p/#a", "p/#b", "p/#c"]


def test_words_found_side_by_side_rank_a_section_higher(js):
    scattered = _doc("p/#a", 10, {"too": True, "old": True}, text="<p><mark>too</mark> many and <mark>old</mark></p>")
    together = _doc("q/#b", 8, {"too": True, "old": True}, text="<p>it is <mark>too</mark> <mark>old</mark></p>")
    items = refine(js, {"items": [[scattered], [together]]}, {})["items"]
    assert items[0][0]["location"] == "q/#b"


def test_a_section_title_that_only_repeats_the_page_title_does_not_outrank_the_answer(js):
    page = _doc("storage/pv-pvc/", 30, {"pvc": True}, title="PV、<mark>PVC</mark> 与 StorageClass")
    echo = _doc("storage/pv-pvc/#phases", 40, {"pvc": True, "删除": True}, title="PV 与 <mark>PVC</mark> 的阶段")
    answer = _doc("storage/pv-pvc/#in-use-protection", 25, {"pvc": True, "删除": True, "terminating": True})
    other = _doc("storage/csi/#flow", 35, {"pvc": True}, title="<mark>PVC</mark> 的流程")
    items = refine(js, {"items": [[page, echo, answer], [other]]}, {})["items"]
    assert items[0][0]["location"] == "storage/pv-pvc/#in-use-protection"
    assert "storage/pv-pvc/#phases" in [doc["location"] for doc in items[0][1:]]
    # The page keeps its rank among pages (40 beats 35), and a title with a word of its own is left alone.
    assert [group[0]["location"].split("#")[0] for group in items] == ["storage/pv-pvc/", "storage/csi/"]
    assert items[1][0]["score"] == 35


def test_a_glossary_entry_comes_after_the_section_that_explains_its_term(js):
    entry = dict(_doc("glossary/#term-restart-policy", 9, {"w": True}), explains="pod-lifecycle/phases/#restart-policy")
    result = {
        "items": [
            [entry, _doc("glossary/", 0, {})],
            [_doc("x/#other", 5, {"w": True})],
            [_doc("pod-lifecycle/phases/#restart-policy", 3, {"w": True}), _doc("pod-lifecycle/phases/", 0, {})],
        ]
    }
    pages = [group[0]["location"].split("#")[0] for group in refine(js, result, {})["items"]]
    assert pages.index("pod-lifecycle/phases/") < pages.index("glossary/")
    assert pages[0] == "x/", "other results keep their place"


def test_a_word_the_book_seldom_writes_whole_is_searched_by_its_parts_too(js):
    # jieba cut 域名解析 and 很慢 as one word in one sentence; the book writes 域名, 解析 and 慢 often.
    docs = [
        {"location": "a/", "title": "a", "text": f"{ZW}域名解析{ZW}很慢{ZW}滚动更新{ZW}滚动更新{ZW}滚动更新{ZW}"},
        {"location": "b/", "title": "b", "text": ZW.join(["域名", "解析", "慢", "滚动", "更新"] * 4)},
    ]
    plan = js.evaluate(
        "([docs, separator]) => HBSearchQuery.rewrite('域名解析很慢', HBSearchQuery.vocabulary(docs, separator))",
        [docs, _separator()],
    )
    assert terms(plan)[:2] == [f"域名解析{SENTINEL}^10", f"域名解析{SENTINEL}"], "the word typed comes first"
    assert {f"域名{SENTINEL}^3", f"解析{SENTINEL}^3", f"慢{SENTINEL}^3"} <= set(terms(plan))
    assert plan["labels"]["解析"] == "域名解析" and plan["labels"]["慢"] == "很慢"
    whole = {f"很慢{SENTINEL}^10", f"很慢{SENTINEL}"}
    assert not [term for term in terms(plan) if term.startswith("很") and term not in whole], "很 is a filler"
    # A word the book writes whole at least as often as its parts is searched whole only.
    common = js.evaluate(
        "([docs, separator]) => HBSearchQuery.rewrite('滚动更新', HBSearchQuery.vocabulary(docs, separator))",
        [docs, _separator()],
    )
    assert terms(common) == [f"滚动更新{SENTINEL}^10", f"滚动更新{SENTINEL}"]


def test_the_parts_of_a_rare_whole_bring_their_own_reader_words(js):
    # jieba cut 变慢 whole in one sentence; the book writes 慢 often, and a reader's 慢 means its 延迟.
    docs = [
        {"location": "a/", "title": "a", "text": f"{ZW}变慢{ZW}延迟{ZW}"},
        {"location": "b/", "title": "b", "text": ZW.join(["变", "慢"] * 4)},
    ]
    plan = js.evaluate(
        """([docs, separator]) =>
             HBSearchQuery.rewrite("查询变慢", HBSearchQuery.vocabulary(docs, separator, { 慢: ["延迟"] }))""",
        [docs, _separator()],
    )
    assert {f"慢{SENTINEL}^3", f"延迟{SENTINEL}^3"} <= set(terms(plan))
    assert plan["labels"]["延迟"] == "变慢", "shown under the word as typed"


def test_between_equal_splits_the_words_the_book_writes_more_often_win(js):
    def split(counts, run):
        docs = [{"location": "a/", "title": "a", "text": ZW.join(w for w, n in counts.items() for _ in range(n))}]
        return js.evaluate(
            "([docs, separator, run]) => HBSearchQuery.segment(run, HBSearchQuery.vocabulary(docs, separator))",
            [docs, _separator(), run],
        )

    # 副本能 is 副本 + 能 or 副 + 本能, two words either way.
    assert split({"副本": 9, "能": 9, "副": 1, "本能": 1}, "副本能") == ["副本", "能"]
    assert split({"副本": 1, "能": 1, "副": 9, "本能": 9}, "副本能") == ["副", "本能"]
    # ... but never a split into more pieces, however common they are.
    assert split({"副本能": 1, "副本": 99, "能": 99}, "副本能") == ["副本能"]


def test_words_held_by_fewer_sections_weigh_more(js):
    docs = [{"location": f"p/#s{i}", "title": "t", "text": "hpa" + (" 缩容" if i < 2 else "")} for i in range(8)]
    plan = js.evaluate(
        "([docs, separator]) => HBSearchQuery.rewrite('hpa 缩容 为什么', HBSearchQuery.vocabulary(docs, separator))",
        [docs, _separator()],
    )
    weights = plan["weights"]
    assert set(weights) == {"hpa", "缩容"}, "one weight per word typed, none for fillers"
    assert weights["缩容"] > weights["hpa"] > 0
    # A word typed in a form the index lacks weighs as the forms it has (their shared start, sent too, is
    # no word of the index): box, where every section says boxs and boxes.
    boxes = [{"location": f"p/#s{i}", "title": "t", "text": "boxs boxes"} for i in range(8)]
    plan = js.evaluate(
        "([docs, separator]) => HBSearchQuery.rewrite('box', HBSearchQuery.vocabulary(docs, separator))",
        [boxes, _separator()],
    )
    assert "box" in terms(plan), "the shared start goes to the worker"
    assert plan["weights"]["box"] < 0.1


def test_the_section_holding_more_of_the_question_comes_first_within_its_page(js):
    weights = {"hpa": 0.5, "缩容": 2.0, "慢": 2.5}
    # Titled with the page's subject, the overview scores highest in the worker, holding one word in five.
    overview = _doc("workloads/hpa/#hpa-overview", 35, {"hpa": True, "缩容": False, "慢": False})
    behavior = _doc("workloads/hpa/#behavior", 12, {"hpa": True, "缩容": True, "慢": True})
    other = _doc("x/#y", 20, {"hpa": False, "缩容": True, "慢": False})
    items = refine(js, {"items": [[overview, behavior], [other]]}, {}, weights)["items"]
    assert items[0][0]["location"] == "workloads/hpa/#behavior"
    assert [group[0]["location"].split("#")[0] for group in items] == ["workloads/hpa/", "x/"]
    # Without weights (an old page's script, or a failed rewrite) the worker's order stands.
    unweighted = refine(js, {"items": [[overview, behavior]]}, {})["items"][0]
    assert unweighted[0]["location"] == "workloads/hpa/#hpa-overview"


def test_a_noun_a_question_is_phrased_with_is_searched_weakly(js):
    docs = [{"location": "a/", "title": "t", "text": ZW.join(["informer", "原理", "机制", "区别"])}]
    plan = js.evaluate(
        "([docs, separator]) => HBSearchQuery.rewrite('informer 原理', HBSearchQuery.vocabulary(docs, separator))",
        [docs, _separator()],
    )
    assert f"原理{SENTINEL}^2" in terms(plan) and f"原理{SENTINEL}^10" not in terms(plan)
    assert "informer^10" in terms(plan), "the subject keeps a typed word's weight"


def test_words_of_the_books_questions_are_words_of_the_index(js):
    # 改小 occurs only in an interview question that links to the section (the `questions` field): the
    # worker matches it there, so the query must send it whole and count it in the section's weight.
    docs = [
        {
            "location": "storage/pv-pvc/#expansion",
            "title": "卷扩容",
            "text": "只能扩不能缩",
            "questions": f"pvc{ZW}能{ZW}改小{ZW}吗",
        },
        {"location": "storage/pv-pvc/#modes", "title": "访问模式", "text": "改"},
    ]
    plan = js.evaluate(
        "([docs, separator]) => HBSearchQuery.rewrite('pvc能改小吗', HBSearchQuery.vocabulary(docs, separator))",
        [docs, _separator()],
    )
    assert f"改小{SENTINEL}^10" in terms(plan)
    assert plan["weights"]["改小"] > 0
