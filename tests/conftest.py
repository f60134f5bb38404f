"""Shared fixtures: one strict build of the real book per test session, served on 127.0.0.1, and a
headless Chromium. Browser tests skip locally (with the reason) when no Chromium exists; under CI=true
they fail instead, so CI can never pass without running them."""

import os
from pathlib import Path

import pytest

import browser as browser_kit
import sitekit
from handbook import nav

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real book built with `mkdocs build --strict`; the build log is kept for assertions."""
    site = tmp_path_factory.mktemp("site")
    result = sitekit.build(site)
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    site_log = result.stdout + result.stderr
    return BuiltSite(site, site_log)


class BuiltSite:
    def __init__(self, path, log):
        self.path = path
        self.log = log

    def html_pages(self):
        """Every content page of the built site (HTML files other than 404)."""
        return sorted(
            p
            for p in self.path.rglob("*.html")
            if p.name != "404.html" and "assets" not in p.relative_to(self.path).parts
        )


def read_nav():
    """The nav of mkdocs.yml as written."""
    return sitekit.read_config()["nav"]


def book_chapters():
    """(folder, title) of every chapter, as the hooks see them (handbook.nav.chapters)."""
    return nav.chapters(read_nav())


@pytest.fixture(scope="session")
def nav_pages():
    """Source paths of every page listed in mkdocs.yml's nav (external links excluded)."""
    return [p for p in nav.page_paths(read_nav()) if p.endswith(".md")]


def output_path(site_root, src_path):
    """Where MkDocs (use_directory_urls) writes the page built from docs/<src_path>."""
    stem = src_path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return site_root / stem[: -len("index")] / "index.html"
    return site_root / stem / "index.html"


@pytest.fixture(scope="session")
def site_url(built_site):
    with sitekit.serve(built_site.path) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        if browser_kit.describe_available(playwright) is None:
            if IN_CI:
                pytest.fail("CI=true but " + browser_kit.HOW_TO_GET_ONE, pytrace=False)
            pytest.skip("browser tests skipped: " + browser_kit.HOW_TO_GET_ONE)
        browser = browser_kit.launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh page in the shared browser, closed after the test."""
    opened = chromium.new_page()
    yield opened
    opened.close()


def visit(chromium, url):
    """Load a page in a new context with every request routed: foreign hosts are recorded and refused.

    Returns (context, page, foreign requests, console and page errors); close the context when done.
    """
    context = chromium.new_context()
    page = context.new_page()
    foreign, errors = browser_kit.keep_local(page, page, url)
    page.goto(url, wait_until="load")
    return context, page, foreign, errors
