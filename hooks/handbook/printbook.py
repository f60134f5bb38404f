"""The print page as a book: front matter, numbered chapters, appendices, a contents page and a colophon.

mkdocs-print-site-plugin joins every page in nav order, wraps each nav section in a section of its own
with the section's title as an extra <h1>, and leaves every page's title an <h1>. Read as a book that
repeats each chapter's name (the section's <h1>, then the chapter's index page with the same title) and
gives a flat outline. Here the joined pages are laid out again, from the book's own structure:

- the home page becomes the front matter 关于本书 (its title is the book's, which the cover already shows);
- a chapter (handbook.nav.chapters: a nav section whose pages live in one folder) opens with its index
  page, whose <h1> is the chapter heading; its other pages follow with their headings one level down, so
  Chromium's bookmarks (built from h1-h6) nest sections under chapters;
- the remaining pages (question bank, glossary, errata) become appendices;
- a contents page lists them with an empty page-number box per entry, filled in after printing
  (tools/pdf_finish.py reads each box's target page from the printed PDF itself);
- a colophon closes the book.

Numbers: when the pages' own headings carry chapter/section numbers (a numbering hook at build time),
they are kept as they are; otherwise the print page numbers chapters 第 N 章 and sections N.M itself.
"""

import html
import re
from dataclasses import dataclass, field

FRONT_TITLE = "关于本书"
CONTENTS_TITLE = "目录"
APPENDIX_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PAGE_MARK_PREFIX = "hb-toc-"
COLOPHON_KEY = "hb-colophon"

_PAGE = re.compile(
    r'<section class="print-page" id="(?P<key>[^"]+)" heading-number="[^"]*">(?P<body>.*?)</section>', re.S
)
_COVER = re.compile(r'<section id="print-site-cover-page">(?P<body>.*?)</section>', re.S)
_NAV_SECTION = re.compile(r"<section class='print-page md-section' id='(?P<id>[^']+)'")
_ROOT = '<div id="print-site-page"'
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_FIRST_HEADING = re.compile(r"<h(?P<level>[1-6])(?P<attrs>[^>]*)>(?P<inner>.*?)</h(?P=level)>", re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
# A heading that already starts with a number: "3.2 Pod", "第 3 章 调度", "附录 A 术语表".
_NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)+\s|第\s*\d+\s*章|附录\s*[A-Z]\b)")


class PrintPageError(ValueError):
    """The print page does not have the shape mkdocs-print-site-plugin gives it."""


@dataclass
class Part:
    """One page of the book as laid out: which kind, its number, and its HTML."""

    key: str  # print-site's page key, the section's id ("scheduling-taints")
    kind: str  # "front", "chapter", "section" or "appendix"
    number: str = ""  # "第 3 章", "3.2", "附录 A" (empty when the page's headings carry their own)
    title: str = ""  # the page's title as its heading reads (with the page's own number, if it has one)
    body: str = ""
    children: list = field(default_factory=list)  # sections of a chapter


def text_of(fragment):
    """Plain text of an HTML fragment (tags dropped, entities decoded, whitespace collapsed)."""
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub("", _HEADERLINK.sub("", fragment)))).strip()


def first_heading_text(body):
    match = _FIRST_HEADING.search(body)
    return text_of(match.group("inner")) if match else ""


def carries_numbers(bodies):
    """True when the pages' own titles already start with numbers (a numbering hook ran at build time)."""
    titles = [first_heading_text(body) for body in bodies]
    return any(_NUMBERED.match(title) for title in titles if title)


def shift_headings(body, levels):
    """Move every heading `levels` down (h1 -> h2 ...), never past h6."""
    if not levels:
        return body
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + levels)}", body)


def page_marker(key):
    """The id of the empty mark inside a part's first heading that the contents' page box links to: a
    destination of its own, so the boxes can be told apart from every other link in the PDF."""
    return f"{PAGE_MARK_PREFIX}{key}"


