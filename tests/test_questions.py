"""Interview questions on small fixtures: parsing, validation with file and line, ids, badges, the bank."""

import json
import re
import textwrap
from pathlib import Path

import pytest

from handbook import mdsource
from handbook import questions as qs
from handbook.mermaid import fix_bare_module_import

PAGE = textwrap.dedent("""\
    ---
    k8s_version: "1.37"
    ---
    # 污点

    ## 面试题 {#interview}

    ??? question "NoExecute 会驱逐所有 Pod 吗？"
        <!-- q: id=taints-noexecute level=进阶 tags=scheduling,troubleshooting -->

        **答：** 不会，只驱逐不容忍它的 Pod。

        详见 [效果](taints.md#effects) 与 [亲和](affinity.md)。

    ??? question "第二题？"
        <!-- q: level=基础 tags=scheduling -->

        **答：** 是。
    """)


def _question(title="Q？", meta="level=基础 tags=pod", answer="**答：** A。", opener="??? question"):
    return f'{opener} "{title}"\n    <!-- q: {meta} -->\n\n    {answer}\n'


def test_parse_reads_title_level_tags_and_lines():
    found, problems = qs.parse(PAGE, "scheduling/taints.md")
    assert problems == []
    first, second = found
    assert (first.title, first.level, first.tags, first.line, first.meta_line) == (
        "NoExecute 会驱逐所有 Pod 吗？",
        "进阶",
        ["scheduling", "troubleshooting"],
        8,
        9,
    )
    assert first.id == "q-taints-noexecute"
    assert second.id == "q-第二题"  # no id= given: a slug of the title


def test_ids_do_not_move_when_a_question_is_inserted_before_them():
    found, _ = qs.parse(PAGE, "scheduling/taints.md")
    inserted = PAGE.replace("## 面试题 {#interview}\n", "## 面试题 {#interview}\n\n" + _question("新题？"))
    again, problems = qs.parse(inserted, "scheduling/taints.md")
    assert problems == []
    assert [q.id for q in again] == ["q-新题", *(q.id for q in found)]


@pytest.mark.parametrize(
    "meta, tags",
    [
        ("level=基础 tags=pod,scheduling", ["pod", "scheduling"]),
        ("level=基础 tags=pod, scheduling", ["pod", "scheduling"]),  # a space after the comma
        ("level=基础 tags=pod，scheduling", ["pod", "scheduling"]),  # a Chinese comma
        ('level="基础" tags=pod', ["pod"]),
    ],
)
def test_tag_lists_are_read_whole(meta, tags):
    found, problems = qs.parse(_question(meta=meta), "a/b.md")
    assert problems == [] and found[0].tags == tags and found[0].level == "基础"


def test_malformed_questions_are_reported_with_file_and_line():
    broken = (
        PAGE.replace("level=进阶", "level=困难")
        .replace("level=基础 tags=scheduling ", "level=基础 tags=schedule ")
        .replace("    **答：** 是。\n", "    是。\n")
    )
    _, problems = qs.parse(broken, "scheduling/taints.md")
    assert (
        'docs/scheduling/taints.md:9: question "NoExecute 会驱逐所有 Pod 吗？": '
        "level must be one of 基础/进阶/高级, not '困难'" in problems
    )
    assert any(
        p.startswith("docs/scheduling/taints.md:16: question \"第二题？\": unknown tag 'schedule'") for p in problems
    )
    assert any(p.startswith("docs/scheduling/taints.md:15:") and "**答：**" in p for p in problems)


@pytest.mark.parametrize(
    "meta, expected",
    [
        ("level=基础 tags=pod extra", "'extra' in the metadata line is not a field=value pair"),
        ("level=基础 tags=pod lvl=2", "unknown field 'lvl'"),
        ("level=基础 level=进阶 tags=pod", "field 'level' given twice"),
        ("id=Bad_Id level=基础 tags=pod", "id must be a lowercase slug"),
        ("level=基础", "give at least one tag"),
    ],
)
def test_metadata_mistakes_are_named_at_the_metadata_line(meta, expected):
    _, problems = qs.parse("# P\n\n" + _question(meta=meta), "a/b.md")
    assert len(problems) == 1 and problems[0].startswith('docs/a/b.md:4: question "Q？": ') and expected in problems[0]


