"""The offline books `make books` writes (dist/), as the site lists them for download.

The site links only to the files that are really there: the publishing workflow (or a maintainer, see
README) copies dist/* into docs/assets/books/ before the build, and a plain build lists nothing.
"""

import datetime
from dataclasses import asdict, dataclass
from pathlib import Path

BOOKS_DIR = "assets/books"
LEGACY_PDF = "assets/pdf/k8s-handbook.pdf"  # where the PDF was published before the other formats existed


@dataclass(frozen=True)
class Book:
    filename: str
    name: str
    description: str


BOOKS = (
    Book("k8s-handbook.pdf", "PDF", "A4，带书签与页码目录，适合打印和平板阅读"),
    Book("k8s-handbook.epub", "EPUB", "可重排的电子书，适合手机和电子阅读器"),
    Book("k8s-handbook.apkg", "Anki 卡组", "每道面试题一张卡片，导入新版会更新已有卡片"),
    Book("k8s-handbook-offline.zip", "离线网站", "解压后用浏览器打开 index.html，含搜索、图和自测"),
)


def human_size(size):
    """Bytes as a reader reads them: 812 KB, 12.4 MB."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1e6:.1f} MB"


def find_books(docs_dir):
    """[{name, href, size, date, description, filename}] for each book present in docs_dir, in BOOKS order.

    href is relative to the site root (templates pass it through Material's `url` filter); date is the
    file's modification date (UTC), which is when the publishing workflow copied it in.
    """
    docs_dir = Path(docs_dir)
    found = []
    for book in BOOKS:
        href = f"{BOOKS_DIR}/{book.filename}"
        path = docs_dir / href
        if not path.is_file() and book.filename.endswith(".pdf") and (docs_dir / LEGACY_PDF).is_file():
            href, path = LEGACY_PDF, docs_dir / LEGACY_PDF
        if not path.is_file():
            continue
        stat = path.stat()
        date = datetime.datetime.fromtimestamp(stat.st_mtime, datetime.UTC).date().isoformat()
        found.append(asdict(book) | {"href": href, "size": human_size(stat.st_size), "date": date})
    return found
