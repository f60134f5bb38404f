"""MkDocs hook: feature stages rendered from docs/features/features.yml (see hooks/handbook/features.py).

- on_config: loads and validates the data for the target release (extra.k8s_version), failing the build with
  file:line problems;
- on_files: fails the build at file:line on a stage stamp written by hand in a page ("v1.29 起 Beta"), and adds
  the generated page features/index.md (every feature, its stages and the pages that use it);
- on_page_markdown: replaces each [[feature:…]] and [[version]] token in prose with the rendered stage text; an
  unknown name or a stage not yet reached fails the build at the token's file and line.
"""

import logging
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from handbook import features, features_page

log = logging.getLogger("mkdocs.hooks.features")
_state = {}


def _abort(problems, what):
    for problem in problems:
        log.error(str(problem))
    raise Abort(f"features: {len(problems)} problem(s) in {what}, listed above")


@event_priority(90)
def on_config(config):
    path = Path(config.config_file_path).parent / features.DATA_FILE
    try:
        _state["data"] = features.load(path.read_text(encoding="utf-8"), str(config.extra["k8s_version"]))
    except features.FeatureError as error:
        _abort(error.problems, features.DATA_FILE)


def on_files(files, config):
    sources = {f.src_uri: f.content_string for f in files.documentation_pages()}
    written = [f for f in files.documentation_pages() if not getattr(f, "generated_by", None)]
    stamps = [problem for f in written for problem in features.stamps(f.content_string, f"docs/{f.src_uri}")[0]]
    glossary = Path(config.docs_dir) / "glossary" / "terms.yml"  # definitions show on every page, as tooltips
    if glossary.is_file():
        stamps += features.stamps(glossary.read_text(encoding="utf-8"), "docs/glossary/terms.yml")[0]
    if stamps:
        _abort(stamps, "the pages (a stage written by hand goes stale: use [[feature:…]])")
    content = features_page.render_page(_state["data"], sources)
    files.append(File.generated(config, features_page.PAGE, content=content))
    return files


@event_priority(50)  # before the question hook turns metadata into badges; line numbers are still the source's
def on_page_markdown(markdown, page, config, files):
    if "[[" not in markdown:
        return markdown
    # page.markdown has no front matter: shift reported lines back to the source file's.
    first_line = page.file.content_string.count("\n") - markdown.count("\n") + 1
    markdown, problems = features.substitute(markdown, _state["data"], f"docs/{page.file.src_uri}", first_line)
    if problems:
        _abort(problems, f"docs/{page.file.src_uri}")
    return markdown
