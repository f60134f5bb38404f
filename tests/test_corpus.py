"""The fault corpus: every kind of bad input fails at its file and line, and unusual valid input builds.

Each case is a page (or a glossary entry) of a tiny book built with the real configuration
(tests/tinybook.py). Cases caught by the same checker share one build, which reports all of them at
once; each case then asserts its own `file:line: message`, exactly once, and the build as a whole
asserts that nothing else was reported (no follow-on errors, nothing twice, nothing against the print
page or the theme). "Nothing reaches the site": faults in the sources (Markdown structure, front matter,
questions, glossary) abort the build before a page is written; a broken link fails it after the pages
are written, so the site is never published. Faults only `make lint` sees (Mermaid syntax, the book's
conventions) are run through the lint checks on a tiny book.
"""

import sys

import pytest
import tinybook
from tinybook import ROOT

sys.path.insert(0, str(ROOT / "tools"))

from checks import frontmatter as frontmatter_check  # noqa: E402
from checks import markdown as markdown_check  # noqa: E402
from checks import mermaid as mermaid_check  # noqa: E402
from checks import pages as pages_check  # noqa: E402

Q = '??? question "{title}"\n    <!-- q: {meta} -->\n\n    **答：** 一句话。\n'


def question(title, meta="level=基础 tags=pod", opener="??? question"):
    return Q.format(title=title, meta=meta).replace("??? question", opener, 1)


# --- faults in the sources: the sources hook aborts before any page is written ---------------------

