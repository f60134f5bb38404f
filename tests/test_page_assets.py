"""What each built page makes a reader download: the styles and scripts only some pages use are loaded by
those pages alone (overrides/partials/page-assets.html), the link report's source comments never reach
the HTML, and the glossary's contents list its topics, not its 300 terms (overrides/partials/toc-item.html)."""

import re

import pytest

# file -> what a page's HTML must hold for it to need the file
NEEDED_WHERE = {
    "assets/stylesheets/diagrams.css": lambda rel, html: 'class="mermaid"' in html,
    "assets/javascripts/diagram-viewer.js": lambda rel, html: 'class="mermaid"' in html,
    "assets/stylesheets/practice.css": lambda rel, html: 'class="hb-bank-filter"' in html or 'id="hb-selftest"' in html,
    "assets/javascripts/bank-filter.js": lambda rel, html: 'class="hb-bank-filter"' in html,
    "assets/javascripts/self-test.js": lambda rel, html: 'id="hb-selftest"' in html,
    "assets/javascripts/glossary-backlinks.js": lambda rel, html: rel == "glossary/index.html",
    "assets/stylesheets/home.css": lambda rel, html: rel == "index.html",
    "js/print-site.js": lambda rel, html: 'id="print-site-page"' in html,
}
LOADS = re.compile(r'<(?:script[^>]+src|link[^>]+href)="([^"]+)"')


def _loaded(html):
    """The site-relative paths of the scripts and stylesheets a page loads (query strings dropped)."""
    return {re.sub(r"^(\.\./)+|^\./|\?.*$", "", src) for src in LOADS.findall(html)}


@pytest.fixture(scope="module")
def pages(built_site):
    return {str(p.relative_to(built_site.path)): p.read_text(encoding="utf-8") for p in built_site.html_pages()}


@pytest.mark.parametrize("asset", sorted(NEEDED_WHERE))
def test_a_page_loads_an_asset_exactly_when_its_content_needs_it(built_site, pages, asset):
    assert (built_site.path / asset).is_file(), f"{asset} is not in the built site"
    needs = NEEDED_WHERE[asset]
    wrong = {
        rel: ("missing" if needs(rel, html) else "loaded for nothing")
        for rel, html in pages.items()
        if needs(rel, html) != (asset in _loaded(html))
    }
    assert any(needs(rel, html) for rel, html in pages.items()), f"no page needs {asset}: the check is empty"
    assert wrong == {}


def test_the_print_page_loads_what_the_chapters_in_it_need(pages):
    loaded = _loaded(pages["print_page/index.html"])
    assert {"assets/stylesheets/diagrams.css", "assets/javascripts/diagram-viewer.js", "js/print-site.js"} <= loaded


def test_every_page_loads_the_shared_assets(pages):
    shared = {
        "assets/stylesheets/handbook.css",
        "assets/stylesheets/terms.css",
        "assets/javascripts/hb-core.js",
        "assets/javascripts/term-popover.js",
        "assets/javascripts/search-boot.js",
    }
    lacking = {rel: sorted(shared - _loaded(html)) for rel, html in pages.items() if not shared <= _loaded(html)}
    assert lacking == {}


def test_no_page_carries_the_link_reports_source_comments(pages):
    assert [rel for rel, html in pages.items() if "<!-- source" in html] == []


def _toc_targets(html):
    return set(re.findall(r'<a href="#([^"]+)" class="md-nav__link">', html))


def test_the_glossary_contents_list_topics_and_other_pages_keep_their_subsections(pages):
    glossary = pages["glossary/index.html"]
    topics = set(re.findall(r'<h2 id="([^"]+)"', glossary))
    terms = set(re.findall(r'<h3 id="([^"]+)"', glossary))
    assert len(terms) > 100 and topics
    assert _toc_targets(glossary) == topics

    with_subsections = [html for rel, html in pages.items() if rel != "glossary/index.html" and "<h3 id=" in html]
    assert with_subsections
    for html in with_subsections[:5]:
        assert set(re.findall(r'<h3 id="([^"]+)"', html)) & _toc_targets(html)
