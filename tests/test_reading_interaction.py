"""What a reader touches: glossary terms (a popover in place on a touch screen, rendered as text), the
self-test and the bank's filters, recovery from bad saved progress and from data that did not load, and
WCAG AA contrast of badges and controls in both colour schemes."""

import json
import re

import pytest
import reading_probe as probe

from handbook.glossary import TAGS

browser = pytest.mark.browser

# ---- Term marks in the built pages --------------------------------------------------------------


def test_no_term_marks_in_tables_or_on_the_home_and_errata_pages(built_site):
    for path in built_site.html_pages():
        html = path.read_text(encoding="utf-8")
        rel = path.relative_to(built_site.path).as_posix()
        assert not re.search(r"<table\b(?:(?!</table>).)*class=\"hb-term\"", html, re.S), rel
        # No definition may reach Material's tooltip, which renders `title` as HTML.
        assert not re.search(r'<a[^>]*class="hb-term"[^>]*\btitle=', html), rel
    for rel in ("index.html", "errata/index.html"):
        assert 'class="hb-term"' not in (built_site.path / rel).read_text(encoding="utf-8"), rel


@browser
def test_a_tap_on_a_term_shows_its_definition_in_place(chromium, site_url):
    context, page, foreign, errors = probe.open_reader(
        chromium, site_url + "scheduling/taints/", viewport=probe.PHONE, touch=True
    )
    mark = page.locator("article a.hb-term").first
    mark.scroll_into_view_if_needed()
    short = mark.get_attribute("data-hb-short")
    here = page.url
    mark.tap()
    popover = page.locator("#hb-term-pop")
    popover.wait_for(state="visible")
    assert page.url == here  # still on the chapter
    assert short in popover.inner_text() and mark.inner_text() in popover.inner_text()
    assert popover.get_attribute("role") == "tooltip" and mark.get_attribute("aria-describedby") == "hb-term-pop"
    box, screen = popover.bounding_box(), probe.PHONE["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= screen
    # Dismissible: the close button, a tap elsewhere.
    popover.locator(".hb-term-pop__close").tap()
    assert popover.is_hidden() and mark.get_attribute("aria-describedby") is None
    mark.tap()
    popover.wait_for(state="visible")
    page.locator("article h1").tap()
    assert popover.is_hidden()
    # A second tap on the same term goes to its glossary entry.
    mark.tap()
    popover.wait_for(state="visible")
    mark.tap()
    page.wait_for_url(re.compile(r".*/glossary/#term-[a-z0-9-]+$"))
    context.close()
    assert foreign == [] and errors == []


@browser
def test_the_popover_renders_a_definition_as_text_never_as_markup(chromium, site_url):
    context, page, _foreign, errors = probe.open_reader(
        chromium, site_url + "scheduling/taints/", viewport=probe.PHONE, touch=True
    )
    hostile = '<img src=x onerror="window.__hbInjected = 1"><b>bold</b>'
    mark = page.locator("article a.hb-term").first
    mark.evaluate("(m, text) => m.setAttribute('data-hb-short', text)", hostile)
    mark.scroll_into_view_if_needed()
    mark.tap()
    popover = page.locator("#hb-term-pop")
    popover.wait_for(state="visible")
    page.wait_for_timeout(200)
    assert hostile in popover.inner_text()
    assert popover.locator("img, b").count() == 0
    assert page.evaluate("window.__hbInjected") is None
    context.close()
    assert errors == []


@browser
def test_hover_and_keyboard_focus_show_the_definition_on_a_desktop(chromium, site_url):
    context, page, _foreign, errors = probe.open_reader(chromium, site_url + "scheduling/taints/")
    mark = page.locator("article a.hb-term").first
    mark.hover()
    popover = page.locator("#hb-term-pop")
    popover.wait_for(state="visible")
    assert mark.get_attribute("data-hb-short") in popover.inner_text()
    page.mouse.move(0, 0)
    popover.wait_for(state="hidden")
    mark.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    popover.wait_for(state="visible")
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")
    context.close()
    assert errors == []


# ---- Self-test and bank -------------------------------------------------------------------------

STORE = "k8s-handbook.selftest.v1"


def _styles(locator):
    return locator.evaluate("b => { const s = getComputedStyle(b); return [s.cursor, s.borderTopStyle, s.color]; }")


@browser
def test_self_test_controls_on_a_phone(chromium, site_url):
    context, page, _foreign, errors = probe.open_reader(
        chromium, site_url + "questions/self-test/", viewport=probe.PHONE, touch=True
    )
    draw = page.get_by_role("button", name="抽一题")
    draw.wait_for()
    # No empty card and no grade buttons before the first question.
    assert page.locator(".hb-selftest-card").is_hidden()
    assert page.locator(".hb-selftest-grade").is_hidden()
    draw.tap()
    reveal = page.get_by_role("button", name="显示答案")
    knew = page.get_by_role("button", name="答对了")
    assert reveal.is_enabled() and knew.is_disabled()
    # Disabled controls look disabled: another cursor and outline than the enabled ones.
    disabled, enabled = _styles(knew), _styles(reveal)
    assert disabled[0] == "not-allowed" and disabled[1] == "dashed"
    assert enabled[0] != "not-allowed" and enabled[1] != "dashed"
    reveal.tap()
    # A long answer: the grade buttons stay on screen while the reader scrolls through it.
    page.locator(".hb-selftest-answer").evaluate(
        "a => a.appendChild(Object.assign(document.createElement('div'), {style: 'height: 3000px'}))"
    )
    page.locator(".hb-selftest-card .admonition-title").scroll_into_view_if_needed()
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(200)
    box = page.locator(".hb-selftest-grade").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= probe.PHONE["height"]
    knew.tap()
    assert "已答对 1 /" in page.locator(".hb-selftest-stats").inner_text()
    context.close()
    assert errors == []


@browser
def test_bank_filters_at_the_top_with_chinese_tag_names(chromium, site_url):
    context, page, _foreign, errors = probe.open_reader(chromium, site_url + "questions/", viewport=probe.PHONE)
    box = page.locator(".hb-bank-filter")
    box.locator("select").first.wait_for()
    # Above the counts table, on the first screen.
    assert box.bounding_box()["y"] < page.locator("article table").first.bounding_box()["y"]
    assert box.bounding_box()["y"] + 40 < probe.PHONE["height"]
    tags = page.locator('.hb-bank-filter select[aria-label="标签"] option').all_inner_texts()[1:]
    assert len(tags) >= 10
    # The badges' names (from the glossary's tag list), not the ids the build writes into data-tags.
    assert set(tags) <= set(TAGS.values()) and len([t for t in tags if re.search(r"[\u4e00-\u9fff]", t)]) >= 10, tags
    # Choosing one still filters by the tag id the questions carry.
    page.locator('.hb-bank-filter select[aria-label="标签"]').select_option(label=tags[0])
    shown = page.locator("li.hb-q:not([hidden])")
    assert shown.count() > 0
    # The filters stay in reach while the list scrolls.
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    top = box.bounding_box()["y"]
    assert 0 <= top < 100
    context.close()
    assert errors == []


# ---- Bad saved progress and data that does not load ---------------------------------------------

BAD_PROGRESS = ["42", '"text"', "true", "[]", "null", "{not json", '[{"knew": 1}]']


def _seed(context, value):
    context.add_init_script(
        f"""if (!sessionStorage.getItem('hb-seeded')) {{
              localStorage.setItem({json.dumps(STORE)}, {json.dumps(value)});
              sessionStorage.setItem('hb-seeded', '1');
            }}"""
    )


def _grade_one(page, button="答对了"):
    page.get_by_role("button", name="抽一题").click()
    page.get_by_role("button", name="显示答案").click()
    question_id = page.locator(".hb-selftest-source a").get_attribute("href").split("#", 1)[1]
    page.get_by_role("button", name=button).click()
    return question_id


@browser
@pytest.mark.parametrize("stored", BAD_PROGRESS)
def test_self_test_recovers_from_saved_progress_of_the_wrong_shape(chromium, site_url, stored):
    context, page, _foreign, errors = probe.open_reader(chromium, site_url, wait=False)
    _seed(context, stored)
    page.goto(site_url + "questions/self-test/", wait_until="load")
    graded = _grade_one(page)
    assert "已答对 1 /" in page.locator(".hb-selftest-stats").inner_text()
    saved = json.loads(page.evaluate(f"localStorage.getItem({json.dumps(STORE)})"))
    assert saved == {graded: "knew"}
    # The next visit reads it back.
    page.reload(wait_until="load")
    page.get_by_role("button", name="抽一题").wait_for()
    assert "已答对 1 /" in page.locator(".hb-selftest-stats").inner_text()
    context.close()
    assert errors == []


@browser
def test_self_test_keeps_the_valid_entries_of_partly_bad_progress(chromium, site_url, built_site):
    data = json.loads((built_site.path / "questions/questions.json").read_text(encoding="utf-8"))
    first, second = data["questions"][0]["id"], data["questions"][1]["id"]
    stored = json.dumps({first: "knew", second: "missed", "x": 5, "y": {"a": 1}, "z": "maybe"})
    context, page, _foreign, errors = probe.open_reader(chromium, site_url, wait=False)
    _seed(context, stored)
    page.goto(site_url + "questions/self-test/", wait_until="load")
    page.get_by_role("button", name="抽一题").wait_for()
    assert "已答对 1 /" in page.locator(".hb-selftest-stats").inner_text()
    assert page.locator(".hb-selftest-note").is_visible()  # the reader is told
    saved = json.loads(page.evaluate(f"localStorage.getItem({json.dumps(STORE)})"))
    assert saved == {first: "knew", second: "missed"}
    context.close()
    assert errors == []


@browser
@pytest.mark.parametrize("failure", ["status", "offline"])
def test_self_test_says_when_questions_do_not_load_and_retries(chromium, site_url, failure):
    context, page, _foreign, errors = probe.open_reader(chromium, site_url, wait=False)

    def broken(route):
        if failure == "status":
            route.fulfill(status=503, body="unavailable")
        else:
            route.abort("internetdisconnected")

    page.route("**/questions/questions.json", broken)
    page.goto(site_url + "questions/self-test/", wait_until="load")
    message = page.locator(".hb-selftest-loading")
    message.wait_for()
    page.wait_for_function("document.querySelector('.hb-selftest-loading').textContent.includes('失败')")
    assert page.get_by_role("button", name="抽一题").count() == 0
    page.unroute("**/questions/questions.json")
    page.get_by_role("button", name="重试").click()
    page.get_by_role("button", name="抽一题").wait_for()
    context.close()
    assert [e for e in errors if "503" not in e and "ERR_INTERNET_DISCONNECTED" not in e] == []


@browser
@pytest.mark.parametrize("failure", ["missing", "offline"])
def test_glossary_back_links_say_when_they_do_not_load_and_retry(chromium, site_url, failure):
    context, page, _foreign, errors = probe.open_reader(chromium, site_url, wait=False)

    def broken(route):
        if failure == "missing":  # a JSON body, so only the status tells that it is not the data
            route.fulfill(status=404, body="{}", content_type="application/json")
        else:
            route.abort("internetdisconnected")

    page.route("**/glossary/backlinks.json", broken)
    page.goto(site_url + "glossary/", wait_until="load")
    block = page.locator("#term-taint ~ ul details.hb-backlinks").first
    block.locator("summary").click()
    status = block.locator(".hb-backlinks__status")
    status.wait_for()
    page.wait_for_function("s => s.textContent.includes('失败')", arg=status.element_handle())
    assert "重试" in block.inner_text()
    page.unroute("**/glossary/backlinks.json")
    block.locator(".hb-backlinks__retry").click()
    block.locator("ul.hb-backlinks__list a").first.wait_for()
    assert status.count() == 0
    context.close()
    assert [e for e in errors if "404" not in e and "ERR_INTERNET_DISCONNECTED" not in e] == []


# ---- WCAG AA contrast of badges and controls ----------------------------------------------------

CONTROLS = [
    ("", ".hb-hero__actions .md-button--primary"),
    ("", ".hb-hero__actions .md-button:not(.md-button--primary)"),
    ("", ".hb-hero__kicker"),
    ("scheduling/taints/", ".md-header .hb-shortcuts__link"),
    ("scheduling/taints/", ".hb-page-facts .hb-report"),
    ("scheduling/taints/", ".hb-page-facts .hb-updated"),
    ("workloads/pod/", ".hb-diagram__open"),
    ("questions/", ".hb-badge--基础"),
    ("questions/", ".hb-badge--进阶"),
    ("questions/", ".hb-badge--高级"),
    ("questions/", ".hb-bank-filter select"),
    ("questions/", ".hb-filter-count"),
    ("questions/self-test/", ".hb-selftest-controls .md-button--primary"),
    ("questions/self-test/", ".hb-selftest-stats"),
]


@browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_badges_and_controls_meet_wcag_aa_in_both_schemes(chromium, site_url, scheme):
    context, page, _foreign, errors = probe.open_reader(chromium, site_url, scheme=scheme, wait=False)
    low, current = [], None
    for rel, selector in CONTROLS:
        if rel != current:
            page.goto(site_url + rel, wait_until="load")
            page.wait_for_function("document.readyState === 'complete'")
            current = rel
        page.locator(selector).first.wait_for(state="attached")
        ratio = probe.contrast_of(page, selector)
        if ratio < 4.5:
            low.append(f"{rel} {selector}: {ratio:.2f}:1")
    context.close()
    assert low == [] and errors == []