@pytest.mark.parametrize(
    "opener, expected",
    [
        ("??? questoin", "has a question's metadata line but opens with '??? questoin'"),
        ("!!! question", "a question folds its answer: open it with ??? question, not !!!"),
        ("??? note", "has a question's metadata line but opens with '??? note'"),
    ],
)
def test_a_question_block_of_the_wrong_kind_is_reported(opener, expected):
    found, problems = qs.parse("# P\n\n" + _question(opener=opener), "a/b.md")
    assert found == [] and len(problems) == 1
    assert problems[0].startswith("docs/a/b.md:3: ") and expected in problems[0]


@pytest.mark.parametrize("line", ["??? question 'Q？'", "??? question Q？", '??? question "Q？" extra', "???question"])
def test_a_question_opener_the_extension_cannot_read_is_reported(line):
    text = f"# P\n\n{line}\n    <!-- q: level=基础 tags=pod -->\n\n    **答：** A。\n"
    found, problems = qs.parse(text, "a/b.md")
    assert found == []
    assert problems == [
        "docs/a/b.md:3: a question opens with ??? question and its title in double quotes: "
        '??? question "Pod 为什么一直 Pending？"'
    ]


def test_titles_with_quotes_and_angle_brackets_are_questions():
    found, problems = qs.parse(_question(title='为什么 "kubectl top" 显示 <unknown>？'), "a/b.md")
    assert problems == [] and found[0].title == '为什么 "kubectl top" 显示 <unknown>？'
    shown = qs.show_badges(_question(title='为什么 "kubectl top" 显示 <unknown>？'), found)
    assert shown.startswith('??? question "为什么 "kubectl top" 显示 &lt;unknown&gt;？"\n')


def test_examples_in_code_blocks_are_not_questions():
    text = "# P\n\n```markdown\n" + _question(meta="level=不存在") + "```\n\n~~~\n??? question 'x'\n~~~\n"
    assert qs.parse(text, "a/b.md") == ([], [])


def test_a_question_without_metadata_or_answer_is_rejected():
    _, problems = qs.parse('??? question "空题？"\n\n# next\n', "a/b.md")
    assert problems == [
        "docs/a/b.md:1: question \"空题？\" needs '<!-- q: level=基础|进阶|高级 tags=a,b -->' as its first line",
        'docs/a/b.md:1: question "空题？" has no answer',
    ]


def test_the_answer_must_open_with_its_one_sentence_answer():
    _, problems = qs.parse(_question(answer="先说背景。\n\n    **答：** A。"), "a/b.md")
    assert problems == ['docs/a/b.md:1: question "Q？": the answer must open with **答：** and a one-sentence answer']


def test_book_wide_duplicates_are_reported_at_the_later_question():
    first, _ = qs.parse(_question(title="同一题？"), "a/one.md")
    second, _ = qs.parse("\n\n" + _question(title="同一题？", meta="id=other level=基础 tags=pod"), "b/two.md")
    third, _ = qs.parse(_question(title="另一题？", meta="id=other level=基础 tags=pod"), "c/three.md")
    problems = qs.check_book(first + second + third, retired={"q-a-one-1"})
    assert problems == [
        'docs/b/two.md:3: question "同一题？" is already asked at docs/a/one.md:1: the bank would list it twice; '
        "merge the two or ask something different",
        "docs/c/three.md:1: question \"另一题？\" has the anchor 'q-other' of the question at docs/b/two.md:3: "
        "give one of them another id=",
    ]
    retired, _ = qs.parse(_question(meta="id=a-one-1 level=基础 tags=pod"), "d/four.md")
    assert qs.check_book(retired, retired={"q-a-one-1"}) == [
        "docs/d/four.md:1: 'q-a-one-1' is the old anchor of another question: choose another id="
    ]


def test_related_targets_are_the_book_sections_of_the_related_line_resolved_from_the_page():
    page = "# 污点\n\n" + _question(
        "污点和亲和性有什么区别？",
        answer=(
            "**答：** 方向相反。\n\n    详见 [不算](other.md#not-related)。\n\n"
            "    相关：[概念](#concepts)、[亲和](affinity.md#node-affinity)、[驱逐](../pod-lifecycle/qos-eviction.md)、"
            "[官方](https://kubernetes.io/docs/concepts/)、[图](diagram.svg)、[再次](#concepts)"
        ),
    )
    (question,), problems = qs.parse(page, "scheduling/taints.md")
    assert problems == []
    # Only the 相关 line counts, each target once; other sites and non-Markdown files are no sections.
    assert qs.related_targets(question) == [
        "scheduling/taints.md#concepts",
        "scheduling/affinity.md#node-affinity",
        "pod-lifecycle/qos-eviction.md",
    ]


