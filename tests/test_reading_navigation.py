"""Finding one's way: every top-level section visible at desktop widths, the question bank and the
glossary one click from every page, chapter and section numbers the same on the page, in search and on
the print page, a Chinese 404 page that works at any depth under the base path, a home page that shows
where to start in one screen, and the facts under every page (last updated, 报告问题)."""

import json
import re
from html import unescape
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import reading_probe as probe

from conftest import book_chapters, read_nav

browser = pytest.mark.browser


def _text(fragment):
    """Visible text: tags dropped, entities decoded, the search index's zero-width word breaks removed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", fragment))).replace("\u200b", "").strip()


def _h1(html):
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return _text(re.sub(r'<a class="headerlink".*?</a>', "", match.group(1)))


# ---- Numbers: one numbering on the page, in the search index and on the print page -----------------


def test_chapter_and_section_numbers_match_on_page_in_search_and_print(built_site):
    index = json.loads((built_site.path / "search/search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: _text(doc["title"]) for doc in index["docs"]}
    print_html = (built_site.path / "print_page/index.html").read_text(encoding="utf-8")
    print_headings = {
        _text(re.sub(r'<a class="headerlink".*?</a>', "", h))
        for h in re.findall(r"<h[123][^>]*>(.*?)</h[123]>", print_html, re.S)
    }
    checked = 0
    for number, (folder, _title) in enumerate(book_chapters(), start=1):
        chapter_html = (built_site.path / folder / "index.html").read_text(encoding="utf-8")
        assert _h1(chapter_html).startswith(f"第 {number} 章 "), folder
        for page in sorted((built_site.path / folder).glob("*/index.html")):
            html = page.read_text(encoding="utf-8")
            title = _h1(html)
            assert re.match(rf"{number}\.\d+ ", title), (page, title)
            location = page.parent.relative_to(built_site.path).as_posix() + "/"
            assert titles.get(location) == title, (location, titles.get(location), title)
            assert title in print_headings, (location, title)
            # The first numbered h2 reads the same in the search index.
            h2 = re.search(r'<h2 id="([^"]+)"><span class="hb-num">([\d.]+)</span> (.*?)<a class="headerlink"', html)
            if h2:
                section = titles.get(f"{location}#{h2.group(1)}")
                assert section is not None and section.startswith(h2.group(2) + " "), (location, section)
            checked += 1
    assert checked >= 40


# ---- Every page: shortcuts, last updated, report link ---------------------------------------------


def test_every_page_links_the_bank_and_glossary_and_says_when_it_changed(built_site):
    missing = []
    for path in built_site.html_pages():
        rel = path.relative_to(built_site.path).as_posix()
        if rel.startswith("print_page/"):
            continue
        html = path.read_text(encoding="utf-8")
        # Attribute order varies: mkdocs-mermaid2-plugin re-serializes pages with diagrams.
        shortcuts = re.search(r'<nav[^>]*class="hb-shortcuts".*?</nav>', html, re.S)
        here = "http://book/" + rel[: -len("index.html")]
        targets = {
            urljoin(here, href) for href in re.findall(r'href="([^"]+)"', shortcuts.group(0) if shortcuts else "")
        }
        if not {"http://book/questions/", "http://book/glossary/"} <= targets:
            missing.append(f"{rel}: no shortcuts to the bank and the glossary: {targets}")
        if not re.search(r'最后更新：<time datetime="\d{4}-\d\d-\d\d">\d{4}年\d{1,2}月\d{1,2}日</time>', html):
            missing.append(f"{rel}: no last-updated date")
        tag = re.search(r'<a[^>]*class="md-source-file__fact hb-report[^"]*"[^>]*>', html)
        report = tag and re.search(r'href="([^"]+)"', tag.group(0))
        if not report:
            missing.append(f"{rel}: no 报告问题 link")
            continue
        parts = urlsplit(unescape(report.group(1)))
        body = parse_qs(parts.query).get("body", [""])[0]
        page_url = rel[: -len("index.html")]
        if not parts.path.endswith("/issues/new") or page_url not in body:
            missing.append(f"{rel}: report link does not name the page: {report.group(1)[:120]}")
    assert missing == []


# ---- Header and sidebar in the browser ----------------------------------------------------------


@browser
@pytest.mark.parametrize("width", [1280, 1440, 1920])
def test_every_top_level_section_is_visible_at_desktop_widths(chromium, site_url, width):
    context, page, foreign, errors = probe.open_reader(
        chromium, site_url + "scheduling/taints/", viewport={"width": width, "height": 900}
    )
    # No tab bar that hides tabs behind a scroll.
    hidden_tabs = page.evaluate(
        "() => [...document.querySelectorAll('.md-tabs__list')].filter(l => l.scrollWidth > l.clientWidth + 1).length"
    )
    assert hidden_tabs == 0
    top = page.evaluate(
        """() => [...document.querySelectorAll('.md-nav--primary > .md-nav__list > .md-nav__item')].map(item => {
            const link = item.querySelector(':scope > a, :scope > .md-nav__container > a, :scope > label');
            const r = link.getBoundingClientRect();
            const text = link.textContent.trim().replace(/\\s+/g, ' ');
            return [text, r.width > 0 && r.left >= 0 && r.right <= innerWidth];
        })"""
    )
    context.close()
    titles = [text for text, _ in top]
    expected = [next(iter(item)) for item in read_nav()]
    assert len(titles) == len(expected), titles
    for written, shown in zip(expected, titles, strict=True):
        assert shown.endswith(written), (written, shown)
    assert all(visible for _, visible in top), top
    assert foreign == [] and errors == []


@browser
@pytest.mark.parametrize(
    "viewport", [probe.PHONE, probe.TABLET, probe.DESKTOP, probe.WIDE], ids=["390", "820", "1280", "1920"]
)
def test_bank_and_glossary_are_one_click_away(chromium, site_url, viewport):
    context, page, _foreign, errors = probe.open_reader(chromium, site_url + "networking/service/", viewport=viewport)
    for target, heading in (("questions/", "面试题库"), ("glossary/", "术语表")):
        link = page.locator(f'.md-header .hb-shortcuts a[href$="{target}"]')
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
        link.click()
        page.wait_for_load_state("load")
        assert page.url.endswith(target) and heading in page.locator("h1").first.inner_text()
        page.go_back()
    context.close()
    assert errors == []


@browser
def test_search_results_show_the_section_numbers(site_url, page):
    page.goto(site_url + "scheduling/taints/", wait_until="load")
    title = page.locator("article h1").first.inner_text().strip()
    number = title.split(" ", 1)[0]
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("容忍度")
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    shown = page.eval_on_selector_all(".md-search-result__article h1", "hs => hs.map(h => h.textContent.trim())")
    assert any(text.startswith(number + " ") for text in shown), (number, shown)


# ---- 404 at any depth under the base path ---------------------------------------------------------


BASE = "/k8s-handbook/"  # the path of site_url in mkdocs.yml, as GitHub Pages serves the book


@pytest.fixture(scope="module")
def pages_url(built_site):
    with probe.serve_like_pages(built_site.path, BASE) as url:
        yield url


@browser
@pytest.mark.parametrize("missing", ["nope/", "scheduling/taint-effects/", "a/b/c/d/missing.html"])
def test_404_page_in_chinese_with_search_and_ways_back_at_any_depth(chromium, pages_url, missing):
    context, page, foreign, errors = probe.open_reader(chromium, pages_url, wait=False)
    response = page.goto(pages_url + missing, wait_until="load")
    assert response.status == 404
    assert page.locator("article h1").inner_text().strip() == "找不到这一页"
    # Styled by the site's own CSS even deep under the base path.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    for name, target in (("首页", ""), ("面试题库", "questions/"), ("术语表", "glossary/")):
        link = page.locator(".hb-404__links a", has_text=name)
        assert link.evaluate("a => a.href").rstrip(".") == pages_url + target
        page.goto(link.evaluate("a => a.href"))
        assert page.evaluate("document.title") and page.locator("article h1").first.is_visible()
        assert "找不到这一页" not in page.locator("article h1").first.inner_text()
        page.goto(pages_url + missing, wait_until="load")
    # The search box: its query opens the book's search with results.
    query = page.locator("#hb-404-query")
    query.fill("污点")
    query.press("Enter")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert page.locator(".md-search-result__item").count() > 0
    context.close()
    assert foreign == [] and [e for e in errors if "404" not in e] == []


# ---- The home page ------------------------------------------------------------------------------


@browser
@pytest.mark.parametrize("viewport", [probe.PHONE, probe.DESKTOP], ids=["390", "1280"])
def test_home_page_shows_what_the_book_is_and_where_to_start_in_one_screen(chromium, site_url, viewport):
    context, page, foreign, errors = probe.open_reader(chromium, site_url, viewport=viewport)
    height = viewport["height"]
    title = page.locator("article h1").first
    assert "Kubernetes" in title.inner_text() and title.bounding_box()["y"] < height
    actions = page.locator(".hb-hero__actions a")
    names = [a.strip() for a in actions.all_inner_texts()]
    for wanted in ("开始阅读", "刷题", "自测", "下载"):
        assert any(wanted in name for name in names), names
    for index in range(actions.count()):
        box = actions.nth(index).bounding_box()
        assert box["y"] + box["height"] <= height, names[index]
    hrefs = actions.evaluate_all("links => links.map(a => a.href)")
    context.close()
    # Each way in leads to a page of the site (or the downloads on this page).
    for href in hrefs:
        if "#" in href:
            assert href.endswith("#downloads")
            continue
        check = chromium.new_page()
        assert check.goto(href).status == 200, href
        check.close()
    assert foreign == [] and errors == []
