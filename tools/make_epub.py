"""The book as EPUB 3, from the built site's print page (the same parts, numbers and order as the PDF).

- one XHTML document per part (关于本书, each chapter's opening page, each section, each appendix, the
  colophon); the navigation document and the NCX follow the book's structure (chapters with their
  sections); internal links point into the right document;
- diagrams rendered once by the browser (tools/diagrams.py) into SVG files, shown as images with their
  labels as the text alternative;
- answers and other folded blocks printed open as plain blocks: nothing needs JavaScript, and nothing
  interactive (copy buttons, filters, forms, permalinks) is kept;
- Chinese text: the language is declared on every document and the stylesheet names the common CJK
  faces of phones, e-readers and desktops before the generic family, so readers pick a CJK font;
- the cover image is the print page's cover, drawn by the browser.

    python tools/make_epub.py --site site --out dist/k8s-handbook.epub
"""

import argparse
import contextlib
import copy
import datetime
import html
import os
import posixpath
import sys
import uuid
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

import diagrams  # noqa: E402

import browser  # noqa: E402
from handbook import printpage  # noqa: E402

PRINT_PAGE = "print_page/index.html"
STYLESHEET = Path(__file__).resolve().parent / "epub.css"
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", sans-serif'
)
TEXT_DIR, DIAGRAM_DIR, IMAGE_DIR = "text", "diagrams", "images"
PART_KINDS = ("hb-front", "hb-chapter", "hb-section", "hb-appendix", "hb-colophon")
# Screen-only or interactive markup that has no place in a book.
DROP = (
    "script",
    "style",
    "noscript",
    "button",
    "input",
    "select",
    "form",
    "label",
    "nav",
    {"headerlink", "md-clipboard", "hb-bank-filter", "hb-screen-only", "hb-toc-mark", "md-source-file"},
)
COVER_CSS = """
html, body { margin: 0; width: 1200px; height: 1800px; background: #283593; }
.hb-cover { box-sizing: border-box; height: 1800px; padding: 420px 110px 120px; color: #fff; text-align: center;
  font-family: %(font)s; display: flex; flex-direction: column; }
.hb-cover__series { font-size: 34px; font-weight: 700; letter-spacing: .3em; opacity: .85; margin: 0 0 70px; }
.hb-cover__title { font-size: 92px; font-weight: 700; line-height: 1.3; margin: 0; }
.hb-cover__subtitle { font-size: 36px; line-height: 1.8; margin: 70px auto 0; padding-top: 50px;
  border-top: 3px solid rgba(255,255,255,.5); }
.hb-cover__facts { display: grid; grid-template-columns: max-content max-content; gap: 18px 40px;
  justify-content: center; margin: 110px 0 0; font-size: 32px; text-align: left; }
.hb-cover__facts dt { color: #c5cae9; font-weight: 700; } .hb-cover__facts dd { margin: 0; }
.hb-cover__publisher { margin-top: auto; color: #c5cae9; font-size: 28px; }
"""


class EpubError(RuntimeError):
    pass


def _classes(element):
    return set((element.get("class") or "").split())


def _has_class(element, name):
    return name in _classes(element)


class Part:
    def __init__(self, kind, key, element):
        self.kind = kind  # "front", "chapter", "section", "appendix", "colophon"
        self.key = key
        self.element = element
        self.file_name = f"{TEXT_DIR}/{key}.xhtml"

    @property
    def title(self):
        heading = next(self.element.iter("h1", "h2", "h3", "h4", "h5", "h6"), None)
        if heading is None:
            return self.key
        heading = copy.deepcopy(heading)
        for link in heading.xpath(".//*[contains(concat(' ', @class, ' '), ' headerlink ')]"):
            link.getparent().remove(link)
        return " ".join(heading.text_content().split())


