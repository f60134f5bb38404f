"""Turning per-page link findings into `docs/<page>.md:<line>: <what is wrong>` problems."""

import os

from . import htmlscan
from .links import check_page, output_file
from .problem import Problem
from .sourcemap import locate


class SiteFiles:
    """Cached look-ups into the built site: does a file exist, what ids does an HTML page have."""

    def __init__(self, site_dir, pages):
        self.site_dir = site_dir
        self._ids = {output_file(p.url): p.ids for p in pages}
        self._exists = dict.fromkeys(self._ids, True)  # every scanned page is being written

    def exists(self, path):
        if path not in self._exists:
            self._exists[path] = os.path.isfile(os.path.join(self.site_dir, path))
        return self._exists[path]

    def ids_of(self, path):
        if path not in self._ids:
            try:
                with open(os.path.join(self.site_dir, path), encoding="utf-8") as handle:
                    self._ids[path] = htmlscan.scan(handle.read())[0]
            except OSError:
                self._ids[path] = None
        return self._ids[path]


def problems_for_site(pages, site_dir):
    """All link problems of the scanned pages, with the source file and line of each."""
    files = SiteFiles(site_dir, pages)
    problems = []
    for page in pages:
        taken = set()
        for ref, message in check_page(page, files.exists, files.ids_of):
            found = locate(page.markdown, page.src_uri, page.url, ref.url, taken)
            if found is None:
                problems.append(Problem(page.src_path, 0, f"in the page template (overrides/ or the theme): {message}"))
                continue
            source_file, line, markdown_line = found
            taken.add(markdown_line)
            problems.append(Problem(source_file or page.src_path, line, message))
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
