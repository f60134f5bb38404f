"""Material's search index, shaped for what readers look for and kept small (the first search loads it).

- Blocks that only add noise are kept out of the index with Material's own `data-search-exclude`:
  diagram sources (mermaid code would show as snippets), each page's references list (link titles
  match every query about the page's topic), the glossary's fact lists (the "本书讲解" label names the
  chapter section, so the entry would match every query about that section; URLs are no search words)
  and the errata's tables (each row repeats a trap its chapter section explains).
- The summary line under each title (CONTRIBUTING.md: `> 一句话摘要：读完本页你会知道…`) would open the
  snippet of nearly every page: its label and lead-in are dropped and the rest moves behind the page's
  own first paragraph, so its words stay searchable.
- Pages that repeat what chapters explain rank below them: PAGE_BOOSTS. A page's own entry (its title
  and first paragraphs) ranks below its sections: PAGE_ENTRY_BOOST.
- The section the glossary names as explaining a term (its `link`) gets the term's names as hidden
  `keywords` (a boosted field, mkdocs.yml), so it comes first for the term in any of its names: 启动探针,
  Startup Probe, startupProbe; and the glossary entry carries that section's location (`explains`), so
  that search-query.js never ranks the entry above the section when both are found.
- Each section an interview question links to on its 相关 line gets the question's words as hidden
  `questions` (a field boosted below keywords, mkdocs.yml): readers type questions the way the book's
  interview questions word them, and the section that answers them is often worded otherwise.
- The JSON is written as UTF-8 (Material escapes every Chinese character as \\uXXXX).
"""

import json
import re

# search-query.js hands each Chinese query word to Material's worker followed by this character, so the
# worker's segmenter keeps the word whole; it must never occur in the book (checked on every build).
SENTINEL = "\u3400"
ZERO_WIDTH_SPACE = "\u200b"  # jieba's word boundary in the index text

# Document boost by page (prefix of the location): the glossary defines terms in a sentence and the
# errata list traps with a link to the section that explains them; both should come after it.
PAGE_BOOSTS = {"glossary/": 0.3, "errata/": 0.5}
# A chapter's reading path, page table and index of the notes' questions name in a line what other pages
# explain (学习路径 lists every page of the chapter); those pages come first.
SECTION_BOOSTS = {"#interview": 0.6, "#study-path": 0.3, "#pages": 0.3, "#question-index": 0.3}
# Material's worker multiplies the score of a page's own entry by up to 5 and a section's by up to 2;
# without a counterweight a page whose title holds the word outranks pages whose sections explain it.
# Interview questions repeat, in short, what the sections above them explain.
PAGE_ENTRY_BOOST = 0.6
# The fields of an index entry that the worker searches (mkdocs.yml's search `fields`, tags aside).
SEARCHED_FIELDS = ("title", "text", "keywords", "questions")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

_EXCLUDE = ' data-search-exclude="{}"'
_DIAGRAM = re.compile(r'<pre class="mermaid"(?=[ >])')
_REFERENCES = re.compile(r'<h2 id="references"(?=[ >])')
_LIST = re.compile(r"<ul(?=>)")
_TABLE = re.compile(r"<table(?=[ >])")
ERRATA_PAGE = "errata.md"
_SUMMARY = re.compile(
    r"^\s*<p>一句话摘要："
    r"(?:读完本[页章]，?(?:你)?(?:会|能|将)?(?:准确|精确)?(?:知道|明白|了解)?，?)?"
    r"(?P<rest>.*?)</p>\s*",
    re.S,
)


class SearchIndexError(Exception):
    pass


def mark_unsearchable(html, src_uri, glossary_page="glossary/index.md", errata_page=ERRATA_PAGE):
    """Add data-search-exclude to the blocks of a page's HTML that should stay out of the index.

    Material's search plugin drops the attribute from the page once it has indexed it."""
    html = _DIAGRAM.sub(lambda m: m.group(0) + _EXCLUDE.format("diagram"), html)
    html = _REFERENCES.sub(lambda m: m.group(0) + _EXCLUDE.format("references"), html)
    if src_uri == glossary_page:
        html = _LIST.sub(lambda m: m.group(0) + _EXCLUDE.format("facts"), html)
    if src_uri == errata_page:
        # Each row repeats a chapter's 常见误区 block, which the chapter's section already holds.
        html = _TABLE.sub(lambda m: m.group(0) + _EXCLUDE.format("errata"), html)
    return html


def without_summary_lead(text):
    """A page's index text with its summary paragraph moved to the end, label and lead-in dropped."""
    # Match on the text without jieba's zero-width spaces, then cut the original at the same places.
    kept = [i for i, char in enumerate(text) if char != ZERO_WIDTH_SPACE]
    plain = "".join(text[i] for i in kept)
    match = _SUMMARY.match(plain)
    if match is None:
        return text

    def original(offset):
        return kept[offset] if offset < len(kept) else len(text)

    rest = text[original(match.start("rest")) : original(match.end("rest"))].strip(ZERO_WIDTH_SPACE + " ")
    body = text[original(match.end()) :].strip()
    summary = f"<p>{rest}</p>" if rest else ""
    return f"{body} {summary}".strip() if body else summary


def page_boost(location):
    """The document boost for an index entry, or None for the default (1)."""
    boost = 1.0
    for prefix, factor in PAGE_BOOSTS.items():
        if location.startswith(prefix):
            boost *= factor
    if "#" not in location:
        boost *= PAGE_ENTRY_BOOST
    for suffix, factor in SECTION_BOOSTS.items():
        if location.endswith(suffix):
            boost *= factor
    return None if boost == 1.0 else round(boost, 3)