def test_the_books_questions_link_to_sections_that_exist():
    root = Path(__file__).resolve().parent.parent / "docs"
    linked = 0
    for path in root.rglob("*.md"):
        src_uri = path.relative_to(root).as_posix()
        found, _ = qs.parse(path.read_text(encoding="utf-8"), src_uri)
        for question in found:
            for target in qs.related_targets(question):
                page, _, anchor = target.partition("#")
                assert (root / page).is_file(), f"{src_uri}: {question.title}: {target}"
                if anchor:
                    anchors = mdsource.page_anchors((root / page).read_text(encoding="utf-8"))
                    assert anchor in anchors, f"{src_uri}: {question.title}: {target}"
                linked += 1
    assert linked > 300  # nearly every question names the sections that explain it


def test_badges_replace_the_comment_keep_line_count_and_carry_old_anchors():
    found, _ = qs.parse(PAGE, "scheduling/taints.md")
    shown = qs.show_badges(PAGE, found, {"q-taints-noexecute": ["q-scheduling-taints-1"]})
    assert shown.count("\n") == PAGE.count("\n")
    assert (
        '    <span class="hb-q-meta" id="q-taints-noexecute"><span class="hb-badge hb-badge--进阶">进阶</span>' in shown
    )
    assert '<span id="q-scheduling-taints-1"></span></span>' in shown
    assert "<!-- q:" not in shown


def test_old_ids_lead_to_questions_that_still_exist():
    found, _ = qs.parse(PAGE, "scheduling/taints.md")
    legacy = {"q-scheduling-taints-1": "q-taints-noexecute", "q-scheduling-taints-2": "q-deleted-question"}
    assert qs.old_ids_by_question(legacy, found) == {"q-taints-noexecute": ["q-scheduling-taints-1"]}


def test_the_recorded_old_ids_are_positional_ids():
    """The frozen map holds the ids questions had by position (several may lead to one question, when
    two were merged since); the build checks the rest (tests/test_question_ids.py)."""
    legacy = qs.legacy_ids()
    assert legacy and all(re.fullmatch(r"q-[a-z0-9-]+-\d+", old) for old in legacy)
    assert all(new.startswith("q-") for new in legacy.values())


def test_index_counts_questions_per_chapter_and_level():
    found, _ = qs.parse(PAGE, "scheduling/taints.md")
    index = qs.index_page([("scheduling", "调度")], found, {"scheduling/taints.md": "污点"})
    assert "| [调度](#scheduling) | 1 | 1 | 0 | 2 |" in index
    assert "### 调度 {#scheduling}" in index
    assert 'data-chapter="scheduling" data-level="进阶" data-tags="scheduling troubleshooting"' in index
    assert "<!-- source: docs/scheduling/taints.md:8 -->" in index
    assert 'href="../scheduling/taints/#q-taints-noexecute"' in index


def test_self_test_data_carries_answers_and_old_ids():
    found, _ = qs.parse(PAGE, "scheduling/taints.md")
    html = (
        '<details class="question inline"><summary>T</summary><p><span class="hb-q-meta" id="q-taints-noexecute">'
        '<span class="hb-badge">进阶</span></span></p><p><strong>答：</strong> 不会</p></details>'
    )
    answers = qs.answers_from_html(html)
    assert answers == {"q-taints-noexecute": "<p><strong>答：</strong> 不会</p>"}
    legacy = {"q-scheduling-taints-1": "q-taints-noexecute", "q-gone-1": "q-gone"}
    data = json.loads(
        qs.self_test_data(
            found, [("scheduling", "调度")], {"scheduling/taints.md": "scheduling/taints/"}, answers, legacy
        )
    )
    assert data["questions"][0]["answer"].startswith("<p><strong>答")
    assert data["questions"][0]["page"] == "scheduling/taints/" and data["questions"][1]["answer"] == ""
    assert data["legacyIds"] == {"q-scheduling-taints-1": "q-taints-noexecute"}


def test_bare_mermaid_import_gets_a_relative_prefix():
    root = '<script type="module">import mermaid from "assets/javascripts/mermaid-global.mjs";'
    assert 'from "./assets/javascripts/mermaid-global.mjs"' in fix_bare_module_import(root)
    nested = '<script type="module">import mermaid from "../assets/javascripts/mermaid-global.mjs";'
    assert fix_bare_module_import(nested) == nested
