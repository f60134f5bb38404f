"""Stage stamps written by hand in prose ("v1.29 起 Beta"): they go stale; [[feature:…]] renders them from data."""

from handbook import features

from ._sources import pages

NAME = "stamps"
DESCRIPTION = "no feature stage written by hand next to a release (use [[feature:…]], or mark <!-- stage-ok: why -->)"


GLOSSARY = "docs/glossary/terms.yml"


def check(root):
    problems = [problem for path, text in pages(root) for problem in features.stamps(text, path)[0]]
    # Glossary definitions are read on every page (tooltips) and go stale the same way.
    glossary = (root / GLOSSARY).read_text(encoding="utf-8")
    return problems + features.stamps(glossary, GLOSSARY)[0]