def segment_like_the_index(text):
    """Chinese runs cut into words with jieba, as Material's search plugin cuts the index text (it has
    loaded the glossary's user dictionary into jieba by the time the build ends)."""
    import jieba

    return _HAN_RUN.sub(
        lambda m: ZERO_WIDTH_SPACE + ZERO_WIDTH_SPACE.join(jieba.cut(m.group(0))) + ZERO_WIDTH_SPACE, text
    )


def glossary_keywords(terms, page_urls, separator, segment=segment_like_the_index):
    """{index location: keywords text} from glossary terms: every name of a term goes to the section its
    `link` names, each word once (a name's repeated words would otherwise outweigh a title).
    page_urls maps a docs path (scheduling/taints.md) to the page's URL as built; separator is the
    search index's word separator (a regular expression)."""
    names = {}
    for term in terms:
        location = _index_location(term.link, page_urls)
        if location is not None:
            names.setdefault(location, []).extend(term.names)
    split = re.compile(separator)
    return {location: _distinct_words(found, split, segment) for location, found in names.items()}


def question_words(questions, page_urls, separator, segment=segment_like_the_index):
    """{index location: words} from the interview questions: a question's title goes to every section its
    相关 line links to, each word once. The book's questions are worded as readers ask them (存活探针和
    就绪探针有什么区别), often unlike the section that answers them (三种探针回答三个不同的问题).
    questions: (title, [docs targets such as pod-lifecycle/probes.md#probe-types]) pairs."""
    titles = {}
    for title, targets in questions:
        for target in targets:
            location = _index_location(target, page_urls)
            if location is not None:
                titles.setdefault(location, []).append(title)
    split = re.compile(separator)
    return {location: _distinct_words(found, split, segment) for location, found in titles.items()}


def _distinct_words(texts, split, segment):
    words = {}
    for word in split.split(segment(" ".join(texts))):
        if word:
            words.setdefault(word.lower(), word)
    return " ".join(words.values())


def _index_location(target, page_urls):
    """A docs path with an optional anchor (scheduling/taints.md#concepts) as the index's location, or
    None when the build has no page at that path."""
    page, _, anchor = target.partition("#")
    if page not in page_urls:
        return None
    return page_urls[page] + (f"#{anchor}" if anchor else "")


def glossary_explains(terms, page_urls, glossary_page="glossary/index.md"):
    """{glossary entry's location: location of the section its term links to}: search-query.js keeps a
    glossary entry below the section that explains the term whenever both are found."""
    if glossary_page not in page_urls:
        return {}
    entries = {}
    for term in terms:
        location = _index_location(term.link, page_urls)
        if location is not None:
            entries[f"{page_urls[glossary_page]}#term-{term.id}"] = location
    return entries


def tidy(index, keywords=None, explains=None, questions=None):
    """The index (parsed JSON) with summaries moved, page boosts, glossary keywords and links, and the
    words of the interview questions that link to each section set; checks that the query sentinel
    occurs nowhere."""
    keywords = keywords or {}
    explains = explains or {}
    questions = questions or {}
    for doc in index["docs"]:
        if SENTINEL in doc.get("title", "") or SENTINEL in doc.get("text", ""):
            raise SearchIndexError(
                f"search: {doc['location'] or 'index'} contains U+{ord(SENTINEL):04X}, the character "
                "search-query.js appends to Chinese query words; pick another in both files"
            )
        if "#" not in doc["location"]:
            doc["text"] = without_summary_lead(doc["text"])
        boost = page_boost(doc["location"])
        if boost is not None:
            doc["boost"] = boost
        if doc["location"] in keywords:
            doc["keywords"] = keywords[doc["location"]]
        if doc["location"] in explains:
            doc["explains"] = explains[doc["location"]]
        if doc["location"] in questions:
            doc["questions"] = questions[doc["location"]]
    return index


_TAG = re.compile(r"<[^>]*>")


def _doc_words(doc, split):
    for field in SEARCHED_FIELDS:
        yield from (word.lower() for word in split.split(_TAG.sub(" ", doc.get(field) or "")) if word)


def index_words(index):
    """Every word of the index in lower case, cut as search-query.js's vocabulary() cuts it: markup
    dropped, split at the index's separator."""
    split = re.compile(index["config"]["separator"])
    return {word for doc in index["docs"] for word in _doc_words(doc, split)}


class IndexWords:
    """`word in IndexWords(index)` is `word in index_words(index)`, for a few words at a fraction of the cost:
    only the entries whose text contains the word are cut into words."""

    def __init__(self, index):
        self._split = re.compile(index["config"]["separator"])
        self._docs = index["docs"]
        self._texts = [" ".join(doc.get(field) or "" for field in SEARCHED_FIELDS).lower() for doc in self._docs]

    def __contains__(self, word):
        return any(
            word in text and word in _doc_words(doc, self._split)
            for doc, text in zip(self._docs, self._texts, strict=True)
        )


def rewrite(index_json, keywords=None, explains=None, synonyms=None, questions=None):
    """Material's index JSON, tidied and written as compact UTF-8.

    synonyms, when given, is read with the tidied index and returns {reader word: [book words]}
    (handbook.searchsynonyms). They travel in the index's `config`, the part Material hands its worker
    as it is (it rebuilds the rest of the setup message), where search-boot.js reads them; the worker
    ignores the key."""
    index = tidy(json.loads(index_json), keywords, explains, questions)
    found = synonyms(index) if synonyms else None
    if found:
        index["config"]["synonyms"] = found
    return as_utf8_json(index)


def as_utf8_json(index):
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def as_utf8(index_json):
    """Material writes the index with ensure_ascii, so each Chinese character and each zero-width space
    (jieba's word separator) costs six bytes as a \\uXXXX escape; plain UTF-8 JSON costs three."""
    return as_utf8_json(json.loads(index_json))
