"""The search evaluation set (tests/search/queries.yml): queries as readers type them, each with the page
or section that must come first or in the top three.

One entry per query:

    - {q: pod 一直 pending, expect: pod-lifecycle/troubleshooting.md#what-pending-means, top: 1, kind: zh-question}

- `expect`: a docs-relative page (`scheduling/taints.md`) or section (`…md#anchor`), or a short list of
  them when the book explains the thing in two places equally well;
- `top`: 1 (must come first) or 3 (must be among the first three results);
- `kind`: what sort of query it is (KINDS), so the report can say which sort fails;
- `heldout: true`: kept apart from tuning; the report gives its figures separately;
- `core: true`: one of the queries tests/test_search.py types on every test run (a regression guard).
"""

import re
from dataclasses import dataclass

import yaml

DATA_FILE = "tests/search/queries.yml"
KINDS = {
    "zh-term": "a Chinese term",
    "zh-phrase": "a Chinese phrase of several words",
    "zh-question": "a question in Chinese, as typed",
    "en-term": "an English term or product name",
    "en-status": "a status or reason word (Pending, OOMKilled)",
    "en-camel": "a camel-case API field or kind",
    "acronym": "an acronym (QoS, PDB)",
    "kubectl": "a command line",
    "mixed": "Chinese and English words together",
    "paste": "an error message pasted from a terminal",
}
FIELDS = {"q", "expect", "top", "kind", "heldout", "core"}
_TARGET = re.compile(r"[a-z0-9][a-z0-9/_-]*\.md(?:#[a-z0-9][a-z0-9-]*)?")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Query:
    text: str
    expect: tuple  # docs-relative targets, "page.md" or "page.md#anchor"
    top: int
    kind: str
    heldout: bool
    line: int
    core: bool = False


class QueryFileError(Exception):
    """Every problem in the data file, each as '<file>:<line>: <message>'."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


def load(text, filename=DATA_FILE, targets=None):
    """Parse and validate the evaluation set; return the queries or raise QueryFileError.

    targets, when given, is the set of pages and sections that exist (see `targets_in`)."""
    try:
        values = yaml.load(text, Loader=_LOADER)
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise QueryFileError([f"{filename}:{mark.line + 1 if mark else 0}: malformed YAML: {error.problem}"]) from None
    if not isinstance(root, yaml.SequenceNode) or not isinstance(values, list):
        raise QueryFileError([f"{filename}:1: the evaluation set must be a list of queries"])
    problems, queries, seen = [], [], {}
    for node, value in zip(root.value, values, strict=True):
        line = node.start_mark.line + 1
        query = _query(value, line, filename, problems, targets)
        if query is None:
            continue
        key = " ".join(query.text.split())  # Pending and pending are both kept: readers type both
        if key in seen:
            problems.append(f"{filename}:{line}: query {query.text!r} already given on line {seen[key]}")
        seen.setdefault(key, line)
        queries.append(query)
    if problems:
        raise QueryFileError(problems)
    return queries


def _query(value, line, filename, problems, targets):
    where = f"{filename}:{line}"
    if not isinstance(value, dict):
        problems.append(f"{where}: each query must be a mapping with q, expect, top and kind")
        return None
    unknown = sorted(set(value) - FIELDS)
    missing = [key for key in ("q", "expect", "top", "kind") if key not in value]
    if unknown or missing:
        problems.append(
            f"{where}: "
            + "; ".join(
                ([f"unknown field(s) {', '.join(unknown)}"] if unknown else [])
                + ([f"missing field(s) {', '.join(missing)}"] if missing else [])
            )
        )
        return None
    text = value["q"]
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: 'q' must be the query text")
        return None
    expect = value["expect"]
    expect = [expect] if isinstance(expect, str) else expect
    before = len(problems)
    if not isinstance(expect, list) or not expect or not all(isinstance(e, str) for e in expect):
        problems.append(f"{where}: {text!r}: 'expect' must be a page or section, or a list of them")
        expect = []
    for target in expect:
        if not _TARGET.fullmatch(target):
            problems.append(f"{where}: {text!r}: {target!r} is not a docs page (page.md or page.md#anchor)")
        elif targets is not None and target not in targets:
            what = "section" if "#" in target else "page"
            problems.append(f"{where}: {text!r}: no {what} {target} in docs/")
    if value["top"] not in (1, 3):
        problems.append(f"{where}: {text!r}: 'top' must be 1 or 3")
    if value["kind"] not in KINDS:
        problems.append(f"{where}: {text!r}: unknown kind {value['kind']!r} (one of {', '.join(KINDS)})")
    for flag in ("heldout", "core"):
        if not isinstance(value.get(flag, False), bool):
            problems.append(f"{where}: {text!r}: '{flag}' must be true or false")
    if len(problems) > before:
        return None
    return Query(
        text.strip(),
        tuple(expect),
        value["top"],
        value["kind"],
        value.get("heldout", False),
        line,
        value.get("core", False),
    )


_HEADING_ANCHOR = re.compile(r"^(#{1,6}) .*?\{#([a-z0-9-]+)\}\s*$", re.M)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


def targets_in(sources):
    """Every page and explicitly anchored section in {docs path: Markdown text}."""
    return set(sections_within(sources))


def sections_within(sources):
    """{page or section: the sections under it} for every page and anchored section of
    {docs path: Markdown text}: a section holds the deeper headings that follow it."""
    within = {}
    for path, text in sources.items():
        within[path] = []
        open_sections = []  # (level, target) of the headings still open
        for hashes, anchor in _HEADING_ANCHOR.findall(_FENCE.sub("", text)):
            target = f"{path}#{anchor}"
            while open_sections and open_sections[-1][0] >= len(hashes):
                open_sections.pop()
            for _, parent in open_sections:
                within[parent].append(target)
            within[path].append(target)
            within[target] = []
            open_sections.append((len(hashes), target))
    return within


def url_of(target):
    """Site-relative URL of a docs target (use_directory_urls): a/b.md#x -> a/b/#x, a/index.md -> a/."""
    page, _, anchor = target.partition("#")
    stem = page[: -len(".md")]
    path = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
    return path + (f"#{anchor}" if anchor else "")
