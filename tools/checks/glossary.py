"""The glossary data file: the same validation the glossary hook runs during the build, and each `link`
anchor checked against the anchors its page's source gives it (the build checks them on the HTML)."""

from handbook import features, glossary, mdsource, questions
from handbook.problem import Problem

from ._sources import pages
from .features import target_release

NAME = "glossary"
DESCRIPTION = (
    "docs/glossary/terms.yml: schema, no HTML, unique ids and names, tags, links to existing pages and anchors"
)
DATA_FILE = "docs/glossary/terms.yml"


def anchors_of(path, text):
    """The anchors of a page: from its headings, attribute lists and raw HTML, and its questions'."""
    found, _ = questions.parse(text, path.removeprefix("docs/"), path)
    return mdsource.page_anchors(text) | {q.id for q in found}


def check(root):
    sources = {path.removeprefix("docs/"): anchors_of(path, text) for path, text in pages(root)}
    text = (root / DATA_FILE).read_text(encoding="utf-8")
    try:
        terms = glossary.load_terms(text, DATA_FILE, set(sources), sources)
    except glossary.GlossaryError as error:
        return [Problem.parse(message) for message in error.problems]
    try:
        data = features.load((root / features.DATA_FILE).read_text(encoding="utf-8"), target_release(root))
    except features.FeatureError:
        return []  # the features check reports the data file itself
    problems = glossary.render_texts(terms, lambda value: features.render_plain(value, data), DATA_FILE)
    return [Problem.parse(message) for message in problems]
