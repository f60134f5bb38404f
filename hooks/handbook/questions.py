"""Interview questions: parsed from the chapters' `??? question` blocks, validated, shown with level and
tag badges, and gathered into the question bank and the self-test, so each question has one source."""

import html
import json
import posixpath
import re
from dataclasses import dataclass, field

from .glossary import TAGS

LEVELS = ("基础", "进阶", "高级")
_OPENER = re.compile(r'^(?P<indent> *)\?\?\?\+? question(?: [\w-]+)* "(?P<title>[^"]*)"\s*$')
_META = re.compile(r"^<!--\s*q:\s*(?P<fields>.*?)\s*-->$")


@dataclass
class Question:
    src_uri: str  # "scheduling/taints.md"
    index: int  # 1-based position on its page
    line: int  # line of the ??? opener in the source file
    title: str
    level: str
    tags: list
    body: list = field(default_factory=list)  # the block's lines without the opener, as written
    meta_line: int = 0

    @property
    def id(self):
        # Same stem as print-site's page key for the page's URL ("a/index.md" -> "a"), which the print
        # hook relies on when it prefixes question anchors.
        stem = self.src_uri[:-3]
        stem = stem[: -len("/index")] if stem.endswith("/index") else stem
        return "q-" + stem.replace("/", "-") + f"-{self.index}"

    @property
    def chapter(self):
        return self.src_uri.split("/", 1)[0] if "/" in self.src_uri else ""


def parse(markdown, src_uri, src_path=None):
    """Return (questions, problems) of one page's Markdown source (front matter included)."""
    src_path = src_path or f"docs/{src_uri}"
    lines = markdown.split("\n")
    questions, problems = [], []
    number = 0
    i = 0
    while i < len(lines):
        opener = _OPENER.match(lines[i])
        if not opener:
            i += 1
            continue
        number += 1
        indent = len(opener.group("indent")) + 4
        title = opener.group("title").strip()
        start = i
        body = []
        i += 1
        while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip(" ")) >= indent):
            body.append(lines[i])
            i += 1
        while body and not body[-1].strip():
            body.pop()
        question = Question(src_uri, number, start + 1, title, "", [], body)
        _read_meta(question, body, indent, start, src_path, problems)
        answer = "\n".join(line for line in body if not _META.match(line.strip())).strip()
        if not title:
            problems.append(f"{src_path}:{start + 1}: a question without a title")
        if not answer:
            problems.append(f'{src_path}:{start + 1}: question "{title}" has no answer')
        elif "**答：**" not in answer:
            problems.append(
                f'{src_path}:{start + 1}: question "{title}": the answer must open with '
                f"**答：** and a one-sentence answer"
            )
        questions.append(question)
    return questions, problems


def _read_meta(question, body, indent, start, src_path, problems):
    first = next(((n, line) for n, line in enumerate(body) if line.strip()), None)
    meta = _META.match(first[1].strip()) if first else None
    if not meta:
        problems.append(
            f'{src_path}:{start + 1}: question "{question.title}" needs '
            f"'<!-- q: level=基础|进阶|高级 tags=a,b -->' as its first line"
        )
        return
    question.meta_line = start + 2 + first[0]
    fields = dict(part.split("=", 1) for part in meta.group("fields").split() if "=" in part)
    question.level = fields.get("level", "")
    question.tags = [t for t in fields.get("tags", "").split(",") if t]
    if question.level not in LEVELS:
        problems.append(
            f'{src_path}:{question.meta_line}: question "{question.title}": level must be one of '
            f"{'/'.join(LEVELS)}, not '{question.level}'"
        )
    if not question.tags:
        problems.append(f'{src_path}:{question.meta_line}: question "{question.title}": give at least one tag')
    for tag in question.tags:
        if tag not in TAGS:
            problems.append(f"{src_path}:{question.meta_line}: question \"{question.title}\": unknown tag '{tag}'")


def badges(question):
    """The inline HTML that replaces a question's metadata comment: level and tag badges, and the
    question's anchor (inline HTML keeps the block's line count, so reported lines stay true)."""
    spans = [f'<span class="hb-badge hb-badge--{question.level}">{question.level}</span>']
    spans += [f'<span class="hb-badge">{html.escape(TAGS.get(t, t))}</span>' for t in question.tags]
    return f'<span class="hb-q-meta" id="{question.id}">{" ".join(spans)}</span>'


def show_badges(markdown, questions):
    """Replace each question's metadata comment with its badges, keeping every line where it was."""
    lines = markdown.split("\n")
    for question in questions:
        if not question.meta_line:
            continue
        index = question.meta_line - 1
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip(" "))]
        lines[index] = indent + badges(question)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# The bank

BANK_DIR = "questions"