def retitle(body, title=None, number="", marker=""):
    """Give the page's first heading a number (a span before its text), a new title, and/or the empty
    mark the contents page links to."""

    def fix(match):
        inner = match.group("inner")
        if title is not None:
            link = _HEADERLINK.search(inner)
            inner = html.escape(title) + (link.group(0) if link else "")
        if number:
            inner = f'<span class="hb-num">{html.escape(number)}</span> ' + inner
        if marker:
            inner = f'<span class="hb-toc-mark" id="{marker}"></span>' + inner
        return f"<h{match.group('level')}{match.group('attrs')}>{inner}</h{match.group('level')}>"

    return _FIRST_HEADING.sub(fix, body, count=1)


def prefix_question_ids(key, body):
    """print-site prefixes links into a page with the page's key (`#key-anchor`) but rewrites ids only on
    h1-h6, sup and li. A question's anchor is the id of its badge line (<span class="hb-q-meta">): give
    it the same prefix, whatever the id looks like."""
    return re.sub(
        r'(<span class="hb-q-meta"[^>]*?\bid=")([^"]+)"',
        lambda m: m.group(0) if m.group(2).startswith(key + "-") else f'{m.group(1)}{key}-{m.group(2)}"',
        body,
    )


def wrap_references(body):
    """Keep a page's closing reference list in one block with its heading, so that print CSS can keep it
    together and with the text before it (no page that holds only a few reference links)."""
    return re.sub(
        r'(<h(?P<level>[2-6]) id="[^"]*-references"[^>]*>.*?</h(?P=level)>\s*<ul>.*?</ul>)',
        r'<div class="hb-references">\1</div>',
        body,
        count=1,
        flags=re.S,
    )


def plan(sections, page_folders, chapters):
    """Arrange the pages: (front, chapters, appendices).

    sections: {key: body} in nav order; page_folders: {key: first folder of the page's source path, ""
    for top-level pages}; chapters: [(folder, title)] from handbook.nav.chapters().
    """
    numbered = not carries_numbers(sections.values())
    front, parts, appendices = [], [], []
    chapter_folders = [folder for folder, _ in chapters]
    by_folder = {folder: [] for folder in chapter_folders}
    for key, body in sections.items():
        folder = page_folders.get(key, "")
        if key == "index":
            front.append(Part(key, "front", "", FRONT_TITLE, body))
        elif folder in by_folder:
            by_folder[folder].append((key, body))
        else:
            appendices.append(Part(key, "appendix", "", first_heading_text(body), body))
    for number, (folder, nav_title) in enumerate(chapters, start=1):
        pages = by_folder[folder]
        if not pages:
            continue
        opener_key, opener_body = next(((k, b) for k, b in pages if k == folder), pages[0])
        chapter = Part(
            opener_key,
            "chapter",
            f"第 {number} 章" if numbered else "",
            first_heading_text(opener_body) or nav_title,
            opener_body,
        )
        for index, (key, body) in enumerate([p for p in pages if p[0] != opener_key], start=1):
            chapter.children.append(
                Part(key, "section", f"{number}.{index}" if numbered else "", first_heading_text(body), body)
            )
        parts.append(chapter)
    for index, appendix in enumerate(appendices):
        if numbered and index < len(APPENDIX_LETTERS):
            appendix.number = f"附录 {APPENDIX_LETTERS[index]}"
    return front, parts, appendices


def render_part(part):
    body = prefix_question_ids(part.key, part.body)
    body = wrap_references(body)
    if part.kind == "section":
        body = shift_headings(body, 1)
    body = retitle(body, FRONT_TITLE if part.kind == "front" else None, part.number, page_marker(part.key))
    return f'<section class="print-page hb-{part.kind}" id="{part.key}">{body}</section>'