SOURCE_FAULTS = {
    "unclosed-fence": (
        "# 页\n\n```yaml\nkind: Pod\n",
        "docs/ch/unclosed-fence.md:3: code block opened here is never closed",
    ),
    "single-quoted-admonition": (
        "# 页\n\n!!! warning '常见误区'\n    原笔记说……\n",
        "docs/ch/single-quoted-admonition.md:3: '!!! warning '常见误区'' is not read as a block",
    ),
    "misspelled-admonition": (
        '# 页\n\n!!! warnign "常见误区"\n    原笔记说……\n',
        "docs/ch/misspelled-admonition.md:3: unknown block type 'warnign'",
    ),
    "misspelled-question": (
        "# 页\n\n## 面试题 {#interview}\n\n" + question("Q？", opener="??? questoin"),
        "docs/ch/misspelled-question.md:5: unknown block type 'questoin'",
    ),
    "single-quoted-question": (
        "# 页\n\n" + question("Q？").replace('"Q？"', "'Q？'"),
        "docs/ch/single-quoted-question.md:3: '??? question 'Q？'' is not read as a block",
    ),
    "unindented-admonition": (
        '# 页\n\n!!! warning "常见误区"\n原笔记说……\n',
        "docs/ch/unindented-admonition.md:3: !!! block has no content",
    ),
    "empty-details": (
        '# 页\n\n??? note "展开"\n\n正文。\n',
        "docs/ch/empty-details.md:3: ??? block has no content",
    ),
    "single-quoted-tab": (
        "# 页\n\n=== 'YAML'\n\n    kind: Pod\n",
        "docs/ch/single-quoted-tab.md:3: '=== 'YAML'' is not read as a tab",
    ),
    "duplicate-id": (
        "# 页\n\n## 一 {#same}\n\n## 二 {#same}\n",
        "docs/ch/duplicate-id.md:5: id 'same' is already given at line 3",
    ),
    "undefined-reference": (
        "# 页\n\n见 [官方文档][k8s-docs]。\n",
        "docs/ch/undefined-reference.md:3: reference link [k8s-docs] has no definition",
    ),
    "undefined-footnote": (
        "# 页\n\n一句话[^note]。\n",
        "docs/ch/undefined-footnote.md:3: footnote [^note] has no definition",
    ),
    "empty-link-text": ("# 页\n\n见 [](index.md)。\n", "docs/ch/empty-link-text.md:3: link to 'index.md' has no text"),
    "empty-link-target": ("# 页\n\n见 [首页]()。\n", "docs/ch/empty-link-target.md:3: link [首页]() has no target"),
    "script": (
        "# 页\n\n<script>alert(1)</script>\n",
        "docs/ch/script.md:3: scripts, frames, styles and event handlers are not allowed",
    ),
    "event-handler": (
        '# 页\n\n<span onmouseover="alert(1)">x</span>\n',
        "docs/ch/event-handler.md:3: scripts, frames, styles and event handlers are not allowed",
    ),
    "unclosed-div": (
        "# 页\n\n<div>\n\n## 下一节 {#next}\n",
        "docs/ch/unclosed-div.md:3: <div> opened here is never closed",
    ),
    "stray-closing-tag": ("# 页\n\n正文。</div>\n", "docs/ch/stray-closing-tag.md:3: </div> closes nothing"),
    "unclosed-comment": (
        "# 页\n\n<!-- 待补充\n\n正文。\n",
        "docs/ch/unclosed-comment.md:3: HTML comment opened here is never closed",
    ),
    "missing-snippet": (
        '# 页\n\n--8<-- "no-such-file.md"\n',
        "docs/ch/missing-snippet.md:3: snippet file docs/no-such-file.md",
    ),
    "yaml-error": (
        "---\ndescription: [未闭合\n---\n# 页\n",
        "docs/ch/yaml-error.md:2: front matter is not valid YAML",
    ),
    "front-matter-list": (
        "---\n- a\n- b\n---\n# 页\n",
        "docs/ch/front-matter-list.md:2: front matter must be a mapping",
    ),
    "unclosed-front-matter": (
        "---\ndescription: 说明\n# 页\n",
        "docs/ch/unclosed-front-matter.md:1: front matter opened",
    ),
    "duplicate-front-matter-key": (
        "---\ndescription: 一\ndescription: 二\n---\n# 页\n",
        "docs/ch/duplicate-front-matter-key.md:3: front matter key 'description' given twice",
    ),
    "table-without-separator": (
        "# 页\n\n| 字段 | 含义 |\n| nodeName | 节点 |\n",
        "docs/ch/table-without-separator.md:3: table without a | --- | row under its header",
    ),
    "rule-under-text": (
        "# 页\n\n一段话\n---\n\n下一段。\n",
        "docs/ch/rule-under-text.md:4: the line above this --- becomes a heading",
    ),
    "html-block-without-markdown": (
        "# 页\n\n<details>\n<summary>展开</summary>\n\n**答：** 会显示成星号。\n\n</details>\n",
        "docs/ch/html-block-without-markdown.md:3: <details> without the markdown attribute",
    ),
    "duplicate-footnote": (
        "# 页\n\n一句话[^1]。\n\n[^1]: 第一条。\n[^1]: 第二条。\n",
        "docs/ch/duplicate-footnote.md:6: footnote [1] is already defined at line 5",
    ),
    "curly-quoted-question": (
        "# 页\n\n" + question("Q？").replace('"Q？"', "“Q？”"),
        "docs/ch/curly-quoted-question.md:3: '??? question “Q？”' is not read as a block",
    ),
    "remote-image": (
        "# 页\n\n![架构图](https://example.org/arch.png)\n",
        "docs/ch/remote-image.md:3: an image from another host",
    ),
    "swallowed-first-line": (
        "Note: 第一行会被当作元数据吞掉\n\n# 页\n",
        "docs/ch/swallowed-first-line.md:1: 'Note: 第一行会被当作元数据吞掉' would be read as metadata",
    ),
}


@pytest.fixture(scope="module")
def source_faults(tmp_path_factory):
    pages = {f"ch/{name}.md": text for name, (text, _) in SOURCE_FAULTS.items()}
    return tinybook.build(tinybook.write(tmp_path_factory.mktemp("sources"), pages))


def _assert_group(result, expected):
    problems = tinybook.problem_lines(result.log)
    assert result.returncode != 0
    for wanted in expected:
        assert sum(p.startswith(wanted) for p in problems) == 1, (wanted, problems)
    unexpected = [p for p in problems if not any(p.startswith(w) for w in expected)]
    assert unexpected == [], "problems no case asked for (follow-on, duplicate or false alarm)"


