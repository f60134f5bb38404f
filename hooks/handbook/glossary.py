"""The glossary: one YAML data file, validated, turned into a page, term marks and a jieba dictionary."""

import re
from dataclasses import dataclass, field

import yaml

TAGS = {
    "architecture": "架构",
    "api": "API 与对象",
    "workload": "工作负载",
    "pod": "Pod",
    "scheduling": "调度",
    "networking": "网络",
    "storage": "存储",
    "config": "配置",
    "security": "安全",
    "etcd": "etcd",
    "controller": "控制器",
    "release": "发布",
    "observability": "可观测性",
    "operations": "运维",
    "troubleshooting": "排错",
    "container": "容器",
}
REQUIRED = ("id", "en", "zh", "short", "tags", "link")
OPTIONAL = ("aka", "body", "ref", "related")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


@dataclass
class Term:
    id: str
    en: str
    zh: str
    short: str
    tags: list
    link: str
    line: int
    aka: list = field(default_factory=list)
    body: str = ""
    ref: str = ""
    related: list = field(default_factory=list)

    @property
    def names(self):
        """Every name the term is written as in the book, longest first."""
        return sorted({n for n in (self.en, self.zh, *self.aka) if n}, key=len, reverse=True)

    @property
    def title(self):
        return f"{self.en}（{self.zh}）" if self.zh else self.en


class GlossaryError(Exception):
    """Every problem found in the data file, each as '<file>:<line>: <message>'."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


def _line_of(node):
    return node.start_mark.line + 1


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_terms(text, filename, doc_pages=None):
    """Parse and validate the glossary data; return the terms or raise GlossaryError.

    doc_pages, when given, is the set of Markdown paths under docs/ that a term's `link` may name.
    """
    try:
        # Values come from one plain load; line numbers from the node tree of a second parse.
        values = yaml.load(text, Loader=_LOADER)
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise GlossaryError([f"{filename}:{line}: malformed YAML: {error.problem or error}"]) from None
    if root is None:
        raise GlossaryError([f"{filename}:1: the glossary is empty"])
    if not isinstance(root, yaml.SequenceNode):
        raise GlossaryError([f"{filename}:{_line_of(root)}: the glossary must be a list of terms"])

    problems, terms = [], []
    for node, value in zip(root.value, values, strict=True):
        term = _term_from_node(node, value, filename, problems, doc_pages)
        if term is not None:
            terms.append(term)
    _check_across_terms(terms, filename, problems)
    if problems:
        raise GlossaryError(problems)
    return terms


def _term_from_node(node, value, filename, problems, doc_pages):
    line = _line_of(node)
    if not isinstance(node, yaml.MappingNode) or not isinstance(value, dict):
        problems.append(f"{filename}:{line}: each term must be a mapping of fields")
        return None
    data, lines = value, {}
    for key_node, _ in node.value:
        key = key_node.value
        if key in lines:
            problems.append(f"{filename}:{_line_of(key_node)}: field '{key}' given twice")
        lines[key] = _line_of(key_node)

    label = f"term '{data.get('id', '?')}'"
    for key in data:
        if key not in REQUIRED and key not in OPTIONAL:
            problems.append(f"{filename}:{lines[key]}: {label}: unknown field '{key}'")
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        problems.append(f"{filename}:{line}: {label}: missing field(s) {', '.join(missing)}")
        return None

    before = len(problems)

    def text(key, required=True):
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(f"{filename}:{lines[key]}: {label}: '{key}' must be text")
            return ""
        value = value.strip()
        if required and not value:
            problems.append(f"{filename}:{lines[key]}: {label}: '{key}' is empty")
        return value

    def strings(key):
        value = data.get(key) or []
        if isinstance(value, str) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(f"{filename}:{lines[key]}: {label}: '{key}' must be a list of names")
            return []
        return [v.strip() for v in value]

    term = Term(
        id=text("id"),
        en=text("en"),
        zh=text("zh", required=False),
        short=text("short"),
        tags=strings("tags"),
        link=text("link"),
        line=line,
        aka=strings("aka") if "aka" in data else [],
        body=text("body", required=False),
        ref=text("ref", required=False),
        related=strings("related") if "related" in data else [],
    )
    if term.id and not _ID.fullmatch(term.id):
        problems.append(f"{filename}:{lines['id']}: {label}: id must be a lowercase slug like 'pod-affinity'")
    if not term.tags:
        problems.append(f"{filename}:{lines['tags']}: {label}: give at least one tag")
    for tag in term.tags:
        if tag not in TAGS:
            problems.append(f"{filename}:{lines['tags']}: {label}: unknown tag '{tag}' (known: {', '.join(TAGS)})")
    if term.short and "\n" in term.short:
        problems.append(f"{filename}:{lines['short']}: {label}: 'short' must be one sentence on one line")
    if term.ref and not term.ref.startswith("https://"):
        problems.append(f"{filename}:{lines['ref']}: {label}: 'ref' must be an https:// URL")
    if term.link:
        page = term.link.split("#", 1)[0]
        if not page.endswith(".md"):
            problems.append(
                f"{filename}:{lines['link']}: {label}: 'link' must name a page, like "
                f"'scheduling/taints.md#taint-effects'"
            )
        elif doc_pages is not None and page not in doc_pages:
            problems.append(f"{filename}:{lines['link']}: {label}: link target docs/{page} does not exist")
    term.field_lines = lines
    return term if len(problems) == before else None


def _check_across_terms(terms, filename, problems):
    ids = {}
    for term in terms:
        if term.id in ids:
            problems.append(
                f"{filename}:{term.line}: duplicate id '{term.id}' (first defined at line {ids[term.id].line})"
            )
        else:
            ids[term.id] = term
    names = {}
    for term in terms:
        for name in {n.casefold() for n in term.names}:
            other = names.get(name)
            if other is not None and other.id != term.id:
                problems.append(
                    f"{filename}:{term.line}: term '{term.id}': name '{name}' is already used "
                    f"by term '{other.id}' (line {other.line})"
                )
            names.setdefault(name, term)
    for term in terms:
        for related in term.related:
            if related == term.id:
                problems.append(f"{filename}:{term.field_lines['related']}: term '{term.id}' lists itself as related")
            elif related not in ids:
                problems.append(
                    f"{filename}:{term.field_lines['related']}: term '{term.id}': "
                    f"related term '{related}' is not defined"
                )


# ---------------------------------------------------------------------------------------------------
# Search


def jieba_user_dictionary(terms):
    """Lines for jieba's user dictionary: every all-Chinese term name, so segmentation keeps it whole."""
    words = sorted({n for t in terms for n in t.names if _HAN_ONLY.fullmatch(n) and len(n) > 1})
    return "".join(f"{word} 100000 n\n" for word in words)
