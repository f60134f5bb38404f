"""mkdocs-print-site-plugin, kept, made fast: the same anchor-id pass, run only where it can match.

To make ids unique in the print page, print-site's `urls.update_anchor_ids` runs a regular expression,
`<([^\\s]+).*?id="([^"]*?)".*?>`, over each page's HTML. At every `<` of a line with no `id="` after it,
the expression backtracks through the rest of the line once per character of the tag name: about 1.5 s
of a full build, and of every `mkdocs serve` rebuild, which combine the print page again.

`.` stops at line ends, so a match begins and ends on one line that contains `id="`, as long as no id
value spans two lines. `update_anchor_ids` below applies the same expression to those lines only and then
does exactly what print-site does with the matches; when an id value does contain a line break, it calls
print-site's own function. tests/test_printsite.py checks the output is identical on every page of the
book and on edge cases.
"""

import importlib.metadata
import re

from mkdocs_print_site_plugin import urls

VERIFIED_VERSION = "2.9"  # the release whose update_anchor_ids this reproduces

_ANCHOR = re.compile(r"<([^\s]+).*?id=\"([^\"]*?)\".*?>", flags=re.IGNORECASE)  # print-site's own
_ID_ATTRIBUTE = re.compile(r'id="', re.IGNORECASE)
_ID_SPANNING_LINES = re.compile(r'id="[^"]*\n', re.IGNORECASE)
_CHANGE_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6", "sup", "li"]
_original = urls.update_anchor_ids


def update_anchor_ids(page_html, page_key):
    """print-site's update_anchor_ids, with the matching restricted to the lines that can match."""
    if _ID_SPANNING_LINES.search(page_html):
        return _original(page_html, page_key)
    matches = [m for line in page_html.split("\n") if _ID_ATTRIBUTE.search(line) for m in _ANCHOR.finditer(line)]
    for m in matches:
        if m.group(1) not in _CHANGE_TAGS:
            continue
        id_text, match_text = m.group(2), m.group()
        page_html = page_html.replace(match_text, match_text.replace(id_text, page_key + "-" + id_text))
    return page_html


def install() -> bool:
    """Use the fast pass when the installed print-site is the verified release; True when in use."""
    if importlib.metadata.version("mkdocs-print-site-plugin") != VERIFIED_VERSION:
        return False
    urls.update_anchor_ids = update_anchor_ids  # fix_internal_links looks it up in the module at each call
    return True
