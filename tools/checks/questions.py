"""Interview question blocks: the same validation the question hook runs during the build."""

from handbook import nav
from handbook import questions as qs
from handbook.problem import Problem

from ._sources import config, pages

NAME = "questions"
DESCRIPTION = "every ??? question: opener, metadata line, level, tags, id, answer; unique titles and ids; in a chapter"


def check(root):
    chapters = [folder for folder, _ in nav.chapters(config(root).get("nav") or [])]
    sources = {path.removeprefix("docs/"): text for path, text in pages(root)}
    _, problems = qs.read_book(sources, chapters, retired=qs.legacy_ids().keys())
    return [Problem.parse(message) for message in problems]
