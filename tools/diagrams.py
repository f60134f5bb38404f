"""Mermaid diagrams rendered once, in headless Chromium, into standalone SVG files (for the EPUB).

The site's own mermaid bundle (assets/javascripts/mermaid/, copied from node_modules by `make`) renders
each diagram source with labels as SVG text (no HTML inside foreignObject, which e-readers do not
show), deterministic ids, and the given font stack; each result is serialised as XML by the browser,
so every file is well-formed. Every request is routed: anything asked of another host fails the run.
"""

import contextlib
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser  # noqa: E402
import sitekit  # noqa: E402

MERMAID_MODULE = "assets/javascripts/mermaid/mermaid.esm.min.mjs"
RENDER_PAGE = "__diagrams__.html"

RENDER_JS = """async ([moduleUrl, sources, fontFamily]) => {
  const { default: mermaid } = await import(moduleUrl);
  mermaid.initialize({
    startOnLoad: false, securityLevel: 'strict', theme: 'default', deterministicIds: true,
    fontFamily, htmlLabels: false, flowchart: { htmlLabels: false, useMaxWidth: false },
    sequence: { useMaxWidth: false }, state: { useMaxWidth: false },
  });
  const results = [];
  const holder = document.getElementById('holder');
  for (let i = 0; i < sources.length; i++) {
    try {
      const { svg } = await mermaid.render(`hbd${i + 1}`, sources[i]);
      holder.innerHTML = svg;
      const element = holder.querySelector('svg');
      const box = element.viewBox.baseVal;
      element.setAttribute('width', `${Math.ceil(box.width)}`);
      element.setAttribute('height', `${Math.ceil(box.height)}`);
      element.style.removeProperty('max-width');
      const labels = [...element.querySelectorAll('text')].map(t => t.textContent.trim()).filter(Boolean);
      results.push({ svg: new XMLSerializer().serializeToString(element), labels, error: null });
    } catch (error) {
      results.push({ svg: null, labels: [], error: String(error && error.message || error) });
    }
  }
  return results;
}"""


class DiagramError(RuntimeError):
    pass


class Diagram:
    def __init__(self, source, svg, labels):
        self.source = source
        self.svg = svg
        self.labels = labels

    @property
    def alt(self):
        """A text alternative: the diagram's own labels, in drawing order."""
        seen = []
        for label in self.labels:
            if label not in seen:
                seen.append(label)
        text = "、".join(seen)
        return "示意图：" + (text if len(text) <= 200 else text[:199] + "…")


def render(site_dir, sources, font_family, chromium=None):
    """[Diagram] for each mermaid source, in order. chromium: a launched Playwright browser to reuse."""
    from playwright.sync_api import sync_playwright

    site_dir = Path(site_dir)
    if not (site_dir / MERMAID_MODULE).is_file():
        raise DiagramError(f"{site_dir / MERMAID_MODULE} not found: run `make build` first")
    if not sources:
        return []
    page_html = (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<style>body {{ font-family: {font_family}; }}</style></head><body><div id='holder'></div></body></html>"
    )
    with sitekit.serve(site_dir) as base, contextlib.ExitStack() as stack:
        if chromium is None:
            chromium = browser.launch(stack.enter_context(sync_playwright()))
            stack.callback(chromium.close)
        context = chromium.new_context()
        stack.callback(context.close)
        page = context.new_page()
        local, foreign = urlsplit(base).netloc, []

        def route(request_route):
            target = urlsplit(request_route.request.url)
            if target.scheme in ("http", "https") and target.netloc != local:
                foreign.append(request_route.request.url)
                request_route.abort()
            elif target.path.endswith("/" + RENDER_PAGE):
                request_route.fulfill(body=page_html, content_type="text/html; charset=utf-8")
            else:
                request_route.continue_()

        page.route("**/*", route)
        page.goto(base + RENDER_PAGE, wait_until="load")
        results = page.evaluate(RENDER_JS, [base + MERMAID_MODULE, list(sources), font_family])
        if foreign:
            raise DiagramError(f"rendering asked other hosts for: {sorted(set(foreign))[:5]}")
    failed = [(source, r["error"]) for source, r in zip(sources, results, strict=True) if r["error"]]
    if failed:
        first = failed[0][0].strip().splitlines()[0]
        raise DiagramError(f"{len(failed)} diagram(s) failed to render, first '{first}': {failed[0][1]}")
    return [Diagram(s, _tidy(r["svg"]), r["labels"]) for s, r in zip(sources, results, strict=True)]


def _tidy(svg):
    """A standalone SVG file that SVG 1.1 validators (epubcheck) accept: mermaid's accessibility role
    "graphics-document document" becomes "img", sequence diagrams' `name` attributes go, shapes get the
    attributes their element requires and lose those it does not have."""
    from lxml import etree

    root = etree.fromstring(svg.encode("utf-8"))
    if root.get("style") == "":
        del root.attrib["style"]
    root.set("role", "img")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        element.attrib.pop("name", None)
        local = etree.QName(element).localname
        if local == "rect":
            element.set("width", element.get("width") or "0")
            element.set("height", element.get("height") or "0")
        elif local in ("circle", "ellipse", "line", "path", "polygon", "polyline", "g"):
            element.attrib.pop("width", None)
            element.attrib.pop("height", None)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="unicode") + "\n"