def _no_pages_written(result):
    return not any(result.site.rglob("*.html"))


def test_every_source_fault_is_reported_once_and_alone(source_faults):
    _assert_group(source_faults, [wanted for _, wanted in SOURCE_FAULTS.values()])


@pytest.mark.parametrize("name", SOURCE_FAULTS)
def test_a_source_fault_fails_the_build_at_its_line_before_a_page_is_written(source_faults, name):
    problems = tinybook.problem_lines(source_faults.log)
    assert any(p.startswith(SOURCE_FAULTS[name][1]) for p in problems), problems
    assert source_faults.returncode != 0 and _no_pages_written(source_faults)


# --- faults in questions: the question hook aborts before any page is written ---------------------

QUESTION_FAULTS = {
    "bad-level": (
        "ch/q-level.md",
        question("Q1？", "level=困难 tags=pod"),
        'docs/ch/q-level.md:2: question "Q1？": level',
    ),
    "unknown-tag": (
        "ch/q-tag.md",
        question("Q2？", "level=基础 tags=pods"),
        "docs/ch/q-tag.md:2: question \"Q2？\": unknown tag 'pods'",
    ),
    "stray-word": (
        "ch/q-word.md",
        question("Q3？", "level=基础 tags=pod 进阶"),
        "docs/ch/q-word.md:2: question \"Q3？\": '进阶' in the metadata line is not a field=value pair",
    ),
    "unknown-field": (
        "ch/q-field.md",
        question("Q4？", "level=基础 tag=pod"),
        "docs/ch/q-field.md:2: question \"Q4？\": unknown field 'tag'",
    ),
    "bad-id": (
        "ch/q-id.md",
        question("Q5？", "id=Q_5 level=基础 tags=pod"),
        'docs/ch/q-id.md:2: question "Q5？": id must be a lowercase slug',
    ),
    "no-metadata": (
        "ch/q-meta.md",
        '??? question "Q6？"\n\n    **答：** 一句话。\n',
        'docs/ch/q-meta.md:1: question "Q6？" needs \'<!-- q:',
    ),
    "no-answer": (
        "ch/q-empty.md",
        '??? question "Q7？"\n    <!-- q: level=基础 tags=pod -->\n',
        'docs/ch/q-empty.md:1: question "Q7？" has no answer',
    ),
    "answer-without-lead": (
        "ch/q-lead.md",
        question("Q8？").replace("**答：** ", ""),
        'docs/ch/q-lead.md:1: question "Q8？": the answer must open with **答：**',
    ),
    "not-folded": (
        "ch/q-admonition.md",
        question("Q9？", opener="!!! question"),
        "docs/ch/q-admonition.md:1: a question folds its answer: open it with ??? question, not !!!",
    ),
    "wrong-type": (
        "ch/q-note.md",
        question("Q10？", opener="??? note"),
        "docs/ch/q-note.md:1: this block has a question's metadata line but opens with '??? note'",
    ),
    "same-title": (
        "ch/q-same.md",
        question("Q1？"),
        'docs/ch/q-same.md:1: question "Q1？" is already asked at docs/ch/q-level.md:1',
    ),
    "same-id": (
        "ch/q-same-id.md",
        question("Q11？", "id=shared level=基础 tags=pod") + "\n" + question("Q12？", "id=shared level=基础 tags=pod"),
        "docs/ch/q-same-id.md:6: question \"Q12？\" has the anchor 'q-shared' of the question at "
        "docs/ch/q-same-id.md:1",
    ),
    "outside-chapters": (
        "errata.md",
        "# 勘误\n\n" + question("Q13？"),
        'docs/errata.md:3: question "Q13？" is on a page outside the chapters',
    ),
}


@pytest.fixture(scope="module")
def question_faults(tmp_path_factory):
    pages = {path: text for path, text, _ in QUESTION_FAULTS.values()}
    return tinybook.build(tinybook.write(tmp_path_factory.mktemp("questions"), pages))


def test_every_question_fault_is_reported_once_and_alone(question_faults):
    _assert_group(question_faults, [wanted for _, _, wanted in QUESTION_FAULTS.values()])


