"""`make search-eval`: type every query of the evaluation set into the real search box of a built site.

Builds nothing: give it a site built with `mkdocs build` (make search-eval builds `site/` first). Serves
it on 127.0.0.1, opens it in headless Chromium, types each query of tests/search/queries.yml into
Material's search box and reads the result list as a reader sees it. Reports top-1, top-3 and MRR (mean
reciprocal rank over the first ten results), per kind of query and for the held-out queries apart, and
lists every query that missed its bar with what came first instead. "Enter lands" is the stricter share
of queries for which the first result's best link, where Enter leads, is an expected target.

    python tools/search_eval.py --site site [--tuning | --heldout] [--kind zh-question] [--json out.json]

A result item counts as the expected page when its page matches; as the expected section when, in
addition, the section (or a subsection of it) is shown in the item, not folded under "N more on this
page". Exit status 1 when the set misses the issue's bar (top-1 < 80 % or top-3 < 95 %, overall or
held-out), 2 when it cannot run.
"""

import argparse
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
sys.path[:0] = [str(TOOLS), str(ROOT / "hooks")]

from searchbox import SearchBox  # noqa: E402

import browser  # noqa: E402
import sitekit  # noqa: E402
from handbook import searchqueries  # noqa: E402

TOP1_BAR, TOP3_BAR = 0.80, 0.95
RANKED = 10  # MRR counts a hit within the first ten result items


@dataclass
class Outcome:
    query: searchqueries.Query
    rank: int | None  # 1-based position of the first item that shows an expected target
    firsts: list  # what the first three items lead to (their best link), for the report
    missing: list  # "缺少" labels shown in the first item
    enter: bool = False  # Enter (the first item's best link) leads to an expected target

    @property
    def passed(self):
        return self.rank is not None and self.rank <= self.query.top


def load_queries(path=ROOT / searchqueries.DATA_FILE, docs=ROOT / "docs"):
    """The evaluation set, checked against the book; each query's `expect` widened to the URLs that
    count as a hit (an expected section counts with the subsections under it)."""
    sources = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in docs.rglob("*.md")}
    within = searchqueries.sections_within(sources)
    shown = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)  # in errors
    queries = searchqueries.load(path.read_text(encoding="utf-8"), shown, set(within))
    return [(query, accepted_urls(query, within)) for query in queries]


def accepted_urls(query, within):
    urls = []
    for target in query.expect:
        for hit in [target] + (within.get(target, []) if "#" in target else []):
            url = searchqueries.url_of(hit)
            if url not in urls:
                urls.append(url)
    return urls


def lands_on(item, urls):
    """Does the item's best link (where Enter leads) reach one of the accepted URLs?"""
    target = item.best.target
    return any(target == url if "#" in url else target.split("#", 1)[0] == url for url in urls)


def rank_of(items, urls):
    """1-based position of the first result item showing one of the accepted URLs, or None."""
    for position, item in enumerate(items[:RANKED], start=1):
        for url in urls:
            if ("#" in url and url in item.shown) or ("#" not in url and item.page == url):
                return position
    return None


def run(site_url, queries, chromium, progress=None, start_page=""):
    """Type each query into the search box of one open page; return an Outcome per query.

    queries: (Query, accepted URLs) pairs, as load_queries returns them."""
    context = chromium.new_context()
    page = context.new_page()
    page.goto(site_url + start_page, wait_until="load")
    box = SearchBox(page, site_url).open()
    outcomes = []
    for number, (query, urls) in enumerate(queries, start=1):
        items = box.search(query.text)
        first = items[0] if items else None
        outcomes.append(
            Outcome(
                query,
                rank_of(items, urls),
                [item.best.target for item in items[:3]],
                sorted({word for link in first.links if not link.folded for word in link.missing}) if first else [],
                bool(first) and lands_on(first, urls),
            )
        )
        if progress:
            progress(number, len(queries))
    context.close()
    return outcomes


def figures(outcomes):
    """{'n', 'top1', 'top3', 'mrr', 'passed', 'enter'} for a list of outcomes (rates as fractions)."""
    n = len(outcomes)
    if not n:
        return {"n": 0, "top1": 0.0, "top3": 0.0, "mrr": 0.0, "passed": 0.0, "enter": 0.0}
    return {
        "n": n,
        "enter": sum(o.enter for o in outcomes) / n,
        "top1": sum(o.rank == 1 for o in outcomes) / n,
        "top3": sum(o.rank is not None and o.rank <= 3 for o in outcomes) / n,
        "mrr": statistics.fmean(1 / o.rank if o.rank else 0.0 for o in outcomes),
        "passed": sum(o.passed for o in outcomes) / n,
    }


