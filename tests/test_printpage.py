"""The print page helpers and the book layout of the print page, on small fixtures."""

import re

import pytest

from handbook import books, printbook, printpage


def test_local_mermaid_is_added_only_where_diagrams_are():
    with_diagram = '<html><head></head><body><pre class="mermaid">graph TD</pre></body></html>'
    patched = printpage.add_local_mermaid(with_diagram)
    assert (
        '<script type="module">import mermaid from "../assets/javascripts/mermaid-global.mjs";</script></head>'
        in patched
    )
    assert printpage.add_local_mermaid(patched) == patched  # never twice
    plain = "<html><head></head><body><p>no diagram</p></body></html>"
    assert printpage.add_local_mermaid(plain) == plain


def test_links_to_pages_left_out_of_the_print_page_go_to_the_site():
    html = (
        '<h1 id="scheduling-taints">x</h1><a href="#questions">bank</a>'
        '<a href="#scheduling-taints">t</a><a href="#nowhere">n</a>'
    )
    fixed = printpage.retarget_links_to_missing_pages(
        html, ["questions/", "scheduling/taints/"], "https://example.org/book/"
    )
    assert '<a href="https://example.org/book/questions/">bank</a>' in fixed
    assert '<a href="#scheduling-taints">t</a>' in fixed
    assert '<a href="#nowhere">n</a>' in fixed  # not a page: left for the link checker to report


def test_ids_are_those_of_the_word_boundary_expression():
    import random
    import re

    cases = ['<h1 id="a">', 'valid="x" id="b"', 'grid="a id="c"', '<p id="">', 'id="start"', '_id="u"', 'é id="d"']
    pieces = ["id=", '"', "x", " ", "val", "<p ", ">", "_", "é", "-"]
    generator = random.Random(3)
    cases += ["".join(generator.choice(pieces) for _ in range(generator.randint(1, 14))) for _ in range(3000)]
    for html in cases:
        assert printpage.ids_in(html) == set(re.findall(r'\bid="([^"]+)"', html)), html


def test_config_base_becomes_relative():
    html = '<script id="__config" type="application/json">{"annotate": null, "base": "/k8s-handbook/", "x": 1}</script>'
    assert '"base": ".."' in printpage.relative_config_base(html)


def test_paths_are_relative_to_where_the_print_page_is_written():
    assert printpage.relative_to_print_page("print/print.css") == "../print/print.css"
    assert printpage.relative_to_print_page("print/print.css", use_directory_urls=False) == "print/print.css"
    assert printpage.relative_to_print_page(".") == ".."


def test_print_stylesheet_is_linked_once_at_the_end_of_head():
    html = '<html><head><link rel="stylesheet" href="theme.css"></head><body></body></html>'
    once = printpage.add_stylesheet(html, "../print/print.css")
    assert once.index("theme.css") < once.index("../print/print.css") < once.index("</head>")
    assert printpage.add_stylesheet(once, "../print/print.css") == once


def test_the_print_page_title_is_the_book_title():
    html = "<html><head><title>打印版（全书） - 书</title></head><body><title>x</title></body></html>"
    assert (
        printpage.set_title(html, "书 & 册")
        == "<html><head><title>书 &amp; 册</title></head><body><title>x</title></body></html>"
    )


def test_book_metadata_round_trips_through_the_print_page():
    data = {"title": "书 </script><b>", "version": "v1.2"}
    html = printpage.add_book_metadata("<html><head></head><body></body></html>", data)
    assert html.count("</script>") == 1
    assert printpage.read_book_metadata(html) == data
    assert printpage.read_book_metadata("<html></html>") == {}


def test_page_key_matches_print_site():
    assert printpage.page_key("") == "index"
    assert printpage.page_key("scheduling/taints/") == "scheduling-taints"
    assert printpage.page_key("scheduling/taints.html") == "scheduling-taints"


def test_build_date_honours_source_date_epoch():
    assert printpage.build_date({"SOURCE_DATE_EPOCH": "0"}) == "1970-01-01"


def test_book_version_prefers_the_environment(tmp_path):
    assert printpage.book_version(tmp_path, {"BOOK_VERSION": "v2.0"}) == "v2.0"
    assert printpage.book_version(tmp_path, {}) == ""  # not a git repository: no edition to print


# ---- The book layout ---------------------------------------------------------------------------


def _page(key, number, title, rest=""):
    return (
        f'<section class="print-page" id="{key}" heading-number="{number}">'
        f'<h1 id="{key}-t">{title}<a class="headerlink" href="#{key}-t" title="链接到本节">&para;</a></h1>{rest}'
        "</section>"
    )


def _print_site_page():
    """The shape mkdocs-print-site-plugin writes: cover, pages, nav sections with an extra <h1>."""
    return (
        "<html><head></head><body><article>"
        '<div id="print-site-page" class="">'
        '<section id="print-site-cover-page"><div class="hb-cover">封面</div></section>'
        + _page("index", "1", "手册", "<p>前言正文</p>")
        + "<section class='print-page md-section' id='section-2' heading-number='2'>"
        "<h1>调度<a class='headerlink' href='#section-2' title='Permanent link'></a></h1>"
        + _page("scheduling", "2.1", "调度", '<h2 id="scheduling-why">为什么</h2>')
        + _page(
            "scheduling-taints",
            "2.2",
            "污点与容忍度",
            '<h2 id="scheduling-taints-x">效果</h2><h3 id="scheduling-taints-y">细节</h3>'
            '<span class="hb-q-meta" id="q-taint-effects">基础</span>'
            '<h2 id="scheduling-taints-references">参考</h2>\n<ul>\n<li><a href="https://k8s.io">a</a></li>\n</ul>',
        )
        + "</section>"
        + _page("glossary", "3", "术语表", "<p>词条</p>")
        + "</div><style></style></article></body></html>"
    )


