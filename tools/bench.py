"""`make bench`: what the book costs to build, to preview while writing, and to read, on this machine.

Builds are timed as whole processes, run in turn: every round runs each variant once, in the opposite
order to the round before (A B C D, D C B A, ...), so a machine that gets faster or slower during the
run weighs on every variant alike. A time is the median of its rounds; a ratio is the median of the
ratios within each round, shown with their range. A ratio with a budget is "ok" when every round's ratio
is within it, "OVER" when none is, and "noisy" (too noisy to conclude) when the rounds disagree.

The live preview is `make serve`'s own command on a copy of the book: a page is edited and saved while
Chromium shows it, and the time until the browser has loaded the rebuilt page is taken per edit.

Exits 1 when a figure is over budget, 3 when a comparison was too noisy to conclude, 2 when a
measurement could not be taken. It is a report, not a test: timings never go into the test suite.

    python tools/bench.py [--rounds N] [--edits N] [--runs N] [--pdf-runs N] [--only build,serve,pages,search,pdf]
                          [--update-readme]
"""

import argparse
import gzip
import json
import os
import queue
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser  # noqa: E402
import sitekit  # noqa: E402

ROOT = sitekit.ROOT
BUDGETS = Path(__file__).with_name("budgets.toml")
PARTS = ("build", "serve", "pages", "search", "pdf")
EDITED_PAGE = "docs/scheduling/taints.md"  # a typical chapter page: prose, diagrams, questions, terms


class Row:
    def __init__(self, name, value, unit, budget=None, note="", status=None):
        self.name, self.value, self.unit, self.budget, self.note = name, value, unit, budget, note
        self._status = status

    @property
    def status(self):
        if self._status is not None:
            return self._status
        return "" if self.budget is None else ("OVER" if self.value > self.budget else "ok")

    @property
    def over(self):
        return self.status == "OVER"

    @property
    def noisy(self):
        return self.status == "noisy"

    def cells(self):
        fmt = "{:.2f}" if self.unit in ("s", "×", "share") else "{:.0f}"
        budget = "" if self.budget is None else "≤ " + fmt.format(self.budget)
        return [self.name, fmt.format(self.value) + f" {self.unit}", budget, self.status, self.note]


# --- whole-process timings, in turn ----------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and its children


def timed_run(command, cwd=ROOT, env=None):
    """Run a command to its end; its wall and CPU time. Raises RuntimeError when it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def in_turn(variants, rounds, run=timed_run, warmup=True):
    """{name: [Timing per round]}: one warm-up run each (not counted), then `rounds` rounds, each running
    every variant once, in the opposite order to the round before."""
    names = list(variants)
    if warmup:
        for name in names:
            run(variants[name])
    times = {name: [] for name in names}
    for number in range(rounds):
        for name in names if number % 2 == 0 else reversed(names):
            times[name].append(run(variants[name]))
    return times


@dataclass(frozen=True)
class Comparison:
    """The ratios a/b of two variants, round by round."""

    ratios: tuple

    @classmethod
    def of(cls, a, b, measure=lambda t: t.wall):
        return cls(tuple(measure(x) / measure(y) for x, y in zip(a, b, strict=True)))

    @property
    def median(self):
        return statistics.median(self.ratios)

    @property
    def spread(self):
        return f"{min(self.ratios):.2f}–{max(self.ratios):.2f}"

    def verdict(self, budget):
        if budget is None:
            return ""
        if max(self.ratios) <= budget:
            return "ok"
        if min(self.ratios) > budget:
            return "OVER"
        return "noisy"


def _seconds(timings):
    walls = [t.wall for t in timings]
    return statistics.median(walls), f"{len(walls)} runs, {min(walls):.2f}–{max(walls):.2f} s"


# --- the build variants ---------------------------------------------------------------------------------


def write_generated_pages(docs_copy):
    """Copy docs/ and write into it the pages the hooks generate (glossary, question bank, ...), so that a
    build without the hooks builds the same pages."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    shutil.copytree(ROOT / "docs", docs_copy)
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    generated = [f for f in files.documentation_pages() if getattr(f, "generated_by", None)]
    for file in generated:
        path = Path(docs_copy) / file.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(file.content_string, encoding="utf-8")
    return [file.src_uri for file in generated]


