"""Marking the first use of each glossary term in a rendered chapter page, and recording every use.

A mark is a link to the term's glossary entry carrying the one-line definition in `data-hb-short`;
term-popover.js shows it on hover, focus or tap as text. Never in a `title`: Material's tooltips build
their content from `title` with innerHTML, so a definition would become markup.
"""

import functools
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


# Text made only of these characters is matched in lower case by two case-sensitive expressions, about
# three times faster than one case-insensitive expression of both alphabets (an alternation that starts
# with a lookbehind defeats the regex engine's first-character scan). The set is ASCII, the full-width
# forms and blocks without case (punctuation, symbols, arrows, CJK, Hangul, emoji); inside it, two
# characters are equal under re.IGNORECASE exactly when their lower() is (tests/test_glossary.py checks
# every one), so the result is the same. Text with any other character (Greek, accented Latin, ſ ...)
# takes the case-insensitive expression.
_PLAIN_CASE = re.compile(
    "[\x00-\x7f\u00a0-\u00b4\u00b6-\u00bf\u00d7\u00f7\u2000-\u2125\u2185-\u24b5\u24ea-\u2bff"
    "\u2e00-\ua63f\uac00-\ud7ff\uf900-\ufaff\ufe00-\uffef\U0001f000-\U0001faff\U00020000-\U0003134f]*"
)
# ASCII boundaries around an English name: Chinese characters count as \w, and "个Pod的" should still
# match Pod.
_BEFORE_LATIN, _AFTER_LATIN = "(?<![A-Za-z0-9_.-])", "(?![A-Za-z0-9_-])"
_BETWEEN_TEXTS = "\x00"  # joins texts searched together: outside both boundaries' character classes


def _plain_case(text):
    return _PLAIN_CASE.fullmatch(text) is not None


class TermMatcher:
    """Finds glossary term names in text: English names as whole words in any case (Chinese prose writes
    "descheduler" as often as "Descheduler"), Chinese names anywhere; at each position an English name is
    tried first, and the longest name wins."""

    def __init__(self, terms):
        # name as it appears in HTML text, case-folded -> term
        self.names = {html.escape(n, quote=False).casefold(): t for t in terms for n in t.names}
        latin = [n for n in self.names if re.search(r"[a-z0-9]", n)]
        han = [n for n in self.names if n not in latin]
        latin_pattern = f"{_BEFORE_LATIN}(?:{_trie_pattern(latin)}){_AFTER_LATIN}" if latin else None
        han_pattern = f"(?:{_trie_pattern(han)})" if han else None
        both = [p for p in (latin_pattern, han_pattern) if p]
        self._source = "|".join(both) if both else None
        self._lower = [re.compile(p) for p in both]
        self._names_plain = all(_plain_case(n) for n in self.names)
        self._joinable = not any(_BETWEEN_TEXTS in name for name in self.names)

    @functools.cached_property
    def pattern(self):
        """One case-insensitive expression of all names (compiled when needed: text outside _PLAIN_CASE)."""
        return re.compile(self._source, re.IGNORECASE) if self._source else None

    def __bool__(self):
        return self._source is not None

    def term(self, name):
        """The term whose name is `name` (as found in text, any case)."""
        return self.names[name.casefold()]

    def spans(self, text):
        """(start, end) of each name in text, left to right, as self.pattern.finditer(text) finds them."""
        if self._source is None:
            return []
        if not (self._names_plain and _plain_case(text)):
            return [match.span() for match in self.pattern.finditer(text)]
        lowered = text.lower()  # same length: every character in _PLAIN_CASE lowers to one character
        merged = sorted(match.span() for pattern in self._lower for match in pattern.finditer(lowered))
        if all(left[1] <= right[0] for left, right in zip(merged, merged[1:], strict=False)):
            return merged  # no English and Chinese name overlap: what the alternation finds
        # Otherwise merge as the alternation would: the leftmost start wins, the English name on a tie,
        # and an expression whose next match overlaps the chosen one searches again after it.
        found, position = [], 0
        pending = [pattern.search(lowered) for pattern in self._lower]
        while True:
            candidates = [(match.start(), index) for index, match in enumerate(pending) if match]
            if not candidates:
                return found
            _, index = min(candidates)
            found.append(pending[index].span())
            position = pending[index].end()
            for other, match in enumerate(pending):
                if match and match.start() < position:
                    pending[other] = self._lower[other].search(lowered, position)

    def spans_in_each(self, texts):
        """spans() of each text, found in one pass over them all: a name never contains _BETWEEN_TEXTS, and
        the boundaries of an English name accept it as they accept the start or end of a text."""
        if self._source is None or not self._joinable:
            return [self.spans(text) for text in texts]
        found = [[] for _ in texts]
        starts, offset = [], 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + len(_BETWEEN_TEXTS)
        which = 0
        for begin, end in self.spans(_BETWEEN_TEXTS.join(texts)):
            while which + 1 < len(starts) and starts[which + 1] <= begin:
                which += 1
            found[which].append((begin - starts[which], end - starts[which]))
        return found


