"""Interview questions: parsed from the chapters' `??? question` blocks, validated, shown with level and
tag badges, and gathered into the question bank and the self-test, so each question has one source."""

import difflib
import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from pymdownx import slugs

from . import mdsource
from .glossary import TAGS

LEVELS = ("基础", "进阶", "高级")
PARSED_CACHE = "questions:parsed"  # handbook.pagecache name of {src_uri: [Question]}, filled by questions_hook
FIELDS = ("id", "level", "tags")
# A collapsible block as pymdownx.details reads it: `???` or `???+`, type words, a title in double quotes
# (which may itself contain quotes: the title runs to the last quote of the line).
_BLOCK = re.compile(
    r'^(?P<indent> *)(?P<marker>\?{3}\+?|!{3}) ?(?P<types>[\w-]+(?: +[\w-]+)*?)?(?: +"(?P<title>.*)")? *$'
)
# Anything that looks like a question opener, to name the ones the extension would not read.
_NEAR_OPENER = re.compile(r"^ *(?:\?{3}\+?|!{3}) *question\b", re.I)
_META = re.compile(r"^<!--\s*q:\s*(?P<fields>.*?)\s*-->$")
_META_LIKE = re.compile(r"^<!--\s*q\b")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_slugify = slugs.slugify(case="lower")


@dataclass
class Question:
    src_uri: str  # "scheduling/taints.md"
    index: int  # 1-based position on its page (only to keep the bank in page order)
    line: int  # line of the ??? opener in the source file
    title: str
    level: str
    tags: list
    body: list = field(default_factory=list)  # the block's lines without the opener, as written
    meta_line: int = 0
    given_id: str = ""  # the metadata's id=, when the author gave one

    @property
    def id(self):
        """The question's anchor: `q-` and the author's id=, else a slug of the title. Both are content
        the author controls, so inserting, moving or deleting other questions never changes it."""
        return "q-" + (self.given_id or _slugify(self.title, "-"))

    @property
    def chapter(self):
        return self.src_uri.split("/", 1)[0] if "/" in self.src_uri else ""


def parse(markdown, src_uri, src_path=None):
    """Return (questions, problems) of one page's Markdown source (front matter included)."""
    src_path = src_path or f"docs/{src_uri}"
    lines = markdown.expandtabs(4).split("\n")  # Python-Markdown reads a tab as four spaces
    code = mdsource.code_lines(lines)
    questions, problems = [], []
    for i, line in enumerate(lines):
        if i in code or not line.lstrip(" ").startswith(("???", "!!!")):
            continue
        block = _BLOCK.match(line)
        types = (block.group("types") or "").split() if block else []
        if not block or (types[:1] == ["question"] and block.group("title") is None):
            if _NEAR_OPENER.match(line):
                problems.append(
                    f"{src_path}:{i + 1}: a question opens with ??? question and its title in double quotes: "
                    f'??? question "Pod 为什么一直 Pending？"'
                )
            continue
        indent = len(block.group("indent")) + 4
        body = _body(lines, i + 1, indent)
        first = next((text.strip() for text in body if text.strip()), "")
        if types[:1] != ["question"]:
            if _META_LIKE.match(first):
                kind = f"{block.group('marker')} {' '.join(types)}"
                problems.append(
                    f"{src_path}:{i + 1}: this block has a question's metadata line but opens with "
                    f"'{kind}': write ??? question \"…\""
                )
            continue
        if block.group("marker") == "!!!":
            if _META_LIKE.match(first):
                problems.append(f"{src_path}:{i + 1}: a question folds its answer: open it with ??? question, not !!!")
            continue
        question = Question(src_uri, len(questions) + 1, i + 1, block.group("title").strip(), "", [], body)
        _read_meta(question, body, i, src_path, problems)
        _check_answer(question, src_path, problems)
        questions.append(question)
    return questions, problems


# The answer's last line names the sections that explain the question: `相关：[三种探针](#probe-types)、…`.
_RELATED_LINE = re.compile(r"^\s*相关[：:]")
_MARKDOWN_LINK_TARGET = re.compile(r"\]\(([^()\s]+)\)")


def related_targets(question):
    """The book's sections the question's 相关 line links to, as docs paths with their anchor
    ("pod-lifecycle/probes.md#probe-types"), resolved from the question's page; links that leave the
    book's Markdown (other sites, images, the glossary's HTML) are left out."""
    targets = []
    for line in question.body:
        if not _RELATED_LINE.match(line):
            continue
        for link in _MARKDOWN_LINK_TARGET.findall(line):
            path, _, anchor = link.partition("#")
            if "://" in path or (path and not path.endswith(".md")):
                continue
            here = posixpath.dirname(question.src_uri)
            page = posixpath.normpath(posixpath.join(here, path)) if path else question.src_uri
            if page.startswith("../"):
                continue
            target = page + (f"#{anchor}" if anchor else "")
            if target not in targets:
                targets.append(target)
    return targets


