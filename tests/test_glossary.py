"""The glossary on small fixtures: validation with file and line, the page, term marks, jieba words."""

import dataclasses
import textwrap

import pytest

from handbook import glossary, glossary_page, termmarks
from handbook.glossary import GlossaryError, load_terms

GOOD = textwrap.dedent("""\
    - id: taint
      en: Taint
      zh: 污点
      short: 节点上的标记。
      tags: [scheduling]
      link: scheduling/taints.md#effects
      ref: https://kubernetes.io/zh-cn/docs/concepts/scheduling-eviction/taint-and-toleration/
      related: [toleration]
    - id: toleration
      en: Toleration
      zh: 容忍度
      aka: [容忍]
      short: Pod 上允许它留在带污点节点上的声明。
      tags: [scheduling]
      link: scheduling/taints.md
    - id: kube-proxy
      en: kube-proxy
      zh: ""
      short: 把 Service 翻译成节点内核规则的代理。
      tags: [networking]
      link: networking/kube-proxy.md
    """)
PAGES = {"scheduling/taints.md", "networking/kube-proxy.md"}


def _problems(text, pages=PAGES):
    with pytest.raises(GlossaryError) as caught:
        load_terms(text, "terms.yml", pages)
    return caught.value.problems


def test_good_data_loads():
    terms = load_terms(GOOD, "terms.yml", PAGES)
    assert [t.id for t in terms] == ["taint", "toleration", "kube-proxy"]
    assert terms[1].names == ["Toleration", "容忍度", "容忍"]


def test_malformed_yaml_names_file_and_line():
    broken = GOOD.replace("  tags: [networking]", "  tags: [networking")
    (problem,) = _problems(broken)
    assert problem.startswith("terms.yml:20: malformed YAML")  # the line of the unclosed [
    assert "the flow sequence opened here is still open at line 21" in problem


def test_missing_fields_are_named_with_the_term_line():
    (problem,) = _problems(GOOD.replace("  short: 把 Service 翻译成节点内核规则的代理。\n", ""))
    assert problem == "terms.yml:16: term 'kube-proxy': missing field(s) short"


def test_duplicate_ids_and_names():
    dup = GOOD + textwrap.dedent("""\
        - id: taint
          en: Node taint
          zh: 节点污点
          short: 重复。
          tags: [scheduling]
          link: scheduling/taints.md
        - id: node-taint
          en: Node Taint
          zh: 污点
          short: 重复的名字。
          tags: [scheduling]
          link: scheduling/taints.md
        """)
    problems = _problems(dup)
    assert "terms.yml:22: duplicate id 'taint' (first defined at line 1)" in problems
    assert "terms.yml:28: term 'node-taint': name '污点' is already used by term 'taint' (line 1)" in problems
    assert any("name 'node taint' is already used by term 'taint'" in p for p in problems)


def test_unknown_tag_and_unresolved_links():
    problems = _problems(
        GOOD.replace("tags: [networking]", "tags: [networkin]")
        .replace("link: networking/kube-proxy.md", "link: networking/proxy.md")
        .replace("related: [toleration]", "related: [tolerations]")
    )
    assert any(p.startswith("terms.yml:20: term 'kube-proxy': unknown tag 'networkin'") for p in problems)
    assert "terms.yml:21: term 'kube-proxy': 'link' target docs/networking/proxy.md does not exist" in problems
    assert "terms.yml:8: term 'taint': related term 'tolerations' is not defined" in problems


def _with(field, value, text=GOOD):
    """The terms of `text` with the first one's `field` set to a value validation would refuse: the page
    and the marks must stay safe even so."""
    terms = load_terms(text, "terms.yml", PAGES)
    return [dataclasses.replace(terms[0], **{field: value}), *terms[1:]]


def test_page_escapes_everything_from_the_data_file():
    terms = _with("short", "<script>alert(1)</script> *bold* [x](y)")
    page = glossary_page.render_page(terms)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page and r"\*bold\*" in page and r"\[x\]" in page
    assert "<!-- source: docs/glossary/terms.yml:1 -->" in page
    assert "### Taint（污点） {#term-taint}" in page


def test_glossary_page_renders_the_hostile_definition_as_text():
    import markdown

    terms = _with("short", "<script>x</script>")
    rendered = markdown.markdown(glossary_page.render_page(terms), extensions=["attr_list", "meta"])
    assert "<script>" not in rendered and "&lt;script&gt;x&lt;/script&gt;" in rendered


@pytest.fixture
def matcher():
    return termmarks.build_matcher(load_terms(GOOD, "terms.yml", PAGES))


