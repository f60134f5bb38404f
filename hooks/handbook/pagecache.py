"""Per-page results of the hooks, kept across the rebuilds of `mkdocs serve --dirty`.

A hook that gathers something page by page (the glossary's term uses, the link checker's scans, the
self-test's answers) and writes it out in on_post_build needs every page's share. An incremental rebuild
runs the page events only for the pages it rebuilds, so the shares of the other pages must come from
earlier builds. The results live here, in a module MkDocs never reloads, keyed by the page's src_uri:

- a full build (every `mkdocs build`, the first build of `mkdocs serve`, any rebuild after a change that
  affects more than one page) starts every cache empty, exactly like a fresh dict;
- an incremental build keeps the results of the pages that still exist; each page it rebuilds replaces
  its own entry.

hooks/incremental_hook.py decides which kind each build is, before any other hook starts (begin_build).
A hook calls `start_build()` where it used to reset its dict, and reads and writes it like a dict.
"""

from collections.abc import Iterable

_incremental = False
_caches: dict[str, "PageResults"] = {}


class PageResults(dict):
    """A dict from page src_uri to one hook's result for that page."""

    def start_build(self) -> None:
        """Forget everything unless this build is incremental (then the results of pages not rebuilt stay)."""
        if not _incremental:
            self.clear()

    def keep_only(self, pages: Iterable[str]) -> None:
        """Drop the results of pages that no longer exist."""
        keep = set(pages)
        for page in [page for page in self if page not in keep]:
            del self[page]


def named(name: str) -> PageResults:
    """The cache called `name`, created on first use; the same object on every rebuild."""
    return _caches.setdefault(name, PageResults())


def begin_build(incremental: bool, pages: Iterable[str] = ()) -> None:
    """Start a build. A full one empties every cache; an incremental one keeps results of `pages` (every
    page source that still exists; generated pages are rebuilt every time and need not be listed)."""
    global _incremental
    _incremental = incremental
    pages = set(pages)
    for cache in _caches.values():
        if incremental:
            cache.keep_only(pages)
        else:
            cache.clear()


def is_incremental() -> bool:
    """Whether the current build rebuilds only what changed."""
    return _incremental
