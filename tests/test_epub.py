"""The EPUB (tools/make_epub.py) of the real book: checked with epubcheck (Debian's package) and read
back as a reader's app would, from the zip: navigation, chapters, diagrams, answers, language."""

import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import make_epub
import pytest
from lxml import etree

from conftest import book_chapters

pytestmark = pytest.mark.pdf  # slow like the PDF: it renders every diagram in Chromium
XHTML = "{http://www.w3.org/1999/xhtml}"


def epubcheck_command():
    """epubcheck as Debian installs it: a jar on PATH that the system may or may not run by itself."""
    found = shutil.which("epubcheck")
    if found is None:
        pytest.fail("epubcheck not found: install Debian's epubcheck package", pytrace=False)
    target = Path(found).resolve()
    return ["java", "-jar", str(target)] if target.suffix == ".jar" else [found]


@pytest.fixture(scope="module")
def epub(built_site, chromium, tmp_path_factory):
    out = tmp_path_factory.mktemp("epub") / "book.epub"
    make_epub.build(built_site.path, out, chromium=chromium)
    return out


@pytest.fixture(scope="module")
def files(epub):
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def print_html(built_site):
    return (built_site.path / "print_page" / "index.html").read_text(encoding="utf-8")


def test_epubcheck_finds_no_error(epub):
    result = subprocess.run([*epubcheck_command(), str(epub)], capture_output=True, text=True)
    report = result.stdout + result.stderr
    errors = [line for line in report.splitlines() if line.startswith(("ERROR", "FATAL"))]
    assert errors[:10] == [] and result.returncode == 0, report[-3000:]


def _documents(files):
    return {name: etree.fromstring(data) for name, data in files.items() if name.endswith(".xhtml")}


def test_navigation_follows_the_book(files):
    nav = etree.fromstring(files["EPUB/nav.xhtml"])
    top = nav.findall(f".//{XHTML}nav/{XHTML}ol/{XHTML}li")
    titles = ["".join(next(iter(li)).itertext()) for li in top]
    chapters = [t for t in titles if t.startswith("第 ")]
    assert len(chapters) == len(book_chapters())
    for number, chapter in enumerate(chapters, start=1):
        assert chapter.startswith(f"第 {number} 章")
    nested = [li for li in top if li.find(f"{XHTML}ol") is not None]
    assert len(nested) == len(chapters), "a chapter's sections are not nested under it"
    assert titles[0] == "关于本书" and titles[-1] == "版权页"


def test_every_link_into_the_book_lands_on_an_existing_id(files):
    documents = _documents(files)
    ids = {name: {e.get("id") for e in doc.iter() if e.get("id")} for name, doc in documents.items()}
    broken = []
    for name, doc in documents.items():
        for link in doc.iter(f"{XHTML}a"):
            href = link.get("href") or ""
            if not href or re.match(r"[a-z]+:", href):
                continue
            path, _, fragment = href.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) if path else name
            if target not in documents or (fragment and fragment not in ids[target]):
                broken.append((name, href))
    assert broken[:10] == []


def test_every_diagram_is_an_svg_drawn_by_the_browser(files, print_html):
    expected = len(set(re.findall(r'<pre\s+class="mermaid"><code>(.*?)</code></pre>', print_html, re.S)))
    drawings = {name: data for name, data in files.items() if name.endswith(".svg")}
    assert len(drawings) == expected > 50
    for name, data in drawings.items():
        svg = etree.fromstring(data)
        texts = "".join(svg.itertext())
        assert svg.tag == "{http://www.w3.org/2000/svg}svg" and texts.strip(), name
        assert not list(svg.iter("{http://www.w3.org/2000/svg}foreignObject")), f"{name}: HTML inside the SVG"
    shown = sum(len(re.findall(rb'<img[^>]+src="\.\./diagrams/d\d+\.svg"', data)) for data in files.values())
    assert shown >= expected
    assert not any(b'class="mermaid"' in data for name, data in files.items() if name.endswith(".xhtml"))


def test_answers_are_open_without_scripts(files):
    documents = {name: data for name, data in files.items() if name.endswith(".xhtml")}
    assert not any(b"<script" in data or b"<details" in data for data in documents.values())
    answers = sum(data.decode("utf-8").count("答：") for data in documents.values())
    questions = sum(data.count(b'class="hb-q-meta"') for data in documents.values())
    assert questions > 100 and answers >= questions


def test_chinese_is_declared_and_set_in_cjk_faces(files):
    opf = files["EPUB/content.opf"].decode("utf-8")
    assert "<dc:language>zh-CN</dc:language>" in opf
    for name, data in files.items():
        if name.startswith("EPUB/text/"):
            root = etree.fromstring(data)
            assert root.get("lang") == "zh-CN" or root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    css = files["EPUB/style/book.css"].decode("utf-8")
    family = re.search(r"font-family:\s*([^;]+);", css).group(1)
    assert "Noto Sans CJK SC" in family and family.strip().endswith("sans-serif")


def test_no_screen_controls_or_permalinks(files):
    text = b"".join(data for name, data in files.items() if name.endswith(".xhtml"))
    assert b"headerlink" not in text and "¶".encode() not in text
    assert b"<button" not in text and b"<select" not in text and b"<input" not in text


def test_the_cover_and_the_colophon(files):
    assert any(name.endswith("cover.png") for name in files)
    colophon = files["EPUB/text/hb-colophon.xhtml"].decode("utf-8")
    assert "报告错误" in colophon and "CC BY-SA 4.0" in colophon


def test_markup_for_screens_becomes_plain_book_markup():
    """Folded blocks open, tabs as titled blocks, checkboxes as marks, text typed as a tag kept as text,
    controls and permalinks gone (the functions make_epub applies to each part, on a small fragment)."""
    import lxml.html

    fragment = lxml.html.fragment_fromstring(
        '<div><h2 id="h">题<a class="headerlink" href="#h">¶</a></h2>'
        '<details class="question"><summary>Pod 为什么 Pending？</summary><p>答：资源不足。</p></details>'
        '<div class="tabbed-set"><input type="radio"><div class="tabbed-labels"><label>YAML</label></div>'
        '<div class="tabbed-content"><div class="tabbed-block"><p>kind: Pod</p></div></div></div>'
        '<ul><li><label class="task-list-control"><input type="checkbox" checked></label> 完成</li></ul>'
        "<p>TARGETS 为 <unknown>/70%</p><button>复制</button></div>"
    )
    make_epub._untab(fragment)
    make_epub._unfold(fragment)
    make_epub._tick_boxes(fragment)
    make_epub._drop_unwanted(fragment)
    make_epub._literal_unknown_elements(fragment)
    html = lxml.html.tostring(fragment, encoding="unicode")
    assert "<details" not in html and '<p class="hb-fold__title">Pod 为什么 Pending？</p><p>答：资源不足。</p>' in html
    assert '<p class="hb-tabs__title">YAML</p>' in html and "kind: Pod" in html
    assert "☑  完成" in html and "TARGETS 为 &lt;unknown&gt;/70%" in html
    assert "<button" not in html and "headerlink" not in html and "<input" not in html
