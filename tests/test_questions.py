"""Interview questions on small fixtures: parsing, validation with file and line, badges, the bank."""

import json
import textwrap

from handbook import questions as qs
from handbook.mermaid import fix_bare_module_import

PAGE = textwrap.dedent("""\
    ---
    description: 污点
    ---
    # 污点

    ## 面试题 {#interview}

    ??? question "NoExecute 会驱逐所有 Pod 吗？"
        <!-- q: level=进阶 tags=scheduling,troubleshooting -->

        **答：** 不会，只驱逐不容忍它的 Pod。

        详见 [效果](taints.md#effects) 与 [亲和](affinity.md)。

    ??? question "第二题？"
        <!-- q: level=基础 tags=scheduling -->

        **答：** 是。
    """)


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
    assert first.id == "q-scheduling-taints-1" and second.id == "q-scheduling-taints-2"


def test_question_ids_match_the_page_key_print_site_uses():
    from handbook.printpage import page_key

    for src, url in [
        ("workloads/index.md", "workloads/"),
        ("networking/index-notes.md", "networking/index-notes/"),
        ("scheduling/taints.md", "scheduling/taints/"),
    ]:
        found, _ = qs.parse('??? question "Q？"\n    <!-- q: level=基础 tags=pod -->\n\n    **答：** A。\n', src)
        assert found[0].id == f"q-{page_key(url)}-1"


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
    assert "docs/scheduling/taints.md:16: question \"第二题？\": unknown tag 'schedule'" in problems
    assert any(p.startswith("docs/scheduling/taints.md:15:") and "**答：**" in p for p in problems)


def test_a_question_without_metadata_or_answer_is_rejected():
    _, problems = qs.parse('??? question "空题？"\n\n# next\n', "a/b.md")
    assert problems == [
        "docs/a/b.md:1: question \"空题？\" needs '<!-- q: level=基础|进阶|高级 tags=a,b -->' as its first line",
        'docs/a/b.md:1: question "空题？" has no answer',
    ]


def test_badges_replace_the_comment_and_keep_line_count():
    found, _ = qs.parse(PAGE, "scheduling/taints.md")
    shown = qs.show_badges(PAGE, found)
    assert shown.count("\n") == PAGE.count("\n")
    assert (
        '    <span class="hb-q-meta" id="q-scheduling-taints-1"><span class="hb-badge hb-badge--进阶">进阶</span>'
        in shown
    )
    assert "<!-- q:" not in shown


def test_index_counts_questions_per_chapter_and_level():
    found, _ = qs.parse(PAGE, "scheduling/taints.md")
    index = qs.index_page([("scheduling", "调度")], found, {"scheduling/taints.md": "污点"})
    assert "| [调度](#scheduling) | 1 | 1 | 0 | 2 |" in index
    assert "### 调度 {#scheduling}" in index
    assert 'data-chapter="scheduling" data-level="进阶" data-tags="scheduling troubleshooting"' in index
    assert "<!-- source: docs/scheduling/taints.md:8 -->" in index
    assert 'href="../scheduling/taints/#q-scheduling-taints-1"' in index


def test_self_test_data_carries_answers():
    found, _ = qs.parse(PAGE, "scheduling/taints.md")
    html = (
        '<details class="question"><summary>T</summary><p><span class="hb-q-meta" id="q-scheduling-taints-1">'
        '<span class="hb-badge">进阶</span></span></p><p><strong>答：</strong> 不会</p></details>'
    )
    answers = qs.answers_from_html(html)
    assert answers == {"q-scheduling-taints-1": "<p><strong>答：</strong> 不会</p>"}
    data = json.loads(
        qs.self_test_data(found, [("scheduling", "调度")], {"scheduling/taints.md": "scheduling/taints/"}, answers)
    )
    assert data["questions"][0]["answer"].startswith("<p><strong>答")
    assert data["questions"][0]["page"] == "scheduling/taints/" and data["questions"][1]["answer"] == ""


def test_bare_mermaid_import_gets_a_relative_prefix():
    root = '<script type="module">import mermaid from "assets/javascripts/mermaid-global.mjs";'
    assert 'from "./assets/javascripts/mermaid-global.mjs"' in fix_bare_module_import(root)
    nested = '<script type="module">import mermaid from "../assets/javascripts/mermaid-global.mjs";'
    assert fix_bare_module_import(nested) == nested
