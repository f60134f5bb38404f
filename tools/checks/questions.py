"""Interview question blocks: the same validation the question hook runs during the build."""

from handbook import questions
from handbook.problem import Problem

from ._sources import pages

NAME = "questions"
DESCRIPTION = "every ??? question block: metadata line, level, tags, an answer that opens with **答：**"


def check(root):
    problems = []
    for path, text in pages(root):
        _, found = questions.parse(text, path.removeprefix("docs/"), path)
        problems += [Problem.parse(message) for message in found]
    return problems
