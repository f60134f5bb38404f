"""MkDocs hook: `make serve` (mkdocs serve --dirty) rebuilds only the page you saved, and the book stays whole.

MkDocs' --dirty skips every page whose output is newer than its source: no page events, no search entries,
no title. Here, for `serve --dirty`:

- on_config (before every other hook): decide whether this rebuild may be incremental (handbook.incremental);
  if not, empty the site so every page is rebuilt. Start the hooks' per-page caches accordingly
  (handbook.pagecache). For any `serve`: put jieba's dictionary back as a fresh process has it, and keep
  compiled templates between rebuilds;
- on_nav: give the pages that will be skipped their title and front matter from the build that last made
  them, so the nav and the footers stay exact;
- on_page_context: remember those facts of every page rebuilt;
- on_post_build, before print-site: a quick rebuild leaves the print page as the last full rebuild made it
  (combining every page again would take a third of the rebuild);
- on_post_build, before the search plugin writes its index: put the entries of skipped pages back into it
  (the plugin's own --dirty merge keeps stale and duplicate entries when more than one page is rebuilt);
  after every other hook: remember the sources of this successful build;
- on_build_error: remove what the failed build wrote, so the next build makes those pages again.

For `mkdocs build` every build is a full one and this hook only empties the caches.
"""

import logging
import os

from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.utils import clean_directory

from handbook import incremental, pagecache

log = logging.getLogger("mkdocs.hooks.incremental")
_serving = {"serve": False, "dirty": False, "told": False}
_jieba = incremental.JiebaBaseline()
_templates = incremental.TemplateCache()
_state = {"previous": None, "current": None, "order": [], "built": {}}
_facts = pagecache.named("incremental:facts")  # src_uri -> incremental.PageFacts
_search = pagecache.named("incremental:search")  # src_uri -> the page's search index entries


def on_startup(command, dirty):
    _serving.update(serve=command == "serve", dirty=command == "serve" and dirty)
    if _serving["dirty"]:
        incremental.quiet_dirty_notice()


@event_priority(1000)  # before any hook starts its own per-page results
def on_config(config):
    _state.update(current=None, built={})
    if _serving["serve"]:
        _jieba.restore()  # before the search plugin loads the user dictionary again
        _templates.attach(config.theme)
    if not _serving["dirty"]:
        pagecache.begin_build(False)
        return
    current = incremental.take(config.config_file_path, config.docs_dir, config.theme.custom_dir, _state["previous"])
    reason = incremental.full_rebuild_reason(_state["previous"], current)
    if reason and os.path.isdir(config.site_dir):
        log.info(f"Rebuilding every page: {reason}.")
        clean_directory(config.site_dir)
    pagecache.begin_build(reason is None, [path for path in current.files if path.endswith(".md")])
    _state["current"] = current


@event_priority(-100)  # after every hook has added its generated pages
def on_files(files, config):
    _state["order"] = [file.src_uri for file in files.documentation_pages()]


def on_nav(nav, config, files):
    if not pagecache.is_incremental():
        return
    for page in nav.pages:
        facts = _facts.get(page.file.src_uri)
        if facts is not None and not page.file.is_modified():
            facts.restore(page)


@event_priority(-100)
def on_page_context(context, page, config, nav):
    if not _serving["dirty"]:
        return
    _facts[page.file.src_uri] = incremental.PageFacts.of(page)
    _state["built"][page.file.src_uri] = (page.url, page.file.abs_dest_path)


@event_priority(1)  # before print-site (priority 0) combines the pages
def _leave_the_print_page(config):
    """Combining every page into the print page takes a third of a quick rebuild, for a page an author
    rarely looks at while writing: quick rebuilds leave it as the last full rebuild made it."""
    print_site = config.plugins.get("print-site")
    if print_site is None or not pagecache.is_incremental():
        return
    print_site.config["enabled"] = False  # after its page events ran: its on_post_build now does nothing
    if not _serving.get("told"):
        log.info("print_page/ stays as the last full rebuild made it (restart `make serve` to refresh it)")
        _serving["told"] = True


@event_priority(1)  # before the search plugin (priority 0) writes search_index.json
def _complete_search_index(config):
    search = config.plugins.get("material/search")
    index = getattr(search, "search_index", None)
    if not _serving["dirty"] or index is None:
        return
    built = {src_uri: url for src_uri, (url, _) in _state["built"].items()}
    index.entries = incremental.search_entries(index.entries, built, _search, _state["order"])
    search.search_index_prev = None  # the entries are complete: no merge with the previous build's


@event_priority(-1000)  # last: only a build that nothing aborted counts as the base of the next one
def _remember_sources(config):
    if _state["current"] is not None:
        _state["previous"] = _state["current"]


on_post_build = CombinedEvent(_leave_the_print_page, _complete_search_index, _remember_sources)


def on_build_error(error):
    if not _serving["dirty"]:
        return
    for _, dest in _state["built"].values():
        if os.path.isfile(dest):
            os.remove(dest)