@pytest.mark.parametrize("name", QUESTION_FAULTS)
def test_a_question_fault_fails_the_build_at_its_line_before_a_page_is_written(question_faults, name):
    problems = tinybook.problem_lines(question_faults.log)
    assert any(p.startswith(QUESTION_FAULTS[name][2]) for p in problems), problems
    assert question_faults.returncode != 0 and _no_pages_written(question_faults)


# --- faults in the glossary data: the glossary hook aborts before any page is written --------------

GLOSSARY_ENTRIES = """\
- id: script-in-short
  en: Script
  zh: 脚本
  short: '<img src=x onerror=alert(1)>'
  tags: [pod]
  link: ch/index.md
- id: handler-in-ref
  en: Ref
  zh: 参考
  short: 一句话。
  tags: [pod]
  link: ch/index.md
  ref: 'https://kubernetes.io/" onmouseover="alert(1)'
- id: handler-in-link
  en: Link
  zh: 链接
  short: 一句话。
  tags: [pod]
  link: 'ch/index.md#sec" onmouseover="alert(1)'
- id: html-in-body
  en: Body
  zh: 正文
  short: 一句话。
  tags: [pod]
  link: ch/index.md
  body: |
    第一行。
    名字是 <plural>.<group>。
- id: missing-page
  en: Missing
  zh: 缺页
  short: 一句话。
  tags: [pod]
  link: ch/nowhere.md
- id: unknown-tag
  en: Tagged
  zh: 标签
  short: 一句话。
  tags: [pods]
  link: ch/index.md
- id: relates-to-broken
  en: Related
  zh: 相关
  short: 一句话。
  tags: [pod]
  link: ch/index.md
  related: [script-in-short, handler-in-ref, no-such-term]
- id: pod
  en: Pod
  zh: ""
  short: 重复的 id。
  tags: [pod]
  link: ch/index.md
"""
GLOSSARY_TEXT = tinybook.TERMS + GLOSSARY_ENTRIES


def _at(needle, message):
    return f"docs/glossary/terms.yml:{tinybook.line_of(GLOSSARY_TEXT, needle)}: {message}"


GLOSSARY_FAULTS = {
    "script-in-short": _at("short: '<img", "term 'script-in-short': 'short' is plain text, but <img src=x"),
    "handler-in-ref": _at("ref: 'https://kubernetes.io/\"", "term 'handler-in-ref': 'ref' is not a valid URL"),
    "handler-in-link": _at("link: 'ch/index.md#sec\"", "term 'handler-in-link': 'link' has a malformed anchor"),
    "html-in-body": _at("名字是 <plural>", "term 'html-in-body': 'body' is Markdown without HTML"),
    "missing-page": _at("link: ch/nowhere.md", "term 'missing-page': 'link' target docs/ch/nowhere.md does not exist"),
    "unknown-tag": _at("tags: [pods]", "term 'unknown-tag': unknown tag 'pods'"),
    "unknown-related": _at(
        "related: [script-in-short", "term 'relates-to-broken': related term 'no-such-term' is not defined"
    ),
    "duplicate-id": _at(
        '- id: pod\n  en: Pod\n  zh: ""\n  short: 重复', "duplicate id 'pod' (first defined at line 1)"
    ),
}


@pytest.fixture(scope="module")
def glossary_faults(tmp_path_factory):
    return tinybook.build(tinybook.write(tmp_path_factory.mktemp("glossary"), {}, terms=GLOSSARY_TEXT))


def test_every_glossary_fault_is_reported_once_and_alone(glossary_faults):
    """A term that fails validation is reported once: 'relates-to-broken' names two broken terms and is
    blamed only for the one that does not exist at all."""
    _assert_group(glossary_faults, list(GLOSSARY_FAULTS.values()))


@pytest.mark.parametrize("name", GLOSSARY_FAULTS)
def test_a_glossary_fault_fails_the_build_at_its_line_before_a_page_is_written(glossary_faults, name):
    problems = tinybook.problem_lines(glossary_faults.log)
    assert any(p.startswith(GLOSSARY_FAULTS[name]) for p in problems), problems
    assert glossary_faults.returncode != 0 and _no_pages_written(glossary_faults)


