"""workers/search-lunr-fix.js: the mend of lunr's word automaton, run in headless Chromium on the lunr
that Material's worker bundles (the same release ships with MkDocs as a plain script)."""

import re
from pathlib import Path

import material
import mkdocs
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "overrides/assets/javascripts/workers/search-lunr-fix.js"
LUNR = Path(mkdocs.__file__).parent / "contrib/search/templates/search/lunr.js"
MATERIAL_WORKERS = Path(material.__file__).parent / "templates/assets/javascripts/workers"
VERSION = re.compile(r'version\s*=\s*"(\d+\.\d+\.\d+)"')

# Words and node ids chosen so that lunr's unmended names clash: after "a7" and "a8", the node after
# "a" has edges 7 and 8 to the shared end node (id 3) and is named "07383"; the node after "b" has one
# edge 7 to node 383, which is named "07383" too, so lunr merges them: "b8" becomes a word of the
# index and "b7x" is lost. Ids are lunr's own counter, set between insertions.
CLASH = """
  (mend) => {
    if (mend) HBLunrFix.mendTokenSetNames(lunr);
    lunr.TokenSet._nextId = 1;
    const builder = new lunr.TokenSet.Builder();
    builder.insert("a7");
    builder.insert("a8");
    lunr.TokenSet._nextId = 382;
    builder.insert("b7x");
    builder.finish();
    return builder.root.toArray().sort();
  }
"""


def test_material_bundles_the_lunr_release_tested_here():
    bundled = {VERSION.search(p.read_text(encoding="utf-8")).group(1) for p in MATERIAL_WORKERS.glob("search.*.min.js")}
    assert bundled == {VERSION.search(LUNR.read_text(encoding="utf-8")).group(1)}


@pytest.fixture
def page(chromium):
    page = chromium.new_page()
    page.set_content("<!doctype html><meta charset=utf-8><body>")
    page.add_script_tag(path=str(LUNR))
    page.add_script_tag(path=str(FIX))
    yield page
    page.close()


def test_unmended_lunr_invents_and_loses_words(page):
    # The case below is a real clash: without the mend the automaton is wrong.
    assert page.evaluate(CLASH, False) == ["a7", "a8", "b7", "b8"]


def test_mended_names_keep_exactly_the_words_inserted(page):
    assert page.evaluate(CLASH, True) == ["a7", "a8", "b7x"]

