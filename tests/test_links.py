"""The link checker on small fixtures: the pure functions, then real MkDocs builds of tiny books."""

import subprocess
import sys
import textwrap
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


def test_external_links_that_are_fine():
    assert check_external_syntax("https://kubernetes.io/zh-cn/docs/home/") is None
    assert check_external_syntax("http://localhost:8000/") is None


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


# --- whole builds of tiny books ------------------------------------------------------------------


def _tiny_book(tmp_path, pages):
    docs = tmp_path / "docs"
    for name, text in pages.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(f"""\
        site_name: tiny
        theme: {{name: material, features: [], font: false}}
        markdown_extensions: [admonition, pymdownx.details, attr_list, md_in_html, toc]
        hooks:
          - {ROOT / "hooks/linkcheck_hook.py"}
        """),
        encoding="utf-8",
    )
    return tmp_path


def _build(project, *flags):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *flags, "-d", str(project / "site")],
        cwd=project,
        capture_output=True,
        text=True,
    )


GOOD = {
    "index.md": "# Home\n\n## Start {#start}\n\n[other](other.md#end) ![logo](logo.svg)\n",
    "other.md": "# Other\n\n## End {#end}\n\n[home](index.md#start)\n",
    "logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
}


def test_a_clean_tiny_book_builds(tmp_path):
    result = _build(_tiny_book(tmp_path, GOOD))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("flags", [(), ("-q",), ("--strict", "-q")])
@pytest.mark.parametrize(
    "name, text, expected",
    [
        (
            "broken.md",
            "# B\n\nSee [the end](other.md#nowhere).\n",
            "docs/broken.md:3: anchor #nowhere not found on other/index.html",
        ),
        ("image.md", "# I\n\ntext\n\n![diagram](missing.png)\n", "docs/image.md:5: image not found: 'missing.png'"),
        (
            "raw.md",
            '# R\n\n<p>raw <a href="../other/#gone">link</a></p>\n',
            "docs/raw.md:3: anchor #gone not found on other/index.html",
        ),
        (
            "admonition.md",
            '# A\n\n!!! note "n"\n    inside [x](other.md#absent)\n',
            "docs/admonition.md:4: anchor #absent not found on other/index.html",
        ),
        (
            "details.md",
            '# D\n\n??? question "q"\n    answer [x](index.md#no-such)\n',
            "docs/details.md:4: anchor #no-such not found on index.html",
        ),
        ("page.md", "# P\n\n[x](not-there.md)\n", "docs/page.md:3: 'not-there.md' is not a page of the book"),
        ("insecure.md", "# S\n\n[k8s](http://kubernetes.io/docs/home/)\n", "docs/insecure.md:3: insecure link"),
    ],
)
def test_each_fault_fails_the_build_at_its_line(tmp_path, flags, name, text, expected):
    result = _build(_tiny_book(tmp_path, {**GOOD, name: text}), *flags)
    assert result.returncode != 0
    assert expected in result.stdout + result.stderr
