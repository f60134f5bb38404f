"""The generated parts of the real book: glossary page, term marks, question bank, print page."""

import json
import re

import pytest
import yaml

from conftest import ROOT


@pytest.fixture(scope="module")
def glossary_html(built_site):
    return (built_site.path / "glossary/index.html").read_text(encoding="utf-8")


def _terms():
    return yaml.safe_load((ROOT / "docs/glossary/terms.yml").read_text(encoding="utf-8"))


def test_the_glossary_holds_at_least_a_hundred_bilingual_terms():
    terms = _terms()
    assert len(terms) >= 100
    bilingual = [t for t in terms if t["zh"] or any(re.search(r"[\u4e00-\u9fff]", a) for a in t.get("aka") or [])]
    assert len(bilingual) >= 100


def test_every_term_has_an_entry_and_back_links(glossary_html, built_site):
    entries = re.split(r'<h3 id="term-', glossary_html)[1:]
    assert len(entries) == len(_terms())
    without = [entry.split('"', 1)[0] for entry in entries if "（暂无）" in entry.split("<h2", 1)[0]]
    assert without == []
    data = json.loads((built_site.path / "glossary/backlinks.json").read_text(encoding="utf-8"))
    assert set(data) == {t["id"] for t in _terms()}
    # Every back-link lands on a heading that exists on its page.
    for term, pages in data.items():
        for href, _title, sections in pages:
            target = (built_site.path / "glossary" / href / "index.html").resolve()
            html = target.read_text(encoding="utf-8")
            for anchor, _section in sections:
                assert f'id="{anchor}"' in html, (term, href, anchor)


def test_every_chapter_page_marks_terms_with_tooltips(built_site):
    unmarked = []
    for page in built_site.html_pages():
        rel = page.relative_to(built_site.path).as_posix()
        if rel.split("/")[0] in ("glossary", "questions", "print_page") or rel in ("index.html", "errata/index.html"):
            continue
        html = page.read_text(encoding="utf-8")
        marks = re.findall(r'<a class="hb-term" href="[^"]*#term-[a-z0-9-]+" data-hb-short="([^"]+)">', html)
        if len(marks) < 3:
            unmarked.append(rel)
    assert unmarked == []


def test_terms_are_never_marked_inside_code_or_headings(built_site):
    for page in built_site.html_pages():
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<h[1-6][^>]*>(?:(?!</h[1-6]>).)*class="hb-term"', html, re.S), page
        assert not re.search(r'<code>(?:(?!</code>).)*class="hb-term"', html, re.S), page


def test_question_bank_counts_match_the_chapters(built_site):
    sources = list((ROOT / "docs").glob("*/*.md"))
    in_chapters = sum(len(re.findall(r"^\s*\?\?\? question ", p.read_text(encoding="utf-8"), re.M)) for p in sources)
    index = (built_site.path / "questions/index.html").read_text(encoding="utf-8")
    assert index.count('<li class="hb-q"') == in_chapters
    assert f"全书共 {in_chapters} 道面试题" in index
    data = json.loads((built_site.path / "questions/questions.json").read_text(encoding="utf-8"))
    assert len(data["questions"]) == in_chapters
    assert all(q["answer"].startswith("<p><strong>答") for q in data["questions"])


def test_print_page_has_every_chapter_and_loads_only_local_mermaid(built_site):
    html = (built_site.path / "print_page/index.html").read_text(encoding="utf-8")
    assert 'import mermaid from "../assets/javascripts/mermaid-global.mjs"' in html
    assert '"base": ".."' in html
    for chapter in ("架构与核心组件", "调度", "服务与网络", "etcd 与 Raft", "容器基础", "原笔记勘误"):
        assert chapter in html
