"""Screenshots of the key screens of a built site, for reviewers: desktop light and dark, phone.

    python tools/screenshots.py --site site --out dist/screenshots

Served the way GitHub Pages serves the book (under site_url's path, with the 404 page), opened in headless
Chromium (tools/browser.py); every request to another host is refused. Writes one PNG per screen and
prints their names.
"""

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

import reading_probe as probe
import yaml

from browser import launch

ROOT = Path(__file__).resolve().parent.parent


def base_path():
    """The path of site_url in mkdocs.yml (the page URLs of a build start with it)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!ENV", lambda loader, suffix, node: loader.construct_sequence(node)[-1])
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return urlsplit(config.get("site_url") or "/").path or "/"


def _open_viewer(page):
    probe.wait_for_diagrams(page)
    page.locator(".hb-diagram__open").first.click()
    page.locator("dialog.hb-viewer").wait_for(state="visible")
    page.wait_for_timeout(400)


def _diagrams(page):
    probe.wait_for_diagrams(page)
    page.locator(".hb-diagram").first.scroll_into_view_if_needed()


def _term(page):
    mark = page.locator("article a.hb-term").first
    mark.scroll_into_view_if_needed()
    mark.tap()
    page.locator("#hb-term-pop").wait_for(state="visible")


def _self_test(page):
    page.get_by_role("button", name="抽一题").click()
    page.get_by_role("button", name="显示答案").click()


# (file name, path, viewport, scheme, touch, action)
SCREENS = [
    ("home-desktop-light", "", probe.DESKTOP, "light", False, None),
    ("home-desktop-dark", "", probe.DESKTOP, "dark", False, None),
    ("home-phone", "", probe.PHONE, "light", True, None),
    ("chapter-desktop-light", "architecture/components/", probe.DESKTOP, "light", False, None),
    ("chapter-desktop-dark", "architecture/components/", probe.DESKTOP, "dark", False, None),
    ("diagram-desktop-dark", "workloads/pod/", probe.DESKTOP, "dark", False, _diagrams),
    ("diagram-phone", "security/certificates/", probe.PHONE, "light", True, _diagrams),
    ("diagram-viewer-desktop-dark", "workloads/pod/", probe.DESKTOP, "dark", False, _open_viewer),
    ("sequence-dark", "etcd/raft/", probe.WIDE, "dark", False, _diagrams),
    ("term-popover-phone", "scheduling/taints/", probe.PHONE, "light", True, _term),
    ("question-bank-phone", "questions/", probe.PHONE, "light", True, None),
    ("question-bank-desktop-dark", "questions/", probe.DESKTOP, "dark", False, None),
    ("self-test-phone", "questions/self-test/", probe.PHONE, "light", True, _self_test),
    ("glossary-desktop-light", "glossary/", probe.DESKTOP, "light", False, None),
    ("not-found-desktop-light", "no/such/page/", probe.DESKTOP, "light", False, None),
    ("not-found-phone-dark", "no/such/page/", probe.PHONE, "dark", True, None),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site (default: site)")
    parser.add_argument("--out", default="dist/screenshots", help="where the PNGs go (default: dist/screenshots)")
    args = parser.parse_args(argv)
    site, out = Path(args.site), Path(args.out)
    if not (site / "index.html").is_file():
        sys.exit(f"{site}/index.html not found: build the site first (make build)")
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    problems = []
    with probe.serve_like_pages(site, base_path()) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        for name, path, viewport, scheme, touch, action in SCREENS:
            context, page, foreign, errors = probe.open_reader(
                browser, url + path, viewport=viewport, scheme=scheme, touch=touch
            )
            if action:
                action(page)
            page.wait_for_timeout(300)
            target = out / f"{name}.png"
            page.screenshot(path=str(target))
            context.close()
            print(target)
            problems += [f"{name}: request to another host: {request}" for request in foreign]
            problems += [f"{name}: {error}" for error in errors if "404" not in error]
        browser.close()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
