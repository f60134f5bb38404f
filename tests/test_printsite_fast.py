"""handbook.printsite: print-site's anchor-id pass, restricted to the lines that can match, and its link
pass, rewriting the page once, must give exactly print-site's own results."""

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
    '<li id="x">a</li>\n<li id="page-x">b</li>',  # a replacement that is also matched: one text at a time
    '<li id="x">a</li><li id="x">repeated</li>\n<sup id="x">x</sup>',
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
    one_pass_pages = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        article = re.search(r"<article\b.*?</article>", html, re.S)
        url = path.relative_to(built_site.path).as_posix().removesuffix("index.html")
        for sample in (html, article.group(0) if article else ""):
            assert printsite.update_anchor_ids(sample, "key") == printsite._original(sample, "key"), path
            assert _fast_links(sample, url) == _print_sites_links(sample, url), path
        headings = {m.group() for m in re.finditer(r"<h[23] id=\"[^\"]*\">", html)}
        one_pass_pages += bool(headings) and printsite.one_pass_applies(
            {tag: tag.replace('id="', 'id="key-') for tag in headings}
        )
    assert one_pass_pages > 50  # the book's pages take the one-pass rewrite, not the fallback


def _fast_links(html, page_url="ch/page/"):
    return printsite.fix_href_links(html, urls.get_page_key(page_url), page_url, True)


def _print_sites_links(html, page_url="ch/page/"):
    return printsite._original_fix_href_links(html, urls.get_page_key(page_url), page_url, True)


LINK_CASES = [
    '<p><a href="#a">same page</a> <a href="../other/#b">other</a> <a href="https://k8s.io/">out</a></p>',
    '<a class="x" href="../other/">one</a><a class="x" href="../other/">the same text twice</a>',
    '<A HREF="#upper">matched without regard to case</A>',
    '<a href="../img.png">an attachment</a> <a\nhref="#split">across a line</a>',
    '<a href="#ch-page-a">already looks rewritten</a> <a href="#a">becomes that text</a>',  # chained: fallback
    '<a title="<a" href="#a">an opening inside a link</a>',  # fallback
    '<a href="&quot;#a">escaped</a><p>no links</p>',
    "",
]


@pytest.mark.parametrize("html", LINK_CASES)
def test_link_edge_cases_match_print_site(html):
    assert _fast_links(html) == _print_sites_links(html)


def test_random_links_match_print_site():
    pieces = ['<a href="', "<a ", 'class="c" ', 'href="', "#x", "#ch-page-x", "../y/", "https://h/", "z.png", '"', ">"]
    pieces += ["</a>", " ", "\n", "text", "<a", "<p>", "id="]
    rng = random.Random(20261130)
    for _ in range(3000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        assert _outcome(_fast_links, html) == _outcome(_print_sites_links, html), repr(html)


def _outcome(links_pass, html):
    """The pass's result, or the kind of error it raises (print-site asserts on a link with two #)."""
    try:
        return links_pass(html)
    except AssertionError as error:
        return type(error)


def test_the_fast_pass_is_installed_for_the_pinned_release(monkeypatch):
    monkeypatch.setattr(urls, "update_anchor_ids", printsite._original)
    monkeypatch.setattr(urls, "fix_href_links", printsite._original_fix_href_links)
    assert printsite.install()
    assert urls.update_anchor_ids is printsite.update_anchor_ids
    assert urls.fix_href_links is printsite.fix_href_links
    monkeypatch.setattr(printsite.importlib.metadata, "version", lambda name: "0.0")
    monkeypatch.setattr(urls, "update_anchor_ids", printsite._original)
    monkeypatch.setattr(urls, "fix_href_links", printsite._original_fix_href_links)
    assert not printsite.install()
    assert urls.update_anchor_ids is printsite._original
    assert urls.fix_href_links is printsite._original_fix_href_links