def test_malformed_glossary_yaml_fails_at_its_line(tmp_path):
    terms = tinybook.TERMS.replace("  tags: [scheduling]\n", "  tags: [scheduling\n")
    result = tinybook.build(tinybook.write(tmp_path, {}, terms=terms))
    problems = tinybook.problem_lines(result.log)
    assert result.returncode != 0
    line = tinybook.line_of(terms, "tags: [scheduling\n")
    assert len(problems) == 1 and problems[0].startswith(f"docs/glossary/terms.yml:{line}: malformed YAML"), problems


# --- broken links: the link checker fails the build, once per link, at the line it was written on ---

LINK_FAULTS = {
    "missing-page": (
        "ch/l-page.md",
        "# 页\n\n见 [别处](nowhere.md)。\n",
        "docs/ch/l-page.md:3: 'nowhere.md' is not a page",
    ),
    "missing-anchor": (
        "ch/l-anchor.md",
        "# 页\n\n见 [小节](index.md#no-such-section)。\n",
        "docs/ch/l-anchor.md:3: anchor #no-such-section not found on ch/index.html",
    ),
    "missing-image": (
        "ch/l-image.md",
        "# 页\n\n![图](diagram.png)\n",
        "docs/ch/l-image.md:3: image not found: 'diagram.png'",
    ),
    "raw-html": (
        "ch/l-raw.md",
        '# 页\n\n<p><a href="../#gone">raw</a></p>\n',
        "docs/ch/l-raw.md:3: anchor #gone not found on ch/index.html",
    ),
    "in-answer": (
        "ch/l-answer.md",
        "# 页\n\n" + question("链接题？").replace("一句话。", "一句话，见 [小节](index.md#absent)。"),
        "docs/ch/l-answer.md:6: anchor #absent not found on ch/index.html",
    ),
    "in-admonition": (
        "ch/l-admonition.md",
        '# 页\n\n!!! note "提示"\n    见 [小节](index.md#absent-too)。\n',
        "docs/ch/l-admonition.md:4: anchor #absent-too not found on ch/index.html",
    ),
    "insecure": (
        "ch/l-http.md",
        "# 页\n\n[文档](http://kubernetes.io/docs/home/)\n",
        "docs/ch/l-http.md:3: insecure link 'http://kubernetes.io/docs/home/'",
    ),
    "malformed-url": (
        "ch/l-url.md",
        '# 页\n\n<a href="https://exa mple.org/">x</a>\n',
        "docs/ch/l-url.md:3: malformed URL",
    ),
    "root-absolute": (
        "ch/l-root.md",
        '# 页\n\n<a href="/ch/">x</a>\n',
        "docs/ch/l-root.md:3: root-absolute link '/ch/' breaks when the site is served from a sub-path",
    ),
    "outside": (
        "ch/l-outside.md",
        "# 页\n\n![x](../../../x.png)\n",
        "docs/ch/l-outside.md:3: '../../../x.png' points outside",
    ),
    "diagram-click": (
        "ch/l-click.md",
        '# 页\n\n```mermaid\nflowchart LR\n  A --> B\n  click A "http://kubernetes.io/docs/"\n```\n',
        "docs/ch/l-click.md:6: insecure link 'http://kubernetes.io/docs/'",
    ),
    "diagram-click-page": (
        "ch/l-click-page.md",
        '# 页\n\n```mermaid\nflowchart LR\n  A --> B\n  click B "../nowhere/"\n```\n',
        "docs/ch/l-click-page.md:6: page or file not found: '../nowhere/'",
    ),
}
# The glossary's own links are checked on the generated glossary page and reported in the data file.
LINKED_TERMS = """\
- id: anchor-gone
  en: Gone
  zh: 不见了
  short: 一句话。
  tags: [pod]
  link: ch/index.md#gone
- id: body-link
  en: Body link
  zh: 正文链接
  short: 一句话。
  tags: [pod]
  link: ch/index.md
  body: |
    **详见** [小节](../ch/index.md#sec)，以及
    [别处](../ch/index.md#elsewhere)。
"""
LINKED_TEXT = tinybook.TERMS + LINKED_TERMS
GLOSSARY_LINK_FAULTS = [
    f"docs/glossary/terms.yml:{tinybook.line_of(LINKED_TEXT, 'link: ch/index.md#gone')}: anchor #gone not found",
    f"docs/glossary/terms.yml:{tinybook.line_of(LINKED_TEXT, '[别处]')}: anchor #elsewhere not found on ch/index.html",
]


