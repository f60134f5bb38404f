"""The download links: hooks/print_hook.py lists the books found in docs/assets/books/ and the home page
shows each with its size and date (overrides/partials/downloads.html)."""

import re
from pathlib import Path

import jinja2

from handbook import books

ROOT = Path(__file__).resolve().parent.parent
PARTIAL = ROOT / "overrides" / "partials" / "downloads.html"


def _render(found):
    environment = jinja2.Environment(autoescape=True)
    environment.filters["url"] = lambda path: "../" + path  # Material's filter: relative to the page
    template = environment.from_string(PARTIAL.read_text(encoding="utf-8"))
    return template.render(config={"extra": {"books": found}})


def test_the_partial_lists_each_book_with_size_and_date():
    found = [
        {
            "name": "PDF",
            "href": "assets/books/k8s-handbook.pdf",
            "size": "11.2 MB",
            "date": "2026-11-29",
            "description": "A4",
        },
        {
            "name": "EPUB",
            "href": "assets/books/k8s-handbook.epub",
            "size": "1.5 MB",
            "date": "2026-11-28",
            "description": "电子书",
        },
    ]
    html = _render(found)
    for book in found:
        link = re.search(
            rf'<a href="\.\./{re.escape(book["href"])}" download><strong>{book["name"]}</strong></a>', html
        )
        assert link, book["name"]
        assert book["size"] in html and book["date"] in html
    assert "print_page/" in html


def test_without_books_the_partial_offers_the_print_page_only():
    html = _render([])
    assert " download>" not in html and "../print_page/" in html


def test_the_home_page_links_the_books_found_in_the_docs(tmp_path):
    """A tiny book with the real theme and hooks, a PDF and an EPUB in docs/assets/books/: the built home
    page links both, with their sizes and dates; a build without them links none."""
    import tinybook

    home = "---\ntemplate: home.html\n---\n\n# 首页\n\n> 摘要。\n\n正文。\n"
    book = tinybook.write(tmp_path / "book", {"index.md": home})
    folder = book / "docs" / books.BOOKS_DIR
    folder.mkdir(parents=True)
    (folder / "k8s-handbook.pdf").write_bytes(b"%PDF-1.7\n" + b"0" * 2_400_000)
    (folder / "k8s-handbook.epub").write_bytes(b"PK" + b"0" * 30_000)
    result = tinybook.build(book)
    assert result.returncode == 0, result.log
    page = (result.site / "index.html").read_text(encoding="utf-8")
    assert 'href="assets/books/k8s-handbook.pdf" download' in page and "2.4 MB" in page
    assert 'href="assets/books/k8s-handbook.epub" download' in page and "30 KB" in page
    assert re.search(r"\d{4}-\d{2}-\d{2}", page[page.index("k8s-handbook.pdf") :])
    assert "k8s-handbook.apkg" not in page  # not there, not linked
