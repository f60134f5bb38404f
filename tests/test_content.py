"""The book's own conventions (CONTRIBUTING.md), checked on the Markdown sources."""

import re
from pathlib import Path

import pytest
import yaml

from conftest import book_chapters

DOCS = Path(__file__).resolve().parent.parent / "docs"
CHAPTERS = [folder for folder, _ in book_chapters()]
PAGES = sorted(p for chapter in CHAPTERS for p in (DOCS / chapter).glob("*.md"))


def _front_matter(path):
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return (yaml.safe_load(match.group(1)) if match else {}), text


def test_every_chapter_has_an_index_and_sections():
    for chapter in CHAPTERS:
        assert (DOCS / chapter / "index.md").is_file(), chapter
        assert len(list((DOCS / chapter).glob("*.md"))) >= 3, chapter


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_page_states_version_summary_and_references(path):
    meta, text = _front_matter(path)
    assert "k8s_version" not in meta, "the version is one setting (extra.k8s_version in mkdocs.yml), not per page"
    assert meta.get("description"), "front matter needs a description"
    assert re.search(r"^# .+\n\n> ", text, re.M), "the title is followed by a one-line summary quote"
    references = text.split("## 参考", 1)
    assert len(references) == 2, "the page ends with a 参考 section"
    assert (
        re.search(r"https://kubernetes\.io/", references[1])
        or "etcd.io" in references[1]
        or "prometheus.io" in references[1]
        or "helm.sh" in references[1]
    ), "参考 lists official pages"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_at_least_two_diagrams(chapter):
    count = sum(p.read_text(encoding="utf-8").count("```mermaid") for p in (DOCS / chapter).glob("*.md"))
    assert count >= 2


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_headings_have_explicit_anchors(path):
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    missing = [h for h in re.findall(r"^#{2,3} .*$", text, re.M) if not re.search(r"\{#[a-z0-9-]+\}\s*$", h)]
    assert missing == []


def test_sequence_diagrams_number_steps_in_their_text():
    """mermaid draws autonumber digits in a hard-coded generic sans-serif, which Chromium resolves to a
    CFF CJK face on a Chinese page and can only embed in the PDF as a nameless Type 3 font."""
    offenders = [
        str(p.relative_to(DOCS))
        for p in DOCS.rglob("*.md")
        if re.search(r"```mermaid\n(?:(?!```).)*^\s*autonumber\b", p.read_text(encoding="utf-8"), re.S | re.M)
    ]
    assert offenders == []


def test_no_images_from_other_hosts():
    offenders = [
        str(p.relative_to(DOCS))
        for p in DOCS.rglob("*.md")
        if re.search(r"!\[[^\]]*\]\(\s*https?://|<img[^>]+src=[\"']https?://", p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _without_code(text):
    """Fenced code blanked out (line count kept): a `# comment` in a shell example is not a heading."""
    return re.sub(r"^( *)(```|~~~).*?^\1\2", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S | re.M)


def _section(text, anchor):
    """The Markdown of the section whose heading carries {#anchor}, up to the next heading of its level."""
    text = _without_code(text)
    match = re.search(rf"^(#+) .*\{{#{re.escape(anchor)}\}}\s*$", text, re.M)
    if not match:
        return None
    level = len(match.group(1))
    rest = text[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def test_every_erratum_points_at_a_marked_trap():
    """Each row of 原笔记勘误 leads to a section that carries a 常见误区 admonition."""
    rows = re.findall(r"\]\(([a-z-]+/[a-z-]+\.md)#([a-z0-9-]+)\)", (DOCS / "errata.md").read_text(encoding="utf-8"))
    assert len(rows) >= 50, "the errata page lists the corrections"
    unmarked = []
    for page, anchor in rows:
        section = _section((DOCS / page).read_text(encoding="utf-8"), anchor)
        if section is None or "常见误区" not in section:
            unmarked.append(f"{page}#{anchor}")
    assert unmarked == []


def test_every_trap_is_listed_in_the_errata():
    listed = set(
        re.findall(r"\]\(([a-z-]+/[a-z-]+\.md#[a-z0-9-]+)\)", (DOCS / "errata.md").read_text(encoding="utf-8"))
    )
    pages_with_traps = {
        f"{p.parent.name}/{p.name}" for p in PAGES if '!!! warning "常见误区"' in p.read_text(encoding="utf-8")
    }
    listed_pages = {link.split("#")[0] for link in listed}
    assert pages_with_traps <= listed_pages, sorted(pages_with_traps - listed_pages)


def test_the_errata_count_matches_its_rows():
    text = (DOCS / "errata.md").read_text(encoding="utf-8")
    rows = [
        line for line in text.splitlines() if line.startswith("| ") and not line.startswith(("| ---", "| 原笔记说法"))
    ]
    stated = re.search(r"共 (\d+) 条", text)
    assert stated and int(stated.group(1)) == len(rows), (
        f"the page says {stated and stated.group(0)}, it lists {len(rows)}"
    )
