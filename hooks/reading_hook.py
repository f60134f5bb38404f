"""MkDocs hook: what the page template shows around the text (hooks/handbook/pagefacts.py) and the
question bank filter's tag names.

- on_config: the date plugin's shallow-clone warning becomes information (it would fail the strict build);
- on_files, before the date plugin: the last commit of every page from one `git log` (handbook.gitdates),
  instead of the plugin's pool of processes running one per page;
- on_page_markdown, after the date plugin: generated pages dated by what they are generated from;
- on_page_content: the question bank's filter box gets the tags' Chinese names;
- on_page_context: the 「报告问题」 link of the page.
"""

import json
import logging
from html import escape
from pathlib import Path

from mkdocs.plugins import event_priority

from handbook import gitdates, pagefacts
from handbook.glossary import TAGS

DATE_PLUGIN_LOGGER = "mkdocs.plugins.mkdocs_git_revision_date_localized_plugin"
_notice = pagefacts.ShallowCloneNotice()


def on_config(config):
    for name in (DATE_PLUGIN_LOGGER, DATE_PLUGIN_LOGGER + ".ci"):
        logger = logging.getLogger(name)
        if _notice not in logger.filters:
            logger.addFilter(_notice)


@event_priority(10)  # before the date plugin's on_files, which then asks git only for the pages left out
def on_files(files, config):
    plugin = config.plugins.get("git-revision-date-localized")
    if plugin is not None:
        pages = [f.abs_src_path for f in files.documentation_pages() if not getattr(f, "generated_by", None)]
        gitdates.answer_for_plugin(plugin, [path for path in pages if path])
    return files


@event_priority(-50)  # after the date plugin has dated the written pages
def on_page_markdown(markdown, page, config, files):
    if getattr(page.file, "generated_by", None):
        docs = Path(config.docs_dir).resolve()
        stamp = pagefacts.last_commit_time(pagefacts.generated_page_sources(page.file.src_uri, docs), docs)
        if stamp is not None:
            page.meta.update(pagefacts.date_meta(stamp))
    return markdown


_BANK_FILTER = '<div class="hb-bank-filter" data-scope="all">'


def on_page_content(html, page, config, files):
    if _BANK_FILTER in html:
        labels = escape(json.dumps(TAGS, ensure_ascii=False), quote=True)
        html = html.replace(_BANK_FILTER, f'<div class="hb-bank-filter" data-scope="all" data-tag-labels="{labels}">')
    return html


def on_page_context(context, page, config, nav):
    src_path = None if getattr(page.file, "generated_by", None) else page.file.src_uri
    context["hb_report_url"] = pagefacts.report_issue_url(
        config.repo_url, page.title, page.canonical_url or page.abs_url, src_path
    )
    return context