def build_matcher(terms):
    """The TermMatcher of the glossary's terms."""
    return TermMatcher(terms)


def mark_terms(page_html, matcher, glossary_href, heading_offsets, mark=True):
    """Link the first use of each term on the page to its glossary entry, with the short definition as
    the tooltip. Returns (new_html, usages) where usages maps term id to the section anchors it is used
    in (every use, not only the first), in page order.

    matcher: what build_matcher() returned. heading_offsets: [(offset, anchor, label)] of the page's
    h2/h3 headings, to attribute uses to sections. mark=False records the uses without marking any.
    """
    if not matcher:
        return page_html, {}
    tokens = _TOKEN.split(page_html)
    searched = _searched_texts(tokens)  # [(index in tokens, offset in page_html, inside an unmarked element)]
    found = matcher.spans_in_each([tokens[index] for index, _, _ in searched])
    marked, usages = set(), {}
    section_index = -1
    for (index, offset, unmarked), spans in zip(searched, found, strict=True):
        if not spans:
            continue
        while section_index + 1 < len(heading_offsets) and heading_offsets[section_index + 1][0] <= offset:
            section_index += 1
        section = heading_offsets[section_index] if section_index >= 0 else None
        token, pieces, last = tokens[index], [], 0
        for begin, end in spans:
            name = token[begin:end]
            term = matcher.term(name)
            if section is not None:
                places = usages.setdefault(term.id, [])
                if section[1:] not in places:
                    places.append(section[1:])
            if not mark or unmarked or term.id in marked:
                continue
            marked.add(term.id)
            pieces.append(token[last:begin])
            pieces.append(
                f'<a class="hb-term" href="{glossary_href}#term-{term.id}" '
                f'data-hb-short="{html.escape(term.short, quote=True)}">{name}</a>'
            )
            last = end
        if pieces:
            tokens[index] = "".join(pieces) + token[last:]
    return "".join(tokens), usages


def _searched_texts(tokens):
    """The text tokens (of _TOKEN.split) where names count: (index, offset in the page, whether inside
    an element whose names are not marked), leaving out blank text and text inside ignored elements."""
    searched = []
    open_elements = []  # (name, kind) of enclosing ignored/unmarked elements; kind is "ignore" or "nomark"
    enclosing = {"ignore": 0, "nomark": 0}  # how many of open_elements are of each kind
    position = 0
    for index, token in enumerate(tokens):
        start = position
        position += len(token)
        if token.startswith("<"):
            if token.startswith("<!--"):
                continue
            if token.startswith("</"):
                if not open_elements:
                    continue
                name = token[2:].split(">")[0].strip().lower()
                for at in range(len(open_elements) - 1, -1, -1):
                    if open_elements[at][0] == name:
                        for _, kind in open_elements[at:]:
                            enclosing[kind] -= 1
                        del open_elements[at:]
                        break
                continue
            opened = _OPEN.match(token)
            if not opened or token.endswith("/>"):
                continue
            name = opened.group(1).lower()
            if name in _VOID:
                continue
            with_class = "class=" in token
            if name in _IGNORED or (with_class and _IGNORED_CLASSES.search(token)):
                kind = "ignore"
            elif name in _UNMARKED or (with_class and _UNMARKED_CLASSES.search(token)):
                kind = "nomark"
            elif open_elements and open_elements[-1][0] == name:
                kind = open_elements[-1][1]  # nested element of the same name
            else:
                continue
            open_elements.append((name, kind))
            enclosing[kind] += 1
            continue
        # Nothing to find in blank text (most of it, between tags) or inside ignored elements.
        if token and not token.isspace() and not enclosing["ignore"]:
            searched.append((index, start, enclosing["nomark"] > 0))
    return searched