def read_print_page(print_html):
    """(cover element or None, [Part]) of the print page as hooks/handbook/printbook.py laid it out."""
    import lxml.html

    document = lxml.html.document_fromstring(print_html)
    roots = document.xpath('//*[@id="print-site-page"]')
    if not roots:
        raise EpubError("the print page has no #print-site-page: build the site with the print hook")
    cover, parts = None, []
    for section in roots[0].iterchildren("section"):
        if section.get("id") == "print-site-cover-page":
            cover = section
            continue
        kind = next((k for k in PART_KINDS if _has_class(section, k)), None)
        if kind:
            parts.append(Part(kind[3:], section.get("id"), section))
    if not parts:
        raise EpubError("the print page has no parts (hb-chapter sections): is hooks/print_hook.py enabled?")
    return cover, parts


def _drop_unwanted(element):
    tags = [t for t in DROP if isinstance(t, str)]
    classes = next(t for t in DROP if isinstance(t, set))
    for node in list(element.iter()):
        if node is element or node.getparent() is None or not isinstance(node.tag, str):
            continue
        if node.tag in tags or _classes(node) & classes:
            _remove_keep_tail(node)


def _remove_keep_tail(node):
    parent = node.getparent()
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


# Elements of HTML that a part may hold; anything else is text that reached the page as markup (a
# question titled "… <unknown> …"): it is written back as the text the author typed.
HTML_ELEMENTS = set(
    "a abbr b bdi bdo blockquote br caption cite code col colgroup data dd del details dfn div dl dt em "
    "figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q rp rt ruby s samp section "
    "small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr svg math "
    "article aside header footer main".split()
)


def _literal_unknown_elements(element):
    for node in list(element.iter()):
        if not isinstance(node.tag, str) or node.tag in HTML_ELEMENTS or node is element:
            continue
        if node.xpath("ancestor::svg") or node.xpath("ancestor::math"):
            continue
        text = f"<{node.tag}>" + node.text_content()
        _remove_keep_tail_with_text(node, text)


def _remove_keep_tail_with_text(node, text):
    node.tail = text + (node.tail or "")
    _remove_keep_tail(node)


def _unfold(element):
    """<details><summary>Q</summary>answer</details> -> a plain block that shows both."""
    for details in list(element.iter("details")):
        details.tag = "div"
        kinds = _classes(details) - {"open"}
        details.attrib.pop("open", None)
        details.set("class", " ".join(["hb-fold", *sorted(kinds)]))
        summary = details.find("summary")
        if summary is not None:
            summary.tag = "p"
            summary.set("class", "hb-fold__title")


def _untab(element):
    """Material's tabbed sets: each tab's label becomes a small heading above its content."""
    for tabbed in element.xpath(".//*[contains(concat(' ', @class, ' '), ' tabbed-set ')]"):
        labels = tabbed.xpath(".//*[contains(concat(' ', @class, ' '), ' tabbed-labels ')]/label")
        blocks = tabbed.xpath(".//*[contains(concat(' ', @class, ' '), ' tabbed-block ')]")
        tabbed.clear()
        tabbed.set("class", "hb-tabs")
        for label, block in zip(labels, blocks, strict=False):
            title = block.makeelement("p", {"class": "hb-tabs__title"})
            title.text = label.text_content().strip()
            tabbed.append(title)
            tabbed.append(block)


def _tick_boxes(element):
    """Task-list checkboxes become the marks they show: ☑ done, ☐ open."""
    for box in element.xpath(".//input[@type='checkbox']"):
        mark = "☑ " if box.get("checked") is not None else "☐ "
        holder = box.getparent() if box.getparent().tag == "label" else box  # Material's task-list label
        _remove_keep_tail_with_text(holder, mark)


def _diagram_sources(element):
    return [node for node in element.xpath(".//pre[contains(concat(' ', @class, ' '), ' mermaid ')]")]


def _place_diagrams(element, part_file, rendered):
    for node in _diagram_sources(element):
        diagram = rendered[node.text_content()]
        figure = node.makeelement("figure", {"class": "hb-diagram"})
        source = posixpath.relpath(diagram.file_name, posixpath.dirname(part_file))
        figure.append(figure.makeelement("img", {"class": "hb-diagram__image", "src": source, "alt": diagram.alt}))
        figure.tail = node.tail
        node.getparent().replace(node, figure)


