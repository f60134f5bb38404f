"""Search figures for `make bench` (tools/bench.py calls rows()): how well the search box answers the
evaluation set, and what the search index costs a reader, before (Material's own behaviour: fetched and
built on every page view) and after (started when the reader reaches for the search box).

    python tools/search_bench.py --site SITE   # the same rows, on their own
"""

import argparse
import contextlib
import functools
import gzip
import http.server
import statistics
import sys
import threading
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
sys.path[:0] = [str(TOOLS), str(TOOLS.parent / "hooks")]

import search_eval  # noqa: E402
from searchbox import SearchBox  # noqa: E402

import browser  # noqa: E402
import sitekit  # noqa: E402

PLAIN_PAGE = "errata/"  # a page without diagrams, so mermaid's time is not counted as search's
LATER_PAGE = "glossary/"
BOOT_SCRIPT = "assets/javascripts/search-boot.js"  # left out to measure Material's own behaviour ("before")
CACHE_SECONDS = 600  # what GitHub Pages sends (Cache-Control: max-age=600)


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site the way GitHub Pages does as far as caching goes; can leave one file out."""

    missing = ()

    def send_head(self):
        if self.path.split("?")[0].lstrip("/") in self.missing:
            self.send_error(404)
            return None
        return super().send_head()

    def end_headers(self):
        self.send_header("Cache-Control", f"max-age={CACHE_SECONDS}")
        super().end_headers()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _serve(site, missing=()):
    handler = functools.partial(type("Handler", (_PagesHandler,), {"missing": tuple(missing)}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Runs in the page before its scripts: notes when the search worker is handed the index and when it
# reports ready, so index parsing and building is timed whatever wraps the worker.
_TIMING = """
(() => {
  window.__searchTiming = {};
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === 0) window.__searchTiming.setup = performance.now();
    return post.apply(this, arguments);
  };
  const listen = Worker.prototype.addEventListener;
  Worker.prototype.addEventListener = function (type, listener, options) {
    const timed = function (event) {
      if (event.data && event.data.type === 1) window.__searchTiming.ready = performance.now();
      return listener.apply(this, arguments);
    };
    return listen.call(this, type, type === "message" ? timed : listener, options);
  };
})();
"""


class _IndexTraffic:
    """What the page's loads of the search index cost over the network: its size as gzip would send it
    (the local server sends it plain), nothing when the browser's cache answered."""

    def __init__(self, page, index_bytes):
        self.gzip_size = len(gzip.compress(index_bytes, compresslevel=6))
        self.transferred = 0
        page.on("requestfinished", self._on_finished)

    def _on_finished(self, request):
        if request.url.endswith("search/search_index.json"):
            response = request.response()
            if response is not None and response.status == 200 and request.sizes()["responseBodySize"] > 0:
                self.transferred += self.gzip_size


