"""The glossary: one YAML data file, validated, turned into a page, term marks and a jieba dictionary."""

import copy
import re
from dataclasses import dataclass, field

import yaml

from . import yamlerror, yamlparse
from .links import check_external_syntax

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
    field_lines: dict = field(default_factory=dict)  # {field: line of its key}
    body_line: int = 0  # line where the body's text starts

    @property
    def names(self):
        """Every name the term is written as in the book, longest first (ties by name: a set's order changes
        between processes, and the search index must come out the same every build)."""
        return sorted({n for n in (self.en, self.zh, *self.aka) if n}, key=lambda n: (-len(n), n))

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


# One build reads the glossary three times (the glossary hook before and after the file list is known,
# the search hook at the end). The checks that do not depend on the pages run once per text; the pages a
# `link` names are checked on each call. Each caller gets Term objects of its own: the glossary hook
# renders their texts in place (render_texts).
_checked = {}  # (text, filename) -> [Term] or GlossaryError, for the latest text only


def load_terms(text, filename, doc_pages=None, doc_anchors=None):
    """Parse and validate the glossary data; return the terms or raise GlossaryError.

    doc_pages, when given, is the set of Markdown paths under docs/ that a term's `link` may name;
    doc_anchors ({page: anchors}, see mdsource.page_anchors), the anchors a `link` may name on each page.
    """
    if doc_anchors is not None:  # `make lint`'s check, once per run: nothing to share
        return _load_terms(text, filename, doc_pages, doc_anchors)
    key = (text, filename)
    if key not in _checked:
        _checked.clear()
        try:
            _checked[key] = _load_terms(text, filename, None, None)
        except GlossaryError as error:
            _checked[key] = error
    terms = _checked[key]
    if isinstance(terms, GlossaryError):
        # A problem with the pages too (a missing link target) belongs in the same list, at its place.
        return _load_terms(text, filename, doc_pages, None)
    if doc_pages is not None and any(term.link.partition("#")[0] not in doc_pages for term in terms):
        return _load_terms(text, filename, doc_pages, None)  # raises, naming each missing page at its line
    return [copy.copy(term) for term in terms]


def _load_terms(text, filename, doc_pages, doc_anchors):
    try:
        values, root = yamlparse.values_and_nodes(text)  # line numbers come from the nodes
    except yaml.MarkedYAMLError as error:
        line, message = yamlerror.located(error)
        raise GlossaryError([f"{filename}:{line}: malformed YAML: {message}"]) from None
    if root is None:
        raise GlossaryError([f"{filename}:1: the glossary is empty"])
    if not isinstance(root, yaml.SequenceNode):
        raise GlossaryError([f"{filename}:{_line_of(root)}: the glossary must be a list of terms"])

    problems, terms = [], []
    for node, value in zip(root.value, values, strict=True):
        term = _term_from_node(node, value, filename, problems, doc_pages, doc_anchors)
        if term is not None:
            terms.append(term)
    # Ids of every entry, valid or not: a broken term is reported once, not again by each term relating to it.
    declared = {v["id"].strip() for v in values if isinstance(v, dict) and isinstance(v.get("id"), str)}
    _check_across_terms(terms, filename, problems, declared)
    if problems:
        raise GlossaryError(problems)
    return terms


def _term_from_node(node, value, filename, problems, doc_pages, doc_anchors):
    line = _line_of(node)
    if not isinstance(node, yaml.MappingNode) or not isinstance(value, dict):
        problems.append(f"{filename}:{line}: each term must be a mapping of fields")
        return None
    data, lines, text_starts = value, {}, {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key in lines:
            problems.append(f"{filename}:{_line_of(key_node)}: field '{key}' given twice")
        lines[key] = _line_of(key_node)
        # A block scalar (`body: |`) starts its text on the line after its indicator.
        block = isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">")
        text_starts[key] = _line_of(value_node) + (1 if block else 0)

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
    for key in ("en", "zh", "short"):
        _check_plain(getattr(term, key), key, lines.get(key, line), filename, label, problems)
    for name in term.aka:
        _check_plain(name, "aka", lines["aka"], filename, label, problems)
    for key in ("en", "zh", "aka"):
        for name in [getattr(term, key)] if key != "aka" else term.aka:
            if "\n" in name:
                problems.append(f"{filename}:{lines[key]}: {label}: '{key}' must be a name on one line")
    if term.body:
        for offset, message in body_problems(term.body):
            problems.append(f"{filename}:{text_starts['body'] + offset}: {label}: 'body' {message}")
    if term.ref:
        message = _ref_problem(term.ref)
        if message:
            problems.append(f"{filename}:{lines['ref']}: {label}: 'ref' {message}")
    if term.link:
        message = _link_problem(term.link, doc_pages, doc_anchors)
        if message:
            problems.append(f"{filename}:{lines['link']}: {label}: 'link' {message}")
    term.field_lines = lines
    term.body_line = text_starts.get("body", line)
    return term if len(problems) == before else None


