"""The glossary: one YAML data file, validated, turned into a page, term marks and a jieba dictionary."""

import html
import json
import posixpath
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
# The glossary page

GLOSSARY_PAGE = "glossary/index.md"


def escape_text(value):
    """Text from the data file, safe inside Markdown: no HTML runs, no Markdown markup takes effect."""
    value = html.escape(value, quote=False)
    return re.sub(r"([\\`*_\[\]{}#|!])", r"\\\1", value)


def backlinks_placeholder(term_id):
    return f"<!-- backlinks:{term_id} -->"


def relative_md(from_page, to_page):
    """A Markdown link from docs/<from_page> to docs/<to_page> (both docs-relative)."""
    target, _, fragment = to_page.partition("#")
    path = posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    return path + (f"#{fragment}" if fragment else "")


_HEADING = re.compile(r"^(#{1,6}) (.+?)(?:\s*\{#([a-z0-9-]+)\})?\s*$", re.M)


def section_titles(sources):
    """{"page.md": title, "page.md#anchor": heading} from Markdown sources ({docs path: text})."""
    titles = {}
    for path, text in sources.items():
        text = re.sub(r"```.*?```", "", text, flags=re.S)
        for level, heading, anchor in _HEADING.findall(text):
            if level == "#" and path not in titles:
                titles[path] = heading.strip()
            if anchor:
                titles[f"{path}#{anchor}"] = heading.strip()
    return titles


def render_page(terms, data_file="docs/glossary/terms.yml", titles=None):
    """The glossary page's Markdown: terms grouped by their first tag, sorted A to Z by English name.

    titles (from section_titles) name the page and section a term's `link` leads to."""
    titles = titles or {}
    by_id = {t.id: t for t in terms}
    groups = {}
    for term in terms:
        groups.setdefault(term.tags[0], []).append(term)
    out = [
        "---",
        "description: 本书用到的 Kubernetes 术语：中英文对照、一句话定义、官方文档与本书讲解位置。",
        "---",
        "",
        "# 术语表",
        "",
        f"> {len(terms)} 个术语，按主题分组，组内按英文名 A–Z 排序。正文中带虚线下划线的词就是这里的术语：",
        "> 悬停可看一句话定义，点击跳到本页对应条目。",
        "",
        "主题：" + " · ".join(f"[{TAGS[tag]}](#tag-{tag})" for tag in TAGS if tag in groups),
        "",
    ]
    for tag in TAGS:
        if tag not in groups:
            continue
        out += [f"## {TAGS[tag]} {{#tag-{tag}}}", ""]
        for term in sorted(groups[tag], key=lambda t: t.en.casefold()):
            out += _render_term(term, by_id, data_file, titles)
    return "\n".join(out) + "\n"


def _link_label(link, titles):
    page = link.split("#", 1)[0]
    parts = [titles.get(page, page)]
    if "#" in link and link in titles:
        parts.append(titles[link])
    return " › ".join(parts)


def _render_term(term, by_id, data_file, titles):
    lines = [f"<!-- source: {data_file}:{term.line} -->", f"### {escape_text(term.title)} {{#term-{term.id}}}", ""]
    if term.aka:
        lines += ["*也称*：" + "、".join(escape_text(a) for a in term.aka), ""]
    lines += [escape_text(term.short), ""]
    if term.body:
        lines += [escape_text(term.body), ""]
    facts = [f"- 本书讲解：[{escape_text(_link_label(term.link, titles))}]({relative_md(GLOSSARY_PAGE, term.link)})"]
    if term.ref:
        facts.append(f"- 官方文档：<{term.ref}>")
    if term.related:
        facts.append("- 相关术语：" + "、".join(f"[{escape_text(by_id[r].title)}](#term-{r})" for r in term.related))
    facts.append(f"- 本书中出现：{backlinks_placeholder(term.id)}")
    return lines + facts + [""]


def _relative(page_url, glossary_url):
    href = posixpath.relpath(page_url or ".", glossary_url.rstrip("/") or ".")
    return "" if href == "." else href.rstrip("/") + "/"


def _group_by_page(usages):
    pages = {}
    for page_url, page_title, anchor, section in usages:
        pages.setdefault((page_url, page_title), []).append((anchor, section))
    return pages


def backlinks_summary(term_id, usages):
    """The glossary's placeholder for one term's back-links: a folded block whose summary counts the
    sections and pages using the term; its list is loaded from backlinks.json when opened, so the
    page stays light (common terms are used in hundreds of sections)."""
    if not usages:
        return "（暂无）"
    return (
        f'<details class="hb-backlinks" data-term="{html.escape(term_id)}"><summary>'
        f"{len(usages)} 个小节，{len(_group_by_page(usages))} 个页面</summary></details>"
    )


def fill_backlinks(page_html, usages_by_term):
    def replace(match):
        return backlinks_summary(match.group(1), usages_by_term.get(match.group(1), []))

    return re.sub(r"<!-- backlinks:([a-z0-9-]+) -->", replace, page_html)


