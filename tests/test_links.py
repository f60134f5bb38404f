"""The link checker on small fixtures: the pure functions, then real MkDocs builds of tiny books."""

from pathlib import Path

import pytest

from handbook import htmlscan
from handbook.linkreport import problems_for_site
from handbook.links import PageScan, check_external_syntax, resolve, zh_cn_twin
from handbook.sourcemap import locate

ROOT = Path(__file__).resolve().parent.parent


# --- pure functions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page_url, url, expected",
    [
        ("", "scheduling/", ("internal", "scheduling/index.html", "")),
        ("scheduling/taints/", "../affinity/#weights", ("internal", "scheduling/affinity/index.html", "weights")),
        ("scheduling/taints/", "#effects", ("internal", "scheduling/taints/index.html", "effects")),
        ("a/", "../../x/", ("outside", "../../x/", "")),
        ("a/b/", "../../assets/x.png", ("internal", "assets/x.png", "")),
        ("", "https://kubernetes.io/zh-cn/", ("external", "https://kubernetes.io/zh-cn/", "")),
        ("", "mailto:someone@example.org", ("special", "mailto:someone@example.org", "")),
        ("a/", "%E8%B0%83%E5%BA%A6/", ("internal", "a/调度/index.html", "")),
    ],
)
def test_resolve(page_url, url, expected):
    assert resolve(page_url, url) == expected


def test_scan_finds_links_in_raw_html_and_every_id():
    ids, refs = htmlscan.scan(
        '<h2 id="x">T</h2><div class="admonition"><p><a href="../y/#z">y</a></p></div>'
        "<img src='pic.png' srcset='a.png 1x, b.png 2x'><a name=\"old\"></a>"
        '<pre><code>&lt;a href="not-a-link"&gt;</code></pre><!-- <a href="commented"> -->'
    )
    assert ids == {"x", "old"}
    assert [r.url for r in refs] == ["../y/#z", "pic.png", "a.png", "b.png"]


def test_article_body_is_what_the_lazy_expression_finds():
    import random
    import re

    expression = re.compile(r'(<article class="md-content__inner[^"]*">)(.*?)(</article>)', re.S)
    pieces = ['<article class="md-content__inner md-typeset">', '<article class="md-content__inner', '">', '"',
              "</article>", "<p>x</p>", "\n", "<article>", "a"]  # fmt: skip
    generator = random.Random(9)
    cases = ["".join(generator.choice(pieces) for _ in range(generator.randint(0, 8))) for _ in range(3000)]
    cases += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "overrides").rglob("*.html"))]
    for document in cases:
        match = expression.search(document)
        assert htmlscan.article_body(document) == (match.span(2) if match else None), document


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("http://kubernetes.io/docs/concepts/", "serves HTTPS"),
        ("https://exa mple.org/", "malformed"),
        ("//kubernetes.io/", "protocol-relative"),
    ],
)
def test_external_syntax_problems(url, fragment):
    assert fragment in check_external_syntax(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://kubernetes.io/zh-cn/docs/home/",
        "http://localhost:8000/",
        "http://[::1]:8080/healthz",  # IPv6 literal
        "http://[fe80::1]/",
        "https://例子.测试/路径",  # internationalised host
        "https://xn--fiqs8s.example/",
        "http://my_service.default.svc:8080/",  # underscores, as Kubernetes names write them
        "http://10.96.0.10:53/",
        "https://user@example.org/",
    ],
)
def test_external_links_that_are_fine(url):
    assert check_external_syntax(url) is None


@pytest.mark.parametrize(
    "url",
    ["http://[zz]/", "http://[::1/", "http://host:99999/", "http://:80/", "https://a..b/", "http://-bad.org/"],
)
def test_malformed_hosts_and_ports(url):
    assert check_external_syntax(url).startswith("malformed URL")


def test_a_url_python_cannot_split_is_reported_not_a_crash():
    assert resolve("a/", "http://[zz]/") == ("malformed", "http://[zz]/", "")
    page = PageScan(
        "docs/a.md", "a.md", "a/", set(), htmlscan.scan('<a href="http://[zz]/">x</a>')[1], "[x](http://[zz]/)\n"
    )
    assert [str(p) for p in problems_for_site([page], "/nonexistent")] == ["docs/a.md:1: malformed URL 'http://[zz]/'"]