@pytest.fixture(scope="module")
def link_faults(tmp_path_factory):
    pages = {path: text for path, text, _ in LINK_FAULTS.values()}
    folder = tinybook.write(tmp_path_factory.mktemp("links"), pages, terms=LINKED_TEXT)
    return tinybook.build(folder)


def test_every_broken_link_is_reported_once_never_against_the_print_page(link_faults):
    _assert_group(link_faults, [wanted for _, _, wanted in LINK_FAULTS.values()] + GLOSSARY_LINK_FAULTS)
    assert "print_page" not in link_faults.log.split("link check:")[0].split("ERROR", 1)[-1]


@pytest.mark.parametrize("name", LINK_FAULTS)
def test_a_broken_link_fails_the_build_at_its_line(link_faults, name):
    problems = tinybook.problem_lines(link_faults.log)
    assert any(p.startswith(LINK_FAULTS[name][2]) for p in problems), problems
    assert link_faults.returncode != 0


def test_a_broken_link_fails_even_a_quiet_build(tmp_path):
    """`-q` stops MkDocs from counting warnings; the link checker aborts the build itself."""
    page = {"ch/a.md": "# A\n\n见 [小节](index.md#nowhere)。\n"}
    result = tinybook.build(tinybook.write(tmp_path, page), "-q")
    assert result.returncode != 0 and "docs/ch/a.md:3: anchor #nowhere not found" in result.log


# --- valid unusual input: the strict build passes --------------------------------------------------

