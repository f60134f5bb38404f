"""Diagrams through mkdocs-mermaid2-plugin and hooks/mermaid_hook.py.

The hook replaces mermaid2's BeautifulSoup pass over each page by a stand-in document (the page keeps
exactly what mermaid2 would have produced, tested against mermaid2 itself on real Material pages) and
escapes diagram sources, so `List<Pod>` and `<br/>` reach mermaid (tested in a real build and in Chromium).
"""

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import mermaid_hook
import pytest
from bs4 import BeautifulSoup

import sitekit
from conftest import visit
from handbook import mermaid

ROOT = Path(__file__).resolve().parent.parent
MERMAID_BUNDLE = ROOT / "docs/assets/javascripts/mermaid"

DIAGRAM = """\
```mermaid
flowchart LR
    A["List<Pod>"] --> B["kubelet<br/>node & pod"]
```
"""
PAGES = {
    "index.md": "# Home\n\nA diagram on the site root, whose script path mermaid2 writes bare.\n\n" + DIAGRAM,
    "ch/index.md": "# Chapter\n\n" + DIAGRAM + "\nSome text.\n\n```mermaid\nsequenceDiagram\n    A->>B: hi\n```\n",
    "ch/plain.md": "# Plain\n\nThis page talks about mermaid but has no diagram.\n\n```html\n"
    '<pre class="mermaid"><code>graph TD</code></pre>\n```\n',
    "ch/other.md": "# Other\n\nNo diagram at all.\n",
}
# The module mermaid2 imports on pages with diagrams: the local mermaid, published for Material, with
# every source Material hands to mermaid recorded for the browser test.
LOADER = """\
import mermaid from "./mermaid/mermaid.esm.min.mjs";
window.renderedSources = [];
window.renderedSvgs = [];
const render = mermaid.render.bind(mermaid);
mermaid.render = async (id, source, ...rest) => {
  window.renderedSources.push(source);
  const result = await render(id, source, ...rest);
  window.renderedSvgs.push(result.svg);
  return result;
};
window.mermaid = mermaid;
export default mermaid;
"""


def _config(hooks, with_mermaid2=True):
    plugins = (
        """\
        plugins:
          - mermaid2:
              javascript: assets/javascripts/loader.mjs
              arguments:
                securityLevel: strict
        """
        if with_mermaid2
        else "plugins: []\n"
    )
    listed = "".join(f"  - {ROOT / 'hooks' / hook}\n" for hook in hooks)
    return (
        textwrap.dedent(
            """\
            site_name: diagrams
            site_url: https://example.org/d/
            theme:
              name: material
              font: false
            markdown_extensions:
              - pymdownx.superfences:
                  custom_fences:
                    - name: mermaid
                      class: mermaid
                      format: !!python/name:mermaid2.fence_mermaid_custom
              - pymdownx.highlight
            nav:
              - index.md
              - Chapter:
                  - ch/index.md
                  - ch/plain.md
                  - ch/other.md
            """
        )
        + textwrap.dedent(plugins)
        + (f"hooks:\n{listed}" if hooks else "")
    )


def _write_book(folder, hooks, with_mermaid2=True):
    docs = folder / "docs"
    for name, text in PAGES.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    scripts = docs / "assets/javascripts"
    scripts.mkdir(parents=True, exist_ok=True)
    (scripts / "loader.mjs").write_text(LOADER, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(_config(hooks, with_mermaid2), encoding="utf-8")
    return folder


def _build(folder):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(folder / "site")],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "site"


@pytest.fixture(scope="module")
def diagram_book(tmp_path_factory):
    """A tiny book built with mermaid2 and our hook; the mermaid bundle copied in when `make` made it."""
    folder = _write_book(tmp_path_factory.mktemp("diagrams"), ["mermaid_hook.py"])
    if MERMAID_BUNDLE.is_dir():
        shutil.copytree(MERMAID_BUNDLE, folder / "docs/assets/javascripts/mermaid")
    return _build(folder)


