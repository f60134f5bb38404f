"""Chapter and section numbers from the nav order, applied once at build time to page titles and headings,
so the web pages, the search index and the print page (and so the PDF) all show the same numbers.

A chapter (handbook.nav.chapter_pages) gets the number k: its index page is titled 「第 k 章 …」, its
other pages, in nav order, k.1, k.2, …; in those pages h2 headings are numbered k.j.1, k.j.2, … and h3
headings k.j.i.1, …, except the closing 面试题 and 参考 sections (and what they hold), which a reader
finds by name. Pages outside the chapters (home, question bank, glossary, errata) stay unnumbered.
"""

import html as htmllib
import re

from .nav import chapter_pages

# Sections every page ends with; numbering them would only lengthen the table of contents.
UNNUMBERED_ANCHORS = frozenset({"interview", "references"})
NUMBER_CLASS = "hb-num"

_HEADING = re.compile(r"<h([1-6])\b([^>]*)>", re.I)
_ID = re.compile(r'\bid="([^"]*)"')


def plan(nav_tree):
    """{source path: number} for every page of every chapter: "3" for a chapter's index page, "3.2" for
    the second page after it."""
    numbers = {}
    for chapter, (folder, _title, pages) in enumerate(chapter_pages(nav_tree or []), start=1):
        section = 0
        for path in pages:
            if path == f"{folder}/index.md":
                numbers[path] = str(chapter)
            else:
                section += 1
                numbers[path] = f"{chapter}.{section}"
    return numbers


def is_chapter(number):
    return "." not in number


def label(number):
    """How a number is shown: 「第 3 章」 for a chapter, the dotted number otherwise."""
    return f"第 {number} 章" if is_chapter(number) else number


def numbered_title(number, title):
    """A title with its number in front, as plain text (nav, <title>, search results, contents)."""
    return f"{label(number)} {title}"


def _number_span(text):
    return f'<span class="{NUMBER_CLASS}">{htmllib.escape(text)}</span> '


def number_page(page_html, number):
    """Put the page's number before its h1 and number its h2/h3 headings (not on a chapter's index page).

    Returns (html, {anchor: number}) for the headings that got a number, h1 included.
    """
    out, position, labels = [], 0, {}
    counters = [0, 0]  # h2, h3
    skipping = False  # inside a section that stays unnumbered
    h1_done = False
    for match in _HEADING.finditer(page_html):
        level = int(match.group(1))
        anchor_match = _ID.search(match.group(2))
        anchor = anchor_match.group(1) if anchor_match else None
        text = None
        if level == 1 and not h1_done:
            h1_done = True
            text = label(number)
        elif level == 2 and not is_chapter(number):
            skipping = anchor in UNNUMBERED_ANCHORS
            counters = [counters[0] + (0 if skipping else 1), 0]
            text = None if skipping else f"{number}.{counters[0]}"
        elif level == 3 and not is_chapter(number) and not skipping and counters[0]:
            counters[1] += 1
            text = f"{number}.{counters[0]}.{counters[1]}"
        if text is None:
            continue
        out.append(page_html[position : match.end()])
        out.append(_number_span(text))
        position = match.end()
        if anchor:
            labels[anchor] = text
    out.append(page_html[position:])
    return "".join(out), labels


def number_toc(items, labels):
    """Prefix the table-of-contents entries (MkDocs AnchorLink objects: id, title, children) whose
    headings got a number."""
    for item in items:
        if item.id in labels:
            item.title = f"{labels[item.id]} {item.title}"
        number_toc(item.children, labels)