VALID = {
    "footnotes": "# 脚注\n\n正文[^1]，再一处[^long]。\n\n[^1]: 第一条。\n[^long]: 第二条，带 [链接](index.md#sec)。\n",
    "paragraph-id": "# 段落\n\n一段有 id 的话。\n{#para-anchor}\n\n[回到这段](#para-anchor)\n",
    "link-to-paragraph": "# 引用段落\n\n[那一段](paragraph-id.md#para-anchor)\n",
    "query-string": "# 查询\n\n[带参数](index.md?tab=yaml#sec) 与 [只有参数](index.md?x=1)\n",
    "not-in-nav-link": "# 未列入\n\n[草稿页](../drafts/draft.md) 与 [其中小节](../drafts/draft.md#part)\n",
    "hosts": (
        "# 主机\n\n"
        "<http://[::1]:8080/healthz>、<https://例子.测试/路径>、"
        "<http://my_service.default.svc:8080/>、<https://xn--fiqs8s.example/>、<http://10.96.0.10:53/>\n"
    ),
    "chinese-anchor": (
        "# 中文锚点\n\n## 调度 {#调度}\n\n[编码的](#%E8%B0%83%E5%BA%A6)、[原样的](#调度)、[跨页](paragraph-id.md)\n"
    ),
    "fenced-id": "# 代码块\n\n```yaml {#pod-manifest}\nkind: Pod\n```\n\n[这个清单](#pod-manifest)\n",
    "question-title-quotes": (
        "# 题\n\n## 面试题 {#interview}\n\n"
        + question('HPA 显示 TARGETS 为 <unknown>，"kubectl top" 也没有数据？', "level=进阶 tags=pod, scheduling")
        + "\n"
        + question("能折叠打开吗？", "id=open-question level=高级 tags=pod，scheduling", opener="???+ question")
    ),
    "question-example-in-code": (
        "# 格式\n\n````markdown\n" + question("示例？", "level=不存在") + "??? question '示例'\n````\n"
    ),
    "diagram-click": '# 图\n\n```mermaid\nflowchart LR\n  A --> B\n  click A "https://kubernetes.io/zh-cn/"\n```\n',
    "title-only-admonition": '# 提示\n\n!!! note "只有标题"\n\n随后的段落。\n',
    "markdown-variety": (
        "# 杂项\n\n"
        '[带标题](index.md "标题") [尖括号](<index.md>) [引用][ref] [隐式引用][] '
        "[带括号](https://en.wikipedia.org/wiki/Pod_(Kubernetes)) <mailto:someone@example.org>\n\n"
        "- [ ] 任务\n- [x] 完成\n\n"
        '=== "YAML"\n\n    ```yaml\n    kind: Pod\n    ```\n\n'
        "<details markdown>\n<summary>原始 HTML</summary>\n\n**粗体**\n\n</details>\n\n"
        "`[不是][链接]` 与 `<div>` 都是代码。\n\n"
        "[ref]: https://kubernetes.io/zh-cn/\n[隐式引用]: index.md\n"
    ),
    "tab-indented": (
        '# 制表符\n\n!!! note "用制表符缩进"\n\t正文。\n\n## 面试题 {#interview}\n\n'
        + question("制表符缩进的题？").replace("\n    ", "\n\t")
    ),
    "links-to-generated-pages": (
        "# 生成页\n\n[题库](../questions/index.md)、[术语 Pod](../glossary/index.md#term-pod)、"
        "[本章](index.md)、[本章目录](../ch/index.md)、[图标](../assets/images/favicon.svg)\n\n"
        '<a id="raw-anchor"></a>原始锚点，[链过来](#raw-anchor)。\n\n'
        '![图标](../assets/images/favicon.svg){ width="32" }\n'
    ),
    "diagram-directives": (
        "# 图\n\n```mermaid\n%%{init: {'theme': 'neutral'}}%%\nflowchart TD\n  A --> B\n```\n\n"
        "```mermaid\n---\ntitle: 带标题\n---\nsequenceDiagram\n  A->>B: 1. 请求\n```\n"
    ),
    "dots-closed-front-matter": "---\ndescription: 用 ... 结束的 front matter\n...\n# 点号\n\n正文。\n",
}
VALID_TERMS = """\
- id: crd
  en: CustomResourceDefinition
  zh: 定制资源定义
  short: 名字必须是 <plural>.<group> 的形式。
  tags: [api]
  link: ch/index.md#sec
  body: |
    **名字**是 `<plural>.<group>`，详见 [小节](../ch/index.md#sec)。
"""


@pytest.fixture(scope="module")
def valid_book(tmp_path_factory):
    pages = {f"ch/{name}.md": text for name, text in VALID.items()}
    pages["drafts/draft.md"] = "# 草稿\n\n## 一部分 {#part}\n"
    folder = tmp_path_factory.mktemp("valid")
    tinybook.write(folder, pages, terms=tinybook.TERMS + VALID_TERMS, not_in_nav=("drafts/",))
    return tinybook.build(folder)


def test_the_valid_book_builds_strictly_without_a_warning(valid_book):
    assert valid_book.returncode == 0, valid_book.log
    assert tinybook.problem_lines(valid_book.log) == []


@pytest.mark.parametrize("name", VALID)
def test_valid_unusual_input_raises_no_problem(valid_book, name):
    assert not [p for p in tinybook.problem_lines(valid_book.log) if f"ch/{name}" in p]
    assert (valid_book.site / f"ch/{name}/index.html").is_file()


def test_valid_input_renders_as_written(valid_book):
    def page(name):
        return (valid_book.site / name / "index.html").read_text(encoding="utf-8")

    questions = page("ch/question-title-quotes")
    assert "HPA 显示 TARGETS 为 &lt;unknown&gt;，" in questions and "kubectl top" in questions
    assert 'id="q-open-question"' in questions
    bank = page("questions")
    assert 'data-tags="pod scheduling"' in bank  # `tags=pod, scheduling`: both tags kept
    assert "示例？" not in bank  # the example in a code block is not a question
    assert "制表符缩进的题？" in bank  # a body indented with tabs is read as Markdown reads it
    glossary = page("glossary")
    assert "<strong>名字</strong>是 <code>&lt;plural&gt;.&lt;group&gt;</code>" in glossary
    assert "名字必须是 &lt;plural&gt;.&lt;group&gt; 的形式。" in glossary
    assert 'id="para-anchor"' in page("ch/paragraph-id") and 'id="pod-manifest"' in page("ch/fenced-id")


