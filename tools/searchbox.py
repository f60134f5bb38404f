"""Typing into Material's search box in a Playwright page and reading the results as a reader sees them.

Shared by the search evaluation (tools/search_eval.py), its bench figures and the browser tests. It only
uses what a reader has (the search icon, the text box, the rendered result list), so it measures the
site as built, whatever scripts the site adds around Material's search.
"""

from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

# Material's Chinese UI strings (material/templates/partials/languages/zh.html).
PLACEHOLDER = "键入以开始搜索"
INITIALIZING = "正在初始化搜索引擎"
MISSING_LABEL = "缺少"
_META_SHOWS = """([state, placeholder, initializing]) => {
  const meta = document.querySelector('.md-search-result__meta');
  const text = meta ? meta.textContent.trim() : '';
  return state === 'ready' ? text === placeholder : text !== '' && text !== placeholder && text !== initializing;
}"""

_READ_RESULTS = """
(list) => [...list.querySelectorAll(':scope > li.md-search-result__item')].map(item =>
  [...item.querySelectorAll('a.md-search-result__link')].map(a => ({
    href: a.href,
    score: parseFloat(a.querySelector('article').dataset.mdScore),
    folded: !!a.closest('details'),
    title: (a.querySelector('h1, h2') || {}).textContent || '',
    teaser: [...a.querySelectorAll('article > :not(h1):not(h2):not(.md-search-result__terms):not(.md-tags)')]
      .map(n => n.textContent).join(' ').trim(),
    missing: [...a.querySelectorAll('.md-search-result__terms del')].map(d => d.textContent),
    html: a.querySelector('article').innerHTML,
  })))
"""


@dataclass
class Link:
    """One link of a result item: the page (the item's first link) or one of its sections."""

    target: str  # site-relative path plus fragment, e.g. "scheduling/taints/#taint-effects"
    score: float
    folded: bool  # under "N more on this page"
    title: str
    teaser: str
    missing: list
    html: str


@dataclass
class Item:
    """One result item: a page with the sections of it that matched."""

    links: list = field(default_factory=list)

    @property
    def page(self):
        return self.links[0].target.split("#", 1)[0]

    @property
    def shown(self):
        """Targets a reader sees without unfolding: the page and the best-scoring sections."""
        return [link.target for link in self.links if not link.folded]

    @property
    def best(self):
        """Where Enter leads: the link with the highest score."""
        return max(self.links, key=lambda link: link.score)


def site_target(href, base):
    """'http://host/base/a/b/?h=x#y' -> 'a/b/#y' (relative to the site's base URL)."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    base_path = urlsplit(base).path
    if path.startswith(base_path):
        path = path[len(base_path) :]
    return path + (f"#{parts.fragment}" if parts.fragment else "")


class SearchBox:
    """Material's search box on one open page: open it, type a query, read the result list."""

    def __init__(self, page, base_url):
        self.page = page
        self.base = base_url
        self.box = page.locator("input.md-search__input")
        self.meta = page.locator(".md-search-result__meta")

    def open(self, timeout_ms=60_000):
        """Click into the search box as a reader does (the header icon on narrow screens); wait until the
        index is ready."""
        if self.box.is_visible():
            self.box.click()
        else:
            self.page.locator("label.md-header__button[for=__search]").first.click()
            self.box.wait_for(state="visible")
        self._wait_meta("ready", timeout_ms)
        return self

    def search(self, query, timeout_ms=15_000):
        """Type a query (after clearing the box) and return the result items."""
        self.type("")
        self._wait_meta("ready", timeout_ms)
        self.type(query)
        self.wait_for_result(timeout_ms)
        return self.items()

    def wait_for_result(self, timeout_ms=15_000):
        """Wait until the result list answers a query (shows a count or "no results")."""
        self._wait_meta("result", timeout_ms)

    def type(self, text):
        # fill() sets the value with one input event; End then gives Material's keyup listener a key.
        self.box.fill(text)
        self.box.press("End")

    def items(self):
        raw = self.page.locator(".md-search-result__list").evaluate(_READ_RESULTS)
        return [
            Item(
                [
                    Link(
                        site_target(r["href"], self.base),
                        r["score"],
                        r["folded"],
                        r["title"].strip(),
                        r["teaser"],
                        r["missing"],
                        r["html"],
                    )
                    for r in links
                ]
            )
            for links in raw
            if links
        ]

    def meta_text(self):
        return self.meta.inner_text().strip()

    def _wait_meta(self, state, timeout_ms):
        """Wait until the result count line shows the placeholder ("ready") or a result ("result")."""
        self.page.wait_for_function(_META_SHOWS, arg=[state, PLACEHOLDER, INITIALIZING], timeout=timeout_ms)