def meets_bar(fig):
    return fig["n"] == 0 or (fig["top1"] >= TOP1_BAR and fig["top3"] >= TOP3_BAR)


def _line(label, fig):
    return (
        f"{label:<22} {fig['n']:>4}  top-1 {fig['top1']:6.1%}  top-3 {fig['top3']:6.1%}  "
        f"MRR {fig['mrr']:.3f}  own bar met {fig['passed']:6.1%}  Enter lands {fig['enter']:6.1%}"
    )


def report(outcomes):
    lines = [_line("all queries", figures(outcomes))]
    tuning = [o for o in outcomes if not o.query.heldout]
    heldout = [o for o in outcomes if o.query.heldout]
    if tuning and heldout:
        lines += [_line("  tuning", figures(tuning)), _line("  held-out", figures(heldout))]
    lines.append("")
    for kind in searchqueries.KINDS:
        subset = [o for o in outcomes if o.query.kind == kind]
        if subset:
            lines.append(_line(kind, figures(subset)))
    misses = [o for o in outcomes if not o.passed]
    lines += ["", f"{len(misses)} queries missed their bar (top-1 or top-3):"]
    for o in misses:
        rank = f"rank {o.rank}" if o.rank else "not in the first ten"
        held = " [held-out]" if o.query.heldout else ""
        lines.append(
            f"  {o.query.text!r}{held} ({o.query.kind}, line {o.query.line}): {rank}; wanted top-{o.query.top}"
        )
        lines.append(f"      expected {', '.join(o.query.expect)}")
        lines.append(f"      got      {', '.join(o.firsts) or '(no results)'}")
        if o.missing:
            lines.append(f"      缺少     {', '.join(o.missing)}")
    return "\n".join(lines)


def evaluate_site(site_dir, queries, start_page=""):
    """Serve a built site and run every query in a fresh headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sitekit.serve(site_dir) as url, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        try:
            return run(url, queries, chromium, _progress, start_page)
        finally:
            chromium.close()


def _progress(done, total):
    if done % 25 == 0 or done == total:
        print(f"  {done}/{total} queries", file=sys.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="a built site (mkdocs build --site-dir …)")
    parser.add_argument("--queries", type=Path, default=ROOT / searchqueries.DATA_FILE)
    subset = parser.add_mutually_exclusive_group()
    subset.add_argument("--tuning", action="store_true", help="leave out the held-out queries")
    subset.add_argument("--heldout", action="store_true", help="only the held-out queries")
    parser.add_argument("--kind", choices=list(searchqueries.KINDS), help="only queries of this kind")
    parser.add_argument("--page", default="", help="the page to search from (default: the home page)")
    parser.add_argument("--json", type=Path, help="also write every outcome to this file")
    args = parser.parse_args(argv)
    if not (args.site / "search" / "search_index.json").is_file():
        print(f"search_eval: {args.site} is not a built site (no search/search_index.json)", file=sys.stderr)
        return 2
    try:
        queries = load_queries(args.queries.resolve())
    except searchqueries.QueryFileError as error:
        print(error, file=sys.stderr)
        return 2
    queries = [
        (q, urls)
        for q, urls in queries
        if (not args.tuning or not q.heldout)
        and (not args.heldout or q.heldout)
        and (not args.kind or q.kind == args.kind)
    ]
    try:
        outcomes = evaluate_site(args.site, queries, args.page)
    except browser.BrowserNotFound as error:
        print(f"search_eval: {error}", file=sys.stderr)
        return 2
    print(report(outcomes))
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "q": o.query.text,
                        "kind": o.query.kind,
                        "heldout": o.query.heldout,
                        "expect": o.query.expect,
                        "top": o.query.top,
                        "rank": o.rank,
                        "firsts": o.firsts,
                        "missing": o.missing,
                        "enter": o.enter,
                    }
                    for o in outcomes
                ],
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    overall = figures(outcomes)
    heldout = figures([o for o in outcomes if o.query.heldout])
    return 0 if meets_bar(overall) and meets_bar(heldout) else 1


if __name__ == "__main__":
    sys.exit(main())
