"""`make bench`: what the book costs to build and to read, measured on this machine.

Prints one table; each figure is the median of several runs, next to its budget from budgets.toml.
Exits 1 when a figure is over budget (and says which), 2 when a measurement could not be taken.
It is a report, not a test: timings belong here, never in assertions of the test suite.

    python tools/bench.py [--runs N] [--pdf-runs N] [--update-readme]
"""

import argparse
import gzip
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser  # noqa: E402
import sitekit  # noqa: E402

ROOT = sitekit.ROOT
BUDGETS = Path(__file__).with_name("budgets.toml")
OUR_HOOKS = ("print_hook", "glossary_hook", "questions_hook", "mermaid_hook", "search_hook", "linkcheck_hook")


class Row:
    def __init__(self, name, value, unit, budget=None, note=""):
        self.name, self.value, self.unit, self.budget, self.note = name, value, unit, budget, note

    @property
    def over(self):
        return self.budget is not None and self.value > self.budget

    def cells(self):
        fmt = "{:.2f}" if self.unit in ("s", "×", "share") else "{:.0f}"
        budget = "" if self.budget is None else "≤ " + fmt.format(self.budget)
        status = "" if self.budget is None else ("OVER" if self.over else "ok")
        return [self.name, fmt.format(self.value) + f" {self.unit}", budget, status, self.note]


def median_seconds(command, runs, cwd=ROOT):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return statistics.median(times)


def variant_config(workdir, hooks):
    """A config that inherits mkdocs.yml but runs only the given hooks (and is not strict: without our
    hooks the generated pages the nav names do not exist)."""
    path = ROOT / f".bench-{workdir.name}.yml"
    listed = "\n".join(f"  - hooks/{name}.py" for name in hooks) or "  []"
    path.write_text(
        f"INHERIT: mkdocs.yml\nstrict: false\nhooks:\n{listed}\n"
        if hooks
        else "INHERIT: mkdocs.yml\nstrict: false\nhooks: []\n",
        encoding="utf-8",
    )
    return path


def build_figures(runs, budgets, workdir):
    python = sys.executable
    site = workdir / "site"
    build = [python, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)]
    full = median_seconds(build + ["--strict"], runs)
    loose_all = median_seconds(build + ["-f", str(variant_config(workdir, OUR_HOOKS))], runs)
    no_hooks = median_seconds(build + ["-f", str(variant_config(workdir, ()))], runs)
    without_linkcheck = median_seconds(
        build + ["-f", str(variant_config(workdir, [h for h in OUR_HOOKS if h != "linkcheck_hook"]))], runs
    )
    b = budgets["build"]
    return [
        Row("full build (mkdocs build --strict)", full, "s", b["full_seconds"]),
        Row("build with our hooks switched off", no_hooks, "s", note="same config, hooks: []"),
        Row(
            "hooks overhead (full / no hooks)",
            loose_all / no_hooks,
            "×",
            b["hooks_overhead_ratio"],
            note="both non-strict, same nav",
        ),
        Row(
            "link checker share of the build",
            (loose_all - without_linkcheck) / loose_all,
            "share",
            b["linkcheck_share"],
        ),
    ]


def serve_rebuild_seconds(runs):
    """mkdocs serve on a copy of the book; edit one page; read MkDocs' own 'built in N seconds'."""
    with tempfile.TemporaryDirectory(prefix="k8s-handbook-serve-") as tmp:
        copy = Path(tmp)
        for name in ("docs", "overrides", "hooks"):
            shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", "127.0.0.1:0"],
            cwd=copy,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        built = re.compile(r"Documentation built in ([\d.]+) seconds")
        times = []
        try:
            page = copy / "docs/scheduling/taints.md"
            seen = 0
            deadline = time.monotonic() + 600
            for line in server.stdout:
                match = built.search(line)
                if match:
                    seen += 1
                    if seen > 1:
                        times.append(float(match.group(1)))
                    if len(times) == runs:
                        break
                    time.sleep(1.0)  # let the watcher settle, then change one page
                    page.write_text(
                        page.read_text(encoding="utf-8") + f"\n<!-- bench edit {seen} -->\n", encoding="utf-8"
                    )
                if time.monotonic() > deadline:
                    raise RuntimeError("mkdocs serve did not rebuild within 10 minutes")
        finally:
            server.terminate()
            server.wait(timeout=30)
        if len(times) < runs:
            raise RuntimeError("mkdocs serve stopped before rebuilding")
        return statistics.median(times)


def transferred_gzip_bytes(chromium, url, wait_for_diagrams):
    """Load a page in Chromium; sum the gzip-compressed size of every response it needed.

    Returns (bytes without the search index, bytes of the search index, ms until diagrams rendered).
    """
    context = chromium.new_context()
    page = context.new_page()
    bodies = {}
    local = urlsplit(url).netloc

    def on_response(response):
        if urlsplit(response.url).netloc == local and response.status == 200:
            try:
                bodies[response.url] = len(gzip.compress(response.body(), compresslevel=6))
            except Exception:
                pass

    page.on("response", on_response)
    page.goto(url, wait_until="load")
    rendered_ms = None
    if wait_for_diagrams:
        page.wait_for_function("document.querySelectorAll('pre.mermaid').length === 0", timeout=60_000)
        rendered_ms = page.evaluate("performance.now()")
    page.wait_for_load_state("networkidle")
    context.close()
    search = sum(size for u, size in bodies.items() if u.endswith("search_index.json"))
    return sum(bodies.values()) - search, search, rendered_ms


