"""MkDocs hook: interview questions from the chapters, validated, badged, and gathered into the bank.

- on_files: reads every chapter's `??? question` blocks (fails the build on a malformed one, naming file
  and line) and adds the generated pages questions/index.md (the bank) and questions/self-test.md;
- on_page_markdown: turns each question's `<!-- q: ... -->` line into level and tag badges with an anchor;
- on_page_content: keeps each answer's HTML for the self-test;
- on_post_build: writes questions/questions.json, which the self-test page loads.
"""

import logging
import os

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from handbook import nav
from handbook import questions as qs

log = logging.getLogger("mkdocs.hooks.questions")
_state = {"questions": [], "by_page": {}, "answers": {}, "chapters": [], "page_urls": {}}


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
    all_questions, problems, by_page = [], [], {}
    for file in files.documentation_pages():
        if file.src_uri.split("/", 1)[0] not in folders:
            continue
        found, page_problems = qs.parse(file.content_string, file.src_uri)
        problems += page_problems
        by_page[file.src_uri] = found
        all_questions += found
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
    _state.update(questions=all_questions, by_page=by_page, answers={}, chapters=chapters)
    return files


def on_page_markdown(markdown, page, config, files):
    found = _state["by_page"].get(page.file.src_uri)
    if not found:
        return markdown
    # page.markdown has no front matter: shift the source lines recorded by parse().
    offset = page.file.content_string.count("\n") - markdown.count("\n")
    shifted = [
        qs.Question(q.src_uri, q.index, q.line - offset, q.title, q.level, q.tags, q.body, q.meta_line - offset)
        for q in found
    ]
    return qs.show_badges(markdown, shifted)


def on_page_content(html, page, config, files):
    _state["page_urls"][page.file.src_uri] = page.url
    if page.file.src_uri in _state["by_page"]:
        _state["answers"].update(qs.answers_from_html(html))
    return html


def on_post_build(config):
    data = qs.self_test_data(_state["questions"], _state["chapters"], _state["page_urls"], _state["answers"])
    target = os.path.join(config.site_dir, qs.BANK_DIR, "questions.json")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(data)