def _body(lines, start, indent):
    body, i = [], start
    while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip(" ")) >= indent):
        body.append(lines[i])
        i += 1
    while body and not body[-1].strip():
        body.pop()
    return body


def _check_answer(question, src_path, problems):
    where = f'{src_path}:{question.line}: question "{question.title}"'
    if not question.title:
        problems.append(f"{src_path}:{question.line}: a question without a title")
    answer = [text.strip() for text in question.body if text.strip() and not _META.match(text.strip())]
    if not answer:
        problems.append(f"{where} has no answer")
    elif not answer[0].startswith("**答：**"):
        problems.append(f"{where}: the answer must open with **答：** and a one-sentence answer")


def _read_meta(question, body, start, src_path, problems):
    first = next(((n, line) for n, line in enumerate(body) if line.strip()), None)
    meta = _META.match(first[1].strip()) if first else None
    if not meta:
        problems.append(
            f'{src_path}:{start + 1}: question "{question.title}" needs '
            f"'<!-- q: level=基础|进阶|高级 tags=a,b -->' as its first line"
        )
        return
    question.meta_line = start + 2 + first[0]
    where = f'{src_path}:{question.meta_line}: question "{question.title}"'
    before = len(problems)
    fields = _meta_fields(meta.group("fields"), where, problems)
    if len(problems) > before:  # a misspelled field: the fields it was meant to be are not missing too
        fields = {"level": LEVELS[0], "tags": next(iter(TAGS)), **fields}
    question.level = fields.get("level", "")
    question.tags = list(dict.fromkeys(t for t in fields.get("tags", "").split(",") if t))
    question.given_id = fields.get("id", "")
    if question.given_id and not _ID.fullmatch(question.given_id):
        problems.append(f"{where}: id must be a lowercase slug like 'pending-reasons', not '{question.given_id}'")
        question.given_id = ""
    elif question.title and not question.given_id and not _slugify(question.title, "-"):
        problems.append(f"{where}: give it an id= (its title has nothing to make an anchor from)")
    if question.level not in LEVELS:
        problems.append(f"{where}: level must be one of {'/'.join(LEVELS)}, not '{question.level}'")
    if not question.tags:
        problems.append(f"{where}: give at least one tag")
    for tag in question.tags:
        if tag not in TAGS:
            problems.append(f"{where}: unknown tag '{tag}' (known: {', '.join(TAGS)})")


def _meta_fields(text, where, problems):
    """{field: value} of a metadata line. Lists may be written `a,b`, `a, b` or with Chinese commas."""
    text = re.sub(r"\s*[,，、]\s*", ",", text)
    fields = {}
    for token in text.split():
        key, equals, value = token.partition("=")
        if not equals:
            problems.append(f"{where}: '{token}' in the metadata line is not a field=value pair")
        elif key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(FIELDS)}"
            problems.append(f"{where}: unknown field '{key}' ({hint})")
        elif key in fields:
            problems.append(f"{where}: field '{key}' given twice")
        else:
            fields[key] = value.strip("\"'")
    return fields


def read_book(sources, chapters, retired=()):
    """Every question of the book and every problem with them: (questions by page, problems).

    sources: {docs path: Markdown}; chapters: the chapter folders (questions elsewhere would be left out
    of the bank, so they are refused); retired: ids old links still use (see legacy_ids)."""
    by_page, problems = {}, []
    for src_uri, text in sources.items():
        if "???" not in text and "!!!" not in text:
            continue
        found, page_problems = parse(text, src_uri)
        problems += page_problems
        if found and src_uri.split("/", 1)[0] not in chapters:
            problems += [
                f'docs/{q.src_uri}:{q.line}: question "{q.title}" is on a page outside the chapters, so the '
                "bank and the self-test would leave it out: move it into a chapter's page"
                for q in found
            ]
        elif found:
            by_page[src_uri] = found
    problems += check_book([q for found in by_page.values() for q in found], retired=retired)
    return by_page, problems


