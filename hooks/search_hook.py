"""MkDocs hook: Material's search index, shaped by handbook.searchindex.

- on_page_content: marks diagram sources, reference lists and the glossary's fact lists
  `data-search-exclude`; runs after print-site has kept its copy of the page, and Material's search
  plugin removes the attribute again once it has indexed the page. Also records each page's URL;
- on_post_build: moves each page's summary behind its first paragraph, sets page boosts, gives the
  section each glossary term links to the term's names as keywords (and the glossary entry that
  section's location), gives each section the words of the interview questions that link to it on
  their 相关 line (as questions_hook read them), checks the query sentinel is unused, adds the reader
  words of docs/search/synonyms.yml (each book word checked against the index), and writes the index as
  UTF-8 (about 40% smaller raw, 12% gzipped).
"""

import logging
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from handbook import glossary, glossary_page, pagecache, questions, searchindex, searchsynonyms

log = logging.getLogger("mkdocs.hooks.search")

GLOSSARY_DATA = "docs/glossary/terms.yml"

_page_urls = pagecache.named("search:page-urls")  # src_uri -> URL, kept by `serve --dirty` rebuilds


def on_config(config):
    _page_urls.start_build()


@event_priority(-50)  # after print-site has saved the page's HTML for the print page
def on_page_content(html, page, config, files):
    _page_urls[page.file.src_uri] = page.url
    if "material/search" not in config.plugins:
        return html  # nothing would index the page, nor remove the marks from it again
    return searchindex.mark_unsearchable(html, page.file.src_uri, glossary_page.GLOSSARY_PAGE)


def _glossary_terms(config):
    path = Path(config.config_file_path).parent / GLOSSARY_DATA
    if not path.is_file():
        return []
    try:
        return glossary.load_terms(path.read_text(encoding="utf-8"), GLOSSARY_DATA)
    except glossary.GlossaryError:
        return []  # the glossary hook reports the problems and stops the build


@event_priority(-50)  # after the search plugin has written search_index.json, before offline inlines it
def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    search = config.plugins.get("material/search")
    separator = search.config.separator if search else r"[\s\u200b]+"
    terms = _glossary_terms(config)
    keywords = searchindex.glossary_keywords(terms, _page_urls, separator)
    explains = searchindex.glossary_explains(terms, _page_urls, glossary_page.GLOSSARY_PAGE)
    asked = searchindex.question_words(_related_sections(), _page_urls, separator)
    try:
        index_json = searchindex.rewrite(
            path.read_text(encoding="utf-8"),
            keywords,
            explains,
            synonyms=lambda index: _synonyms(config, index),
            questions=asked,
        )
    except searchindex.SearchIndexError as error:
        raise Abort(str(error)) from None
    path.write_text(index_json, encoding="utf-8")


def _related_sections():
    """(title, [docs targets]) of every interview question of the book, from its 相关 line."""
    parsed = pagecache.named(questions.PARSED_CACHE)
    return [(question.title, questions.related_targets(question)) for found in parsed.values() for question in found]


def _synonyms(config, index):
    """docs/search/synonyms.yml as search-query.js reads it, each book word checked against the index."""
    path = Path(config.config_file_path).parent / searchsynonyms.DATA_FILE
    if not path.is_file():
        return {}
    try:
        synonyms = searchsynonyms.load(path.read_text(encoding="utf-8"))
    except searchsynonyms.SynonymError as error:
        problems = error.problems
    else:
        problems = searchsynonyms.unknown_book_words(synonyms, searchindex.IndexWords(index))
    if problems:
        for problem in problems:
            log.error(problem)
        raise searchindex.SearchIndexError(
            f"search: {len(problems)} problem(s) in {searchsynonyms.DATA_FILE}, listed above"
        )
    return searchsynonyms.for_index(synonyms)
