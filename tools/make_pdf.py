"""Print the whole book to one PDF from the built site's print page, in headless Chromium.

The print page (mkdocs-print-site-plugin) holds every chapter in nav order. Mermaid renders only in a
browser, so the page is loaded in Chromium, every diagram is awaited, collapsed answers are opened, and
Chromium prints it: A4, page numbers in the footer, bookmarks from the headings, a tagged PDF. Chinese
is set in a TrueType subset of Noto Sans CJK SC (see pdf_fonts.py) so every font is embedded by name.
Every request is routed: anything asked of another host is refused and fails the export.

    python tools/make_pdf.py --site site --out dist/k8s-handbook.pdf
"""

import argparse
import contextlib
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser  # noqa: E402
import pdf_fonts  # noqa: E402
import sitekit  # noqa: E402

PRINT_PAGE = "print_page/"
FONT_PREFIX = "/__pdf_fonts__/"
FONT_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "pdf-fonts"
# Site chrome the print page must not show, whatever the theme's own print styles do.
PRINT_CSS = """
.md-header, .md-tabs, .md-sidebar, .md-footer, .md-search, .md-top, .md-dialog, .md-content__button,
.md-source-file, .hb-version, .headerlink { display: none !important; }
.md-main__inner { margin: 0 !important; }
.md-content { max-width: none !important; }
/* Page numbers in a CSS margin box, drawn with the embedded font; print-site's own "Page N" box off. */
@page {
  size: A4;
  margin: 16mm 15mm 18mm 15mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-family: "HB Print Sans";
                   font-size: 8pt; color: #666; }
  @bottom-right { content: none; }
}
"""


class ExportError(RuntimeError):
    pass


# mermaid's own default stack, used for a few labels (sequence numbers) Material's theme does not restyle.
MERMAID_DEFAULT_FAMILIES = ("trebuchet ms", "verdana", "arial")


# While diagrams render, the browser skips laying out sections off screen: each of the ~100 diagrams
# inserted otherwise re-lays-out the whole 700-page document. Switched off before printing.
LAZY_LAYOUT = "section.print-page { content-visibility: auto; contain-intrinsic-size: auto 2000px; }"
FULL_LAYOUT = "section.print-page { content-visibility: visible !important; }"


def _font_css(font_faces):
    aliases = "\n".join(
        font_faces.replace(f"'{pdf_fonts.PRINT_FAMILY}'", f"'{family}'") for family in MERMAID_DEFAULT_FAMILIES
    )
    return (
        (font_faces + "\n" + aliases).replace("url('", f"url('{FONT_PREFIX}")
        + f"\n:root {{ --md-text-font: '{pdf_fonts.PRINT_FAMILY}'; "
        f"--md-code-font: 'DejaVu Sans Mono', '{pdf_fonts.PRINT_FAMILY}'; }}"
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
    font_dir = FONT_CACHE  # converted faces are reused while the book's character set is unchanged
    style = f"<style>{_font_css(pdf_fonts.prepare(pdf_fonts.text_of(print_html), font_dir))}\n{LAZY_LAYOUT}</style>"
    print_html = print_html.replace("</head>", style + "</head>", 1)
    with sitekit.serve(site_dir) as base, contextlib.ExitStack() as stack:
        owned = chromium is None
        if owned:
            chromium = browser.launch(stack.enter_context(sync_playwright()))
        context = chromium.new_context(color_scheme="light", viewport={"width": 1200, "height": 1600})
        page = context.new_page()
        foreign, errors = [], []
        local = urlsplit(base).netloc

        def route(request_route):
            target = urlsplit(request_route.request.url)
            if target.scheme in ("http", "https") and target.netloc != local:
                foreign.append(request_route.request.url)
                request_route.abort()
            elif target.path.startswith(FONT_PREFIX):
                request_route.fulfill(path=str(font_dir / Path(target.path).name))
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
        page.add_style_tag(content=PRINT_CSS + FULL_LAYOUT)
        page.emulate_media(media="print", color_scheme="light")
        page.evaluate(f"document.fonts.load(\"16px '{pdf_fonts.PRINT_FAMILY}'\").then(() => document.fonts.ready)")
        if foreign:
            raise ExportError(f"the print page asked other hosts for: {sorted(set(foreign))[:5]}")
        page.pdf(path=str(out_path), print_background=True, outline=True, tagged=True, prefer_css_page_size=True)
        printed = time.monotonic()
        context.close()
        if owned:
            chromium.close()
    repaired = finish(out_path)
    done = time.monotonic()
    return {
        "seconds": done - started,
        "diagrams": diagrams,
        "bytes": out_path.stat().st_size,
        "page_errors": errors,
        "outline_titles_repaired": repaired,
        "phases": {
            "load and render diagrams": rendered - started,
            "print": printed - rendered,
            "bookmarks and object streams": done - printed,
        },
    }


def _doubled(title):
    half = len(title) // 2
    return len(title) % 2 == 0 and half > 0 and title[:half] == title[half:]


def finish(pdf_path):
    """Repair Chromium's doubled bookmark titles and store the PDF with object streams.

    Chromium writes some bookmark titles twice ("参考参考"), apparently for headings that open a page
    of the print layout: exactly-doubled titles are halved. A tagged PDF of the whole book holds some
    70,000 structure elements, which Chromium writes as plain objects; qpdf's object streams compress
    them (about half the file). Returns how many titles were repaired.
    """
    import pikepdf

    repaired = 0
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        outlines = pdf.Root.get("/Outlines")
        stack = [outlines.get("/First")] if outlines is not None else []
        while stack:
            node = stack.pop()
            while node is not None:
                title = str(node.get("/Title", ""))
                if _doubled(title):
                    node.Title = pikepdf.String(title[: len(title) // 2])
                    repaired += 1
                if node.get("/First") is not None:
                    stack.append(node.First)
                node = node.get("/Next")
        pdf.save(pdf_path, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return repaired


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site (make build)")
    parser.add_argument("--out", default="dist/k8s-handbook.pdf")
    args = parser.parse_args(argv)
    try:
        stats = export(args.site, args.out)
    except (ExportError, browser.BrowserNotFound) as error:
        print(f"make_pdf: {error}", file=sys.stderr)
        return 1
    phases = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in stats["phases"].items())
    print(
        f"wrote {args.out}: {stats['bytes'] / 1e6:.1f} MB, {stats['diagrams']} diagrams, "
        f"{stats['seconds']:.0f} s ({phases})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
