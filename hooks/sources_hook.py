"""MkDocs hook: every page's source is checked before anything is built.

Python-Markdown and MkDocs never fail on a malformed page: a YAML error leaves the front matter in the
page as text, an unclosed fence turns the rest of the page into code, a block opener with single quotes
stays as literal `!!!` text. on_files finds these in the sources (handbook.frontmatter, handbook.mdcheck)
and aborts with `docs/<page>.md:<line>: <problem>` before a page is written, so nothing of them reaches
the site. The book's conventions (descriptions, heading anchors) are left to `make lint`.
"""

import logging

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from handbook import frontmatter, mdcheck

log = logging.getLogger("mkdocs.hooks.sources")
_checked = {}  # (page, source) -> problems: `mkdocs serve` rebuilds re-check only what changed


def _faults(src_uri, text, docs_dir):
    key = (src_uri, text)
    if key not in _checked:
        path = f"docs/{src_uri}"
        _checked[key] = frontmatter.faults(path, text) + mdcheck.faults(path, text, docs_dir)
    return _checked[key]


@event_priority(100)  # first: the other hooks read these pages
def on_files(files, config):
    pages = [f for f in files.documentation_pages() if not getattr(f, "generated_by", None)]
    problems = [problem for f in pages for problem in _faults(f.src_uri, f.content_string, config.docs_dir)]
    live = {(f.src_uri, f.content_string) for f in pages}
    for key in [key for key in _checked if key not in live]:
        del _checked[key]
    for problem in problems:
        log.error(str(problem))
    if problems:
        raise Abort(f"sources: {len(problems)} problem(s), listed above")
    return files