# Text that a browser would take for HTML: an element it knows, any tag with attributes, a closing tag,
# a comment or a character reference. `<plural>.<group>` is a placeholder, shown as written.
_HTML_ELEMENTS = (
    "a|abbr|audio|b|base|body|br|button|code|details|div|em|embed|form|frame|h[1-6]|head|hr|html|i|iframe|img|"
    "input|kbd|li|link|math|meta|object|ol|p|pre|script|select|source|span|strong|style|sub|summary|sup|svg|"
    "table|td|template|textarea|th|tr|u|ul|video"
)
_MARKUP = re.compile(rf"<(?:[/!?]|(?:{_HTML_ELEMENTS})(?=[\s/>])|[a-zA-Z][\w-]*\s+[^>]*=)", re.I)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.I)
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)
_RAW_TAG = re.compile(r"<(?!(?:https?|ftp|mailto):)[a-zA-Z/!?]")
_SCRIPT_URL = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data):", re.I)
_UNSAFE_URL = re.compile(r"[\s\"'<>`\\{}|^]")
_ANCHOR = re.compile(r"[^\s\"'<>`#]+")


def _check_plain(value, key, line, filename, label, problems):
    """Plain-text fields (names, the tooltip) must not carry HTML: it is never markup anywhere they show."""
    match = _MARKUP.search(value)
    if match:
        snippet = value[match.start() :].split(">", 1)[0][:30] + ">"
        problems.append(f"{filename}:{line}: {label}: '{key}' is plain text, but {snippet} is HTML: say it in words")
    entity = _ENTITY.search(value)
    if entity:
        problems.append(
            f"{filename}:{line}: {label}: '{key}' is plain text: write the character itself, not {entity.group(0)}"
        )


def body_problems(body):
    """(line offset, message) for what in a Markdown `body` would not show as written: raw HTML (which
    Markdown passes through as markup) and headings (which would break the glossary page's outline)."""
    found = []
    for offset, text in enumerate(body.split("\n")):
        plain = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)
        tag = _RAW_TAG.search(plain)
        if tag:
            snippet = plain[tag.start() :].split(">", 1)[0][:30] + ">"
            found.append((offset, f"is Markdown without HTML: write {snippet} in backticks (`{snippet}`)"))
        if re.match(r" {0,3}#{1,6}(\s|$)", text):
            found.append((offset, "must not contain headings"))
        if _SCRIPT_URL.search(plain):
            found.append((offset, "must not link to javascript:, vbscript: or data: URLs"))
    return found


def _ref_problem(ref):
    if not ref.startswith("https://"):
        return "must be an https:// URL"
    if _UNSAFE_URL.search(ref):
        return f"is not a valid URL ({ref!r}): percent-encode spaces, quotes and angle brackets"
    message = check_external_syntax(ref)
    return f"is not a valid URL: {message}" if message else None


def _link_problem(link, doc_pages, doc_anchors):
    page, hash_, anchor = link.partition("#")
    if not page.endswith(".md") or page.startswith(("/", "./")) or "//" in page or _UNSAFE_URL.search(page):
        return "must name a page of the book, like 'scheduling/taints.md#taint-effects'"
    if ".." in page.split("/"):
        return "is relative to docs/: write 'scheduling/taints.md', without '..'"
    if hash_ and not _ANCHOR.fullmatch(anchor):
        return f"has a malformed anchor '#{anchor}'"
    if doc_pages is not None and page not in doc_pages:
        return f"target docs/{page} does not exist"
    if hash_ and doc_anchors is not None and page in doc_anchors and anchor not in doc_anchors[page]:
        return f"target docs/{page} has no anchor #{anchor}"
    return None


def _check_across_terms(terms, filename, problems, declared):
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
            elif related not in declared:
                problems.append(
                    f"{filename}:{term.field_lines['related']}: term '{term.id}': "
                    f"related term '{related}' is not defined"
                )


# ---------------------------------------------------------------------------------------------------
# Search


def render_texts(terms, render, filename):
    """Let `short` and `body` name feature stages with [[feature:…]] instead of writing them by hand.

    render(text) -> (text, errors) is features.render_plain bound to the feature data; problems name the
    field's line. The terms are changed in place."""
    problems = []
    for term in terms:
        for key in ("short", "body"):
            value = getattr(term, key)
            if "[[" not in value:
                continue
            rendered, errors = render(value)
            setattr(term, key, rendered)
            line = term.field_lines.get(key, term.line)
            problems += [f"{filename}:{line}: term '{term.id}': {error}" for error in errors]
    return problems


def jieba_user_dictionary(terms):
    """Lines for jieba's user dictionary: every all-Chinese term name, so segmentation keeps it whole."""
    words = sorted({n for t in terms for n in t.names if _HAN_ONLY.fullmatch(n) and len(n) > 1})
    return "".join(f"{word} 100000 n\n" for word in words)