def backlinks_data(usages_by_term, glossary_url):
    """backlinks.json: {term id: [[page href, page title, [[anchor, section title], ...]], ...]}, with
    hrefs relative to the glossary page, pages in book order."""
    return json.dumps(
        {
            term_id: [
                [_relative(page_url, glossary_url) or "./", page_title, [list(s) for s in sections]]
                for (page_url, page_title), sections in _group_by_page(usages).items()
            ]
            for term_id, usages in usages_by_term.items()
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


# ---------------------------------------------------------------------------------------------------
# Marking terms in chapter prose

# Where a term's name counts as a use (for back-links) but is not marked: inline code, headings,
# links, summaries of collapsible blocks and admonition titles (they act as headings), abbreviations.
_UNMARKED = {"code", "kbd", "samp", "a", "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "summary"}
_UNMARKED_CLASSES = re.compile(r'class="[^"]*\b(?:admonition-title|headerlink)\b')
# Where a name is neither marked nor counted: code blocks, diagram sources, scripts and the like.
_IGNORED = {"pre", "script", "style", "svg", "button", "textarea", "title", "noscript"}
_IGNORED_CLASSES = re.compile(r'class="[^"]*\bmermaid\b')
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area", "base", "embed"}


def _trie_pattern(words):
    """A regular expression matching any of `words`, longest first, shaped as a trie.

    Python's re tries the branches of an alternation one by one at every position, so 500 literal
    names cost 500 attempts per character; merging common prefixes leaves a handful per character.
    """
    trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node):
        end = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A name may end here, but a longer one is tried first (the optional group is greedy).
        return f"(?:{body})?" if end else body

    return build(trie)


def build_matcher(terms):
    """One regular expression matching any term name, English names as whole words in any case
    (Chinese prose writes "descheduler" as often as "Descheduler"), Chinese names anywhere."""
    names = {html.escape(n, quote=False).casefold(): t for t in terms for n in t.names}
    latin = [n for n in names if re.search(r"[a-z0-9]", n)]
    han = [n for n in names if n not in latin]
    parts = []
    if latin:
        # ASCII boundaries: Chinese characters count as \w, and "个Pod的" should still match Pod.
        parts.append(rf"(?<![A-Za-z0-9_.-])(?:{_trie_pattern(latin)})(?![A-Za-z0-9_-])")
    if han:
        parts.append(f"(?:{_trie_pattern(han)})")
    return (re.compile("|".join(parts), re.IGNORECASE) if parts else None), names


def mark_terms(page_html, matcher, glossary_href, heading_offsets):
    """Link the first use of each term on the page to its glossary entry, with the short definition as
    the tooltip. Returns (new_html, usages) where usages maps term id to the section anchors it is used
    in (every use, not only the first), in page order.

    matcher: what build_matcher() returned. heading_offsets: [(offset, anchor, label)] of the page's
    h2/h3 headings, to attribute uses to sections.
    """
    pattern, names = matcher
    if pattern is None:
        return page_html, {}
    marked, usages, out = set(), {}, []
    open_elements = []  # (name, kind) of enclosing ignored/unmarked elements; kind is "ignore" or "nomark"
    position = 0
    section_index = -1

    def section_at(offset):
        nonlocal section_index
        while section_index + 1 < len(heading_offsets) and heading_offsets[section_index + 1][0] <= offset:
            section_index += 1
        return heading_offsets[section_index] if section_index >= 0 else None

    for token in _TOKEN.split(page_html):
        start = position
        position += len(token)
        if not token:
            continue
        if token.startswith("<"):
            out.append(token)
            if token.startswith("<!--"):
                continue
            if token.startswith("</"):
                name = token[2:].split(">")[0].strip().lower()
                for index in range(len(open_elements) - 1, -1, -1):
                    if open_elements[index][0] == name:
                        del open_elements[index:]
                        break
                continue
            opened = _OPEN.match(token)
            if not opened or opened.group(1).lower() in _VOID or token.endswith("/>"):
                continue
            name = opened.group(1).lower()
            if name in _IGNORED or _IGNORED_CLASSES.search(token):
                open_elements.append((name, "ignore"))
            elif name in _UNMARKED or _UNMARKED_CLASSES.search(token):
                open_elements.append((name, "nomark"))
            elif open_elements and open_elements[-1][0] == name:
                open_elements.append((name, open_elements[-1][1]))  # nested element of the same name
            continue
        kinds = {kind for _, kind in open_elements}
        if "ignore" in kinds:
            out.append(token)
            continue
        section = section_at(start)
        may_mark = "nomark" not in kinds

        def replace(match, section=section, may_mark=may_mark):
            term = names[match.group(0).casefold()]
            if section is not None:
                places = usages.setdefault(term.id, [])
                if section[1:] not in places:
                    places.append(section[1:])
            if not may_mark or term.id in marked:
                return match.group(0)
            marked.add(term.id)
            return (
                f'<a class="hb-term" href="{glossary_href}#term-{term.id}" '
                f'title="{html.escape(term.short, quote=True)}">{match.group(0)}</a>'
            )

        out.append(pattern.sub(replace, token))
    return "".join(out), usages


# ---------------------------------------------------------------------------------------------------
# Search


def jieba_user_dictionary(terms):
    """Lines for jieba's user dictionary: every all-Chinese term name, so segmentation keeps it whole."""
    words = sorted({n for t in terms for n in t.names if _HAN_ONLY.fullmatch(n) and len(n) > 1})
    return "".join(f"{word} 100000 n\n" for word in words)