def _page(site, path):
    return (site / path).read_text(encoding="utf-8")


# --- which pages have diagrams -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html, expected",
    [
        ('<pre class="mermaid"><code>graph TD</code></pre>', True),
        ('<pre id="d1" class="diagram mermaid wide"><code>graph TD</code></pre>', True),
        ("<pre class='mermaid'>\n<code>graph TD</code></pre>", True),
        ('<pre class="mermaid">graph TD</pre><p><code>x</code></p>', False),  # the code is not inside the pre
        ('<div class="mermaid">graph TD</div>', False),
        ('<pre class="mermaid-like"><code>x</code></pre>', False),
        ('<pre><code>&lt;pre class="mermaid"&gt;&lt;code&gt;</code></pre>', False),  # a code sample about it
        ("<p>mermaid</p>", False),
    ],
)
def test_has_diagrams_matches_mermaid2s_selector(html, expected):
    assert mermaid.has_diagrams(html) is expected
    # the same verdict as mermaid2's own test, the CSS selector "pre.mermaid code"
    assert bool(BeautifulSoup(html, "html.parser").select("pre.mermaid code")) is expected


def test_added_to_body_refuses_a_rewritten_stand_in():
    sent = mermaid.stand_in('<pre class="mermaid"><code>x</code></pre>')
    assert mermaid.added_to_body(sent, sent) == ""
    assert mermaid.added_to_body(sent, sent.replace("</body>", "<script>s</script></body>")) == "<script>s</script>"
    with pytest.raises(mermaid.StandInError):
        mermaid.added_to_body(sent, sent.replace("<pre", "<div"))


# --- the stand-in gives the page exactly what mermaid2 would have --------------------------------------


def test_pages_equal_what_mermaid2_makes_of_them(tmp_path):
    """Real Material pages (built without mermaid2) through mermaid2's own on_post_page, and through the
    hook's replacement (mermaid2 on a stand-in): the same document, the same script, on every page."""
    from mkdocs.config import load_config

    raw_site = _build(_write_book(tmp_path / "raw", [], with_mermaid2=False))
    folder = _write_book(tmp_path / "book", [])
    config = load_config(str(folder / "mkdocs.yml"))
    plugin = config.plugins["mermaid2"]
    plugin.on_config(config)
    fast = mermaid.fast_post_page(plugin)
    sent = []
    plugin_on_post_page = plugin.on_post_page
    plugin.on_post_page = lambda output, **kwargs: sent.append(output) or plugin_on_post_page(output, **kwargs)
    urls = {"index.html": "", "ch/index.html": "ch/", "ch/plain/index.html": "ch/plain/"}
    urls["ch/other/index.html"] = "ch/other/"
    # The same page again as if it sat in another folder of the same depth: mermaid2's answer is shared.
    urls["ch/index.html#again"] = "other/"
    with_script = 0
    for path, url in urls.items():
        raw = (raw_site / path.partition("#")[0]).read_text(encoding="utf-8")
        page = SimpleNamespace(url=url, title=path, file=SimpleNamespace(src_uri=path))
        expected = mermaid.fix_bare_module_import(plugin_on_post_page(raw, config=config, page=page))
        calls_before = len(sent)
        ours = fast(raw, page, config)
        assert len(sent[-1]) < 200, "mermaid2 was given the page instead of the stand-in"
        assert _normal(ours) == _normal(expected), path
        with_script += "import mermaid from" in ours
        if path.endswith("#again"):
            assert len(sent) == calls_before, "mermaid2 was asked again for a script path it answered"
    assert with_script == 3  # the pages with diagrams, not the two without


def _normal(document):
    """The document as html.parser reads it (mermaid2 returns pages it skips unparsed)."""
    return str(BeautifulSoup(document, "html.parser"))


