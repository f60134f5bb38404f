"""Measuring the built site as a reader sees it: diagram label sizes and contrast, in headless Chromium.

Material renders every diagram into a closed shadow root; OPEN_SHADOW_ROOTS, added as an init script to
a browser context, makes them open so the probe (tools/reading_probe.js) can read the SVGs. Shared by the
reading tests (tests/test_reading*.py) and `make screenshots`.
"""

from pathlib import Path

import browser as browser_kit
import sitekit

PROBE_JS = (Path(__file__).with_name("reading_probe.js")).read_text(encoding="utf-8")

OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, { mode: "open" }));
  };
})();
"""

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1280, "height": 800}
WIDE = {"width": 1920, "height": 1080}


def wait_for_diagrams(page, timeout=20_000):
    """Wait until Material has rendered every diagram of the page and the viewer has adopted it."""
    page.wait_for_function(
        "document.querySelectorAll('pre.mermaid').length === 0 && "
        "[...document.querySelectorAll('div.mermaid')].every(h => h.closest('.hb-diagram'))",
        timeout=timeout,
    )


def diagram_labels(page):
    """Per diagram of the page: type, number of labels and the smallest effective label size in px."""
    return page.evaluate(f"({PROBE_JS}).labels()")


def diagram_contrast(page):
    """Per diagram of the page: every marker in use, edge and label with its contrast ratio."""
    return page.evaluate(f"({PROBE_JS}).contrast()")


def contrast_of(page, selector, prop="color"):
    """Contrast ratio of an element's text colour (or another colour property) against its background."""
    return page.evaluate(
        f"""([selector, prop]) => {{
            const probe = {PROBE_JS};
            const node = document.querySelector(selector);
            const fg = probe.parseColor(getComputedStyle(node)[prop]);
            const bg = probe.pageBackground(node);
            const a = fg.a;
            const mixed = {{r: fg.r * a + bg.r * (1 - a), g: fg.g * a + bg.g * (1 - a), b: fg.b * a + bg.b * (1 - a)}};
            return probe.ratio(mixed, bg);
        }}""",
        [selector, prop],
    )


def open_reader(browser, url, viewport=DESKTOP, scheme="light", touch=False, open_shadow_roots=False, wait=True):
    """Open `url` in a new context the way a reader would (viewport, colour scheme, touch screen), with
    every request routed: requests to other hosts are recorded and refused.

    Returns (context, page, foreign requests, console and page errors); close the context when done.
    """
    context = browser.new_context(
        viewport=viewport, color_scheme=scheme, has_touch=touch, is_mobile=touch, device_scale_factor=1
    )
    if open_shadow_roots:
        context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    foreign, errors = browser_kit.keep_local(context, page, url)
    if wait:
        page.goto(url, wait_until="load")
    return context, page, foreign, errors


def diagram_pages(site_dir):
    """Site-relative URLs of every built page that has diagrams."""
    found = []
    for path in sorted(site_dir.rglob("index.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("print_page/") or '<pre class="mermaid">' not in path.read_text(encoding="utf-8"):
            continue
        found.append(rel[: -len("index.html")])
    return found


class _PagesHandler(sitekit.QuietHandler):
    """Serves a built site under a base path and answers every missing path with its 404.html, status
    404, the way GitHub Pages does."""

    base = "/"
    site = Path(".")

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        inside = path.startswith(self.base)
        return super().translate_path("/" + path[len(self.base) :] if inside else "/__outside_the_base_path__")

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_like_pages(site_dir, base):
    """Serve site_dir at http://127.0.0.1:<port><base> with a 404 page; a context manager yielding that URL."""
    handler_class = type("Handler", (_PagesHandler,), {"base": base, "site": Path(site_dir)})
    return sitekit.serve(site_dir, handler=handler_class, base=base)
