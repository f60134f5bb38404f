"""Reading Markdown sources line by line: which lines are fenced code, where the front matter ends."""

import html
import re

from pymdownx import slugs

_FENCE = re.compile(r"^( *)(`{3,}|~{3,})")


def fences(lines):
    """(first, last) 0-based line indexes of every fenced code block, fences included; last is None for
    a fence never closed (everything after it is code)."""
    found, opened, fence = [], None, ""
    for number, line in enumerate(lines):
        match = _FENCE.match(line)
        if opened is None:
            if match:
                opened, fence = number, match.group(2)
        elif match and line.strip() == line.strip()[0] * len(line.strip()) and line.strip()[0] == fence[0]:
            if len(line.strip()) >= len(fence):
                found.append((opened, number))
                opened = None
    if opened is not None:
        found.append((opened, None))
    return found


def code_lines(lines):
    """0-based indexes of the lines inside fenced code blocks, fences included."""
    inside = set()
    for first, last in fences(lines):
        inside.update(range(first, len(lines) if last is None else last + 1))
    return inside


# MkDocs' own pattern for YAML front matter (mkdocs.utils.meta.YAML_RE): closed by --- or ...
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


def front_matter_lines(text):
    """Number of lines the YAML front matter takes, fences included (0 when the page has none)."""
    match = FRONT_MATTER.match(text)
    return match.group(0).count("\n") if match else 0


# An id the page will carry: `{#id}` or `{: #id .class}` (attribute lists on headings, paragraphs and
# fences), id="…" in raw HTML, a footnote.
_ATTR_LIST_ID = re.compile(r"\{:?[^}\n]*?#([^\s}]+)[^}\n]*\}")
_RAW_ID = re.compile(r"\bid=[\"']([^\"']+)[\"']")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$")
_slugify = slugs.slugify(case="lower")  # the toc extension's slugify in mkdocs.yml


def page_anchors(text):
    """Every anchor a page's Markdown source gives its rendered page (a close estimate made without
    rendering it: headings without an explicit id get the slug the toc extension would give them)."""
    lines = text.split("\n")
    code = code_lines(lines)
    anchors = set()
    for number, line in enumerate(lines):
        if number in code and not _FENCE.match(line):
            continue
        explicit = _ATTR_LIST_ID.findall(line)
        anchors.update(explicit)
        anchors.update(_RAW_ID.findall(line))
        heading = _HEADING.match(line)
        if heading and number not in code and not explicit:
            title = re.sub(r"\s*\{[^}]*\}\s*$", "", heading.group(1))
            plain = html.unescape(re.sub(r"<[^>]+>|[`*_]", "", title))
            anchors.add(_slugify(plain, "-"))
    return anchors
