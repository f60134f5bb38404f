"""Print the whole book to one PDF from the built site's print page, in headless Chromium.

The print page (mkdocs-print-site-plugin, laid out as a book by hooks/handbook/printbook.py and styled by
overrides/print/print.css) holds the cover, the contents, every chapter and the colophon. Mermaid renders
only in a browser, so the page is loaded in Chromium, every diagram is awaited, collapsed answers are
opened, and Chromium prints it once: A4, page numbers in the footer, bookmarks from the headings, a
tagged PDF. Chinese is set in a TrueType cut of Noto Sans CJK SC (see pdf_fonts.py) so every font is
embedded by name. Then pdf_finish.py writes the contents' page numbers, the metadata and stable ids.
Every request is routed: anything asked of another host is refused and fails the export.

    python tools/make_pdf.py --site site --out dist/k8s-handbook.pdf
"""

import argparse
import contextlib
import html
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

import pdf_finish  # noqa: E402

import browser  # noqa: E402
import pdf_fonts  # noqa: E402
import sitekit  # noqa: E402
from handbook import printpage  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRINT_PAGE = "print_page/"
FONT_PREFIX = "/__pdf_fonts__/"
FONT_CACHE = ROOT / ".cache" / "pdf-fonts"


class ExportError(RuntimeError):
    pass


# mermaid's own default stack, used for a few labels (sequence numbers) Material's theme does not restyle.
MERMAID_DEFAULT_FAMILIES = ("trebuchet ms", "verdana", "arial")

# While diagrams render, the browser skips laying out sections off screen: each of the ~100 diagrams
# inserted otherwise re-lays-out the whole 700-page document. Switched off before printing.
LAZY_LAYOUT = "section.print-page { content-visibility: auto; contain-intrinsic-size: auto 2000px; }"
FULL_LAYOUT = "section.print-page { content-visibility: visible !important; }"

# A4 less the side margins of overrides/print/print.css (17 mm each): the width pages are laid out at.
PAGE_CONTENT_WIDTH_PX = round((210 - 2 * 17) / 25.4 * 96)
# A diagram taller than this is drawn smaller (never below MIN_DIAGRAM_SCALE of its width-fitted size):
# a tall diagram that does not fit under the text before it moves to the next page and leaves the rest
# of its page blank, and one taller than a page would be cut.
MAX_DIAGRAM_HEIGHT_PX = round(115 / 25.4 * 96)
MIN_DIAGRAM_SCALE = 0.55
FIT_DIAGRAMS_JS = """([maxHeight, minScale]) => {
  let fitted = 0;
  for (const host of document.querySelectorAll('div.mermaid')) {
    const box = host.getBoundingClientRect();
    if (box.height <= maxHeight) continue;
    // zoom scales the drawing inside Material's (closed) shadow root, whatever sizes its own CSS sets.
    // Its width is given back in zoomed pixels and the drawing centred in it, as unzoomed ones are.
    const zoom = Math.max(maxHeight / box.height, minScale);
    host.style.zoom = zoom.toFixed(3);
    host.style.width = `${(box.width / zoom).toFixed(1)}px`;
    host.style.display = 'flex';
    host.style.justifyContent = 'center';
    fitted += 1;
  }
  return fitted;
}"""

# What the contents page's number boxes look like, read before printing (pdf_finish writes the numbers).
NUMBER_STYLES_JS = """() => [...document.querySelectorAll('a.hb-toc__page')].map(box => {
  const style = getComputedStyle(box);
  return {target: box.getAttribute('href').slice(1), size: parseFloat(style.fontSize),
          weight: parseInt(style.fontWeight, 10), color: style.color};
})"""


def _font_css(faces):
    font_faces = pdf_fonts.font_face_css(faces, FONT_PREFIX)
    aliases = "\n".join(
        font_faces.replace(f"'{pdf_fonts.PRINT_FAMILY}'", f"'{family}'") for family in MERMAID_DEFAULT_FAMILIES
    )
    return (
        font_faces + "\n" + aliases + f"\n:root {{ --md-text-font: '{pdf_fonts.PRINT_FAMILY}'; "
        f"--md-code-font: 'DejaVu Sans Mono', '{pdf_fonts.PRINT_FAMILY}'; }}"
    )


def _rgb(css_color):
    """'rgb(26, 26, 26)' -> (0.102, 0.102, 0.102)."""
    parts = css_color[css_color.index("(") + 1 : css_color.index(")")].replace("/", ",").split(",")
    return tuple(round(float(part) / 255, 3) for part in parts[:3])


def number_styles(raw):
    return {
        item["target"]: pdf_finish.NumberStyle(
            size_pt=round(item["size"] * 0.75, 2), bold=item["weight"] >= 600, rgb=_rgb(item["color"])
        )
        for item in raw
    }


def book_metadata(print_html):
    """Title, author and subject of the book, from the facts the print hook wrote into the print page."""
    book = printpage.read_book_metadata(print_html)
    title = re.search(r"<title>([^<]*)</title>", print_html)
    return pdf_finish.Metadata(
        title=book.get("title") or (html.unescape(title.group(1)).strip() if title else ""),
        author=book.get("author", ""),
        subject=book.get("description", ""),
        language=book.get("language", "zh-CN"),
    )


