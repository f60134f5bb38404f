"""Fast extraction of ids and link references from rendered HTML.

The pages are written by Python-Markdown, Material's templates and our hooks (mermaid2 only appends a
script, see handbook.mermaid), all of which write regular, quoted attributes, so a tag-level regular
expression finds every reference at a fraction of the cost of a full parser (the link checker runs on
every build). Text inside <pre> and <code> is escaped by Markdown, so example markup in code blocks never
looks like a tag.
"""

import html
import re
from typing import NamedTuple

# A tag with an attribute that may name an id or another resource; the many tags without one (<p>, <li>,
# <span class=…>) never reach Python code.
_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*?\b(?:id|name|href|src|srcset|data|poster)\s*=[^<>]*?)/?>", re.S | re.I
)
_ATTR = re.compile(r"""([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_COMMENT = re.compile(r"<!--.*?-->", re.S)

# Attributes that point at another resource, by tag.
_LINK_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "object": ("data",),
}


class Reference(NamedTuple):  # tens of thousands a build: a tuple is made faster than a frozen dataclass
    tag: str
    attr: str
    url: str
    offset: int  # position of the tag in the HTML, to find the section it sits in


def _attributes(raw):
    for match in _ATTR.finditer(raw or ""):
        name, double, single, bare = match.groups()
        value = double if double is not None else single if single is not None else bare
        yield name.lower(), html.unescape(value) if "&" in value else value


def _srcset_urls(value):
    for candidate in value.split(","):
        parts = candidate.strip().split()
        if parts:
            yield parts[0]


def scan(document):
    """Return (ids, references) of an HTML document: every id attribute, every outgoing reference."""
    if "<!--" in document:
        document = _COMMENT.sub(lambda m: " " * len(m.group(0)), document)
    ids = set()
    references = []
    for match in _TAG.finditer(document):
        raw = match.group(2)
        tag = match.group(1).lower()
        wanted = _LINK_ATTRS.get(tag, ())
        for name, value in _attributes(raw):
            if name in ("id", "name") and (name == "id" or tag == "a"):
                ids.add(value)
            elif name in wanted:
                # <link rel="preconnect"> and friends name origins, not documents.
                if tag == "link" and name == "href" and _is_hint_link(match.group(2)):
                    continue
                urls = _srcset_urls(value) if name == "srcset" else (value,)
                references.extend(Reference(tag, name, url, match.start()) for url in urls)
    if "mermaid" in document:
        references.extend(diagram_links(document))
    return ids, references


_MERMAID = re.compile(r'<(pre|div)\b[^>]*\bclass="[^"]*\bmermaid\b[^"]*"[^>]*>(.*?)</\1>', re.S)
# mermaid turns `click NodeId "url"` (or `click NodeId href "url"`) into a link in the drawn diagram.
_CLICK = re.compile(r'^\s*(?:<code>)?\s*click\s+\S+\s+(?:href\s+)?"([^"]+)"', re.M)


def diagram_links(document):
    """References made by the `click` lines of Mermaid diagram sources in the HTML."""
    found = []
    for block in _MERMAID.finditer(document):
        source = html.unescape(block.group(2))
        found.extend(Reference("mermaid", "click", m.group(1), block.start()) for m in _CLICK.finditer(source))
    return found


_SECTION_TAG = re.compile(r"<section\b([^>]*)>|</section>")
_PRINT_SECTION = re.compile(
    r'\bclass="print-page\b[^"]*"[^>]*?\bid="([^"]+)"|\bid="([^"]+)"[^>]*?\bclass="print-page\b'
)


def copied_spans(document, page_keys):
    """(start, end) of each page mkdocs-print-site-plugin copied into the print page: its sections of
    class print-page whose id is the key of a page (page_keys); other sections are the print page's own."""
    spans, depth, start = [], 0, None
    for match in _SECTION_TAG.finditer(document):
        if match.group(0).startswith("</"):
            depth -= 1
            if start is not None and depth == 0:
                spans.append((start, match.end()))
                start = None
            continue
        if start is None:
            section = _PRINT_SECTION.search(match.group(1) or "")
            if section and (section.group(1) or section.group(2)) in page_keys:
                start, depth = match.start(), 0
        depth += 1
    return spans


def _is_hint_link(raw_attrs):
    rel = dict(_attributes(raw_attrs)).get("rel", "")
    return any(word in ("preconnect", "dns-prefetch", "canonical", "alternate") for word in rel.split())


_HEADING = re.compile(r"<h([1-6])\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def headings(document):
    """(offset, level, id, plain text) of every heading with an id, in document order."""
    found = []
    for match in _HEADING.finditer(document):
        text = html.unescape(_TAGS.sub("", match.group(3))).replace("¶", "").strip()
        found.append((match.start(), int(match.group(1)), match.group(2), text))
    return found


_ARTICLE_START = '<article class="md-content__inner'
_ARTICLE_OPEN = re.compile(r'<article class="md-content__inner[^"]*">')


def article_body(document):
    """(start, end) of what Material's article element holds, as
    re.search(r'(<article class="md-content__inner[^"]*">)(.*?)(</article>)', document, re.S).span(2)
    gives it, or None; found with str.find (the lazy expression tests every character of the page)."""
    start = document.find(_ARTICLE_START)
    while start >= 0:
        opened = _ARTICLE_OPEN.match(document, start)
        if opened:
            end = document.find("</article>", opened.end())
            return (opened.end(), end) if end >= 0 else None
        start = document.find(_ARTICLE_START, start + 1)
    return None