def _retarget(element, part, targets, site_url, images):
    """Links into the book go to the document that holds the target (a part's own id: the document
    itself); links to other files of the site go to the published site; the site's images are packed."""
    here = posixpath.dirname(part.file_name)
    for link in element.iter("a"):
        href = link.get("href")
        if not href:
            continue
        if href.startswith("#"):
            target = unquote(href[1:])
            if target in targets:
                file_name, fragment = targets[target]
                relative = posixpath.relpath(file_name, here)
                link.set("href", f"{relative}#{fragment}" if fragment else relative)
            else:
                del link.attrib["href"]  # a place the book does not hold: keep the words, drop the link
        elif not urlsplit(href).scheme:
            if site_url:
                link.set("href", urljoin(urljoin(site_url, "print_page/"), href))
            else:
                del link.attrib["href"]
    for image in element.iter("img"):
        source = image.get("src") or ""
        if _has_class(image, "hb-diagram__image") or not source or urlsplit(source).scheme:
            continue
        site_path = posixpath.normpath(posixpath.join("print_page", unquote(source)))
        images.setdefault(site_path, f"{IMAGE_DIR}/{site_path.replace('/', '_')}")
        image.set("src", posixpath.relpath(images[site_path], here))
        if image.get("alt") is None:
            image.set("alt", "")


def link_targets(parts):
    """{id: (file name, fragment)} of every id in the book; a part's own id has no fragment."""
    found = {}
    for part in parts:
        found[part.key] = (part.file_name, "")
        for node in part.element.iter():
            if isinstance(node.tag, str) and node.get("id") and node is not part.element:
                found.setdefault(node.get("id"), (part.file_name, node.get("id")))
    return found


def part_html(part):
    import lxml.html

    body = "".join(lxml.html.tostring(child, encoding="unicode") for child in part.element.iterchildren())
    return f'<section class="hb-{part.kind}" id="{html.escape(part.key)}">{body}</section>'


def cover_png(chromium, cover_element):
    """The print page's cover drawn by the browser, 1200 × 1800 pixels."""
    import lxml.html

    inner = "".join(lxml.html.tostring(child, encoding="unicode") for child in cover_element.iterchildren())
    page = chromium.new_page(viewport={"width": 1200, "height": 1800})
    try:
        page.set_content(
            f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><style>{COVER_CSS % {'font': FONT_STACK}}"
            f"</style></head><body>{inner}</body></html>"
        )
        return page.screenshot(type="png", full_page=False)
    finally:
        page.close()


def modified_time(environ=os.environ):
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return datetime.datetime.now(datetime.UTC)


