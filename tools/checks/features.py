"""Feature stages: the data file is valid and every [[feature:…]] token in the pages renders."""

import re

from handbook import features

from ._sources import pages

NAME = "features"
DESCRIPTION = "docs/features/features.yml is valid and every [[feature:…]] token renders for the target release"


def target_release(root):
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    return re.search(r'^\s*k8s_version:\s*"([^"]+)"', config, re.M).group(1)


def check(root):
    try:
        data = features.load((root / features.DATA_FILE).read_text(encoding="utf-8"), target_release(root))
    except features.FeatureError as error:
        return error.problems
    problems = []
    for path, text in pages(root):
        problems += features.substitute(text, data, path)[1]
    return problems
