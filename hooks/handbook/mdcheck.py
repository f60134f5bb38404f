"""The structure of a page's Markdown: what the extensions would silently read differently than written.

Python-Markdown never fails: an unclosed fence turns the rest of the page into code, a block opener it
cannot read stays as literal `???` text, a reference link without its definition prints its brackets.
`faults()` finds these at their line, from the source, without rendering (fast enough to run on every
build); `conventions()` adds the book's own rules (CONTRIBUTING.md), which `make lint` checks.
"""

import re
from pathlib import Path

from . import mdsource
from .problem import Problem

# Admonition and details types Material for MkDocs styles (and their aliases).
BLOCK_TYPES = {
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check",
    "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing",
    "danger", "error", "bug", "example", "quote", "cite",
}  # fmt: skip

# Openers as the extensions read them (markdown.extensions.admonition, pymdownx.details, pymdownx.tabbed).
_ADMONITION = re.compile(r'^!!! ?([\w-]+(?: +[\w-]+)*)(?: +"(.*?)")? *$')
_DETAILS = re.compile(r'^\?{3}\+? ?(?:([\w-]+(?: +[\w-]+)*?)?(?: +"(.*?)")|([\w-]+(?: +[\w-]+)*?)) *$')
_TAB = re.compile(r'^={3}(?:\+|\+!|!\+|!)? +"(.*?)" *$')
_OPENER = re.compile(r"^( *)(!!!|\?\?\?|===)")

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_ATTR_ID = re.compile(r"\{:?[^}\n]*?#([^\s}]+)[^}\n]*\}")
_RAW_ID = re.compile(r"<[a-zA-Z][^>]*?\bid=[\"']([^\"']+)[\"']")
_REF_DEFINITION = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:\s*\S")
# `[text][label]` or `[label][]`; not `a[1][2]`, an index written in prose.
_REF_USE = re.compile(r"(?<![\]\\A-Za-z0-9_])\[((?:[^\[\]]|\[[^\]]*\])+)\]\[([^\]]*)\]")
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]]+)\]:")
_FOOTNOTE_USE = re.compile(r"(?<!!)\[\^([^\]]+)\](?!\s*:)")
_INLINE_LINK = re.compile(r"(!?)\[([^\[\]]*)\]\(([^()]*)\)")
_REMOTE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?:https?:)?//|<img\b[^>]*\bsrc=[\"'](?:https?:)?//", re.I)
_UNSAFE_HTML = re.compile(
    r"<(script|iframe|object|embed|style)\b|<[a-z][^>]*\son[a-z]+\s*=|(?:\]\(|\bhref\s*=\s*[\"']?)\s*javascript:", re.I
)
_BLOCK_HTML = re.compile(r"<(/?)(div|details|table|section)\b[^>]*?(/?)>", re.I)
_SNIPPET = re.compile(r"""^[ \t]*-+8<-+[ \t]+(["'])(.+?)\1[ \t]*$""")
_SNIPPET_RANGE = re.compile(r"(?::-?\d*){1,2}(?:,-?\d*(?::-?\d*)?)*$|:[a-z][-_0-9a-z]*$", re.I)
_HEADING = re.compile(r"^(#{2,3})(?!#)")
_EXPLICIT_ANCHOR = re.compile(r"\{#[a-z0-9]+(?:-[a-z0-9]+)*\}\s*$")


def _normalize(label):
    return " ".join(label.split()).casefold()


def _blank_code(lines, code):
    """The lines with fenced code emptied and inline code spans blanked (columns kept)."""
    out = []
    for number, line in enumerate(lines):
        if number in code:
            out.append("")
        else:
            out.append(_CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line))
    return out


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def faults(path, text, docs_dir=None):
    """Problems that would make the page render differently than written, each at its line.

    path: the page as reported ("docs/a/b.md"); docs_dir: where snippets are looked up (when given)."""
    lines = text.expandtabs(4).split("\n")  # Python-Markdown reads a tab as four spaces
    start = mdsource.front_matter_lines(text)
    blocks = mdsource.fences(lines)
    code = mdsource.code_lines(lines)
    prose = _blank_code(lines, code)
    found = []

    def report(index, message):
        found.append(Problem(path, index + 1, message))

    for first, last in blocks:
        if last is None:
            report(first, "code block opened here is never closed: the rest of the page would be code")
    _check_blocks(lines, prose, code, start, report)
    _check_ids(prose, start, report)
    _check_references(prose, start, report)
    _check_links(prose, start, report)
    _check_html(prose, start, report)
    _check_tables(prose, start, report)
    _check_setext(prose, start, report)
    _check_raw_blocks(prose, start, report)
    if docs_dir is not None:
        _check_snippets(lines, code, start, docs_dir, report)
    return sorted(found, key=lambda p: p.line)


