"""The reading helpers' pure functions: chapter and section numbers, the term-marking policy, the facts
under each page (dates of generated pages, the 报告问题 link, the shallow-clone notice)."""

import logging
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from handbook import nav, numbering, pagefacts, termmarks
from handbook.glossary import load_terms

NAV = [
    {"首页": "index.md"},
    {
        "基础": [
            {"架构": ["architecture/index.md", "architecture/components.md", "architecture/api.md"]},
            {"工作负载": ["workloads/index.md", {"Pod": "workloads/pod.md"}]},
        ]
    },
    {"调度": ["scheduling/index.md", "scheduling/taints.md"]},
    {"面试题库": ["questions/index.md", {"自测模式": "questions/self-test.md"}]},
    {"术语表": "glossary/index.md"},
]


def test_chapters_are_numbered_in_nav_order_through_grouping_sections():
    assert nav.chapters(NAV) == [("architecture", "架构"), ("workloads", "工作负载"), ("scheduling", "调度")]
    assert numbering.plan(NAV) == {
        "architecture/index.md": "1",
        "architecture/components.md": "1.1",
        "architecture/api.md": "1.2",
        "workloads/index.md": "2",
        "workloads/pod.md": "2.1",
        "scheduling/index.md": "3",
        "scheduling/taints.md": "3.1",
    }


def test_titles_carry_the_number_in_the_form_a_reader_sees_everywhere():
    assert numbering.numbered_title("3", "调度") == "第 3 章 调度"
    assert numbering.numbered_title("3.1", "污点与容忍度") == "3.1 污点与容忍度"


PAGE = (
    '<h1 id="taints">污点</h1><p>x</p>'
    '<h2 id="effects">效果</h2><h3 id="noschedule">NoSchedule</h3><h3 id="noexecute">NoExecute</h3>'
    '<h2 id="tolerations">容忍度</h2><h3 id="operators">运算符</h3>'
    '<h2 id="interview">面试题</h2><h3 id="extra">附</h3>'
    '<h2 id="references">参考</h2>'
)


def test_section_pages_number_h1_h2_h3_but_not_interview_and_references():
    html, labels = numbering.number_page(PAGE, "3.1")
    assert labels == {
        "taints": "3.1",
        "effects": "3.1.1",
        "noschedule": "3.1.1.1",
        "noexecute": "3.1.1.2",
        "tolerations": "3.1.2",
        "operators": "3.1.2.1",
    }
    assert '<h2 id="effects"><span class="hb-num">3.1.1</span> 效果</h2>' in html
    assert '<h2 id="interview">面试题</h2><h3 id="extra">附</h3>' in html
    assert '<h2 id="references">参考</h2>' in html


def test_a_chapter_index_page_numbers_only_its_title():
    html, labels = numbering.number_page(PAGE, "3")
    assert labels == {"taints": "第 3 章"}
    assert html.count('class="hb-num"') == 1 and '<h1 id="taints"><span class="hb-num">第 3 章</span> 污点' in html


def test_table_of_contents_gets_the_same_numbers():
    leaf = SimpleNamespace(id="noschedule", title="NoSchedule", children=[])
    top = SimpleNamespace(id="effects", title="效果", children=[leaf])
    skipped = SimpleNamespace(id="interview", title="面试题", children=[])
    numbering.number_toc([top, skipped], {"effects": "3.1.1", "noschedule": "3.1.1.1"})
    assert (top.title, leaf.title, skipped.title) == ("3.1.1 效果", "3.1.1.1 NoSchedule", "面试题")


TERMS = """
- id: taint
  en: Taint
  zh: 污点
  short: 节点上的标记。
  tags: [scheduling]
  link: scheduling/taints.md
"""


def _matcher():
    return termmarks.build_matcher(load_terms(TERMS, "terms.yml", {"scheduling/taints.md"}))


def test_marks_carry_the_definition_as_data_never_as_a_title():
    # The glossary rejects markup in `short`; the mark escapes it all the same.
    hostile = SimpleNamespace(id="taint", names=["污点"], short='x <img src=y onerror=z> & "q"')
    html, _ = termmarks.mark_terms("<p>污点</p>", termmarks.build_matcher([hostile]), "g/", [])
    assert 'data-hb-short="x &lt;img src=y onerror=z&gt; &amp; &quot;q&quot;"' in html
    assert "title=" not in html and "<img" not in html


def test_terms_in_tables_count_as_uses_but_are_not_marked():
    page = "<table><tr><td>污点</td></tr></table><p>污点</p>"
    html, usages = termmarks.mark_terms(page, _matcher(), "g/", [(0, "s", "S")])
    assert html.count("hb-term") == 1 and "<td>污点</td>" in html
    assert usages == {"taint": [("s", "S")]}


def test_home_and_errata_pages_are_not_marked_but_their_uses_count():
    assert not termmarks.marks_page("index.md") and not termmarks.marks_page("errata.md")
    assert termmarks.marks_page("scheduling/taints.md")
    html, usages = termmarks.mark_terms("<p>污点</p>", _matcher(), "g/", [(0, "s", "S")], mark=False)
    assert html == "<p>污点</p>" and usages == {"taint": [("s", "S")]}


def test_report_link_opens_a_prefilled_issue_about_the_page():
    url = pagefacts.report_issue_url(
        "https://github.com/o/r/", "3.1 污点", "https://o.github.io/r/scheduling/taints/", "scheduling/taints.md"
    )
    parts = urlsplit(url)
    assert parts.netloc == "github.com" and parts.path == "/o/r/issues/new"
    query = parse_qs(parts.query)
    assert query["title"] == ["[页面问题] 3.1 污点"]
    assert "https://o.github.io/r/scheduling/taints/" in query["body"][0]
    assert "docs/scheduling/taints.md" in query["body"][0]
    assert pagefacts.report_issue_url("", "t", "u", "p") is None


def test_generated_pages_are_dated_by_their_sources(tmp_path):
    (tmp_path / "docs" / "glossary").mkdir(parents=True)
    assert pagefacts.generated_page_sources("glossary/index.md", tmp_path / "docs") == [str(tmp_path / "docs/glossary")]
    assert pagefacts.generated_page_sources("questions/index.md", tmp_path / "docs") == [str(tmp_path / "docs")]
    meta = pagefacts.date_meta(1_796_000_000)
    assert meta["git_revision_date_localized_raw_iso_date"] == "2026-11-30"
    assert meta["git_revision_date_localized_raw_date"] == "2026年11月30日"
    assert pagefacts.last_commit_time(["docs"], tmp_path) is None  # not a repository: the plugin's date stays


def test_the_shallow_clone_warning_does_not_fail_a_strict_build():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "Running on a shallow clone …", None, None)
    other = logging.LogRecord("x", logging.WARNING, __file__, 1, "something else", None, None)
    notice = pagefacts.ShallowCloneNotice()
    assert notice.filter(record) and record.levelno == logging.INFO
    assert notice.filter(other) and other.levelno == logging.WARNING
