"""MkDocs hook: interview questions from the chapters, validated, badged, and gathered into the bank.

- on_files: reads the `??? question` blocks of every page (fails the build on a malformed one, on two
  questions with one title or one id, and on a question outside the chapters, naming file and line) and
  adds the generated pages questions/index.md (the bank) and questions/self-test.md;
- on_page_markdown: turns each question's `<!-- q: ... -->` line into level and tag badges with its
  anchor (and the anchors older builds gave it, so old deep links still land on it);
- on_page_content: keeps each answer's HTML for the self-test;
- on_post_build: writes questions/questions.json, which the self-test page loads.
"""

import logging
import os

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from handbook import nav, pagecache
from handbook import questions as qs

log = logging.getLogger("mkdocs.hooks.questions")
_state = {"questions": [], "by_page": {}, "chapters": [], "legacy": {}, "old_ids": {}}
_built = pagecache.named("questions:pages")  # src_uri -> (url, {id: answer HTML}), kept by `serve --dirty` rebuilds
# src_uri -> the page's questions, read anew for the whole book by every build (search_hook reads them)
_parsed = pagecache.named(qs.PARSED_CACHE)


def _page_titles(files):
    titles = {}
    for file in files.documentation_pages():
        for line in file.content_string.split("\n"):
            if line.startswith("# "):
                titles[file.src_uri] = line[2:].strip()
                break
    return titles


def on_files(files, config):
    chapters = nav.chapters(config.nav or [])
    folders = [folder for folder, _ in chapters]
    legacy = qs.legacy_ids()
    sources = {file.src_uri: file.content_string for file in files.documentation_pages()}
    by_page, problems = qs.read_book(sources, folders, retired=legacy.keys())
    all_questions = [q for found in by_page.values() for q in found]
    for problem in problems:
        log.error(problem)
    if problems:
        raise Abort(f"questions: {len(problems)} problem(s), listed above")
    order = {src: i for i, src in enumerate(nav.page_paths(config.nav or []))}
    all_questions.sort(key=lambda q: (folders.index(q.chapter), order.get(q.src_uri, 1_000), q.index))
    titles = _page_titles(files)
    files.append(
        File.generated(config, f"{qs.BANK_DIR}/index.md", content=qs.index_page(chapters, all_questions, titles))
    )
    files.append(File.generated(config, f"{qs.BANK_DIR}/self-test.md", content=qs.self_test_page()))
    old_ids = qs.old_ids_by_question(legacy, all_questions)
    _state.update(questions=all_questions, by_page=by_page, chapters=chapters, legacy=legacy, old_ids=old_ids)
    _parsed.clear()
    _parsed.update(by_page)
    _built.start_build()
    return files


def on_page_markdown(markdown, page, config, files):
    found = _state["by_page"].get(page.file.src_uri)
    if not found:
        return markdown
    return qs.show_badges(markdown, found, _state["old_ids"])


def on_page_content(html, page, config, files):
    answers = qs.answers_from_html(html) if page.file.src_uri in _state["by_page"] else {}
    _built[page.file.src_uri] = (page.url, answers)
    return html


def on_post_build(config):
    page_urls = {src_uri: url for src_uri, (url, _) in _built.items()}
    answers = {key: answer for _, found in _built.values() for key, answer in found.items()}
    data = qs.self_test_data(_state["questions"], _state["chapters"], page_urls, answers, _state["legacy"])
    target = os.path.join(config.site_dir, qs.BANK_DIR, "questions.json")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(data)