def test_first_use_per_page_is_marked_in_prose_only(matcher):
    page = (
        '<h2 id="a">污点</h2><p>给节点加污点（Taint），污点会……</p>'
        '<pre><code>kubectl taint 污点</code></pre><p><a href="x">容忍度</a> 与 <code>kube-proxy</code></p>'
        '<details class="question"><summary>kube-proxy 是什么</summary><p>kube-proxy 写规则</p></details>'
        '<div class="mermaid">污点</div>'
    )
    html, usages = termmarks.mark_terms(page, matcher, "../glossary/", [(0, "a", "标题")])
    assert html.count('class="hb-term"') == 2  # 污点 once, kube-proxy once (in the answer text)
    assert '<h2 id="a">污点</h2>' in html
    assert "<pre><code>kubectl taint 污点</code></pre>" in html
    assert '<a href="x">容忍度</a>' in html and "<code>kube-proxy</code>" in html
    assert "<summary>kube-proxy 是什么</summary>" in html
    assert '<div class="mermaid">污点</div>' in html
    assert '<a class="hb-term" href="../glossary/#term-taint" data-hb-short="节点上的标记。">污点</a>' in html
    # Uses in headings, links and inline code count for back-links; code blocks and diagrams do not.
    assert set(usages) == {"taint", "toleration", "kube-proxy"} and usages["taint"] == [("a", "标题")]


def test_names_in_code_blocks_and_diagrams_are_not_uses(matcher):
    page = '<pre><code>污点</code></pre><div class="mermaid"><p>容忍度</p></div><p><code>kube-proxy</code></p>'
    html, usages = termmarks.mark_terms(page, matcher, "g/", [(0, "s", "S")])
    assert html == page and set(usages) == {"kube-proxy"}


def test_tooltip_text_is_escaped(matcher):
    terms = _with("short", 'a "quoted" <b>')
    html, _ = termmarks.mark_terms("<p>污点</p>", termmarks.build_matcher(terms), "g/", [])
    assert 'data-hb-short="a &quot;quoted&quot; &lt;b&gt;"' in html and "title=" not in html


def test_english_names_match_whole_words_only(matcher):
    html, _ = termmarks.mark_terms("<p>my-kube-proxy-x and Taints</p>", matcher, "g/", [])
    assert "hb-term" not in html


def test_plain_case_characters_are_equal_under_ignorecase_exactly_when_their_lower_case_is():
    """TermMatcher matches lower-cased text case-sensitively when every character is in _PLAIN_CASE; that
    is only the same as re.IGNORECASE if no character there has a case partner beyond lower()."""
    import re

    plain = [chr(code) for code in range(0x110000) if termmarks._plain_case(chr(code))]
    assert "a" in plain and "污" in plain and "Ｋ" in plain and "ſ" not in plain and "é" not in plain
    plain_set = set(plain)
    assert all(len(char.lower()) == 1 and char.lower() in plain_set for char in plain)
    extra = re._casefix._EXTRA_CASES  # the engine's case partners beyond lower(): ſ ~ s, ı ~ i, ...
    for char in plain:
        partners = {chr(code) for code in extra.get(ord(char.lower()), ())}
        assert not partners & plain_set, (char, partners)


@pytest.mark.parametrize(
    "names",
    [
        ["Pod", "PodDisruptionBudget", "pod 安全", "安全准入", "污点", "k8s", "ss", "Kubelet", "节点亲和性", "节点"]
        + ["节点k8s"],  # an English name and a Chinese one that start at the same place
        ["Straße", "ſtep", "ıd", "Ωmega", "污点"],  # names outside _PLAIN_CASE: one expression, as before
    ],
)
def test_term_spans_are_those_of_the_single_case_insensitive_expression(names):
    import random

    terms = [
        dataclasses.replace(load_terms(GOOD, "terms.yml", PAGES)[0], id=f"t{i}", en=name, zh="", aka=[])
        for i, name in enumerate(names)
    ]
    matcher = termmarks.build_matcher(terms)
    alphabet = list("podPODsafe安全准入节点亲和性污k8S-._ ßſıΩωK éE") + ["Pod", "POD安全准入", "节点亲和性", "节点K8S"]
    generator = random.Random(7)
    for _ in range(3000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 14)))
        assert matcher.spans(text) == [m.span() for m in matcher.pattern.finditer(text)], text