def _check_blocks(lines, prose, code, start, report):
    for index in range(start, len(lines)):
        opener = _OPENER.match(prose[index])
        if not opener:
            continue
        indent, marker = len(opener.group(1)), opener.group(2)
        line = lines[index].strip()
        if marker == "===":
            if not _TAB.match(line):
                report(index, f"'{line[:40]}' is not read as a tab: write === \"Title\" (double quotes)")
                continue
            kind = None
        else:
            match = (_ADMONITION if marker == "!!!" else _DETAILS).match(line)
            if not match:
                report(index, f"'{line[:40]}' is not read as a block: write {marker} type \"Title\" (double quotes)")
                continue
            words = (match.group(1) or (match.group(3) if marker == "???" else "") or "").split()
            kind = words[0] if words else ""
            if kind.casefold() not in BLOCK_TYPES:
                report(index, f"unknown block type '{kind}' (known: {', '.join(sorted(BLOCK_TYPES))})")
                continue
        following = next((n for n in range(index + 1, len(lines)) if lines[n].strip()), None)
        body_indent = _indent(lines[following]) if following is not None else 0
        if following is not None and following in code and not mdsource.fences(lines[following : following + 1]):
            body_indent = indent + 4
        if following is None or body_indent < indent + 4:
            adjacent = following == index + 1
            if marker != "!!!" or adjacent or indent < body_indent < indent + 4:
                report(index, f"{marker} block has no content: indent the lines that belong to it by 4 spaces")


def _check_ids(prose, start, report):
    seen = {}
    for index in range(start, len(prose)):
        if "#" not in prose[index] and "id=" not in prose[index]:
            continue
        for anchor in _ATTR_ID.findall(prose[index]) + _RAW_ID.findall(prose[index]):
            if anchor in seen:
                report(index, f"id '{anchor}' is already given at line {seen[anchor] + 1}: links to it are ambiguous")
            else:
                seen[anchor] = index


def _check_references(prose, start, report):
    defined, notes = {}, {}
    for index in range(start, len(prose)):
        line = prose[index]
        if "]:" not in line:
            continue
        for pattern, seen, kind in ((_REF_DEFINITION, defined, "reference"), (_FOOTNOTE_DEFINITION, notes, "footnote")):
            match = pattern.match(line)
            if not match:
                continue
            label = _normalize(match.group(1)) if kind == "reference" else match.group(1)
            if label in seen:
                report(
                    index,
                    f"{kind} [{match.group(1)}] is already defined at line {seen[label] + 1}: one of them is lost",
                )
            seen.setdefault(label, index)
    for index in range(start, len(prose)):
        line = prose[index]
        if "][" not in line and "[^" not in line or _REF_DEFINITION.match(line) or _FOOTNOTE_DEFINITION.match(line):
            continue
        for match in _REF_USE.finditer(line):
            label = match.group(2) or match.group(1)
            if label.startswith("^") or _normalize(label) in defined:
                continue
            report(index, f"reference link [{label}] has no definition '[{label}]: url': it would show as text")
        for match in _FOOTNOTE_USE.finditer(line):
            if match.group(1) not in notes:
                report(index, f"footnote [^{match.group(1)}] has no definition '[^{match.group(1)}]: …'")


def _check_links(prose, start, report):
    for index in range(start, len(prose)):
        if "](" not in prose[index] and "<img" not in prose[index]:
            continue
        if _REMOTE_IMAGE.search(prose[index]):
            report(index, "an image from another host: the book is read offline; put the file into docs/assets/images/")
        for match in _INLINE_LINK.finditer(prose[index]):
            image, label, target = match.groups()
            if not target.strip():
                report(index, f"link [{label[:30]}]() has no target")
            elif not image and not label.strip():
                report(index, f"link to '{target.strip()[:40]}' has no text to click")


