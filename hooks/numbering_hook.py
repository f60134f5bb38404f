"""MkDocs hook: chapter and section numbers (hooks/handbook/numbering.py) on titles, headings and the nav.

Numbered once, in on_page_content, before the search plugin and mkdocs-print-site-plugin read a page's
HTML, so the web page, the search index and the print page (the PDF) show the same numbers.
"""

from mkdocs.plugins import event_priority

from handbook import numbering

_numbers = {}


def on_nav(nav, config, files):
    _numbers.clear()
    _numbers.update(numbering.plan(config.nav))
    # A chapter's nav section is labelled like its index page: 「第 3 章 调度」.
    for section in _sections(nav.items):
        for child in section.children:
            number = child.is_page and _numbers.get(child.file.src_uri)
            if number and numbering.is_chapter(number):
                section.title = numbering.numbered_title(number, section.title)
                break
    return nav


def _sections(items):
    for item in items:
        if item.is_section:
            yield item
            yield from _sections(item.children)


@event_priority(50)  # before print-site keeps each page's HTML and before search reads it
def on_page_content(html, page, config, files):
    number = _numbers.get(page.file.src_uri)
    if not number:
        return html
    page.title = numbering.numbered_title(number, page.title)
    html, labels = numbering.number_page(html, number)
    numbering.number_toc(page.toc.items, labels)
    return html