def index_page(chapters, questions, page_titles):
    """Markdown of questions/index.md: counts per chapter and level, then every question grouped by
    chapter, filterable by chapter, level and tag, each linking to the question in its section."""
    out = [
        "---",
        "description: 全书面试题的总索引：按章节、难度和标签筛选，每题链接到讲解它的小节。",
        "search:",
        "  exclude: true",
        "---",
        "",
        "# 面试题库",
        "",
        f"> 全书共 {len(questions)} 道面试题，都来自各章小节末尾的「面试题」，题目与答案只有一个来源。",
        "> 点击题目跳到正文中的原题（答案折叠在那里）；想一题一题地练，试试[自测模式](self-test.md)。",
        "",
        "## 各章题量 {#counts}",
        "",
        "| 章节 | " + " | ".join(LEVELS) + " | 合计 |",
        "| --- |" + " ---: |" * (len(LEVELS) + 1),
    ]
    for chapter, title in chapters:
        mine = [q for q in questions if q.chapter == chapter]
        if not mine:
            continue
        counts = [sum(q.level == level for q in mine) for level in LEVELS]
        out.append(f"| [{title}](#{chapter}) | " + " | ".join(map(str, counts)) + f" | {len(mine)} |")
    totals = [sum(q.level == level for q in questions) for level in LEVELS]
    out += [
        "| **合计** | " + " | ".join(f"**{n}**" for n in totals) + f" | **{len(questions)}** |",
        "",
        "## 全部题目 {#all}",
        "",
        '<div class="hb-bank-filter" data-scope="all"></div>',
        "",
    ]
    for chapter, title in chapters:
        mine = [q for q in questions if q.chapter == chapter]
        if not mine:
            continue
        out += [f"### {title} {{#{chapter}}}", "", '<ul class="hb-bank-list">']
        for q in mine:
            href = posixpath.relpath(q.src_uri, BANK_DIR)
            out.append(
                f'<li class="hb-q" data-chapter="{chapter}" data-level="{q.level}" data-tags="{" ".join(q.tags)}">'
                f"<!-- source: docs/{q.src_uri}:{q.line} -->"
                f'<span class="hb-badge hb-badge--{q.level}">{q.level}</span> '
                f'<a href="{_page_url(href)}#{q.id}">{html.escape(q.title)}</a> '
                f'<span class="hb-q-where">{html.escape(page_titles.get(q.src_uri, ""))}</span></li>'
            )
        out += ["</ul>", ""]
    return "\n".join(out) + "\n"


def _page_url(md_path):
    """A raw-HTML link to a page: Markdown links get .md rewritten, raw HTML does not."""
    stem = md_path[:-3]
    if stem.endswith("index"):
        return stem[: -len("index")]
    return stem + "/"


def self_test_page():
    return "\n".join(
        [
            "---",
            "description: 自测模式：按章节和难度随机抽题，先作答再展开答案，记录掌握情况（保存在本机浏览器）。",
            "search:",
            "  exclude: true",
            "---",
            "",
            "# 自测模式",
            "",
            "> 一次只看一道题：先在心里（或纸上）答完，再点「显示答案」对照，最后标记自己是否答对。",
            "> 掌握情况只保存在你自己的浏览器里，离线也能用。",
            "",
            '<div id="hb-selftest" data-questions="../questions.json">',
            '<noscript>自测模式需要启用 JavaScript。也可以直接阅读<a href="../">题库</a>。</noscript>',
            "</div>",
            "",
        ]
    )


_DETAILS = re.compile(r'<details class="question"[^>]*>\s*<summary>(.*?)</summary>(.*?)</details>', re.S)
_META_PARAGRAPH = re.compile(r'<p><span class="hb-q-meta" id="([^"]+)">.*?</span></p>', re.S)


def answers_from_html(page_html):
    """{question id: answer HTML} from a rendered chapter page (the badges left out)."""
    found = {}
    for match in _DETAILS.finditer(page_html):
        body = match.group(2)
        meta = _META_PARAGRAPH.search(body)
        if meta:
            found[meta.group(1)] = _META_PARAGRAPH.sub("", body, count=1).strip()
    return found


def self_test_data(questions, chapters, page_urls, answers):
    """The JSON the self-test page loads: one record per question, answers as HTML."""
    titles = dict(chapters)
    records = [
        {
            "id": q.id,
            "chapter": q.chapter,
            "chapterTitle": titles.get(q.chapter, q.chapter),
            "page": page_urls.get(q.src_uri, ""),
            "title": q.title,
            "level": q.level,
            "tags": q.tags,
            "answer": answers.get(q.id, ""),
        }
        for q in questions
    ]
    return json.dumps(
        {"levels": list(LEVELS), "tags": TAGS, "chapters": chapters, "questions": records},
        ensure_ascii=False,
        separators=(",", ":"),
    )