def _check_html(prose, start, report):
    opened = []
    for index in range(start, len(prose)):
        line = prose[index]
        if "<" not in line and "javascript:" not in line:
            continue
        if _UNSAFE_HTML.search(line):
            report(index, "scripts, frames, styles and event handlers are not allowed in pages")
        for match in _BLOCK_HTML.finditer(line):
            closing, tag, self_closing = match.group(1), match.group(2).lower(), match.group(3)
            if self_closing:
                continue
            if not closing:
                opened.append((tag, index))
            elif opened and opened[-1][0] == tag:
                opened.pop()
            else:
                report(index, f"</{tag}> closes nothing that is open")
        if "<!--" in line and "-->" not in line[line.index("<!--") :]:
            rest = "\n".join(prose[index + 1 :])
            if "-->" not in rest:
                report(index, "HTML comment opened here is never closed: it would show as text")
    for tag, index in opened:
        report(index, f"<{tag}> opened here is never closed: the Markdown after it would not be rendered")


_TABLE_ROW = re.compile(r"^ {0,3}\|")
_TABLE_SEPARATOR = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def _check_tables(prose, start, report):
    index = start
    while index < len(prose) - 1:
        opens = _TABLE_ROW.match(prose[index]) and (index == start or not _TABLE_ROW.match(prose[index - 1]))
        if opens and _TABLE_ROW.match(prose[index + 1]) and not _TABLE_SEPARATOR.match(prose[index + 1]):
            report(index, "table without a | --- | row under its header: Markdown would show it as text")
        index += 1


_UNDERLINE = re.compile(r"^ {0,3}(-+|=+) *$")
_NOT_PARAGRAPH = re.compile(r"^\s*(?:$|[|<#>]|!!!|\?\?\?|===)")


def _check_setext(prose, start, report):
    """A line of - or = right under text makes that text a heading (Markdown's other heading syntax)."""
    for index in range(start + 1, len(prose)):
        underline = _UNDERLINE.match(prose[index])
        if underline and not _NOT_PARAGRAPH.match(prose[index - 1]) and index - 1 >= start:
            report(
                index,
                f"the line above this {underline.group(1)[0] * 3} becomes a heading: leave a blank line before "
                "the rule (or write the heading with ##)",
            )


_RAW_BLOCK = re.compile(r"^ {0,3}<(div|details|section)\b([^>]*)>", re.I)
_MARKDOWNISH = re.compile(r"\*\*|__|\]\(|^\s*(?:[-*+]|\d+\.) |^#{1,6} |`[^`]+`")


def _check_raw_blocks(prose, start, report):
    """md_in_html renders Markdown inside an HTML block only when the block says `markdown`."""
    for index in range(start, len(prose)):
        opener = _RAW_BLOCK.match(prose[index])
        if not opener or re.search(r"\bmarkdown\b", opener.group(2)):
            continue
        tag = opener.group(1).lower()
        inside = []
        for inner in prose[index + 1 :]:
            if re.search(rf"</{tag}\s*>", inner, re.I):  # an unclosed block is reported as such (_check_html)
                if any(_MARKDOWNISH.search(line) and not line.lstrip().startswith("<") for line in inside):
                    report(
                        index,
                        f"<{tag}> without the markdown attribute shows the Markdown inside it as text: "
                        f"<{tag} markdown>",
                    )
                break
            inside.append(inner)


def _check_snippets(lines, code, start, docs_dir, report):
    for index in range(start, len(lines)):
        match = _SNIPPET.match(lines[index])
        if not match or index in code:
            continue
        target = _SNIPPET_RANGE.sub("", match.group(2))
        if not (Path(docs_dir) / target).is_file():
            report(index, f"snippet file docs/{target} does not exist")


def conventions(path, text):
    """The book's rules: every ## and ### heading has an explicit {#kebab-case} anchor."""
    lines = text.split("\n")
    code = mdsource.code_lines(lines)
    found = []
    for index, line in enumerate(lines):
        heading = _HEADING.match(line)
        if heading and index not in code and not _EXPLICIT_ANCHOR.search(line):
            found.append(
                Problem(path, index + 1, "a ## or ### heading needs an explicit anchor: ## 标题 {#kebab-case-anchor}")
            )
    return found


def problems_of(path, text, docs_dir=None):
    return faults(path, text, docs_dir) + conventions(path, text)
