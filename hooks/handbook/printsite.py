"""mkdocs-print-site-plugin, kept, made fast: the same anchor-id and link passes, without their waste.

To make ids unique in the print page, print-site's `urls.update_anchor_ids` runs a regular expression,
`<([^\\s]+).*?id="([^"]*?)".*?>`, over each page's HTML. At every `<` of a line with no `id="` after it,
the expression backtracks through the rest of the line once per character of the tag name: about 1.5 s
of a full build, and of every `mkdocs serve` rebuild, which combine the print page again.

`.` stops at line ends, so a match begins and ends on one line that contains `id="`, as long as no id
value spans two lines. `update_anchor_ids` below applies the same expression to those lines only and then
does what print-site does with the matches, rewriting the page once where that is provably the same as
print-site's one replace per match; when an id value does contain a line break, it calls print-site's own
function. tests/test_printsite_fast.py checks the output is identical on every page of the book, on edge
cases and on random markup.
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
    """print-site's update_anchor_ids, with the matching restricted to the lines that can match and the
    page rewritten once."""
    if _ID_SPANNING_LINES.search(page_html):
        return _original(page_html, page_key)
    matches = [m for line in page_html.split("\n") if _ID_ATTRIBUTE.search(line) for m in _ANCHOR.finditer(line)]
    # (matched text, its replacement) in print-site's order, repeats included
    ordered = [(m.group(), m.group().replace(m.group(2), page_key + "-" + m.group(2))) for m in matches]
    replacements = dict(
        (text, new) for (text, new), m in zip(ordered, matches, strict=True) if m.group(1) in _CHANGE_TAGS
    )
    if not replacements:
        return page_html
    # print-site replaces each matched text everywhere in the page, one text after another. When every
    # matched text and every replacement is a single tag (one "<", first; one ">", last) and no replacement
    # is itself a matched text, occurrences of different texts can never overlap and no replacement can
    # form a new occurrence, so replacing them all in one pass gives the same page.
    if one_pass_applies(replacements):
        pattern = re.compile("|".join(map(re.escape, replacements)))
        return pattern.sub(lambda match: replacements[match.group()], page_html)
    for (text, new), m in zip(ordered, matches, strict=True):
        if m.group(1) in _CHANGE_TAGS:
            page_html = page_html.replace(text, new)
    return page_html


def one_pass_applies(replacements):
    """Whether replacing {text: new} all in one pass gives what replacing one text after another does."""
    single_tags = all(_single_tag(text) and _single_tag(new) for text, new in replacements.items())
    return single_tags and not any(new in replacements for new in replacements.values())


def _single_tag(text):
    return text.startswith("<") and text.endswith(">") and text.count("<") == 1 and text.count(">") == 1


# print-site's link pass, `urls.fix_href_links`, finds every `<a … href="…"` and then, link by link, replaces
# that text everywhere in the page: one scan of the whole page per link, about 0.2 s of a build. Here the
# replacement of each distinct link text is print-site's own function applied to that text alone, and the
# page is rewritten in one pass. The two agree unless a replacement could be found again by a later
# replace, or a link text could occur inside another: then print-site's own function is used.
_HREF = re.compile(r"<a\s+([^>]*?\s+)?href=\"(.*?)\"", flags=re.IGNORECASE)  # print-site's own
_original_fix_href_links = urls.fix_href_links


def fix_href_links(page_html, page_key, page_url, directory_urls=False):
    """print-site's fix_href_links, with one rewrite of the page instead of one per link."""
    replacements = {}
    for match in _HREF.finditer(page_html):
        text = match.group()
        if text not in replacements:
            replacements[text] = _original_fix_href_links(text, page_key, page_url, directory_urls)
    if not replacements:
        return page_html
    changed = {text: new for text, new in replacements.items() if new != text}
    if any("<a" in text[2:].lower() for text in replacements) or any(
        "<a" in new[2:].lower() or new in replacements for new in changed.values()
    ):
        return _original_fix_href_links(page_html, page_key, page_url, directory_urls)
    return _HREF.sub(lambda match: replacements[match.group()], page_html)


def install() -> bool:
    """Use the fast passes when the installed print-site is the verified release; True when in use."""
    if importlib.metadata.version("mkdocs-print-site-plugin") != VERIFIED_VERSION:
        return False
    # fix_internal_links looks both up in the module at each call
    urls.update_anchor_ids = update_anchor_ids
    urls.fix_href_links = fix_href_links
    return True
