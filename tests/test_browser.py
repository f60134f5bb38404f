"""The built site in headless Chromium, as a reader sees it: every page loads without console errors
and without asking any host but the one serving it; every diagram renders; Chinese search works."""

import pytest

from conftest import visit

pytestmark = pytest.mark.browser


def _render_diagrams(page, expected):
    """Wait until Material has turned every pre.mermaid into a rendered div.mermaid; return leftovers.

    The wait is a bound on a hung page, not a speed target (make bench times rendering): the print page
    renders about 120 diagrams one after another, which takes over 30 s on a busy 2-core machine."""
    if expected == 0:
        return []
    try:
        timeout = 20_000 + 1_000 * expected
        page.wait_for_function("document.querySelectorAll('pre.mermaid').length === 0", timeout=timeout)
    except Exception:
        pass
    return page.eval_on_selector_all("pre.mermaid", "nodes => nodes.map(n => n.textContent.trim().slice(0, 120))")


def test_every_page_loads_cleanly_and_renders_its_diagrams(built_site, site_url, chromium):
    problems = []
    for path in built_site.html_pages():
        rel = path.relative_to(built_site.path).as_posix()
        url = site_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        expected = path.read_text(encoding="utf-8").count('<pre class="mermaid">')
        context, page, foreign, errors = visit(chromium, url)
        failed = _render_diagrams(page, expected)
        rendered = page.locator("div.mermaid").count()
        page.wait_for_timeout(50)
        context.close()
        for request in foreign:
            problems.append(f"{rel}: request to another host: {request}")
        for error in errors:
            problems.append(f"{rel}: {error}")
        for source in failed:
            problems.append(f"{rel}: diagram did not render: {source!r}")
        if not failed and rendered < expected:
            problems.append(f"{rel}: {expected} diagrams in the page, {rendered} rendered")
    assert problems == [], "\n".join(problems)


SEARCHES = [
    ("污点", "scheduling/taints/"),
    ("Taint", "scheduling/taints/"),
    ("亲和性", "scheduling/affinity/"),
    ("容忍度", "scheduling/taints/"),
    ("kube-proxy", "networking/kube-proxy/"),
    ("滚动更新", "releases/rolling-update/"),
]


@pytest.mark.parametrize("query, expected_page", SEARCHES)
def test_search_box_finds_the_right_page(site_url, page, query, expected_page):
    page.goto(site_url, wait_until="load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    # Material searches on keyup: fill() alone types nothing a key listener can see.
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    # One result item per page (its sections are nested in it): the first link names the page.
    pages = page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item",
        "items => items.map(item => item.querySelector('a').href.split('?')[0])",
    )
    top = pages[:5]
    assert any(href.endswith(expected_page) for href in top), f"{query!r} did not list {expected_page}: {top}"


def test_bank_filter_narrows_the_list(site_url, page):
    page.goto(site_url + "questions/", wait_until="load")
    total = page.locator("li.hb-q").count()
    page.locator('.hb-bank-filter select[aria-label="难度"]').select_option("高级")
    shown = page.locator("li.hb-q:not([hidden])").count()
    assert 0 < shown < total
    levels = page.eval_on_selector_all("li.hb-q:not([hidden])", "items => items.map(i => i.dataset.level)")
    assert set(levels) == {"高级"}
    page.locator('.hb-bank-filter select[aria-label="章节"]').select_option("etcd")
    chapters = page.eval_on_selector_all("li.hb-q:not([hidden])", "items => items.map(i => i.dataset.chapter)")
    assert chapters and set(chapters) == {"etcd"}
    assert page.locator("h3#scheduling").is_hidden() and page.locator("h3#etcd").is_visible()


def test_self_test_draws_a_question_and_reveals_its_answer(site_url, page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + "questions/self-test/", wait_until="load")
    page.get_by_role("button", name="抽一题").click()
    title = page.locator(".hb-selftest-card .admonition-title")
    assert title.inner_text().strip()
    answer = page.locator(".hb-selftest-answer")
    assert answer.is_hidden()
    page.get_by_role("button", name="显示答案").click()
    assert answer.is_visible() and "答：" in answer.inner_text()
    page.get_by_role("button", name="答对了").click()
    assert "已答对 1 /" in page.locator(".hb-selftest-stats").inner_text()
    links = page.eval_on_selector_all(".hb-selftest-source a", "links => links.map(a => a.href)")
    assert links and links[0].startswith(site_url) and "#q-" in links[0]
    assert errors == []


def test_glossary_lists_a_terms_sections_when_opened(site_url, page):
    page.goto(site_url + "glossary/", wait_until="load")
    block = page.locator("#term-taint ~ ul details.hb-backlinks").first
    block.locator("summary").click()
    links = block.locator("ul.hb-backlinks__list a")
    links.first.wait_for(timeout=10_000)
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    assert any("/scheduling/taints/#" in href for href in hrefs)


def test_term_marks_show_their_definition_and_lead_to_the_glossary(site_url, page):
    page.goto(site_url + "scheduling/taints/", wait_until="load")
    mark = page.locator("a.hb-term").first
    # The definition is data for the term popover (term-popover.js), never a title Material would render.
    assert mark.get_attribute("data-hb-short") and mark.get_attribute("title") is None
    mark.hover()
    tooltip = page.locator("#hb-term-pop")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert mark.get_attribute("data-hb-short") in tooltip.inner_text()
    href = mark.get_attribute("href")
    assert "glossary/#term-" in href