def contents(front, chapters, appendices, colophon_title):
    """The contents page: one entry per front page, chapter, section, appendix and the colophon, each
    with an empty page-number box (an empty link to the same target) that tools/make_pdf.py fills."""

    def entry(kind, target, number, title, children=""):
        num = f'<span class="hb-toc__num">{html.escape(number)}</span>' if number else ""
        return (
            f'<li class="hb-toc__entry hb-toc__entry--{kind}"><span class="hb-toc__line">'
            f'<a class="hb-toc__link" href="#{target}">{num}<span class="hb-toc__title">{html.escape(title)}</span></a>'
            f'<a class="hb-toc__page" href="#{page_marker(target)}"></a>'
            f"</span>{children}</li>"
        )

    items = [entry("front", p.key, p.number, p.title) for p in front]
    for chapter in chapters:
        sections = "".join(entry("section", s.key, s.number, s.title) for s in chapter.children)
        items.append(
            entry("chapter", chapter.key, chapter.number, chapter.title, f'<ol class="hb-toc">{sections}</ol>')
        )
    items += [entry("appendix", p.key, p.number, p.title) for p in appendices]
    items.append(entry("colophon", COLOPHON_KEY, "", colophon_title))
    return (
        '<section class="print-page hb-contents" id="hb-contents">'
        f'<h1 id="hb-contents-title">{CONTENTS_TITLE}</h1><ol class="hb-toc">{"".join(items)}</ol></section>'
    )


def colophon_section(colophon_html, title):
    heading = retitle(f'<h1 id="{COLOPHON_KEY}-title">{html.escape(title)}</h1>', marker=page_marker(COLOPHON_KEY))
    return f'<section class="print-page hb-colophon" id="{COLOPHON_KEY}">{heading}{colophon_html}</section>'


def make_book(print_html, page_folders, chapters, colophon_html="", colophon_title="版权页"):
    """Lay out print-site's joined page as a book (see the module's docstring). Returns the new HTML."""
    start = print_html.find(_ROOT)
    if start < 0:
        raise PrintPageError(f"no {_ROOT}> in the print page: has mkdocs-print-site-plugin changed its markup?")
    matches = list(_PAGE.finditer(print_html, start))
    if not matches:
        raise PrintPageError("no page sections in the print page")
    content_start = print_html.index(">", start) + 1
    end = print_html.find("</div>", matches[-1].end())
    if end < 0:
        raise PrintPageError("the print page's content is not closed")
    cover = _COVER.search(print_html, start, matches[0].start())
    sections = {m.group("key"): m.group("body") for m in matches}
    front, chapter_parts, appendices = plan(sections, page_folders, chapters)
    pieces = [f'<section id="print-site-cover-page">{cover.group("body")}</section>' if cover else ""]
    pieces.append(contents(front, chapter_parts, appendices, colophon_title))
    pieces += [render_part(p) for p in front]
    for chapter in chapter_parts:
        pieces.append(render_part(chapter))
        pieces += [render_part(s) for s in chapter.children]
    pieces += [render_part(p) for p in appendices]
    pieces.append(colophon_section(colophon_html, colophon_title))
    laid_out = print_html[:content_start] + "\n".join(pieces) + print_html[end:]
    return retarget_nav_sections(laid_out, nav_section_openers(print_html, matches))


def nav_section_openers(print_html, page_matches):
    """{print-site's id of a nav section ("section-3"): key of the first page inside it}."""
    openers = {}
    for section in _NAV_SECTION.finditer(print_html):
        first = next((m for m in page_matches if m.start() > section.start()), None)
        if first is not None:
            openers[section.group("id")] = first.group("key")
    return openers


def retarget_nav_sections(print_html, openers):
    """The nav sections' own wrappers are gone; links to them (the print page's sidebar) go to the
    section's first page instead."""
    return re.sub(
        r'href="#(section-[0-9-]+)"',
        lambda m: f'href="#{openers[m.group(1)]}"' if m.group(1) in openers else m.group(0),
        print_html,
    )
