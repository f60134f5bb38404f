"""The offline copy (tools/make_offline.py), unzipped and opened from file:// in Chromium with the
network switched off, as a reader would: search finds a Chinese query, diagrams render, the self-test
draws a question, links between pages open pages; and no page asks any host for anything."""

import json
import re
import zipfile

import make_offline
import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline_copy(built_site, tmp_path_factory):
    """The zip made from the session's build, unzipped: the folder that holds index.html."""
    folder = tmp_path_factory.mktemp("offline")
    archive = folder / "book-offline.zip"
    make_offline.build(archive, site_dir=built_site.path)
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        opened.extractall(folder / "unzipped")
    assert all(name.startswith(make_offline.TOP_FOLDER + "/") for name in names)
    return folder / "unzipped" / make_offline.TOP_FOLDER


@pytest.fixture
def offline_page(chromium):
    """A page with the network off that records every request it makes."""
    context = chromium.new_context(offline=True)
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def _not_on_disk(page):
    return [url for url in page.requests if not url.startswith(("file:", "data:", "blob:", "about:"))]


def test_folder_links_become_index_files_and_left_out_books_go_to_the_site():
    folders = {".", "scheduling/taints", "scheduling"}

    def link(href, page="scheduling/index.html"):
        return make_offline.file_link(href, page, folders.__contains__, "https://example.org/book/")

    assert link("taints/#effects") == "taints/index.html#effects"
    assert link("../") == "../index.html"
    assert link("..", "scheduling/taints/index.html") == "../index.html"
    assert link("#top") == "#top" and link("https://k8s.io/") == "https://k8s.io/"
    assert link("../assets/x.png") == "../assets/x.png"  # a file stays as it is
    assert link("../assets/books/k8s-handbook.pdf") == "https://example.org/book/assets/books/k8s-handbook.pdf"


def test_pages_get_classic_mermaid_and_a_module_left_over_is_an_error():
    page = (
        '<html><head></head><body><script type="module">import mermaid from "../assets/javascripts/'
        'mermaid-global.mjs";window.mermaidConfig = {};</script></body></html>'
    )
    adapted = make_offline.adapt_page(page, "architecture/index.html", lambda path: False, "")
    assert '<script src="../assets/javascripts/mermaid/mermaid.min.js"></script>' in adapted
    assert "<script>window.mermaidConfig = {};</script>" in adapted and 'type="module"' not in adapted
    assert '<script src="../assets/javascripts/iframe-worker/shim.js"></script>' in adapted
    other = page.replace("import mermaid from", "import viewer from").replace("mermaid-global", "viewer")
    with pytest.raises(make_offline.OfflineError, match=r"architecture/index.html:1: a module script"):
        make_offline.adapt_page(other, "architecture/index.html", lambda path: False, "")


def test_search_index_locations_point_at_files():
    data, script = make_offline.search_index_for_files(
        '{"docs": [{"location": ""}, {"location": "a/b/#x"}, {"location": "a/#"}, {"location": "f.html#y"}]}'
    )
    assert [d["location"] for d in json.loads(data)["docs"]] == [
        "index.html",
        "a/b/index.html#x",
        "a/index.html#",
        "f.html#y",
    ]
    assert script.startswith("var __index = {")


def test_the_zip_holds_no_book_and_no_module_script(offline_copy):
    assert (offline_copy / "index.html").is_file()
    assert not (offline_copy / "assets" / "books").exists()
    for path in offline_copy.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert 'type="module"' not in text, path
        assert "unpkg.com" not in text, path


def test_search_finds_a_chinese_query_from_disk(offline_copy, offline_page):
    page = offline_page
    page.goto((offline_copy / "index.html").as_uri(), wait_until="load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("污点")
    box.press("End")  # Material searches on keyup
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    links = page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item a", "links => links.map(a => a.href)"
    )
    assert any("/scheduling/taints/index.html" in href for href in links[:10]), links[:10]
    page.locator(".md-search-result__list > .md-search-result__item a").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file:") and re.search(r"/index\.html(\?[^#]*)?(#.*)?$", page.url)
    assert _not_on_disk(page) == [] and page.errors == []


def test_diagrams_render_from_disk(offline_copy, offline_page):
    page = offline_page
    chapter = offline_copy / "architecture" / "index.html"
    expected = chapter.read_text(encoding="utf-8").count('class="mermaid"')
    assert expected > 0
    page.goto(chapter.as_uri(), wait_until="load")
    page.wait_for_function("document.querySelectorAll('pre.mermaid').length === 0", timeout=30_000)
    assert page.locator("div.mermaid").count() == expected
    # Material draws each diagram into a shadow root: the host gets the drawing's size.
    heights = page.eval_on_selector_all("div.mermaid", "hosts => hosts.map(h => h.getBoundingClientRect().height)")
    assert all(height > 50 for height in heights), heights
    assert _not_on_disk(page) == [] and page.errors == []


def test_the_self_test_draws_a_question_from_disk(offline_copy, offline_page):
    page = offline_page
    page.goto((offline_copy / "questions" / "self-test" / "index.html").as_uri(), wait_until="load")
    page.get_by_role("button", name="抽一题").click()
    title = page.locator(".hb-selftest-card .admonition-title")
    title.wait_for(timeout=10_000)
    assert title.inner_text().strip()
    page.get_by_role("button", name="显示答案").click()
    assert "答：" in page.locator(".hb-selftest-answer").inner_text()
    assert _not_on_disk(page) == [] and page.errors == []


def test_links_between_pages_open_pages(offline_copy, offline_page):
    page = offline_page
    page.goto((offline_copy / "index.html").as_uri(), wait_until="load")
    hrefs = page.eval_on_selector_all(".md-content a[href]", "links => links.map(a => a.href)")
    local = [href for href in hrefs if href.startswith("file:")]
    assert local, "the home page links to no page of the copy"
    assert [href for href in local if href.split("#")[0].endswith("/")] == []
    assert _not_on_disk(page) == []