def export(site_dir, out_path, diagram_timeout_ms=180_000, chromium=None):
    """Write the PDF; return a dict of what was measured (seconds, diagrams, bytes).

    chromium: an already launched Playwright browser to reuse (the tests share one); by default one is
    started and closed here.
    """
    from playwright.sync_api import sync_playwright

    site_dir, out_path = Path(site_dir), Path(out_path)
    if not (site_dir / PRINT_PAGE / "index.html").is_file():
        raise ExportError(f"{site_dir / PRINT_PAGE}index.html not found: run `make build` first")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    print_html = (site_dir / PRINT_PAGE / "index.html").read_text(encoding="utf-8")
    faces = pdf_fonts.prepare(pdf_fonts.text_of(print_html), FONT_CACHE)  # reused while the text is the same
    metadata = book_metadata(print_html)
    style = f"<style>{_font_css(faces)}\n{LAZY_LAYOUT}</style>"
    print_html = print_html.replace("</head>", style + "</head>", 1)
    with sitekit.serve(site_dir) as base, contextlib.ExitStack() as stack:
        owned = chromium is None
        if owned:
            chromium = browser.launch(stack.enter_context(sync_playwright()))
        context = chromium.new_context(color_scheme="light", viewport={"width": 1200, "height": 1600})
        page = context.new_page()
        foreign, errors = [], []
        local = urlsplit(base).netloc
        font_files = {path.name: path for path in faces.values()}

        def route(request_route):
            target = urlsplit(request_route.request.url)
            if target.scheme in ("http", "https") and target.netloc != local:
                foreign.append(request_route.request.url)
                request_route.abort()
            elif target.path.startswith(FONT_PREFIX):
                request_route.fulfill(path=str(font_files[Path(target.path).name]))
            elif target.path.rstrip("/").endswith(PRINT_PAGE.rstrip("/")):
                request_route.fulfill(body=print_html, content_type="text/html; charset=utf-8")
            else:
                request_route.continue_()

        page.route("**/*", route)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + PRINT_PAGE, wait_until="load", timeout=120_000)
        diagrams = page.locator("pre.mermaid, div.mermaid").count()
        try:
            page.wait_for_function("document.querySelectorAll('pre.mermaid').length === 0", timeout=diagram_timeout_ms)
        except Exception:
            failed = page.eval_on_selector_all(
                "pre.mermaid", "nodes => nodes.map(n => n.textContent.trim().slice(0, 80))"
            )
            raise ExportError(f"{len(failed)} diagram(s) did not render: {failed[:5]}; errors: {errors[:5]}") from None
        rendered = time.monotonic()
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        page.add_style_tag(content=FULL_LAYOUT)
        page.emulate_media(media="print", color_scheme="light")
        page.set_viewport_size({"width": PAGE_CONTENT_WIDTH_PX, "height": 1600})
        page.evaluate(
            f"Promise.all([400, 700].map(w => document.fonts.load(`${{w}} 16px '{pdf_fonts.PRINT_FAMILY}'`)))"
            ".then(() => document.fonts.ready)"
        )
        fitted = page.evaluate(FIT_DIAGRAMS_JS, [MAX_DIAGRAM_HEIGHT_PX, MIN_DIAGRAM_SCALE])
        styles = number_styles(page.evaluate(NUMBER_STYLES_JS))
        if foreign:
            raise ExportError(f"the print page asked other hosts for: {sorted(set(foreign))[:5]}")
        page.pdf(path=str(out_path), print_background=True, outline=True, tagged=True, prefer_css_page_size=True)
        printed = time.monotonic()
        context.close()
        if owned:
            chromium.close()
    try:
        finished = pdf_finish.finish(out_path, metadata, faces, styles)
    except pdf_finish.FinishError as error:
        raise ExportError(str(error)) from None
    if len(finished["contents_numbers"]) != len(styles):
        raise ExportError(
            f"the contents page has {len(styles)} entries but the PDF only {len(finished['contents_numbers'])} "
            "page-number boxes"
        )
    done = time.monotonic()
    return {
        "seconds": done - started,
        "diagrams": diagrams,
        "diagrams_fitted": fitted,
        "bytes": out_path.stat().st_size,
        "page_errors": errors,
        "contents_entries": len(finished["contents_numbers"]),
        "phases": {
            "load and render diagrams": rendered - started,
            "print": printed - rendered,
            "page numbers, metadata and object streams": done - printed,
        },
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site (make build)")
    parser.add_argument("--out", default="dist/k8s-handbook.pdf")
    args = parser.parse_args(argv)
    try:
        stats = export(args.site, args.out)
    except (ExportError, browser.BrowserNotFound, pdf_fonts.FontNotFound) as error:
        print(f"make_pdf: {error}", file=sys.stderr)
        return 1
    phases = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in stats["phases"].items())
    print(
        f"wrote {args.out}: {stats['bytes'] / 1e6:.1f} MB, {stats['diagrams']} diagrams, "
        f"{stats['contents_entries']} contents entries, {stats['seconds']:.0f} s ({phases})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
