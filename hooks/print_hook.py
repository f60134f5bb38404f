"""MkDocs hook: what the print page, the PDF and the download links need from the build.

- on_config: the build date and edition for the cover and colophon; the offline books present in
  docs/assets/books/ (config.extra.books, listed by overrides/partials/downloads.html) and, for the
  older single button, config.extra.pdf;
- on_nav: every page's URL and folder (chapters are folders, see handbook.nav.chapters);
- on_post_build: after mkdocs-print-site-plugin has written the print page, lay it out as a book
  (handbook.printbook), make it load the local mermaid (print-site skips on_post_page, so mermaid2 never
  adds its script there) and the print stylesheet, and send links to pages left out of it to the site.
"""

from pathlib import Path

import jinja2
from mkdocs.plugins import event_priority

from handbook import books, nav, printbook, printpage

COLOPHON_TEMPLATE = Path(__file__).resolve().parent.parent / "overrides" / "print" / "colophon.tpl"
COLOPHON_TITLE = "版权页"


@event_priority(100)
def on_config(config):
    config.extra["build_date"] = printpage.build_date()
    config.extra["book_version"] = printpage.book_version(Path(config.config_file_path).parent)
    config.extra["books"] = books.find_books(config.docs_dir)
    config.extra["pdf"] = next((b["href"] for b in config.extra["books"] if b["filename"].endswith(".pdf")), None)


_pages = {"urls": [], "folders": {}}


def on_nav(nav_, config, files):
    _pages["urls"] = [page.url for page in nav_.pages] + [printpage.PRINT_PAGE_URL]
    _pages["folders"] = {
        printpage.page_key(page.url): page.file.src_uri.split("/", 1)[0] if "/" in page.file.src_uri else ""
        for page in nav_.pages
    }


def _colophon(config):
    template = jinja2.Environment(autoescape=True).from_string(COLOPHON_TEMPLATE.read_text(encoding="utf-8"))
    return template.render(config=config)


def book_metadata(config):
    return {
        "title": config.site_name,
        "author": config.site_author or "",
        "description": config.site_description or "",
        "language": "zh-CN",
        "site_url": config.site_url or "",
        "repo_url": config.repo_url or "",
        "version": config.extra.get("book_version", ""),
        "build_date": config.extra.get("build_date", ""),
        "k8s_version": str(config.extra.get("k8s_version", "")),
        "license": "CC BY-SA 4.0",
    }


@event_priority(-50)  # after print-site (priority 0), before the link check (-100)
def on_post_build(config):
    print_site = config.plugins.get("print-site")
    if print_site is not None and not print_site.config.get("enabled"):
        return  # print-site wrote no print page in this build (switched off by `make serve`'s quick rebuilds)
    directory_urls = config.use_directory_urls
    path = Path(config.site_dir) / printpage.print_page_file(directory_urls)
    if not path.is_file():
        return
    html = path.read_text(encoding="utf-8")
    html = printbook.make_book(
        html, _pages["folders"], nav.chapters(config.nav or []), _colophon(config), COLOPHON_TITLE
    )
    html = printpage.add_local_mermaid(
        html, printpage.relative_to_print_page("assets/javascripts/mermaid-global.mjs", directory_urls)
    )
    html = printpage.add_stylesheet(html, printpage.relative_to_print_page(printpage.PRINT_CSS, directory_urls))
    html = printpage.relative_config_base(html, printpage.relative_to_print_page(".", directory_urls))
    html = printpage.retarget_links_to_missing_pages(html, _pages["urls"], config.site_url or "")
    html = printpage.set_title(html, config.site_name)
    html = printpage.add_book_metadata(html, book_metadata(config))
    path.write_text(html, encoding="utf-8")
