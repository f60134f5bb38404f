"""The shape CONTRIBUTING.md gives chapter pages, each problem at its line: a `>` summary under the title, a
closing 参考 list with official pages, two diagrams per chapter, and the errata page and the 常见误区 traps
agreeing with each other."""

import re

from handbook import mdsource, nav
from handbook.problem import Problem

from ._sources import config, pages

NAME = "pages"
DESCRIPTION = "chapter pages: > summary, 参考 with official links, two diagrams per chapter; errata and traps agree"
OFFICIAL = re.compile(r"https://(?:[\w-]+\.)*(?:kubernetes\.io|k8s\.io|etcd\.io|prometheus\.io|helm\.sh)/")
TRAP = '!!! warning "常见误区"'
_ERRATUM = re.compile(r"\]\(([\w-]+/[\w-]+\.md)#([\w-]+)\)")
_HEADING = re.compile(r"^(#{1,6}) ")


def _blank_code(text):
    lines = text.split("\n")
    code = mdsource.code_lines(lines)
    return ["" if n in code else line for n, line in enumerate(lines)]


def page_problems(path, text):
    lines = _blank_code(text)
    found = []
    title = next((n for n, line in enumerate(lines) if line.startswith("# ")), None)
    if title is None:
        return [Problem(path, 1, "the page needs a # title")]
    summary = next((line for line in lines[title + 1 :] if line.strip()), "")
    if not summary.startswith("> "):
        found.append(Problem(path, title + 1, "the title needs a one-line summary under it: > 读完本页你会知道……"))
    references = next((n for n, line in enumerate(lines) if line.startswith("## 参考")), None)
    if references is None:
        last = max(n for n, line in enumerate(lines) if line.strip()) + 1
        found.append(
            Problem(path, last, "the page ends with ## 参考 {#references}: the official pages it was checked against")
        )
    elif not OFFICIAL.search("\n".join(lines[references:])):
        found.append(
            Problem(
                path, references + 1, "参考 lists no official page (kubernetes.io, etcd.io, prometheus.io, helm.sh)"
            )
        )
    return found


def section(lines, anchor):
    """The lines of the section whose heading carries {#anchor}, up to the next heading of its level."""
    for n, line in enumerate(lines):
        heading = _HEADING.match(line)
        if heading and line.rstrip().endswith(f"{{#{anchor}}}"):
            level = len(heading.group(1))
            end = next(
                (m for m in range(n + 1, len(lines)) if (h := _HEADING.match(lines[m])) and len(h.group(1)) <= level),
                len(lines),
            )
            return lines[n:end]
    return None


def errata_problems(texts):
    """The errata page and the traps agree: each row leads to a section with a trap, and each page with a
    trap is listed. texts: {docs path: text}."""
    errata = texts.get("docs/errata.md")
    if errata is None:
        return []
    found, listed = [], set()
    for n, line in enumerate(_blank_code(errata)):
        for page, anchor in _ERRATUM.findall(line):
            listed.add(page)
            target = texts.get(f"docs/{page}")
            lines = _blank_code(target) if target is not None else []
            part = section(lines, anchor) if lines else None
            if part is None or not any("常见误区" in row for row in part):
                found.append(Problem("docs/errata.md", n + 1, f"{page}#{anchor} is not a section with a 常见误区 trap"))
    for path, text in texts.items():
        page = path.removeprefix("docs/")
        if page.count("/") == 1 and page not in listed and TRAP in text:
            line = text[: text.index(TRAP)].count("\n") + 1
            found.append(Problem(path, line, "this 常见误区 is not listed on the errata page (docs/errata.md)"))
    return found


def check(root):
    chapters = [folder for folder, _ in nav.chapters(config(root).get("nav") or [])]
    texts = dict(pages(root))
    problems = errata_problems(texts)
    for chapter in chapters:
        in_chapter = {p: t for p, t in texts.items() if p.startswith(f"docs/{chapter}/")}
        for path, text in in_chapter.items():
            problems += page_problems(path, text)
        diagrams = sum(text.count("```mermaid") for text in in_chapter.values())
        if in_chapter and diagrams < 2:
            problems.append(
                Problem(f"docs/{chapter}/index.md", 1, f"the chapter has {diagrams} diagram(s): draw at least two")
            )
    return problems
