"""The print page (mkdocs-print-site-plugin) and the offline books: small pure helpers."""

import datetime
import html
import json
import os
import posixpath
import re
import subprocess

PRINT_PAGE_URL = "print_page/"
PRINT_CSS = "print/print.css"  # overrides/print/print.css, copied into the site as a theme file
BOOK_METADATA_ID = "hb-book"


def print_page_file(use_directory_urls=True):
    """Where the print page is written, relative to the site folder."""
    return "print_page/index.html" if use_directory_urls else "print_page.html"


def build_date(environ=os.environ):
    """Today's date, or the date of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    return datetime.date.today().isoformat()


def book_version(repo_dir, environ=os.environ):
    """The edition printed in the colophon: BOOK_VERSION if set, else `git describe --tags --always`
    (a tag such as v1.2, or the commit), else an empty string when there is no git history."""
    if environ.get("BOOK_VERSION"):
        return environ["BOOK_VERSION"]
    try:
        result = subprocess.run(
            ["git", "describe", "--tags", "--always"], cwd=repo_dir, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def add_local_mermaid(print_html, module_path="../assets/javascripts/mermaid-global.mjs"):
    """Make the print page load the site's own mermaid before Material looks for it.

    print-site renders its page after every other page and skips on_post_page, so mermaid2 never adds
    its script there; without window.mermaid, Material would fetch mermaid from a CDN.
    """
    if 'class="mermaid"' not in print_html or "mermaid-global.mjs" in print_html:
        return print_html
    script = f'<script type="module">import mermaid from "{module_path}";</script>'
    return print_html.replace("</head>", script + "</head>", 1)


def add_stylesheet(print_html, href):
    """Link the print stylesheet last in <head>, so it wins over the theme's rules of equal weight."""
    if f'href="{href}"' in print_html:
        return print_html
    return print_html.replace("</head>", f'<link rel="stylesheet" href="{href}"></head>', 1)


def set_title(print_html, title):
    """The print page is the book: its <title> (which Chromium makes the PDF's title) is the book's,
    not print-site's "打印版（全书） - …"."""
    return re.sub(
        r"<title>.*?</title>", lambda m: f"<title>{html.escape(title)}</title>", print_html, count=1, flags=re.S
    )


def add_book_metadata(print_html, metadata):
    """The book's facts (title, author, edition, date, URLs) as JSON in the print page's <head>, for the
    tools that turn the print page into books (tools/make_pdf.py, tools/make_epub.py)."""
    data = json.dumps(metadata, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return print_html.replace(
        "</head>", f'<script type="application/json" id="{BOOK_METADATA_ID}">{data}</script></head>', 1
    )


def read_book_metadata(print_html):
    """The metadata add_book_metadata wrote ({} when the print page has none)."""
    found = re.search(rf'<script type="application/json" id="{BOOK_METADATA_ID}">(.*?)</script>', print_html, re.S)
    return json.loads(found.group(1)) if found else {}


def page_key(url):
    """The anchor mkdocs-print-site-plugin gives a page in the print page ('a/b/' -> 'a-b')."""
    return url.lower().strip().rstrip("/").replace(".html", "").replace("/", "-").lstrip("-") or "index"


def relative_to_print_page(path, use_directory_urls=True):
    """A site path as the print page must write it ("assets/x.js" -> "../assets/x.js")."""
    return posixpath.relpath(path, posixpath.dirname(print_page_file(use_directory_urls)) or ".")


_ID_VALUE = re.compile(r'id="([^"]+)"')
_WORD_CHARACTER = re.compile(r"\w")


def ids_in(html):
    """The values of `id="…"` that follow a non-word character, as re.findall(r'\bid="([^"]+)"') gives them.

    Searched without the leading \b, which stops the regex engine from jumping to each `id="` (0.04 s
    against 0.004 s on the print page); a match that follows a word character (`valid="…"`) is skipped and
    the search goes on from its next character, as the \b expression would."""
    found, position = set(), 0
    while match := _ID_VALUE.search(html, position):
        start = match.start()
        if start and _WORD_CHARACTER.match(html, start - 1):
            position = start + 1
            continue
        found.add(match.group(1))
        position = match.end()
    return found


def retarget_links_to_missing_pages(print_html, page_urls, site_url):
    """Links to pages left out of the print page (the question bank, the print page itself) become
    in-page anchors that lead nowhere in the PDF; point them at the published site instead."""
    ids = ids_in(print_html)
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
