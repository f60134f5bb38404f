"""When `mkdocs serve --dirty` may rebuild only the pages that changed, and when it must rebuild them all.

MkDocs' --dirty rebuilds a page when its source is newer than its output. That is right for an edit to
a page's text, and wrong for anything other pages show or are built from: the nav (mkdocs.yml, a page
added, removed or renamed, a page's title), the data files the hooks read (the glossary, the feature
stages), snippets, the theme's templates. A snapshot of those inputs is taken before each build; when it
differs from the one of the last successful build in anything but page text and static assets, the
hook empties the site so that every page is rebuilt.
"""

import logging
import os
from dataclasses import dataclass, field

import jinja2
from mkdocs.utils import meta

# Files MkDocs copies as they are: a change to one needs no page rebuilt.
STATIC_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .svg .webp .ico .avif .css .js .mjs .map .woff .woff2 .ttf .otf .pdf".split()
)


@dataclass(frozen=True)
class Outline:
    """What other pages show of a page: its front matter and its title line."""

    front_matter: tuple
    title: str


@dataclass
class Sources:
    """The inputs of a build that decide whether it can be incremental."""

    config: str = ""  # mkdocs.yml, as text
    files: dict = field(default_factory=dict)  # path under docs/ -> modification time
    theme: dict = field(default_factory=dict)  # path under the theme's custom_dir -> modification time
    outlines: dict = field(default_factory=dict)  # Markdown page -> Outline


def outline(markdown_text: str) -> Outline:
    body, front = meta.get_data(markdown_text)
    title = next((line.strip() for line in body.splitlines() if line.startswith("# ")), "")
    return Outline(tuple(sorted((str(k), repr(v)) for k, v in front.items())), title)


def _mtimes(folder):
    found = {}
    if not folder or not os.path.isdir(folder):
        return found
    for parent, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            path = os.path.join(parent, name)
            found[os.path.relpath(path, folder).replace(os.sep, "/")] = os.stat(path).st_mtime_ns
    return found


def take(config_path, docs_dir, theme_dir, previous=None) -> Sources:
    """Snapshot the sources; outlines are read again only for pages whose time changed."""
    with open(config_path, encoding="utf-8") as handle:
        config_text = handle.read()
    files = _mtimes(docs_dir)
    old = previous or Sources()
    outlines = {}
    for path, mtime in files.items():
        if not path.endswith(".md"):
            continue
        if old.files.get(path) == mtime and path in old.outlines:
            outlines[path] = old.outlines[path]
        else:
            with open(os.path.join(docs_dir, path), encoding="utf-8-sig", errors="replace") as handle:
                outlines[path] = outline(handle.read())
    return Sources(config_text, files, _mtimes(theme_dir), outlines)


def full_rebuild_reason(previous: Sources | None, current: Sources) -> str | None:
    """Why the build must rebuild every page, or None when rebuilding the changed pages is enough."""
    if previous is None:
        return "first build"
    if current.config != previous.config:
        return "mkdocs.yml changed"
    for where, now, before in (("docs/", current.files, previous.files), ("theme ", current.theme, previous.theme)):
        added = sorted(set(now) - set(before))
        removed = sorted(set(before) - set(now))
        if added or removed:
            return f"{where}files added or removed: " + ", ".join((added + removed)[:5])
        for path, mtime in sorted(now.items()):
            if before[path] == mtime or _is_static(path):
                continue
            if where == "docs/" and path.endswith(".md"):
                if current.outlines[path] != previous.outlines.get(path):
                    return f"the title or front matter of docs/{path} changed (other pages show them)"
            else:
                return f"{where}{path} changed (pages are built from it)"
    return None


def _is_static(path):
    return os.path.splitext(path)[1].lower() in STATIC_SUFFIXES


class DirtyNoticeAsInfo(logging.Filter):
    """MkDocs warns on every --dirty build that navigation may be inaccurate, and `--strict` turns that
    warning into a failed build. The incremental hook keeps the navigation exact (full rebuilds on
    structural changes, titles of pages not rebuilt restored), so the notice is logged as info."""

    def filter(self, record):
        if record.levelno == logging.WARNING and str(record.msg).startswith("A 'dirty' build is being performed"):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def quiet_dirty_notice():
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, DirtyNoticeAsInfo) for f in logger.filters):
        logger.addFilter(DirtyNoticeAsInfo())


@dataclass(frozen=True)
class PageFacts:
    """What other pages read from a page (the nav, the footer): restored on pages a rebuild skips."""

    title: str
    meta: dict

    @classmethod
    def of(cls, page):
        return cls(page.title, dict(page.meta))

    def restore(self, page):
        page.title = self.title
        page.meta = dict(self.meta)


def page_of(location: str) -> str:
    """The page URL of a search index entry's location ('a/b/#sec' -> 'a/b/')."""
    return location.split("#", 1)[0]


def search_entries(fresh, built, cache, order):
    """The search index entries of every page after a rebuild.

    fresh: the entries the search plugin made in this build (only the pages it rebuilt); built: {src_uri:
    url} of those pages; cache: {src_uri: entries} from earlier builds, updated here; order: every page's
    src_uri in build order, which is the order a full build writes them in.
    """
    by_url = {}
    for entry in fresh:
        by_url.setdefault(page_of(entry["location"]), []).append(entry)
    for src_uri, url in built.items():
        cache[src_uri] = by_url.get(url, [])
    return [entry for src_uri in order for entry in cache.get(src_uri, ())]


class JiebaBaseline:
    """Material's search plugin loads the jieba user dictionary (the glossary's terms) in every on_config,
    and jieba adds each word's frequency to its running total every time: after a few rebuilds of
    `mkdocs serve` it segments Chinese differently from a fresh build. `restore()`, called before each
    load, puts jieba's dictionary back as it was before the first one."""

    def __init__(self):
        self._freq = None
        self._total = None

    def restore(self):
        try:
            import jieba
        except ImportError:
            return
        tokenizer = jieba.dt
        if self._freq is None:
            tokenizer.check_initialized()
            self._freq, self._total = dict(tokenizer.FREQ), tokenizer.total
        else:
            tokenizer.FREQ, tokenizer.total = dict(self._freq), self._total


class TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory across the rebuilds of `mkdocs serve`: MkDocs makes a new
    Jinja environment for each build (and print-site another one), which compiles Material's ~90
    templates again, about 0.3 s a rebuild. Jinja keys each entry by the template's source checksum, so
    an edited template is compiled afresh."""

    def __init__(self):
        self._compiled = {}

    def load_bytecode(self, bucket):
        code = self._compiled.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self._compiled[(bucket.key, bucket.checksum)] = bucket.bytecode_to_string()

    def attach(self, theme):
        """Make every environment `theme.get_env()` creates in this build use the cache."""
        make_env = theme.get_env

        def get_env():
            env = make_env()
            env.bytecode_cache = self
            return env

        theme.get_env = get_env