def test_term_spans_on_the_book_are_those_of_the_single_expression():
    import pathlib

    root = pathlib.Path(__file__).resolve().parent.parent
    terms = load_terms(
        (root / "docs/glossary/terms.yml").read_text(encoding="utf-8"),
        "terms.yml",
        {p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*.md")},
    )
    matcher = termmarks.build_matcher(terms)
    compared = 0
    for page in sorted((root / "docs").rglob("*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            assert matcher.spans(line) == [m.span() for m in matcher.pattern.finditer(line)], (page, line)
            compared += bool(matcher.spans(line))
    assert compared > 1000


def test_jieba_dictionary_keeps_chinese_names():
    words = glossary.jieba_user_dictionary(load_terms(GOOD, "terms.yml", PAGES)).splitlines()
    assert [w.split()[0] for w in words] == sorted(["污点", "容忍度", "容忍"])


def test_backlinks_are_counted_on_the_page_and_listed_in_the_data():
    import json

    usages = [
        ("scheduling/taints/", "污点", "effects", "效果"),
        ("scheduling/taints/", "污点", "use", "用法"),
        ("", "首页", "how", "怎么用"),
    ]
    html = glossary_page.fill_backlinks(
        "<p><!-- backlinks:taint --></p><p><!-- backlinks:toleration --></p>", {"taint": usages}
    )
    assert '<details class="hb-backlinks" data-term="taint"><summary>3 个小节，2 个页面</summary></details>' in html
    assert "（暂无）" in html
    data = json.loads(glossary_page.backlinks_data({"taint": usages}, "glossary/"))
    assert data == {
        "taint": [
            ["../scheduling/taints/", "污点", [["effects", "效果"], ["use", "用法"]]],
            ["../", "首页", [["how", "怎么用"]]],
        ]
    }


def test_report_lists_term_like_pairs_the_glossary_lacks():
    import glossary_report

    terms = load_terms(GOOD, "terms.yml", PAGES)
    pages = {
        "a.md": "给节点加污点（Taint），再配置准入控制（Admission Control）。\n```\n代码（Code）\n```\n",
        "b.md": "准入控制（Admission Control）与容忍度（Toleration）。",
    }
    assert glossary_report.candidates(pages, terms) == {"Admission Control": ["a.md", "b.md"]}


def test_links_are_labelled_with_page_and_section_titles():
    titles = glossary_page.section_titles(
        {
            "scheduling/taints.md": "---\nx: 1\n---\n# 污点与容忍度\n\n## 三种效果 {#effects}\n"
            "```bash\n# not a heading {#nope}\n```\n"
        }
    )
    assert titles == {"scheduling/taints.md": "污点与容忍度", "scheduling/taints.md#effects": "三种效果"}
    page = glossary_page.render_page(load_terms(GOOD, "terms.yml", PAGES), titles=titles)
    assert "- 本书讲解：[污点与容忍度 › 三种效果](../scheduling/taints.md#effects)" in page


# --- what the data file may hold: bad input is refused at its line ------------------------------


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "short: 节点上的标记。",
            "short: '<img src=x onerror=alert(1)>'",
            "terms.yml:4: term 'taint': 'short' is plain text",
        ),
        ("short: 节点上的标记。", "short: 'a <b>bold</b> mark'", "terms.yml:4: term 'taint': 'short' is plain text"),
        ("short: 节点上的标记。", "short: '节点&nbsp;标记'", "terms.yml:4: term 'taint': 'short' is plain text: write"),
        ("en: Taint", "en: '<span>Taint</span>'", "terms.yml:2: term 'taint': 'en' is plain text"),
        ("aka: [容忍]", "aka: ['<!-- x -->']", "terms.yml:12: term 'toleration': 'aka' is plain text"),
        (
            "ref: https://kubernetes.io/zh-cn/docs/concepts/scheduling-eviction/taint-and-toleration/",
            "ref: 'https://kubernetes.io/\" onmouseover=\"alert(1)'",
            "terms.yml:7: term 'taint': 'ref' is not a valid URL",
        ),
        (
            "ref: https://kubernetes.io/zh-cn/docs/concepts/scheduling-eviction/taint-and-toleration/",
            "ref: http://kubernetes.io/docs/",
            "terms.yml:7: term 'taint': 'ref' must be an https:// URL",
        ),
        (
            "ref: https://kubernetes.io/zh-cn/docs/concepts/scheduling-eviction/taint-and-toleration/",
            "ref: https://exa mple.org/",
            "terms.yml:7: term 'taint': 'ref' is not a valid URL",
        ),
        (
            "link: scheduling/taints.md#effects",
            "link: 'scheduling/taints.md#x\" onmouseover=\"alert(1)'",
            "terms.yml:6: term 'taint': 'link' has a malformed anchor",
        ),
        ("link: scheduling/taints.md#effects", "link: ../taints.md", "terms.yml:6: term 'taint': 'link' is relative"),
        ("link: scheduling/taints.md#effects", "link: /scheduling/taints.md", "terms.yml:6: term 'taint': 'link' must"),
        ("link: scheduling/taints.md#effects", "link: https://example.org/", "terms.yml:6: term 'taint': 'link' must"),
    ],
)
def test_fields_that_would_become_markup_or_bad_links_are_refused_at_their_line(old, new, expected):
    problems = _problems(GOOD.replace(old, new))
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_placeholders_in_angle_brackets_are_plain_text():
    terms = load_terms(GOOD.replace("short: 节点上的标记。", "short: 名字是 <plural>.<group> 的形式。"), "t.yml", PAGES)
    assert terms[0].short == "名字是 <plural>.<group> 的形式。"
    page = glossary_page.render_page(terms)
    assert "名字是 &lt;plural&gt;.&lt;group&gt; 的形式。" in page