FOLDERS = {"index": "", "scheduling": "scheduling", "scheduling-taints": "scheduling", "glossary": "glossary"}
CHAPTERS = [("scheduling", "调度")]


@pytest.fixture
def book():
    return printbook.make_book(_print_site_page(), FOLDERS, CHAPTERS, "<p>许可</p>", "版权页")


def _headings(html):
    return [(int(level), printbook.text_of(inner)) for level, inner in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html)]


def test_the_book_has_one_heading_per_part_nested_by_level(book):
    assert _headings(book) == [
        (1, "目录"),
        (1, "关于本书"),
        (1, "第 1 章 调度"),
        (2, "为什么"),
        (2, "1.1 污点与容忍度"),
        (3, "效果"),
        (4, "细节"),
        (3, "参考"),
        (1, "附录 A 术语表"),
        (1, "版权页"),
    ]


def test_the_chapter_title_is_not_repeated_by_the_nav_section(book):
    assert "section-2" not in book
    assert [text for _, text in _headings(book) if "调度" in text] == ["第 1 章 调度"]


def test_contents_lists_every_part_with_an_empty_page_box_linking_to_it(book):
    contents = book[book.index('id="hb-contents"') : book.index("</section>", book.index('id="hb-contents"'))]
    targets = re.findall(r'<a class="hb-toc__page" href="#([^"]+)"', contents)
    keys = ["index", "scheduling", "scheduling-taints", "glossary", "hb-colophon"]
    assert targets == [printbook.page_marker(key) for key in keys]
    titles = [printbook.text_of(t) for t in re.findall(r'<a class="hb-toc__link"[^>]*>(.*?)</a>', contents)]
    assert titles == ["关于本书", "第 1 章调度", "1.1污点与容忍度", "附录 A术语表", "版权页"]
    ids = set(re.findall(r'\bid="([^"]+)"', book))
    assert set(targets) <= ids


def test_question_anchors_get_the_page_prefix_whatever_their_shape(book):
    assert 'id="scheduling-taints-q-taint-effects"' in book
    html = '<span class="hb-q-meta" id="q-anything-at-all">x</span><span class="hb-q-meta" id="p-q-x">y</span>'
    fixed = printbook.prefix_question_ids("p", html)
    assert 'id="p-q-anything-at-all"' in fixed and 'id="p-q-x"' in fixed  # never prefixed twice


def test_the_reference_list_is_kept_in_one_block_with_its_heading(book):
    assert re.search(r'<div class="hb-references"><h3 id="scheduling-taints-references">.*?</ul></div>', book, re.S)


def test_the_cover_stays_first_and_the_colophon_closes_the_book(book):
    assert book.index("print-site-cover-page") < book.index("hb-contents")
    assert book.rstrip().endswith("</article></body></html>")
    assert book.index("<p>许可</p>") > book.index("词条")


def test_headings_that_carry_their_own_numbers_are_left_alone():
    numbered = (
        _print_site_page()
        .replace('>调度<a class="headerlink" href="#scheduling-t"', '>1 调度<a class="headerlink" href="#scheduling-t"')
        .replace(">污点与容忍度<", ">1.1 污点与容忍度<")
    )
    book = printbook.make_book(numbered, FOLDERS, CHAPTERS, "", "版权页")
    assert "第 1 章" not in book and "附录 A" not in book
    assert (2, "1.1 污点与容忍度") in _headings(book)


def test_an_unexpected_print_page_is_a_clear_error():
    with pytest.raises(printbook.PrintPageError, match="print-site-page"):
        printbook.make_book("<html><body>nothing</body></html>", {}, [], "", "版权页")


def test_books_lists_only_the_files_present(tmp_path):
    folder = tmp_path / books.BOOKS_DIR
    folder.mkdir(parents=True)
    (folder / "k8s-handbook.epub").write_bytes(b"x" * 2_500_000)
    found = books.find_books(tmp_path)
    assert [b["name"] for b in found] == ["EPUB"]
    assert found[0]["href"] == "assets/books/k8s-handbook.epub"
    assert found[0]["size"] == "2.5 MB"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", found[0]["date"])


def test_books_still_find_a_pdf_published_where_it_used_to_be(tmp_path):
    (tmp_path / "assets" / "pdf").mkdir(parents=True)
    (tmp_path / books.LEGACY_PDF).write_bytes(b"%PDF")
    assert [b["href"] for b in books.find_books(tmp_path)] == [books.LEGACY_PDF]
    assert books.human_size(4) == "1 KB"


def test_links_to_the_removed_nav_sections_go_to_their_first_page():
    page = _print_site_page().replace("<article>", '<nav><a href="#section-2">调度</a></nav><article>')
    book = printbook.make_book(page, FOLDERS, CHAPTERS, "", "版权页")
    assert '<a href="#scheduling">调度</a>' in book
