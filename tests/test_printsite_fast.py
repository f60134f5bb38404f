"""handbook.printsite: print-site's anchor-id pass, restricted to the lines that can match, must give
exactly print-site's own result."""

import random
import re

import pytest
from mkdocs_print_site_plugin import urls

from handbook import printsite

EDGE_CASES = [
    '<h2 id="a">A<a class="headerlink" href="#a">¶</a></h2>\n<p>x</p>',
    '<H2 ID="upper">Upper</H2>',  # matched without regard to case, but H2 is not a tag print-site changes
    '<p>a</p>\n<li ID="upper">matched without regard to case, and changed</li>',
    '<p>text <sup id="fnref:1"><a href="#fn:1">1</a></sup> and <li id="fn:1">note</li></p>',
    '<h2>Title<a id="inside">x</a></h2>',  # the expression starts at <h2> and swallows the <a>
    '<li id="same">one</li>\n<li id="same">two</li>\n<li id="same-2">three</li>',
    '<h3 id="">empty</h3>',
    '<h2 id="spans\ntwo lines">odd</h2>',  # an id with a line break: print-site's own function is used
    '<div class="x" data-id="no"><span id="s">s</span></div>',
    "<pre><code>&lt;h2 id=\"code\"&gt;</code></pre>\n<h4 id='single'>single quotes</h4>",
    "\r\n".join(['<h5 id="crlf">a</h5>', '<li id="two">b</li>']),
]


@pytest.mark.parametrize("html", EDGE_CASES)
def test_edge_cases_match_print_site(html):
    assert printsite.update_anchor_ids(html, "page") == printsite._original(html, "page")


def test_random_markup_matches_print_site():
    pieces = [
        "<h2 ",
        "<li ",
        "<sup ",
        "<p>",
        "<span ",
        '<a href="#x">',
        'id="',
        "x",
        "y-1",
        '"',
        ">",
        "</h2>",
        " ",
        "\n",
        "text",
        "<",
        'class="c"',
    ]
    rng = random.Random(20261129)
    for _ in range(3000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        assert printsite.update_anchor_ids(html, "k") == printsite._original(html, "k"), repr(html)


def test_every_page_of_the_book_matches_print_site(built_site):
    pages = [p for p in built_site.html_pages() if "print_page" not in p.parts]
    assert len(pages) > 50
    for path in pages:
        html = path.read_text(encoding="utf-8")
        article = re.search(r"<article\b.*?</article>", html, re.S)
        for sample in (html, article.group(0) if article else ""):
            assert printsite.update_anchor_ids(sample, "key") == printsite._original(sample, "key"), path


def test_the_fast_pass_is_installed_for_the_pinned_release(monkeypatch):
    monkeypatch.setattr(urls, "update_anchor_ids", printsite._original)
    assert printsite.install()
    assert urls.update_anchor_ids is printsite.update_anchor_ids
    monkeypatch.setattr(printsite.importlib.metadata, "version", lambda name: "0.0")
    monkeypatch.setattr(urls, "update_anchor_ids", printsite._original)
    assert not printsite.install()
    assert urls.update_anchor_ids is printsite._original