def test_a_body_is_markdown_without_html_reported_at_its_own_line():
    body = "  body: |\n    第一行。\n\n    名字是 <plural>.<group>。\n    ## 小标题\n"
    problems = _problems(GOOD.replace("  related: [toleration]\n", "  related: [toleration]\n" + body))
    assert problems == [
        "terms.yml:12: term 'taint': 'body' is Markdown without HTML: write <plural> in backticks (`<plural>`)",
        "terms.yml:13: term 'taint': 'body' must not contain headings",
    ]
    script = GOOD.replace(
        "  related: [toleration]\n", "  related: [toleration]\n  body: '[点我](javascript:alert(1))'\n"
    )
    assert _problems(script) == [
        "terms.yml:9: term 'taint': 'body' must not link to javascript:, vbscript: or data: URLs"
    ]
    fine = GOOD.replace("  related: [toleration]\n", "  related: [toleration]\n  body: 名字是 `<plural>.<group>`。\n")
    assert load_terms(fine, "terms.yml", PAGES)[0].body == "名字是 `<plural>.<group>`。"


def test_a_body_renders_as_markdown_and_its_links_are_traced_to_its_line():
    import markdown

    text = GOOD.replace(
        "  related: [toleration]\n",
        "  related: [toleration]\n  body: |\n    **必读**：见 [效果](../scheduling/taints.md#effects)。\n",
    )
    terms = load_terms(text, "terms.yml", PAGES)
    page = glossary_page.render_page(terms)
    assert (
        "<!-- source-lines: docs/glossary/terms.yml:10 -->\n\n**必读**：见 [效果](../scheduling/taints.md#effects)。"
        in page
    )
    rendered = markdown.markdown(page, extensions=["attr_list", "meta"])
    assert '<strong>必读</strong>：见 <a href="../scheduling/taints.md#effects">效果</a>' in rendered
    # The link checker reports a broken link of the body at the body's line, the term's link at its own.
    from handbook.sourcemap import locate

    assert locate(page, "glossary/index.md", "glossary/", "../scheduling/taints/#effects")[:2] == (
        "docs/glossary/terms.yml",
        10,
    )
    assert locate(page, "glossary/index.md", "glossary/", "../networking/kube-proxy/")[:2] == (
        "docs/glossary/terms.yml",
        23,  # kube-proxy's `link:`, two lines lower for the body above
    )


def test_urls_are_written_safely_even_if_validation_were_bypassed():
    terms = _with("ref", 'https://x.org/" onmouseover="alert(1)')
    terms = [dataclasses.replace(terms[0], link='scheduling/taints.md#a" onclick="x'), *terms[1:]]
    page = glossary_page.render_page(terms)
    assert 'onmouseover="' not in page and 'onclick="' not in page
    assert "<https://x.org/%22%20onmouseover=%22alert(1)>" in page


def test_a_link_to_a_missing_anchor_is_refused_when_the_anchors_are_known():
    anchors = {"scheduling/taints.md": {"taint-effects"}, "networking/kube-proxy.md": set()}
    problems = _problems_with_anchors(GOOD, anchors)
    assert problems == ["terms.yml:6: term 'taint': 'link' target docs/scheduling/taints.md has no anchor #effects"]


def _problems_with_anchors(text, anchors):
    with pytest.raises(GlossaryError) as caught:
        load_terms(text, "terms.yml", PAGES, anchors)
    return caught.value.problems


def test_a_broken_term_is_reported_once_not_by_every_term_relating_to_it():
    broken = GOOD.replace("  zh: 容忍度\n", "  zh: 容忍度\n  colour: red\n")  # 'toleration', which 'taint' relates to
    assert _problems(broken) == ["terms.yml:12: term 'toleration': unknown field 'colour'"]


def test_names_are_longest_first_and_in_a_fixed_order_among_equals():
    # Six names of one length: a set's iteration order (which depends on the process's hash seed) matches
    # alphabetical order by chance once in 720 runs, so an order left to the set fails this test.
    aka = ["PV 申领", "QRS", "ABC", "XYZ", "DEF", "MNO"]
    term = glossary.Term(id="t", en="PVC", zh="申领", short="s", tags=["storage"], link="a.md", line=1, aka=aka)
    assert term.names == ["PV 申领", "ABC", "DEF", "MNO", "PVC", "QRS", "XYZ", "申领"]