def check_book(questions, src_path=lambda q: f"docs/{q.src_uri}", retired=()):
    """Problems across pages: two questions with one title or one id; an id= that an older question used.

    retired: ids that old links and saved progress still use (the legacy map's keys)."""
    problems, titles, ids = [], {}, {}
    for q in questions:
        where = f"{src_path(q)}:{q.line}"
        title = " ".join(q.title.split())
        if title in titles:
            problems.append(
                f'{where}: question "{q.title}" is already asked at {titles[title]}: the bank would list it '
                "twice; merge the two or ask something different"
            )
        elif q.id in ids:
            problems.append(
                f"{where}: question \"{q.title}\" has the anchor '{q.id}' of the question at {ids[q.id]}: "
                "give one of them another id="
            )
        elif q.id in retired:
            problems.append(f"{where}: '{q.id}' is the old anchor of another question: choose another id=")
        titles.setdefault(title, where)
        ids.setdefault(q.id, where)
    return problems


def badges(question, old_ids=()):
    """The inline HTML that replaces a question's metadata comment: level and tag badges, and the
    question's anchor, plus an empty anchor for each id old links still use (inline HTML keeps the
    block's line count, so reported lines stay true)."""
    spans = [f'<span class="hb-badge hb-badge--{question.level}">{question.level}</span>']
    spans += [f'<span class="hb-badge">{html.escape(TAGS.get(t, t))}</span>' for t in question.tags]
    spans += [f'<span id="{html.escape(old)}"></span>' for old in old_ids]
    return f'<span class="hb-q-meta" id="{html.escape(question.id)}">{" ".join(spans)}</span>'


def show_badges(markdown, questions, old_ids_of=None):
    """Replace each question's metadata comment with its badges, keeping every line where it was, and
    make its title plain text: pymdownx.details would pass `<unknown>` in a title on as an HTML tag, and
    the bank and the self-test show titles exactly as written.

    markdown: the page as MkDocs hands it on (no front matter, maybe changed by other hooks): the
    questions are found in it again, in the same order as `questions` (parsed from the source).
    old_ids_of: {question id: [old ids]} (see legacy_ids)."""
    old_ids_of = old_ids_of or {}
    lines = markdown.split("\n")
    here = parse(markdown, questions[0].src_uri)[0] if questions else []
    for question, place in zip(questions, here, strict=False):
        opener = lines[place.line - 1]
        quote = opener.index('"')
        lines[place.line - 1] = opener[: quote + 1] + html.escape(question.title, quote=False) + '"'
        if not place.meta_line:
            continue
        index = place.meta_line - 1
        line = lines[index].expandtabs(4)
        lines[index] = line[: len(line) - len(line.lstrip(" "))] + badges(question, old_ids_of.get(question.id, ()))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# Ids that earlier builds used

LEGACY_IDS = Path(__file__).with_name("legacy_question_ids.json")


def legacy_ids(path=LEGACY_IDS):
    """{old id: id}: the positional ids (q-<page>-<n>) questions had before ids became stable. Old deep
    links and readers' saved self-test progress still use them; the file is a frozen record written once
    by tools/migrate_question_ids.py."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def old_ids_by_question(legacy, questions):
    """{question id: [old ids]} for the questions that still exist (deleted ones keep no anchor)."""
    current = {q.id for q in questions}
    found = {}
    for old, new in legacy.items():
        if new in current and old not in current:
            found.setdefault(new, []).append(old)
    return found


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
                f'<a href="{_page_url(href)}#{html.escape(q.id)}">{html.escape(q.title)}</a> '
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


_DETAILS = re.compile(r'<details class="question\b[^"]*"[^>]*>\s*<summary>(.*?)</summary>(.*?)</details>', re.S)
_META_PARAGRAPH = re.compile(r'<p><span class="hb-q-meta" id="([^"]+)">.*?</span></p>', re.S)


def answers_from_html(page_html):
    """{question id: answer HTML} from a rendered chapter page (the badges left out)."""
    found = {}
    for match in _DETAILS.finditer(page_html):
        body = match.group(2)
        meta = _META_PARAGRAPH.search(body)
        if meta:
            found[html.unescape(meta.group(1))] = _META_PARAGRAPH.sub("", body, count=1).strip()
    return found


def self_test_data(questions, chapters, page_urls, answers, legacy=None):
    """The JSON the self-test page loads: one record per question, answers as HTML, and `legacyIds`
    ({old id: id}), with which the page moves progress saved under old ids to the questions' ids."""
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
    current = {q.id for q in questions}
    moved = {old: new for old, new in (legacy or {}).items() if new in current and old not in current}
    return json.dumps(
        {"levels": list(LEVELS), "tags": TAGS, "chapters": chapters, "questions": records, "legacyIds": moved},
        ensure_ascii=False,
        separators=(",", ":"),
    )