def _view(context, base, path, index_bytes, open_search=False):
    """Load one page (in a context whose cache may hold the index already); return (KB transferred for
    the index, ms it cost: from hand-over to the worker until ready, or from the reader's click into the
    search box until ready when open_search; 0 when search never started)."""
    page = context.new_page()
    traffic = _IndexTraffic(page, index_bytes)
    page.goto(base + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    clicked = None
    if open_search:
        clicked = page.evaluate("performance.now()")
        SearchBox(page, base).open()
    timing = page.evaluate("window.__searchTiming")
    if timing.get("setup") is not None and timing.get("ready") is None:
        page.wait_for_function("window.__searchTiming.ready !== undefined", timeout=60_000)
        timing = page.evaluate("window.__searchTiming")
    page.close()
    if timing.get("ready") is None:
        return traffic.transferred / 1024, 0.0
    return traffic.transferred / 1024, timing["ready"] - (clicked if clicked is not None else timing["setup"])


def _visits(chromium, base, index_bytes, open_search):
    """A first visit and a later page view, in one fresh browser context: [(KB, ms), (KB, ms)]."""
    context = chromium.new_context()
    context.add_init_script(_TIMING)
    views = [
        _view(context, base, PLAIN_PAGE, index_bytes, open_search),
        _view(context, base, LATER_PAGE, index_bytes, open_search),
    ]
    context.close()
    return views


def weight_figures(site, runs, chromium):
    """{scenario: [(KB, ms) first visit, (KB, ms) later view]}, medians of runs, with the site served
    as GitHub Pages serves it."""
    index_bytes = (Path(site) / "search/search_index.json").read_bytes()
    scenarios = {"stock": ((BOOT_SCRIPT,), False), "lazy": ((), False), "lazy, box used": ((), True)}
    found = {}
    for name, (missing, open_search) in scenarios.items():
        with _serve(site, missing) as base:
            samples = [_visits(chromium, base, index_bytes, open_search) for _ in range(runs)]
        found[name] = [
            tuple(statistics.median(sample[view][i] for sample in samples) for i in range(2)) for view in range(2)
        ]
    return found


def rows(site, runs, budgets, Row):
    """bench.py's rows for search: quality on the evaluation set, and the index's cost per page view."""
    from playwright.sync_api import sync_playwright

    queries = search_eval.load_queries()
    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        try:
            weight = weight_figures(site, runs, chromium)
            with sitekit.serve(site) as base:
                outcomes = search_eval.run(base, queries, chromium)
        finally:
            chromium.close()
    budget = budgets.get("search", {})
    result = []
    for label, subset in (("all", outcomes), ("held-out", [o for o in outcomes if o.query.heldout])):
        fig = search_eval.figures(subset)
        note = f"top-1 {fig['top1']:.1%}, top-3 {fig['top3']:.1%}, MRR {fig['mrr']:.3f}, Enter lands {fig['enter']:.1%}"
        result += [
            Row(
                f"search: top-1 misses, {label} ({fig['n']} queries)",
                100 * (1 - fig["top1"]),
                "%",
                budget.get("top1_miss_percent"),
                note=note,
            ),
            Row(
                f"search: top-3 misses, {label} ({fig['n']} queries)",
                100 * (1 - fig["top3"]),
                "%",
                budget.get("top3_miss_percent"),
            ),
        ]
    (stock_first, stock_later), (lazy_first, lazy_later), (used_first, used_later) = (
        weight["stock"],
        weight["lazy"],
        weight["lazy, box used"],
    )
    result += [
        Row(
            "search index, first visit, before (Material)",
            stock_first[0],
            "KB",
            note=f"+ {stock_first[1]:.0f} ms to parse and build it",
        ),
        Row(
            "search index, first visit, after (lazy start)",
            lazy_first[0],
            "KB",
            budget.get("per_page_view_kb"),
            note=f"+ {lazy_first[1]:.0f} ms: nothing until the search box is used",
        ),
        Row(
            "search index, each later page view, before",
            stock_later[1],
            "ms",
            note=f"parse and build again; {stock_later[0]:.0f} KB (browser cache)",
        ),
        Row(
            "search index, each later page view, after",
            lazy_later[1],
            "ms",
            note=f"{lazy_later[0]:.0f} KB until the search box is used",
        ),
        Row(
            "search box used: from click to ready",
            used_first[1],
            "ms",
            note=f"first visit, {used_first[0]:.0f} KB gzip; later views {used_later[1]:.0f} ms, "
            f"{used_later[0]:.0f} KB",
        ),
    ]
    return result


def main(argv=None):
    import bench

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    import tomllib

    budgets = tomllib.loads(bench.BUDGETS.read_text(encoding="utf-8"))
    table = rows(args.site, args.runs, budgets, bench.Row)
    print(bench.render(table, args.runs, 0))
    return 1 if any(row.over for row in table) else 0


if __name__ == "__main__":
    sys.exit(main())