# --- faults only `make lint` sees ------------------------------------------------------------------


def _lint(module, tmp_path, pages):
    folder = tinybook.write(tmp_path, pages)
    return [str(p) for p in module.check(folder)]


def test_mermaid_syntax_errors_fail_lint_at_their_line(tmp_path):
    pages = {
        "ch/broken.md": (
            '# 图\n\n!!! note "嵌套"\n\n    ```mermaid\n    flowchart TD\n      A --> B\n      B -->\n    ```\n\n'
            "```mermaid\nsequenceDiagram\n  A->>B: 好\n  A-->>>B: 坏\n```\n"
        ),
        "ch/rules.md": (
            '# 规则\n\n```mermaid\npie\n  "a": 1\n```\n\n```mermaid\nsequenceDiagram\n  autonumber\n  A->>B: x\n```\n'
        ),
        "ch/fine.md": "# 好\n\n```mermaid\nstateDiagram-v2\n  [*] --> A\n  A --> [*]\n```\n",
    }
    problems = sorted(_lint(mermaid_check, tmp_path, pages), key=lambda p: (p.split(":")[0], int(p.split(":")[1])))
    assert [p.split(": ", 1)[0] for p in problems] == [
        "docs/ch/broken.md:8",
        "docs/ch/broken.md:14",
        "docs/ch/rules.md:4",
        "docs/ch/rules.md:10",
    ], problems
    assert "Mermaid syntax error" in problems[0] and "Mermaid syntax error" in problems[1]
    assert "diagram type 'pie'" in problems[2] and "autonumber" in problems[3]


def test_the_books_conventions_fail_lint_at_their_line(tmp_path):
    pages = {"ch/plain.md": "# 页\n\n## 没有锚点\n\n正文。\n"}
    assert _lint(markdown_check, tmp_path, pages) == [
        "docs/ch/plain.md:3: a ## or ### heading needs an explicit anchor: ## 标题 {#kebab-case-anchor}"
    ]
    front = _lint(frontmatter_check, tmp_path, {"ch/plain.md": "---\ntitle: x\n---\n# 页\n"})
    assert "docs/ch/plain.md:1: front matter needs a description (shown in search results)" in front


def test_the_shape_of_chapter_pages_fails_lint_at_its_line(tmp_path):
    chapter = (
        "# 章\n\n> 摘要。\n\n## 小节 {#sec}\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\n"
        "## 参考 {#references}\n\n- [官方](https://kubernetes.io/zh-cn/)\n"
    )
    pages = {
        "ch/index.md": chapter,
        "ch/bare.md": '# 无摘要\n\n正文。\n\n!!! warning "常见误区"\n    原笔记说……\n',
        "ch/unofficial.md": "# 页\n\n> 摘要。\n\n## 参考 {#references}\n\n- [博客](https://example.org/)\n",
        "errata.md": "# 勘误\n\n| 页 |\n| --- |\n| [无误区](ch/index.md#sec) |\n",
    }
    assert sorted(_lint(pages_check, tmp_path, pages)) == [
        "docs/ch/bare.md:1: the title needs a one-line summary under it: > 读完本页你会知道……",
        "docs/ch/bare.md:5: this 常见误区 is not listed on the errata page (docs/errata.md)",
        "docs/ch/bare.md:6: the page ends with ## 参考 {#references}: the official pages it was checked against",
        "docs/ch/index.md:1: the chapter has 1 diagram(s): draw at least two",
        "docs/ch/unofficial.md:5: 参考 lists no official page (kubernetes.io, etcd.io, prometheus.io, helm.sh)",
        "docs/errata.md:5: ch/index.md#sec is not a section with a 常见误区 trap",
    ]