def page_figures(site, runs, budgets):
    from playwright.sync_api import sync_playwright

    pages = [p for p in site.rglob("index.html") if "assets" not in p.parts and "print_page" not in p.parts]
    diagram_pages = [p for p in pages if 'class="mermaid"' in p.read_text(encoding="utf-8")]
    plain_pages = [p for p in pages if p not in diagram_pages]
    heaviest = max(diagram_pages, key=lambda p: p.read_text(encoding="utf-8").count('class="mermaid"'))
    plain = max(plain_pages, key=lambda p: p.stat().st_size)
    index = site / "search/search_index.json"
    raw = index.stat().st_size
    gz = len(gzip.compress(index.read_bytes(), compresslevel=6))

    def url_of(base, path):
        rel = path.relative_to(site).as_posix()
        return base + rel[: -len("index.html")]

    with sitekit.serve(site) as base, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        plain_bytes = statistics.median(
            transferred_gzip_bytes(chromium, url_of(base, plain), False)[0] for _ in range(runs)
        )
        heavy = [transferred_gzip_bytes(chromium, url_of(base, heaviest), True) for _ in range(runs)]
        chromium.close()
    p = budgets["page"]
    diagrams = heaviest.read_text(encoding="utf-8").count('class="mermaid"')
    return [
        Row("search index, raw", raw / 1024, "KB"),
        Row("search index, gzip", gz / 1024, "KB", budgets["search"]["index_gzip_kb"]),
        Row(
            "page without diagrams, gzip transferred",
            plain_bytes / 1024,
            "KB",
            p["plain_page_gzip_kb"],
            note=plain.parent.relative_to(site).as_posix() + "/ (largest plain page)",
        ),
        Row(
            "heaviest diagram page, gzip transferred",
            statistics.median(h[0] for h in heavy) / 1024,
            "KB",
            p["diagram_page_gzip_kb"],
            note=f"{heaviest.parent.relative_to(site).as_posix()}/ ({diagrams} diagrams)",
        ),
        Row(
            "heaviest diagram page, all diagrams rendered",
            statistics.median(h[2] for h in heavy),
            "ms",
            p["diagrams_rendered_ms"],
            note="from navigation start",
        ),
    ]


def pdf_figures(site, runs, budgets, workdir):
    import make_pdf

    times, size = [], 0
    for _ in range(runs):
        out = workdir / "book.pdf"
        started = time.perf_counter()
        make_pdf.export(site, out)
        times.append(time.perf_counter() - started)
        size = out.stat().st_size
    b = budgets["pdf"]
    return [
        Row("PDF export", statistics.median(times), "s", b["export_seconds"]),
        Row("PDF size", size / 1e6, "MB", b["size_mb"]),
    ]


def render(rows, runs, pdf_runs):
    header = ["figure", "median", "budget", "", "note"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    machine = f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores"
    lines.append("")
    lines.append(
        f"Medians of {runs} runs ({pdf_runs} for the PDF) on a {machine} machine, "
        f"{time.strftime('%Y-%m-%d')}; reproduce with `make bench`."
    )
    return "\n".join(lines)


def update_readme(table):
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    text = re.sub(
        r"(<!-- bench:start -->\n).*?(\n<!-- bench:end -->)",
        lambda m: m.group(1) + table + m.group(2),
        text,
        flags=re.S,
    )
    readme.write_text(text, encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--pdf-runs", type=int, default=2, help="PDF exports (default 2; 0 skips)")
    parser.add_argument("--update-readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args(argv)
    budgets = tomllib.loads(BUDGETS.read_text(encoding="utf-8"))
    workdir = Path(tempfile.mkdtemp(prefix="k8s-handbook-bench-"))
    rows = []
    try:
        print("building…", file=sys.stderr)
        rows += build_figures(args.runs, budgets, workdir)
        print("serving and editing a page…", file=sys.stderr)
        rows.append(
            Row(
                "mkdocs serve rebuild after one page changes",
                serve_rebuild_seconds(args.runs),
                "s",
                budgets["build"]["serve_rebuild_seconds"],
                note="MkDocs' own build time",
            )
        )
        site = workdir / "site"
        sitekit.build(site).check_returncode()
        print("loading pages in Chromium…", file=sys.stderr)
        rows += page_figures(site, args.runs, budgets)
        if args.pdf_runs:
            print("exporting the PDF…", file=sys.stderr)
            rows += pdf_figures(site, args.pdf_runs, budgets, workdir)
    except (RuntimeError, subprocess.CalledProcessError, browser.BrowserNotFound) as error:
        print(f"bench: could not measure: {error}", file=sys.stderr)
        return 2
    finally:
        for variant in ROOT.glob(f".bench-{workdir.name}.yml"):
            variant.unlink()
        shutil.rmtree(workdir, ignore_errors=True)
    table = render(rows, args.runs, args.pdf_runs)
    print(table)
    if args.update_readme:
        update_readme(table)
    over = [row for row in rows if row.over]
    for row in over:
        print(f"over budget: {row.name}: {row.cells()[1]} (budget {row.cells()[2]})", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
