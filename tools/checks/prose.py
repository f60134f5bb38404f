"""Chinese copywriting: spaces between Chinese and Latin letters or digits, full-width punctuation in Chinese
text (CONTRIBUTING.md's style rules), checked by autocorrect, the field's own tool. Its Markdown parser leaves
code blocks, inline code, URLs and front matter alone; .autocorrectrc holds the project's settings."""

import autocorrect_py

from handbook.problem import Problem

from ._sources import pages

NAME = "prose"
DESCRIPTION = "autocorrect on every page: CJK spacing and full-width punctuation (see .autocorrectrc)"


def check(root):
    config = root / ".autocorrectrc"
    if config.is_file():
        autocorrect_py.load_config(config.read_text(encoding="utf-8"))
    problems = []
    for path, text in pages(root):
        for finding in autocorrect_py.lint_for(text, path).lines:
            old, new = difference(finding.old, finding.new)
            problems.append(Problem(path, finding.line, f"autocorrect: 「{old}」 should read 「{new}」"))
    return problems


def difference(old, new, context=6):
    """The part of a line autocorrect changed, with a little context on each side."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old, end_new = end_old - 1, end_new - 1
    begin = max(0, start - context)
    return old[begin : end_old + context].strip(), new[begin : end_new + context].strip()
