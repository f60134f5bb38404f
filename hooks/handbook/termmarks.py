"""Marking the first use of each glossary term in a rendered chapter page, and recording every use.

A mark is a link to the term's glossary entry carrying the one-line definition in `data-hb-short`;
term-popover.js shows it on hover, focus or tap as text. Never in a `title`: Material's tooltips build
their content from `title` with innerHTML, so a definition would become markup.
"""

import html
import re

# Where a term's name counts as a use (for back-links) but is not marked: inline code, headings,
# links, summaries of collapsible blocks and admonition titles (they act as headings), abbreviations,
# and tables, whose cells are too short for an underline to help and too dense for it not to hurt.
_UNMARKED = {"code", "kbd", "samp", "a", "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "summary", "table"}
_UNMARKED_CLASSES = re.compile(r'class="[^"]*\b(?:admonition-title|headerlink)\b')
# Where a name is neither marked nor counted: code blocks, diagram sources, scripts and the like.
_IGNORED = {"pre", "script", "style", "svg", "button", "textarea", "title", "noscript"}
_IGNORED_CLASSES = re.compile(r'class="[^"]*\bmermaid\b')
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area", "base", "embed"}

# Pages whose uses are recorded but never marked: the home page is an overview that names nearly every
# term once, and the errata page is a list of corrections read for the facts, not to learn terms.
UNMARKED_PAGES = frozenset({"index.md", "errata.md"})


def marks_page(src_uri):
    """Whether term uses on the page built from docs/<src_uri> get marked (their uses always count)."""
    return src_uri not in UNMARKED_PAGES


def _trie_pattern(words):
    """A regular expression matching any of `words`, longest first, shaped as a trie.

    Python's re tries the branches of an alternation one by one at every position, so 500 literal
    names cost 500 attempts per character; merging common prefixes leaves a handful per character.
    """
    trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node):
        end = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A name may end here, but a longer one is tried first (the optional group is greedy).
        return f"(?:{body})?" if end else body

    return build(trie)


def build_matcher(terms):
    """One regular expression matching any term name, English names as whole words in any case
    (Chinese prose writes "descheduler" as often as "Descheduler"), Chinese names anywhere."""
    names = {html.escape(n, quote=False).casefold(): t for t in terms for n in t.names}
    latin = [n for n in names if re.search(r"[a-z0-9]", n)]
    han = [n for n in names if n not in latin]
    parts = []
    if latin:
        # ASCII boundaries: Chinese characters count as \w, and "个Pod的" should still match Pod.
        parts.append(rf"(?<![A-Za-z0-9_.-])(?:{_trie_pattern(latin)})(?![A-Za-z0-9_-])")
    if han:
        parts.append(f"(?:{_trie_pattern(han)})")
    return (re.compile("|".join(parts), re.IGNORECASE) if parts else None), names


def mark_terms(page_html, matcher, glossary_href, heading_offsets, mark=True):
    """Link the first use of each term on the page to its glossary entry, with the short definition as
    the tooltip. Returns (new_html, usages) where usages maps term id to the section anchors it is used
    in (every use, not only the first), in page order.

    matcher: what build_matcher() returned. heading_offsets: [(offset, anchor, label)] of the page's
    h2/h3 headings, to attribute uses to sections. mark=False records the uses without marking any.
    """
    pattern, names = matcher
    if pattern is None:
        return page_html, {}
    marked, usages, out = set(), {}, []
    open_elements = []  # (name, kind) of enclosing ignored/unmarked elements; kind is "ignore" or "nomark"
    enclosing = {"ignore": 0, "nomark": 0}  # how many of open_elements are of each kind
    position = 0
    section_index = -1

    def section_at(offset):
        nonlocal section_index
        while section_index + 1 < len(heading_offsets) and heading_offsets[section_index + 1][0] <= offset:
            section_index += 1
        return heading_offsets[section_index] if section_index >= 0 else None

    for token in _TOKEN.split(page_html):
        start = position
        position += len(token)
        if token.startswith("<"):
            out.append(token)
            if token.startswith("<!--"):
                continue
            if token.startswith("</"):
                name = token[2:].split(">")[0].strip().lower()
                for index in range(len(open_elements) - 1, -1, -1):
                    if open_elements[index][0] == name:
                        for _, kind in open_elements[index:]:
                            enclosing[kind] -= 1
                        del open_elements[index:]
                        break
                continue
            opened = _OPEN.match(token)
            if not opened or token.endswith("/>"):
                continue
            name = opened.group(1).lower()
            if name in _VOID:
                continue
            if name in _IGNORED or _IGNORED_CLASSES.search(token):
                kind = "ignore"
            elif name in _UNMARKED or _UNMARKED_CLASSES.search(token):
                kind = "nomark"
            elif open_elements and open_elements[-1][0] == name:
                kind = open_elements[-1][1]  # nested element of the same name
            else:
                continue
            open_elements.append((name, kind))
            enclosing[kind] += 1
            continue
        # Text: nothing to find in blank text (most of it, between tags) or inside ignored elements.
        if not token or token.isspace() or enclosing["ignore"]:
            out.append(token)
            continue
        section = section_at(start)
        may_mark = mark and not enclosing["nomark"]

        def replace(match, section=section, may_mark=may_mark):
            term = names[match.group(0).casefold()]
            if section is not None:
                places = usages.setdefault(term.id, [])
                if section[1:] not in places:
                    places.append(section[1:])
            if not may_mark or term.id in marked:
                return match.group(0)
            marked.add(term.id)
            return (
                f'<a class="hb-term" href="{glossary_href}#term-{term.id}" '
                f'data-hb-short="{html.escape(term.short, quote=True)}">{match.group(0)}</a>'
            )

        out.append(pattern.sub(replace, token))
    return "".join(out), usages
