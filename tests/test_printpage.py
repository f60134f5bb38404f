"""The print page helpers on small fixtures."""

from handbook import printpage


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


def test_config_base_becomes_relative():
    html = '<script id="__config" type="application/json">{"annotate": null, "base": "/k8s-handbook/", "x": 1}</script>'
    assert '"base": ".."' in printpage.relative_config_base(html)


def test_page_key_matches_print_site():
    assert printpage.page_key("") == "index"
    assert printpage.page_key("scheduling/taints/") == "scheduling-taints"


def test_build_date_honours_source_date_epoch():
    assert printpage.build_date({"SOURCE_DATE_EPOCH": "0"}) == "1970-01-01"


def test_question_anchors_get_the_page_prefix_print_site_gives_links():
    html = '<span class="hb-q-meta" id="q-scheduling-taints-3">x</span><span id="q-workloads-1"></span>'
    fixed = printpage.prefix_question_ids(html)
    assert 'id="scheduling-taints-q-scheduling-taints-3"' in fixed and 'id="workloads-q-workloads-1"' in fixed
