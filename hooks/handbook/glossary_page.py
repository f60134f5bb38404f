"""The generated glossary page: every term grouped by topic, with the sections that use it."""

import functools
import html
import json
import posixpath
import re
from urllib.parse import quote

from .glossary import TAGS

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
        # The contents list the topics only (overrides/partials/toc-item.html): the topic links under the
        # summary and the topics beside the text take a reader anywhere; 300 terms there were 14 KB.
        "toc_depth: 2",
        # Its back-links script (overrides/partials/page-assets.html): the blocks it opens are only
        # written into the page after it is rendered (fill_backlinks).
        "page_assets: [backlinks]",
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


def url_text(url):
    """A URL safe to write into Markdown link syntax: whatever would end or break it percent-encoded."""
    return quote(url, safe="/:?#[]@!$&'()*+,;=%~-._")


def _render_term(term, by_id, data_file, titles):
    lines = [f"<!-- source: {data_file}:{term.line} -->", f"### {escape_text(term.title)} {{#term-{term.id}}}", ""]
    if term.aka:
        lines += ["*也称*：" + "、".join(escape_text(a) for a in term.aka), ""]
    lines += [escape_text(term.short), ""]
    if term.body:
        # Markdown (validated to hold no HTML), links relative to the data file, which sits beside this
        # page; a broken link in it is reported at the body's line.
        lines += [f"<!-- source-lines: {data_file}:{term.body_line or term.line} -->", "", term.body, ""]
    link_line = term.field_lines.get("link", term.line)
    lines += [f"<!-- source: {data_file}:{link_line} -->", ""]
    link = url_text(relative_md(GLOSSARY_PAGE, term.link))
    facts = [f"- 本书讲解：[{escape_text(_link_label(term.link, titles))}]({link})"]
    if term.ref:
        facts.append(f"- 官方文档：<{url_text(term.ref)}>")
    if term.related:
        facts.append("- 相关术语：" + "、".join(f"[{escape_text(by_id[r].title)}](#term-{r})" for r in term.related))
    # The "本书中出现" line is added by fill_backlinks on the built page, and only for a term in use:
    # the search index and the print page (built before the counts exist) get no empty line.
    facts[-1] += backlinks_placeholder(term.id)
    return lines + facts + [""]


@functools.lru_cache(maxsize=1024)  # the same ~80 pages for each of 300 terms: posixpath.relpath is slow
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
    """Replace each term's placeholder with its back-link summary; a placeholder that ends a list item
    (where the glossary page puts it) becomes a "本书中出现" item of its own, or nothing for an unused term."""

    def replace(match):
        usages = usages_by_term.get(match.group(1), [])
        if not match.group(2):
            return backlinks_summary(match.group(1), usages)
        if not usages:
            return "</li>"
        return f"</li>\n<li>本书中出现：{backlinks_summary(match.group(1), usages)}</li>"

    return re.sub(r"<!-- backlinks:([a-z0-9-]+) -->(</li>)?", replace, page_html)


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
