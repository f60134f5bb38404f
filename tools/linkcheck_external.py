"""`make linkcheck-external`: check every external URL of the built site, on demand.

The build never touches the network; this does, concurrently, with a timeout per request, retries with
backoff for transient failures, and a cache (.cache/linkcheck-external.json) so that a second run only
asks again about URLs that failed or whose result is older than --max-age hours. For English pages of
the Kubernetes documentation it also asks whether the Simplified Chinese page exists, and suggests it.

    python tools/linkcheck_external.py --site site [--workers 16] [--timeout 10] [--retries 2]
"""

import argparse
import concurrent.futures
import json
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from handbook import htmlscan  # noqa: E402
from handbook.links import zh_cn_twin  # noqa: E402

USER_AGENT = "k8s-handbook-linkcheck/1.0 (+https://github.com/k8s-handbook/k8s-handbook)"
TRANSIENT = {429, 500, 502, 503, 504}


@dataclass
class Result:
    url: str
    ok: bool
    status: int  # HTTP status, or 0 when no answer came (timeout, DNS, refused)
    detail: str  # redirect target or error text
    checked_at: float
    zh_cn: str = ""  # the zh-cn twin of an English kubernetes.io page, when it exists


def collect_urls(site_dir):
    """{external URL: [pages using it]} over every HTML page of the built site."""
    site_dir = Path(site_dir)
    found = {}
    for page in sorted(site_dir.rglob("*.html")):
        _, references = htmlscan.scan(page.read_text(encoding="utf-8"))
        for ref in references:
            url = ref.url.split("#", 1)[0]
            if url.startswith(("http://", "https://")):
                found.setdefault(url, set()).add(page.relative_to(site_dir).as_posix())
    return {url: sorted(pages) for url, pages in found.items()}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _request(url, method, timeout):
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "") or str(error.reason)


def check_url(url, timeout=10.0, retries=2, backoff=0.5):
    """One URL: HEAD first (GET when HEAD is refused), retried on timeouts and transient statuses."""
    status, detail = 0, ""
    for attempt in range(retries + 1):
        try:
            status, detail = _request(url, "HEAD", timeout)
            if status in (403, 405, 501):
                status, detail = _request(url, "GET", timeout)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            status, detail = 0, str(getattr(error, "reason", error))
        if status and status not in TRANSIENT:
            break
        if attempt < retries:
            time.sleep(backoff * (2**attempt))
    ok = 200 <= status < 400
    if 300 <= status < 400:
        detail = f"redirects to {detail}" if detail else "redirects"
    return Result(url, ok, status, detail, time.time())


def check_all(urls, workers=16, timeout=10.0, retries=2, cache=None, max_age_hours=24.0):
    """Check URLs concurrently; results still fresh in `cache` (a dict) are reused and not asked again."""
    cache = {} if cache is None else cache
    now = time.time()
    fresh = {
        u: Result(**cache[u])
        for u in urls
        if u in cache and cache[u]["ok"] and now - cache[u]["checked_at"] < max_age_hours * 3600
    }
    todo = [u for u in urls if u not in fresh]
    results = dict(fresh)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(lambda u: check_url(u, timeout, retries), todo):
            results[result.url] = result
    twins = {u: zh_cn_twin(u) for u in results if results[u].ok and zh_cn_twin(u)}
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        twin_results = pool.map(lambda t: check_url(t, timeout, retries).ok, twins.values())
        for url, twin_ok in zip(twins, twin_results, strict=True):
            if twin_ok:
                results[url].zh_cn = twins[url]
    cache.update({u: asdict(r) for u, r in results.items()})
    return results


def report(results, pages):
    broken = sorted((r for r in results.values() if not r.ok), key=lambda r: r.url)
    redirected = sorted((r for r in results.values() if r.ok and r.detail.startswith("redirects")), key=lambda r: r.url)
    prefer = sorted((r for r in results.values() if r.zh_cn), key=lambda r: r.url)
    lines = [
        f"{len(results)} external URLs: {len(results) - len(broken)} fine, {len(broken)} broken, "
        f"{len(redirected)} redirected, {len(prefer)} with a zh-cn page to prefer"
    ]
    for title, rows, describe in (
        ("broken", broken, lambda r: f"{r.status or 'no answer'} {r.detail}".strip()),
        ("redirected (link the target instead)", redirected, lambda r: r.detail),
        ("English Kubernetes pages with a Simplified Chinese twin", prefer, lambda r: f"prefer {r.zh_cn}"),
    ):
        if rows:
            lines.append(f"\n{title}:")
            for r in rows:
                lines.append(f"  {r.url}  ({describe(r)})  used on: {', '.join(pages.get(r.url, [])[:3])}")
    return "\n".join(lines), bool(broken)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site")
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--max-age", type=float, default=24.0, help="hours a good result stays cached")
    parser.add_argument("--cache", default=".cache/linkcheck-external.json")
    args = parser.parse_args(argv)
    pages = collect_urls(args.site)
    cache_path = Path(args.cache)
    cache = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.is_file() else {}
    results = check_all(list(pages), args.workers, args.timeout, args.retries, cache, args.max_age)
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    cache_path.write_text(json.dumps(cache, ensure_ascii=False, indent=0), encoding="utf-8")
    text, failed = report(results, pages)
    print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
