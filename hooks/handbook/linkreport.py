"""Turning per-page link findings into `docs/<page>.md:<line>: <what is wrong>` problems.

Each real problem is reported once, against the Markdown line it was written on:
- a link in a page's source is reported at that line;
- a link that no source line makes comes from the page template (overrides/ or the theme): it is on
  every page, so it is reported once for the whole site, not once per page;
- the print page is made of copies of the other pages: a link inside a copied page is checked on that
  page itself, so the print page never reports it a second time, nor reports print-site's own
  rewriting of a link that works on the website; only what the print page adds (cover, contents) is
  checked there.
"""

import os

from . import htmlscan
from .links import check_page, output_file, resolve
from .problem import Problem
from .sourcemap import locate

TEMPLATE = "overrides/ or the theme"


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


def _copied(ref, spans):
    return any(start <= ref.offset < end for start, end in spans)


def problems_for_site(pages, site_dir):
    """All link problems of the scanned pages, with the source file and line of each."""
    files = SiteFiles(site_dir, pages)
    problems = []
    in_templates = {}  # where a template link leads -> [message, first page, number of pages]
    for page in pages:
        taken = set()
        for ref, message in check_page(page, files.exists, files.ids_of):
            if _copied(ref, page.copied_spans):
                continue
            found = locate(page.markdown, page.src_uri, page.url, ref.url, taken)
            if found is None:
                kind, target, fragment = resolve(page.url, ref.url.strip())
                key = (ref.tag, ref.attr, target if kind == "internal" else ref.url, fragment)
                seen = in_templates.setdefault(key, [message, page.src_path, 0])
                seen[2] += 1
                continue
            source_file, line, markdown_line = found
            taken.add(markdown_line)
            problems.append(Problem(source_file or page.src_path, line, message))
    for message, first, count in in_templates.values():
        where = f"on {first}" + (f" and {count - 1} other page(s)" if count > 1 else "")
        problems.append(Problem(TEMPLATE, 0, f"in the page template, {where}: {message}"))
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