def test_links_in_diagram_click_lines_are_references_found_at_their_line():
    diagram = 'flowchart LR\n  A --> B\n  click A "https://x.org/"\n  click B href "../b/"\n'
    html = f'<pre class="mermaid"><code>{diagram}</code></pre>'
    assert [r.url for r in htmlscan.scan(html)[1]] == ["https://x.org/", "../b/"]
    markdown = f"# P\n\n```mermaid\n{diagram}```\n"
    assert locate(markdown, "a/p.md", "a/p/", "../b/")[:2] == (None, 7)
    assert locate(markdown, "a/p.md", "a/p/", "https://x.org/")[:2] == (None, 6)


def test_zh_cn_twin_of_an_english_docs_page():
    assert zh_cn_twin("https://kubernetes.io/docs/concepts/") == "https://kubernetes.io/zh-cn/docs/concepts/"
    assert zh_cn_twin("https://kubernetes.io/zh-cn/docs/concepts/") is None


def test_locate_finds_the_markdown_line_of_a_rendered_link():
    markdown = "# T\n\nsee [a](a.md#one)\n\nand [again](a.md#one) and ![p](img/p.png)\n"
    first = locate(markdown, "dir/page.md", "dir/page/", "../a/#one")
    assert first[:2] == (None, 3)
    second = locate(markdown, "dir/page.md", "dir/page/", "../a/#one", taken={first[2]})
    assert second[:2] == (None, 5)
    assert locate(markdown, "dir/page.md", "dir/page/", "../img/p.png")[:2] == (None, 5)


def test_locate_reports_generated_pages_at_their_data_source():
    markdown = "# G\n<!-- source: docs/glossary/terms.yml:40 -->\n### X\n- [see](../a.md#gone)\n"
    assert locate(markdown, "glossary/index.md", "glossary/", "../a/#gone")[:2] == ("docs/glossary/terms.yml", 40)


def test_problems_name_file_and_line(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b/index.html").write_text('<h2 id="there">x</h2>')
    page = PageScan(
        src_path="docs/a.md",
        src_uri="a.md",
        url="a/",
        ids={"top"},
        references=htmlscan.scan('<a href="../b/#missing">b</a><a href="#top">t</a><img src="../gone.png">')[1],
        markdown="# A\n\n[b](b/index.md#missing)\n\n![g](gone.png)\n",
    )
    problems = [str(p) for p in problems_for_site([page], str(tmp_path))]
    assert problems == [
        "docs/a.md:3: anchor #missing not found on b/index.html (link '../b/#missing')",
        "docs/a.md:5: image not found: '../gone.png' (resolves to gone.png)",
    ]


def _print_page(tmp_path, copied, outside):
    """A print page: one copied page section (of page 'a/') and the print page's own links around it."""
    document = (
        f'<a href="{outside}">toc</a><section class="print-page hb-chapter" id="a">{copied}</section>'
        '<section class="print-page" id="hb-contents"><a href="#nowhere-too">x</a></section>'
    )
    ids, refs = htmlscan.scan(document)
    spans = tuple(htmlscan.copied_spans(document, {"a"}))
    return PageScan("site/print_page/index.html", "print_page/index.html", "print_page/", ids, refs, "", spans)


def test_links_copied_into_the_print_page_are_checked_on_their_own_page_only(tmp_path):
    source = PageScan("docs/a.md", "a.md", "a/", set(), htmlscan.scan('<a href="#gone">x</a>')[1], "[x](#gone)\n")
    printed = _print_page(tmp_path, '<a href="#a-gone">x</a><a href="#a-para-id">y</a>', "#missing-outside")
    problems = [str(p) for p in problems_for_site([source, printed], str(tmp_path))]
    assert problems == [
        "docs/a.md:1: anchor #gone not found on this page (link '#gone')",
        "overrides/ or the theme: in the page template, on site/print_page/index.html: "
        "anchor #missing-outside not found on this page (link '#missing-outside')",
        "overrides/ or the theme: in the page template, on site/print_page/index.html: "
        "anchor #nowhere-too not found on this page (link '#nowhere-too')",
    ]


def test_a_broken_template_link_is_reported_once_for_the_whole_site(tmp_path):
    pages = [
        PageScan(f"docs/{d}index.md", f"{d}index.md", d, set(), htmlscan.scan(f'<img src="{up}assets/logo.png">')[1])
        for d, up in (("", ""), ("a/", "../"), ("a/b/", "../../"))
    ]
    assert [str(p) for p in problems_for_site(pages, str(tmp_path))] == [
        "overrides/ or the theme: in the page template, on docs/index.md and 2 other page(s): "
        "image not found: 'assets/logo.png' (resolves to assets/logo.png)"
    ]


# Whole builds of tiny books, one per kind of broken link, are in tests/test_corpus.py.