def test_mermaid2s_handler_is_replaced_in_place_in_the_real_configuration():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["mermaid2"]
    handlers = config.plugins.events["post_page"]
    before = [getattr(h, "__self__", None) is plugin for h in handlers]
    plugin.on_config(config)
    mermaid_hook.on_config(config)
    assert not any(getattr(h, "__self__", None) is plugin for h in handlers)
    replaced = [getattr(h, "__name__", "") == "mermaid2_on_a_stand_in" for h in handlers]
    assert replaced == before and replaced.count(True) == 1
    assert handlers[replaced.index(True)].mkdocs_priority == 0


# --- a real build ------------------------------------------------------------------------------------


def test_pages_with_diagrams_get_mermaid2s_script_and_the_others_do_not(diagram_book):
    home = _page(diagram_book, "index.html")
    chapter = _page(diagram_book, "ch/index.html")
    assert 'import mermaid from "./assets/javascripts/loader.mjs";' in home  # bare path made relative
    assert 'import mermaid from "../assets/javascripts/loader.mjs";' in chapter
    for html in (home, chapter):
        assert html.count("window.mermaidConfig") == 1
        assert html.index("window.mermaidConfig") > html.index("</article>"), "the script belongs at the end"
    for path in ("ch/plain/index.html", "ch/other/index.html"):
        assert "import mermaid" not in _page(diagram_book, path)
        assert "mermaidConfig" not in _page(diagram_book, path)


def test_diagram_sources_reach_the_page_as_written(diagram_book):
    """What Material hands to mermaid is the block's text: the source, its `<br/>` and `&` kept, the `<`
    of `List<Pod>` as mermaid's entity code."""
    soup = BeautifulSoup(_page(diagram_book, "ch/index.html"), "html.parser")
    sources = [block.get_text() for block in soup.select("pre.mermaid code")]
    assert len(sources) == 2
    assert 'A["List#lt;Pod>"] --> B["kubelet<br/>node & pod"]' in sources[0]
    assert '<pre class="mermaid"><code>' in _page(diagram_book, "ch/index.html")


@pytest.mark.parametrize(
    "source, expected",
    [
        ('A["List<Pod>"]', 'A["List#lt;Pod>"]'),
        ("Option<Vec<u8>>", "Option#lt;Vec#lt;u8>>"),
        ("x<br/>y<BR>z <b>b</b> <sub>2</sub>", "x<br/>y<BR>z <b>b</b> <sub>2</sub>"),
        ("<<interface>>", "<<interface>>"),
        ("A<-->B; a <- b; x < y; A-->B", "A<-->B; a <- b; x < y; A-->B"),
    ],
)
def test_only_angle_brackets_that_are_text_become_entity_codes(source, expected):
    assert mermaid.keep_angle_brackets(source) == expected


@pytest.mark.browser
def test_mermaid_draws_labels_with_angle_brackets_and_line_breaks(diagram_book, chromium):
    if not (diagram_book / "assets/javascripts/mermaid/mermaid.esm.min.mjs").is_file():
        pytest.skip("the mermaid bundle is missing: run `make` first")
    with sitekit.serve(diagram_book) as base:
        context, page, foreign, errors = visit(chromium, base + "ch/")
        page.wait_for_function("window.renderedSvgs && window.renderedSvgs.length === 2", timeout=30_000)
        sources = page.evaluate("window.renderedSources")
        svgs = page.evaluate("window.renderedSvgs")
        context.close()
    assert foreign == [] and errors == []
    assert 'A["List#lt;Pod>"] --> B["kubelet<br/>node & pod"]' in sources[0]
    drawn = BeautifulSoup(svgs[0], "html.parser")
    assert drawn.find(string=re.compile(r"^\s*List<Pod>\s*$")) is not None, "the label lost its <Pod>"
    kubelet = drawn.find(string=re.compile("kubelet"))
    assert kubelet is not None and kubelet.parent.find("br") is not None, "the <br/> line break was lost"
