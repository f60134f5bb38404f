"""MkDocs hook: what the print page and the PDF need from the build.

- on_config: the build date for the cover, and whether a PDF exists to link to (the site links to the
  PDF only when `make pdf` has put one in docs/assets/pdf/, so a plain build never links to nothing);
- on_post_build: after mkdocs-print-site-plugin has written the print page, make it load the local
  mermaid (print-site skips on_post_page, so mermaid2 never adds its script there) and send links to
  pages left out of it (the question bank) to the published site.
"""

from pathlib import Path

from mkdocs.plugins import event_priority

from handbook import printpage


@event_priority(100)
def on_config(config):
    config.extra["build_date"] = printpage.build_date()
    has_pdf = (Path(config.docs_dir) / printpage.PDF_PATH).is_file()
    config.extra["pdf"] = printpage.PDF_PATH if has_pdf else None


_page_urls = []


def on_nav(nav, config, files):
    _page_urls[:] = [page.url for page in nav.pages] + ["print_page/"]


@event_priority(-50)  # after print-site (priority 0), before the link check (-100)
def on_post_build(config):
    path = Path(config.site_dir) / printpage.PRINT_PAGE
    if path.is_file():
        html = printpage.add_local_mermaid(path.read_text(encoding="utf-8"))
        html = printpage.relative_config_base(html)
        html = printpage.prefix_question_ids(html)
        html = printpage.retarget_links_to_missing_pages(html, _page_urls, config.site_url or "")
        path.write_text(html, encoding="utf-8")