def build(site_dir, out_path, chromium=None):
    """Write the EPUB; return a dict of what went in (parts, diagrams, images)."""
    from ebooklib import epub
    from playwright.sync_api import sync_playwright

    site_dir, out_path = Path(site_dir), Path(out_path)
    source = site_dir / PRINT_PAGE
    if not source.is_file():
        raise EpubError(f"{source} not found: run `make build` first")
    print_html = source.read_text(encoding="utf-8")
    meta = printpage.read_book_metadata(print_html)
    cover, parts = read_print_page(print_html)
    for part in parts:
        _untab(part.element)
        _unfold(part.element)
        _tick_boxes(part.element)
        _drop_unwanted(part.element)
        _literal_unknown_elements(part.element)
    sources = list(dict.fromkeys(n.text_content() for p in parts for n in _diagram_sources(p.element)))
    with contextlib.ExitStack() as stack:
        if chromium is None:
            chromium = browser.launch(stack.enter_context(sync_playwright()))
            stack.callback(chromium.close)
        rendered = diagrams.render(site_dir, sources, FONT_STACK, chromium=chromium)
        cover_image = cover_png(chromium, cover) if cover is not None else None
    by_source = {}
    for number, diagram in enumerate(rendered, start=1):
        diagram.file_name = f"{DIAGRAM_DIR}/d{number:03d}.svg"
        by_source[diagram.source] = diagram
    targets = link_targets(parts)
    images = {}
    for part in parts:
        _place_diagrams(part.element, part.file_name, by_source)
        _retarget(part.element, part, targets, meta.get("site_url", ""), images)

    book = epub.EpubBook()
    site_url = meta.get("site_url") or "https://k8s-handbook.invalid/"
    book.set_identifier(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, site_url)}")
    book.set_title(meta.get("title", "k8s-handbook"))
    book.set_language(meta.get("language", "zh-CN"))
    if meta.get("author"):
        book.add_author(meta["author"])
    for name, value in (
        ("description", meta.get("description")),
        ("rights", f"{meta.get('license', '')}; {meta.get('site_url', '')}".strip("; ")),
        ("date", meta.get("build_date")),
        ("source", meta.get("site_url")),
        ("publisher", meta.get("author")),
    ):
        if value:
            book.add_metadata("DC", name, value)
    if meta.get("version"):
        book.add_metadata(None, "meta", meta["version"], {"property": "schema:version"})
    style = epub.EpubItem(
        uid="style",
        file_name="style/book.css",
        media_type="text/css",
        content=STYLESHEET.read_text(encoding="utf-8").replace("FONT_STACK", FONT_STACK),
    )
    book.add_item(style)
    if cover_image:
        book.set_cover("images/cover.png", cover_image)
    documents = []
    for part in parts:
        document = epub.EpubHtml(title=part.title, file_name=part.file_name, lang=meta.get("language", "zh-CN"))
        document.content = part_html(part)
        document.add_link(href=posixpath.relpath(style.file_name, TEXT_DIR), rel="stylesheet", type="text/css")
        book.add_item(document)
        documents.append(document)
    for number, diagram in enumerate(rendered, start=1):
        book.add_item(
            epub.EpubItem(
                uid=f"diagram{number}",
                file_name=diagram.file_name,
                media_type="image/svg+xml",
                content=diagram.svg.encode("utf-8"),
            )
        )
    for number, (site_path, file_name) in enumerate(sorted(images.items()), start=1):
        path = site_dir / site_path
        if not path.is_file():
            raise EpubError(f"{site_path}: image referred to by the print page is missing from the site")
        media = {
            ".png": "image/png",
            ".jpg": "image/jpeg",
            ".jpeg": "image/jpeg",
            ".gif": "image/gif",
            ".svg": "image/svg+xml",
            ".webp": "image/webp",
        }.get(path.suffix.lower(), "application/octet-stream")
        book.add_item(
            epub.EpubItem(uid=f"image{number}", file_name=file_name, media_type=media, content=path.read_bytes())
        )
    book.toc = table_of_contents(parts, documents)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav(title="目录"))
    book.spine = (["cover"] if cover_image else []) + ["nav"] + documents
    out_path.parent.mkdir(parents=True, exist_ok=True)
    epub.write_epub(str(out_path), book, {"mtime": modified_time(), "epub3_pages": False})
    return {"parts": len(parts), "diagrams": len(rendered), "images": len(images), "bytes": out_path.stat().st_size}


def table_of_contents(parts, documents):
    """Chapters with their sections nested; the front matter, appendices and colophon at the top level."""
    from ebooklib import epub

    toc, chapter = [], None
    for part, document in zip(parts, documents, strict=True):
        link = epub.Link(document.file_name, part.title, part.key)
        if part.kind == "chapter":
            chapter = (epub.Section(part.title, href=document.file_name), [])
            toc.append(chapter)
        elif part.kind == "section" and chapter is not None:
            chapter[1].append(link)
        else:
            chapter = None
            toc.append(link)
    return toc


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site (make build)")
    parser.add_argument("--out", default="dist/k8s-handbook.epub")
    args = parser.parse_args(argv)
    try:
        stats = build(args.site, args.out)
    except (EpubError, diagrams.DiagramError, browser.BrowserNotFound) as error:
        print(f"make_epub: {error}", file=sys.stderr)
        return 1
    print(
        f"wrote {args.out}: {stats['bytes'] / 1e6:.1f} MB, {stats['parts']} documents, "
        f"{stats['diagrams']} diagrams, {stats['images']} images"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
