"""The offline PDF, exported from the real book and read back as a reader would: pypdf, pikepdf and
poppler's pdftotext / pdffonts. The expected headings, contents and reference lists come from the print
page the export read (site/print_page/), never from the PDF itself."""

import datetime
import html
import re
import shutil
import subprocess
from pathlib import Path

import pdf_finish
import pikepdf
import pytest

import make_pdf
import sitekit
from conftest import book_chapters
from handbook import printbook

pytestmark = pytest.mark.pdf
ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"  # 2023-11-14: any fixed moment, far from "now"


@pytest.fixture(scope="module")
def pdf(built_site, chromium, tmp_path_factory):
    """The real book exported with tools/make_pdf.py (the chromium fixture skips or fails without one)."""
    for tool in ("pdftotext", "pdffonts"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} not found: install poppler-utils", pytrace=False)
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        make_pdf.export(built_site.path, out, chromium=chromium)
    return out


@pytest.fixture(scope="module")
def print_html(built_site):
    return (built_site.path / "print_page" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages_text(pdf):
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def words(pdf):
    """Per page: (page height, [(x, top, text)] of every word), from pdftotext -bbox (points, from the top)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for height, body in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', out, re.S):
        found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</word>', body)
        pages.append((float(height), [(float(x), float(y), html.unescape(t)) for x, y, t in found]))
    return pages


@pytest.fixture(scope="module")
def outline(pdf):
    """[(depth, title, page number, y of the destination from the page's top)] of every bookmark."""
    with pikepdf.open(pdf) as document:
        pages = {page.objgen: number for number, page in enumerate(document.pages, start=1)}
        destinations = {str(k).lstrip("/"): v for k, v in (document.Root.get("/Dests") or {}).items()}
        found = []

        def walk(node, depth):
            while node is not None:
                target = node.get("/Dest")
                if isinstance(target, (pikepdf.Name, pikepdf.String)):
                    target = destinations.get(str(target).lstrip("/"))
                page = pages.get(target[0].objgen) if isinstance(target, pikepdf.Array) else None
                top = float(target[0].MediaBox[3]) - float(target[3]) if page else None
                found.append((depth, str(node.get("/Title")), page, top))
                if node.get("/First") is not None:
                    walk(node.First, depth + 1)
                node = node.get("/Next")

        walk(document.Root.Outlines.get("/First"), 0)
        return found


def _squash(text):
    return re.sub(r"\s+", "", text)


def _printed_headings(print_html):
    """(depth, text) of every h1-h6 of the book part of the print page, nested the way Chromium nests
    bookmarks: under the closest heading before it of a higher level."""
    book = print_html[print_html.index('<div id="print-site-page"') :]
    found, open_levels = [], []
    for level, inner in re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", book, re.S):
        level = int(level)
        while open_levels and open_levels[-1] >= level:
            open_levels.pop()
        found.append((len(open_levels), printbook.text_of(inner)))
        open_levels.append(level)
    return found


def test_every_bookmark_is_exactly_its_heading_nested_by_level(outline, print_html):
    """The bookmarks are Chromium's, built from the printed headings: the same titles, letter for letter
    (no doubled or garbled text), in the same order and nesting."""
    expected = [(depth, _squash(text)) for depth, text in _printed_headings(print_html)]
    actual = [(depth, _squash(title)) for depth, title, *_ in outline]
    assert len(actual) > 500, "the bookmarks stop early"
    mismatches = [(a, e) for a, e in zip(actual, expected, strict=False) if a != e]
    assert mismatches[:5] == [] and len(actual) == len(expected)


def test_chapters_are_top_level_bookmarks_in_order_with_their_sections_inside(outline):
    top = [title for depth, title, *_ in outline if depth == 0]
    chapters = [title for _, title in book_chapters()]
    positions = []
    for number, chapter in enumerate(chapters, start=1):
        matches = [i for i, title in enumerate(top) if title.startswith(f"第 {number} 章")]
        assert matches, f"no bookmark for chapter {number} ({chapter})"
        positions.append(matches[0])
    assert positions == sorted(positions)
    sections = [title for depth, title, *_ in outline if depth == 1 and re.match(r"\d+\.\d+ ", title)]
    assert len(sections) > 40, "pages are not nested under their chapters"


def _contents_entries(pages_text):
    """(title, printed page number) of every line of the contents pages, as pdftotext reads them."""
    start = next(i for i, page in enumerate(pages_text) if page.strip().startswith("目录"))
    entries = []
    for page in pages_text[start:]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if entries and lines and lines[0] != "目录" and not re.search(r"\s\d+$", lines[0]):
            break  # past the contents
        for line in lines[:-1]:  # the last line is the page's own number
            found = re.match(r"(.*\S)\s+(\d+)$", line)
            if found:
                entries.append([found.group(1), int(found.group(2))])
            elif entries and line != "目录":
                entries[-1][0] += line  # a title that wrapped
    return entries


def test_contents_page_numbers_are_the_pages_the_bookmarks_land_on(pages_text, outline):
    entries = _contents_entries(pages_text)
    bookmarks = {}
    for depth, title, page, _ in outline:
        if depth <= 1:
            bookmarks.setdefault(_squash(title), page)
    assert len(entries) > 60
    assert [title for title, _ in entries[:1]] == ["关于本书"]
    wrong = [(title, number, bookmarks.get(_squash(title))) for title, number in entries]
    wrong = [w for w in wrong if w[1] != w[2]]
    assert wrong == []
    numbers = [number for _, number in entries]
    assert numbers == sorted(numbers), "contents entries out of page order"


def test_the_contents_lists_each_chapter_once(pages_text):
    """Entry 1 is the front matter, not 首页; a chapter's index page is the chapter, never also its N.1."""
    titles = [_squash(title) for title, _ in _contents_entries(pages_text)]
    assert "首页" not in titles
    for number in range(1, len(book_chapters()) + 1):
        chapter = [t[len(f"第{number}章") :] for t in titles if t.startswith(f"第{number}章")]
        sections = [t[len(f"{number}.") :].lstrip("0123456789") for t in titles if t.startswith(f"{number}.")]
        assert len(chapter) == 1, f"chapter {number} is listed {len(chapter)} times"
        assert chapter[0] not in sections, f"chapter {number} repeats its own name as a section"


def _page_body(page):
    """A page's text without its page number (the last line)."""
    lines = [line for line in page.splitlines() if line.strip()]
    return "\n".join(lines[:-1]) if lines and re.fullmatch(r"\s*\d+\s*", lines[-1]) else "\n".join(lines)


def test_no_heading_ends_a_page(outline, words):
    """Below each heading, on the heading's own page, there is more than the heading: the words from its
    bookmark's destination down, in reading order, run on past the heading's text (the footer's page
    number excluded)."""
    stranded = []
    for _, title, page, top in outline:
        height, on_page = words[page - 1]
        below = sorted((round(y), x, text) for x, y, text in on_page if top - 20 <= y < height - 50)
        text, heading = _squash("".join(text for *_, text in below)), _squash(title)
        where = text.find(heading[:8])
        if where < 0 or where > 60 or len(text) <= where + len(heading):
            stranded.append((page, title))
    assert stranded == [], stranded


def test_no_page_holds_only_references(print_html, pages_text):
    lists = re.findall(r'<div class="hb-references">(.*?)</div>', print_html, re.S)
    items = {_squash(printbook.text_of(li)) for block in lists for li in re.findall(r"<li>(.*?)</li>", block, re.S)}
    assert len(items) > 100
    alone = []
    for number, page in enumerate(pages_text, start=1):
        body = _squash(_page_body(page))
        rest = body
        for item in sorted(items, key=len, reverse=True):
            rest = rest.replace(item, "")
        if rest != body and len(rest.replace("参考", "")) < 20:
            alone.append(number)
    assert alone == [], alone


def test_no_empty_glossary_back_link_line(pages_text):
    empty = [n for n, page in enumerate(pages_text, start=1) if re.search(r"本书中出现：[ \t]*(\n|$)", page)]
    assert empty == []


def test_no_permalink_marks_are_printed(pages_text):
    assert "¶" not in "".join(pages_text)


def test_screen_only_controls_are_hidden_on_paper(site_url, chromium):
    """The print stylesheet, applied by a browser printing the print page, hides every control."""
    context = chromium.new_context()
    page = context.new_page()
    page.goto(site_url + "print_page/", wait_until="load")
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => [...document.querySelectorAll(
              '#print-site-page .md-clipboard, #print-site-page .headerlink, #print-site-page button,'
              + '#print-site-page input, #print-site-page select, .md-content__button, .hb-bank-filter,'
              + '.hb-screen-only, .md-header, .md-sidebar, .md-footer')]
           .filter(el => el.getClientRects().length > 0).map(el => el.outerHTML.slice(0, 80))"""
    )
    context.close()
    assert shown == []


def test_the_cover_and_the_colophon(pages_text):
    cover, last = _squash(pages_text[0]), _squash(pages_text[-1])
    site_name = sitekit.read_config()["site_name"]
    assert _squash(site_name) in cover and "Kubernetesv1.37" in cover
    assert cover.count(_squash(site_name)) == 1, "the cover repeats the title"
    assert "版权页" in last and "报告错误" in last and "CCBY-SA4.0" in last and "/issues" in last


def test_document_metadata(pdf):
    config = sitekit.read_config()
    with pikepdf.open(pdf) as document:
        info = document.docinfo
        assert str(info.Title) == config["site_name"]
        assert str(info.Author) == config["site_author"]
        assert str(document.Root.Lang) == "zh-CN"
        assert document.Root.PageMode == pikepdf.Name.UseOutlines
        expected = datetime.datetime.fromtimestamp(int(EPOCH), datetime.UTC).strftime("D:%Y%m%d%H%M%S")
        assert str(info.CreationDate).startswith(expected) and info.ModDate == info.CreationDate
        ids = pikepdf.NameTree(document.Root.StructTreeRoot.IDTree).keys()
        assert ids and all(re.fullmatch(r"hbid\d{8}", name) for name in ids)


def test_every_font_is_embedded_and_one_is_cjk(pdf):
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows, "no fonts"
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not_embedded == []
    assert [row for row in rows if "Type 3" in row] == [], "Type 3 fonts: a face Chromium could not embed"
    assert any("CJK" in row.split()[0] for row in rows)


def test_every_chapter_title_is_in_the_text(pages_text):
    text = _squash("".join(pages_text))
    missing = [chapter for _, chapter in book_chapters() if _squash(chapter) not in text]
    assert missing == []


def test_diagram_labels_are_text_in_the_pdf(pages_text):
    """A sample of labels from each chapter's diagrams: rendered diagrams, not source and not images."""
    text = _squash("".join(pages_text))
    labels = []
    for chapter in sorted((ROOT / "docs").glob("*/index.md")):
        sources = re.findall(r"```mermaid\n(.*?)```", chapter.read_text(encoding="utf-8"), re.S)
        found = [
            m for src in sources for m in re.findall(r'\["([^"<]{2,20})"\]', src) if re.search(r"[\u4e00-\u9fff]", m)
        ]
        labels += found[:2]
    assert len(labels) >= 10, "too few labelled diagrams to sample"
    missing = [label for label in labels if _squash(label) not in text]
    assert missing == []
    assert "flowchart" not in text and "sequenceDiagram" not in text, "a diagram was printed as its source"


def test_no_page_is_blank(pages_text):
    blank = [number for number, page in enumerate(pages_text, start=1) if not _page_body(page).strip()]
    assert blank == []


def test_answers_are_printed_open(pages_text):
    sources = list((ROOT / "docs").glob("*/*.md"))
    questions = sum(p.read_text(encoding="utf-8").count("??? question") for p in sources)
    printed = "".join(pages_text).count("答：")
    assert printed >= questions > 100


def test_internal_links_jump_within_the_pdf(pdf):
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    pages = {page.indirect_reference.idnum for page in reader.pages}
    named = reader.named_destinations
    internal, broken = 0, []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            destination = annotation.get("/Dest")
            action = annotation.get("/A")
            if destination is None and action is not None and action.get("/S") == "/GoTo":
                destination = action.get("/D")
            if destination is None:
                continue
            internal += 1
            if isinstance(destination, str) or hasattr(destination, "decode"):
                target = named.get(str(destination))
                ok = target is not None and target.page is not None
            else:
                ok = destination[0].idnum in pages
            if not ok:
                broken.append((number, str(destination)[:60]))
    assert internal > 100, "the PDF has almost no internal links"
    assert broken == []


def test_question_links_of_the_bank_land_on_their_questions(pdf, print_html):
    """The bank's links to questions target the prefixed anchors of the questions' badge lines."""
    bank = print_html[print_html.index('id="questions"') :]
    targets = re.findall(r'href="#([^"]*q-[^"]+)"', bank)
    assert len(targets) > 100
    with pikepdf.open(pdf) as document:
        names = {str(k).lstrip("/") for k in (document.Root.get("/Dests") or {}).keys()}
    assert sorted(set(targets) - names)[:5] == []


# ---- Reproducible: the same input gives the same bytes ----------------------------------------


def test_structure_ids_are_renamed_in_document_order_whatever_chromium_numbered():
    one = b"<</ID (node00000042)>> <</ID (node00000007)>> <</Headers [(node00000007)]>>"
    two = b"<</ID (node00000913)>> <</ID (node00000120)>> <</Headers [(node00000120)]>>"
    assert pdf_finish.canonical_structure_ids(one) == pdf_finish.canonical_structure_ids(two)
    renamed, count = pdf_finish.canonical_structure_ids(one)
    assert count == 2 and len(renamed) == len(one) and b"node" not in renamed


def test_two_exports_of_one_build_are_the_same_bytes(chromium, tmp_path):
    """A tiny book (cover, contents, a table with header cells, a diagram, bookmarks), built once and
    exported twice with SOURCE_DATE_EPOCH: identical files, with no structure id named after a DOM node.
    (Those names do differ between two prints of the real book; `make pdf-reproducible` compares two full
    builds and exports of it byte for byte.)"""
    import tinybook

    page = """\
        # 章

        ## 小节 {#sec}

        一个 Pod 的故事。

        | 组件 | 作用 |
        | --- | --- |
        | kubelet | 节点代理 |

        ```mermaid
        flowchart LR
          a["控制平面"] --> b["节点"]
        ```
        """
    book = tinybook.write(tmp_path / "book", {"ch/index.md": page})
    mermaid = Path("assets/javascripts/mermaid")  # the bundle `make` copies from node_modules
    shutil.copytree(ROOT / "docs" / mermaid, book / "docs" / mermaid)
    result = tinybook.build(book)
    assert result.returncode == 0, result.log
    exports = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for name in ("a.pdf", "b.pdf"):
            make_pdf.export(result.site, tmp_path / name, chromium=chromium)
            exports.append((tmp_path / name).read_bytes())
    assert exports[0] == exports[1]
    with pikepdf.open(tmp_path / "a.pdf") as document:  # Chromium's DOM-node names, which vary, are gone
        names = list(pikepdf.NameTree(document.Root.StructTreeRoot.IDTree).keys())
    assert names and all(re.fullmatch(r"hbid\d{8}", name) for name in names)
