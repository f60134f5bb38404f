"""The print page (mkdocs-print-site-plugin) and the offline PDF: small pure helpers."""

import datetime
import os
import re

PRINT_PAGE = "print_page/index.html"
PDF_PATH = "assets/pdf/k8s-handbook.pdf"


def build_date(environ=os.environ):
    """Today's date, or the date of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    return datetime.date.today().isoformat()


def add_local_mermaid(print_html, module_path="../assets/javascripts/mermaid-global.mjs"):
    """Make the print page load the site's own mermaid before Material looks for it.

    print-site renders its page after every other page and skips on_post_page, so mermaid2 never adds
    its script there; without window.mermaid, Material would fetch mermaid from a CDN.
    """
    if 'class="mermaid"' not in print_html or "mermaid-global.mjs" in print_html:
        return print_html
    script = f'<script type="module">import mermaid from "{module_path}";</script>'
    return print_html.replace("</head>", script + "</head>", 1)


def page_key(url):
    """The anchor mkdocs-print-site-plugin gives a page in the print page ('a/b/' -> 'a-b')."""
    return url.lower().strip().rstrip("/").replace(".html", "").replace("/", "-").lstrip("-") or "index"


def retarget_links_to_missing_pages(print_html, page_urls, site_url):
    """Links to pages left out of the print page (the question bank, the print page itself) become
    in-page anchors that lead nowhere in the PDF; point them at the published site instead."""
    ids = set(re.findall(r'\bid="([^"]+)"', print_html))
    by_key = {page_key(url): url for url in page_urls}
    base = site_url.rstrip("/") + "/"

    def fix(match):
        anchor = match.group(1)
        if anchor in ids or anchor not in by_key:
            return match.group(0)
        return f'href="{base}{by_key[anchor]}"'

    return re.sub(r'href="#([^"]+)"', fix, print_html)


def relative_config_base(print_html, base=".."):
    """print-site renders the print page with the 404 page's template context, whose `base` is the
    absolute path of site_url ("/k8s-handbook/"): right only when served at exactly that path. Material
    loads the search index from `base`, so make it relative to the print page."""
    return re.sub(r'("base":\s*)"[^"]*"', lambda m: f'{m.group(1)}"{base}"', print_html, count=1)


def prefix_question_ids(print_html):
    """print-site prefixes every link into a page with that page's key but rewrites ids only on h1-h6,
    sup and li; a question's anchor is on a <span>. Its id already names its page (q-<page key>-<n>),
    so give it the prefix the links expect."""
    return re.sub(r'\bid="q-([a-z0-9-]+?)-(\d+)"', r'id="\1-q-\1-\2"', print_html)
