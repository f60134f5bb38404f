"""MkDocs hook: the glossary, generated from docs/glossary/terms.yml on every build.

- on_config: validates the data file and writes the jieba user dictionary before the search plugin
  loads it, so Chinese terms stay whole words in the search index;
- on_files: checks each term's `link` page exists and adds the generated glossary page;
- on_post_page, for a chapter page: links the first use of each term to its entry (tooltip: the short
  definition) and records every section that uses it; done last, so that mermaid2 and the search
  plugin parse pages without the marks;
- on_post_build: fills each glossary entry's back-link summary and writes glossary/backlinks.json,
  from which the page lists a term's sections when a reader opens it.
"""

import logging
import posixpath
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from handbook import features, glossary, glossary_page, htmlscan, pagecache, termmarks

log = logging.getLogger("mkdocs.hooks.glossary")
DATA_FILE = "docs/glossary/terms.yml"
# Pages whose text is not marked: the glossary itself and pages generated from other pages.
UNMARKED_PREFIXES = (glossary_page.GLOSSARY_PAGE, "questions/", "print_page")

_state = {"terms": [], "matcher": termmarks.build_matcher([]), "order": {}}
_usages = pagecache.named("glossary:usages")  # src_uri -> {term id: places}, kept by `serve --dirty` rebuilds


def _abort(problems):
    for problem in problems:
        log.error(problem)
    raise Abort(f"glossary: {len(problems)} problem(s) in {DATA_FILE}, listed above")


def _load(config, doc_pages=None):
    text = (Path(config.config_file_path).parent / DATA_FILE).read_text(encoding="utf-8")
    if doc_pages is None:  # before on_files: the Markdown files on disk, so that every problem shows at once
        docs = Path(config.docs_dir)
        doc_pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    try:
        terms = glossary.load_terms(text, DATA_FILE, doc_pages)
    except glossary.GlossaryError as error:
        _abort(error.problems)
    problems = glossary.render_texts(terms, _feature_renderer(config), DATA_FILE)
    if problems:
        _abort(problems)
    return terms


def _feature_renderer(config):
    """Definitions name feature stages as [[feature:…]], rendered for the book's release like the pages."""
    path = Path(config.config_file_path).parent / features.DATA_FILE
    try:
        data = features.load(path.read_text(encoding="utf-8"), str(config.extra["k8s_version"]))
    except features.FeatureError:
        return lambda text: (text, [])  # the features hook reports the data file's own problems
    return lambda text: features.render_plain(text, data)


@event_priority(100)  # before the search plugin reads jieba_dict_user in its own on_config
def on_config(config):
    terms = _load(config)
    search = config.plugins.get("material/search")
    dictionary = search and search.config.get("jieba_dict_user")
    if dictionary:
        path = Path(config.config_file_path).parent / dictionary
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(glossary.jieba_user_dictionary(terms), encoding="utf-8")
    _state.update(terms=terms, matcher=termmarks.build_matcher(terms))
    _usages.start_build()
    _state.pop("glossary_page", None)


def on_files(files, config):
    doc_pages = {f.src_uri for f in files.documentation_pages()}
    terms = _load(config, doc_pages)  # now every `link` can be checked against the real pages
    titles = glossary_page.section_titles({f.src_uri: f.content_string for f in files.documentation_pages()})
    files.append(
        File.generated(config, glossary_page.GLOSSARY_PAGE, content=glossary_page.render_page(terms, DATA_FILE, titles))
    )
    return files


def on_nav(nav, config, files):
    _state["order"] = {page.file.src_uri: index for index, page in enumerate(nav.pages)}


def _mark(output, page):
    """Mark terms in the page's article (not in the navigation or footer around it)."""
    span = htmlscan.article_body(output)
    if span is None:
        return output
    body = output[span[0] : span[1]]
    sections = [(offset, anchor, label) for offset, level, anchor, label in htmlscan.headings(body) if level in (2, 3)]
    href = posixpath.relpath("glossary", page.url.rstrip("/") or ".") + "/"
    mark = termmarks.marks_page(page.file.src_uri)
    body, usages = termmarks.mark_terms(body, _state["matcher"], href, sections, mark=mark)
    found = {}
    for term_id, places in usages.items():
        for anchor, label in places:
            found.setdefault(term_id, []).append((page.file.src_uri, page.url, page.title, anchor, label))
    _usages[page.file.src_uri] = found
    return output[: span[0]] + body + output[span[1] :]


def _usages_in_book_order():
    order = _state["order"]
    usages = {}
    for found in _usages.values():
        for term_id, places in found.items():
            usages.setdefault(term_id, []).extend(places)
    return {
        term_id: [place[1:] for place in sorted(places, key=lambda p: order.get(p[0], len(order)))]
        for term_id, places in usages.items()
    }


@event_priority(-10)  # after mermaid2 and the search plugin have read the page: marks only add weight for them
def on_post_page(output, page, config):
    if page.file.src_uri == glossary_page.GLOSSARY_PAGE:
        _state["glossary_page"] = (page.file.abs_dest_path, page.url)
        return output
    return output if page.file.src_uri.startswith(UNMARKED_PREFIXES) else _mark(output, page)


def on_post_build(config):
    """Every page has been marked by now, whatever order MkDocs built them in: fill the glossary's
    back-link counts and write the data its entries load their lists from."""
    if "glossary_page" not in _state:
        return
    path, url = _state["glossary_page"]
    usages = _usages_in_book_order()
    Path(path).with_name("backlinks.json").write_text(glossary_page.backlinks_data(usages, url), encoding="utf-8")
    page = Path(path)
    page.write_text(glossary_page.fill_backlinks(page.read_text(encoding="utf-8"), usages), encoding="utf-8")
