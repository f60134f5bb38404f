"""Stable question ids in the real book: every question has a unique id the author controls, old positional
ids still lead to their questions, and a reader's self-test progress saved under old ids is kept."""

import json
import re

import pytest

from conftest import visit
from handbook import questions as qs

STORE = "k8s-handbook.selftest.v1"


@pytest.fixture(scope="module")
def bank(built_site):
    return json.loads((built_site.path / "questions/questions.json").read_text(encoding="utf-8"))


def test_every_question_of_the_book_has_an_id_of_its_own(bank):
    ids = [q["id"] for q in bank["questions"]]
    assert len(ids) == len(set(ids))


def test_old_ids_are_anchors_on_the_page_of_their_question(built_site, bank):
    pages = {q["id"]: q["page"] for q in bank["questions"]}
    assert bank["legacyIds"], "questions.json carries no old ids"
    missing = []
    for old, new in bank["legacyIds"].items():
        html = (built_site.path / pages[new] / "index.html").read_text(encoding="utf-8")
        meta = re.search(rf'<span class="hb-q-meta" id="{re.escape(new)}">(.*?)</span></p>', html)
        if meta is None or f'<span id="{old}"></span>' not in meta.group(1):
            missing.append(f"{old} -> {new}")
    assert missing == []


def test_the_recorded_map_covers_the_questions_it_names(bank):
    """Every old id the frozen map names either leads to a question of the book or to one deleted since."""
    recorded = qs.legacy_ids()
    current = {q["id"] for q in bank["questions"]}
    assert set(bank["legacyIds"]) == {old for old, new in recorded.items() if new in current}


@pytest.mark.browser
def test_a_deep_link_with_an_old_id_opens_its_question(site_url, chromium, bank):
    old, new = next(iter(bank["legacyIds"].items()))
    page_url = {q["id"]: q["page"] for q in bank["questions"]}[new]
    context, page, foreign, errors = visit(chromium, f"{site_url}{page_url}#{old}")
    try:
        target = page.locator(f"[id='{old}']")
        assert target.count() == 1
        question = target.locator("xpath=ancestor::details[1]")
        assert question.locator(f"[id='{new}']").count() == 1  # the old anchor sits in its own question
        page.wait_for_function(f"document.getElementById('{old}').closest('details').open", timeout=5_000)
        assert foreign == [] and errors == []
    finally:
        context.close()


@pytest.mark.browser
def test_self_test_progress_saved_under_old_ids_moves_to_the_new_ids(site_url, chromium, bank):
    (old, new), (old2, new2) = list(bank["legacyIds"].items())[:2]
    context = chromium.new_context()
    saved = {old: "knew", old2: "missed", new2: "knew"}  # new2 already graded under its new id: kept
    context.add_init_script(f"localStorage.setItem({json.dumps(STORE)}, {json.dumps(json.dumps(saved))})")
    page = context.new_page()
    try:
        page.goto(site_url + "questions/self-test/", wait_until="load")
        page.wait_for_selector(".hb-selftest-stats")
        stored = json.loads(page.evaluate(f"localStorage.getItem({json.dumps(STORE)})"))
        assert stored == {new: "knew", new2: "knew"}
        assert "已答对 2 /" in page.locator(".hb-selftest-stats").inner_text()
    finally:
        context.close()
