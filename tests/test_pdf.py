"""The offline PDF, exported from the real book and read back with pypdf and poppler."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import make_pdf
from conftest import book_chapters

pytestmark = pytest.mark.pdf
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pdf(built_site, chromium, tmp_path_factory):
    """The real book exported with tools/make_pdf.py (the chromium fixture skips or fails without one)."""
    for tool in ("pdftotext", "pdffonts"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} not found: install poppler-utils", pytrace=False)
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    make_pdf.export(built_site.path, out, chromium=chromium)
    return out


@pytest.fixture(scope="module")
def pages_text(pdf):
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def _chapters():
    return [title for _, title in book_chapters()]


def _outline_titles(pdf):
    from pypdf import PdfReader

    titles = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                titles.append((depth, item.title))

    walk(PdfReader(str(pdf)).outline, 0)
    return titles


def test_outline_lists_every_chapter_in_order(pdf):
    top = [title for depth, title in _outline_titles(pdf) if depth == 0]
    positions = [top.index(chapter) for chapter in _chapters()]
    assert positions == sorted(positions), "chapters are out of order in the bookmarks"


def test_outline_has_sections_and_no_doubled_titles(pdf):
    titles = _outline_titles(pdf)
    assert sum(1 for depth, _ in titles if depth >= 1) > 100, "the bookmarks stop at chapter level"
    doubled = [t for _, t in titles if len(t) % 2 == 0 and len(t) > 1 and t[: len(t) // 2] == t[len(t) // 2 :]]
    assert doubled == []


def test_every_font_is_embedded_and_one_is_cjk(pdf):
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows, "no fonts"
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not_embedded == []
    assert [row for row in rows if "Type 3" in row] == [], "Type 3 fonts: a face Chromium could not embed"
    assert any("CJK" in row.split()[0] for row in rows)


def _squash(text):
    return re.sub(r"\s+", "", text)


def test_every_chapter_title_is_in_the_text(pages_text):
    text = _squash("".join(pages_text))
    missing = [chapter for chapter in _chapters() if _squash(chapter) not in text]
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
    blank = [number for number, page in enumerate(pages_text, start=1) if not page.strip()]
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