def variant_config(workdir, name, **overrides):
    """A config that INHERITs mkdocs.yml with some keys replaced (written next to it: INHERIT paths are
    relative to the file)."""
    path = ROOT / f".bench-{workdir.name}-{name}.yml"
    lines = ["INHERIT: mkdocs.yml"] + [
        f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in overrides.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_variants(workdir):
    """{name: command} of the builds the table compares."""
    real = sitekit.read_config()
    search = [
        entry for entry in real["plugins"] if entry == "search" or (isinstance(entry, dict) and "search" in entry)
    ]
    hooks = real.get("hooks", [])
    docs_copy = workdir / "docs-with-generated-pages"
    write_generated_pages(docs_copy)
    build = [sys.executable, "-m", "mkdocs", "build", "-q"]
    return {
        "full": build + ["--strict", "-d", str(workdir / "full")],
        "plain": build
        + ["-f", str(variant_config(workdir, "plain", docs_dir=str(docs_copy), plugins=search, hooks=[], strict=False))]
        + ["-d", str(workdir / "plain")],
        "no hooks": build
        + ["-f", str(variant_config(workdir, "no-hooks", hooks=[], strict=False)), "-d", str(workdir / "no-hooks")],
        "no link check": build
        + ["-f", str(variant_config(workdir, "no-linkcheck", hooks=[h for h in hooks if "linkcheck" not in h]))]
        + ["-d", str(workdir / "no-linkcheck")],
    }


def build_figures(rounds, budgets, workdir):
    env = _build_env()
    times = in_turn(build_variants(workdir), rounds, run=lambda command: timed_run(command, env=env))
    b = budgets["build"]
    full, full_note = _seconds(times["full"])
    plain, plain_note = _seconds(times["plain"])
    against_plain = Comparison.of(times["full"], times["plain"])
    cpu_against_plain = Comparison.of(times["full"], times["plain"], measure=lambda t: t.cpu)
    hooks = Comparison.of(times["full"], times["no hooks"])
    cpu_hooks = Comparison.of(times["full"], times["no hooks"], measure=lambda t: t.cpu)
    linkcheck = Comparison.of(times["full"], times["no link check"])
    shares = [1 - 1 / r for r in linkcheck.ratios]  # a share s is within budget b when the ratio is within 1/(1-b)
    return [
        Row("full build (mkdocs build --strict)", full, "s", b["full_seconds"], note=full_note),
        Row(
            "plain Material build of the same pages",
            plain,
            "s",
            note=f"{plain_note}; Material and its search, no other plugin, no hook",
        ),
        Row(
            "full build / plain Material build",
            against_plain.median,
            "×",
            b["plain_material_ratio"],
            note=f"median of {rounds} pair ratios, {against_plain.spread}; CPU time {cpu_against_plain.median:.2f} ×",
            status=against_plain.verdict(b["plain_material_ratio"]),
        ),
        Row(
            "full build / the same without our hooks",
            hooks.median,
            "×",
            b["hooks_overhead_ratio"],
            note=f"pair ratios {hooks.spread}; CPU time {cpu_hooks.median:.2f} ×",
            status=hooks.verdict(b["hooks_overhead_ratio"]),
        ),
        Row(
            "link checker share of the full build",
            statistics.median(shares),
            "share",
            b["linkcheck_share"],
            note=f"pair shares {min(shares):.2f}–{max(shares):.2f}",
            status=linkcheck.verdict(1 / (1 - b["linkcheck_share"])),
        ),
    ]


def _build_env():
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL")}
    return {**env, "NO_MKDOCS_2_WARNING": "1"}


# --- the live preview: make serve, one page edited -------------------------------------------------------


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _copy_book(folder):
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def _serve_command():
    """`make serve`'s mkdocs command line, read from the Makefile (so the bench times what authors run)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    line = re.search(r"^serve:.*\n\t(.*)$", makefile, re.M).group(1)
    words = line.split()
    return [w for w in words[words.index("serve") :] if w != "--dev-addr" and not w.startswith("127.0.0.1:")]


def live_reload_figures(edits, budgets):
    """Median seconds from saving a page to (a) the rebuilt page written, (b) Chromium showing it."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="k8s-handbook-serve-") as tmp:
        book = _copy_book(Path(tmp) / "book")
        serve_tmp = Path(tmp) / "serve"
        serve_tmp.mkdir()
        port = _free_port()
        url = f"http://127.0.0.1:{port}/"
        env = {**_build_env(), "TMPDIR": str(serve_tmp), "SITE_URL": url, "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "mkdocs", *_serve_command(), "--dev-addr", f"127.0.0.1:{port}"]
        server = subprocess.Popen(
            command, cwd=book, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put((time.time(), line)) for line in server.stdout], daemon=True).start()
        log = _ServerLog(lines)
        try:
            log.wait_for("Serving on", 600)
            (site,) = [p for p in serve_tmp.iterdir() if p.name.startswith("mkdocs_")]
            page = book / EDITED_PAGE
            rel = Path(EDITED_PAGE).relative_to("docs").with_suffix("")
            written = site / rel / "index.html"
            with sync_playwright() as playwright:
                chromium = browser.launch(playwright)
                tab = chromium.new_page()
                tab.goto(url + rel.as_posix() + "/", wait_until="load")
                shown, saved_to_written, rebuilds, cpu = [], [], [], []
                for number in range(edits + 1):  # the first edit warms up, it is not counted
                    time.sleep(1.5)  # longer than the watcher's polling interval
                    marker = f"bench-edit-{number}-{time.time_ns()}"
                    cpu_before = _cpu_seconds(server.pid)
                    with tab.expect_event("load", timeout=120_000):
                        saved = time.time()
                        with page.open("a", encoding="utf-8") as handle:
                            handle.write(f"\n\n实时预览测量：{marker}。\n")
                    seen = time.time()
                    rebuilt = log.wait_for("Documentation built in", 60, after=saved)
                    if marker not in tab.content():
                        raise RuntimeError("the browser reloaded, but not with the edit")
                    if number:
                        cpu.append(_cpu_seconds(server.pid) - cpu_before)
                        shown.append(seen - saved)
                        saved_to_written.append(written.stat().st_mtime - saved)
                        rebuilds.append(float(re.search(r"built in ([\d.]+) seconds", rebuilt).group(1)))
                chromium.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    spread = f"{min(shown):.2f}–{max(shown):.2f} s"
    return [
        Row(
            "make serve: save → rebuilt page written",
            statistics.median(saved_to_written),
            "s",
            note=f"MkDocs' own count of the rebuild: {statistics.median(rebuilds):.2f} s; "
            f"CPU time of the server per edit: {statistics.median(cpu):.2f} s",
        ),
        Row(
            "make serve: save → browser shows the edit",
            statistics.median(shown),
            "s",
            budgets["build"]["serve_reload_seconds"],
            note=f"median of {edits} edits of {EDITED_PAGE}, {spread}; Chromium, livereload",
        ),
    ]


def _cpu_seconds(pid):
    """User + system CPU seconds a running process has used so far (Linux /proc): unlike wall time, it
    hardly moves with the machine's load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _ServerLog:
    """The lines `mkdocs serve` prints, each with the time it printed it (queued by a reader thread)."""

    def __init__(self, lines):
        self._lines, self._read = lines, []

    def wait_for(self, text, timeout, after=0.0):
        """The first line containing text read after the time `after` (waiting for it up to timeout s)."""
        deadline = time.monotonic() + timeout
        while True:
            for when, line in self._read:
                if when >= after and text in line:
                    return line
                if when >= after and ("The build failed" in line or "Aborted" in line):
                    raise RuntimeError(f"mkdocs serve: {line.strip()}")
            if time.monotonic() > deadline:
                said = "".join(line for _, line in self._read[-20:])
                raise RuntimeError(f"mkdocs serve: no {text!r} within {timeout} s; it said:\n{said}")
            try:
                self._read.append(self._lines.get(timeout=1))
            except queue.Empty:
                pass


# --- what a reader's browser transfers -------------------------------------------------------------------


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


# --- the table -------------------------------------------------------------------------------------------


def render(rows, runs, pdf_runs, *, rounds=None, edits=None, load=None):
    header = ["figure", "median", "budget", "", "note"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    machine = f"{os.cpu_count()} cores"
    counts = [
        f"builds in turn, {rounds} rounds" if rounds else None,
        f"{edits} edits under make serve" if edits else None,
    ]
    counts.append(f"page loads: {runs} runs each" if runs else None)
    counts.append(f"PDF: {pdf_runs} exports" if pdf_runs else None)
    load_note = f"; load average {load[0]:.1f} at the start, {load[1]:.1f} at the end" if load else ""
    lines.append("")
    lines.append(
        f"{'; '.join(c for c in counts if c)}; a {machine} machine, {time.strftime('%Y-%m-%d')}{load_note}. "
        "Reproduce with `make bench`."
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
    parser.add_argument("--rounds", type=int, default=5, help="rounds of builds in turn (default 5)")
    parser.add_argument("--edits", type=int, default=5, help="page edits under make serve (default 5)")
    parser.add_argument("--runs", type=int, default=3, help="page loads per browser figure (default 3)")
    parser.add_argument("--pdf-runs", type=int, default=2, help="PDF exports (default 2; 0 skips)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts of {', '.join(PARTS)}")
    parser.add_argument("--update-readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    if parts - set(PARTS):
        parser.error(f"unknown part(s): {', '.join(sorted(parts - set(PARTS)))}")
    budgets = tomllib.loads(BUDGETS.read_text(encoding="utf-8"))
    workdir = Path(tempfile.mkdtemp(prefix="k8s-handbook-bench-"))
    load_start = os.getloadavg()[0]
    rows = []
    try:
        if "build" in parts:
            print(f"building, {args.rounds} rounds of 4 builds in turn…", file=sys.stderr)
            rows += build_figures(args.rounds, budgets, workdir)
        if "serve" in parts:
            print(f"make serve, {args.edits} edits…", file=sys.stderr)
            rows += live_reload_figures(args.edits, budgets)
        site = workdir / "site"
        if parts & {"pages", "search", "pdf"}:
            sitekit.build(site).check_returncode()
        if "pages" in parts:
            print("loading pages in Chromium…", file=sys.stderr)
            rows += page_figures(site, args.runs, budgets)
        # ---- search: the evaluation set typed into the search box, and what the index costs a reader
        if "search" in parts:
            import search_bench

            print("typing the search evaluation set, loading the index…", file=sys.stderr)
            rows += search_bench.rows(site, args.runs, budgets, Row)
        # ---- end search
        if "pdf" in parts and args.pdf_runs:
            print("exporting the PDF…", file=sys.stderr)
            rows += pdf_figures(site, args.pdf_runs, budgets, workdir)
    except (RuntimeError, subprocess.CalledProcessError, browser.BrowserNotFound) as error:
        print(f"bench: could not measure: {error}", file=sys.stderr)
        return 2
    finally:
        for variant in ROOT.glob(f".bench-{workdir.name}-*.yml"):
            variant.unlink()
        shutil.rmtree(workdir, ignore_errors=True)
    load = (load_start, os.getloadavg()[0])
    table = render(
        rows,
        args.runs if "pages" in parts else 0,
        args.pdf_runs if "pdf" in parts else 0,
        rounds=args.rounds if "build" in parts else None,
        edits=args.edits if "serve" in parts else None,
        load=load,
    )
    print(table)
    if args.update_readme:
        update_readme(table)
    for row in rows:
        if row.over:
            print(f"over budget: {row.name}: {row.cells()[1]} (budget {row.cells()[2]})", file=sys.stderr)
        elif row.noisy:
            print(
                f"too noisy to conclude: {row.name}: the rounds ({row.note.split(';')[0]}) fall on both sides "
                f"of the budget {row.cells()[2]}; run again on a quieter machine",
                file=sys.stderr,
            )
    if any(row.over for row in rows):
        return 1
    return 3 if any(row.noisy for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
