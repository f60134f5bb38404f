"""mkdocs-mermaid2-plugin, kept, made fast and exact: pure helpers for hooks/mermaid_hook.py.

mermaid2 does two things for us: its superfences formatter writes each diagram as
`<pre class="mermaid"><code>source</code></pre>`, and its on_post_page adds the <script> that loads mermaid
to every page that has such a block. Both need a repair:

- The formatter writes the source unescaped, so a label such as `List<Pod>` or a `<br/>` line break
  becomes an HTML tag; BeautifulSoup and the browser then drop it, and Material hands mermaid the text
  without it. `escaping_fence` wraps the formatter so the source is escaped: the block's text is then
  what the author wrote. mermaid itself still reads `<Pod>` in a label as an (unknown, so removed) HTML
  tag, so a `<` that opens no formatting tag is given to mermaid as its entity code `#lt;`.
- on_post_page parses and re-serialises the whole page with BeautifulSoup's html.parser to decide whether
  to add the script and to append it: about 40% of a full build. `fast_post_page` takes its place in
  MkDocs' list of post_page handlers: it hands mermaid2's own on_post_page a stand-in document (one empty
  diagram block when the page has diagrams, none otherwise), takes what mermaid2 appended to the
  stand-in's body and inserts it at the end of the real page's body. What the script says (path, module
  or not, arguments) stays mermaid2's decision, and no other handler ever sees the stand-in. Its answer
  depends on the page only through the path from the page's folder to mermaid's script, so it is asked
  once per stand-in and path (a handful of times a build) instead of once per page.
"""

import html
import os
import re

import mermaid2

# mermaid2 recognises diagrams with the CSS selector "pre.mermaid code"; this is the same test on the
# markup Python-Markdown writes (quoted attributes, the code element inside the pre).
_DIAGRAM = re.compile(
    r"""<pre\b[^>]*?\bclass\s*=\s*(["'])(?:[^"']*\s)?mermaid(?:\s[^"']*)?\1[^>]*>(?:(?!</pre>).)*?<code\b""",
    re.S | re.I,
)

_DIAGRAM_BLOCK = '<pre class="mermaid"><code></code></pre>'
_STAND_IN = "<!DOCTYPE html>\n<html><head></head><body>{}</body></html>"


class StandInError(RuntimeError):
    """mermaid2 changed the stand-in in a way other than appending to its body."""


def has_diagrams(page_html: str) -> bool:
    """Whether mermaid2 would find a diagram (`pre.mermaid code`) in the page."""
    return _DIAGRAM.search(page_html) is not None


def stand_in(page_html: str) -> str:
    """A minimal document that mermaid2 treats exactly as it would the page: with one diagram block when
    the page has diagrams, without any (and without the word mermaid, so it skips it) otherwise."""
    return _STAND_IN.format(_DIAGRAM_BLOCK if has_diagrams(page_html) else "")


def added_to_body(sent: str, returned: str) -> str:
    """What mermaid2 appended to the stand-in's body ("" when it returned the stand-in unchanged)."""
    if returned == sent:
        return ""
    body = sent[sent.index("<body>") + len("<body>") : sent.rindex("</body>")]
    _, found, rest = returned.partition("<body>" + body)
    added, closed, _ = rest.rpartition("</body>")
    if not found or not closed:
        raise StandInError(f"mermaid2 rewrote the page instead of appending to it: {returned[:300]!r}")
    return added


def insert_at_body_end(page_html: str, snippet: str) -> str:
    """Insert markup just before the page's closing </body>, where mermaid2 appends its script."""
    if not snippet:
        return page_html
    end = page_html.rfind("</body>")
    if end < 0:
        return page_html + snippet
    return page_html[:end] + snippet + page_html[end:]


def script_path_for(plugin, page):
    """The one thing of the page that what mermaid2 appends depends on: the path it writes from the page's
    folder to mermaid's script (os.path.relpath of its `javascript` setting; mermaid2 only logs the page's
    title). None when this mermaid2 does not keep that setting where 2.x does: then nothing is shared."""
    javascript = getattr(plugin, "javascript", None)
    if not isinstance(javascript, str) or not hasattr(plugin, "extra_javascript"):
        return None
    javascript = javascript.strip()
    if plugin.extra_javascript or javascript.startswith("http"):
        return javascript
    return os.path.relpath(javascript, os.path.dirname(page.url))


def fast_post_page(plugin):
    """An on_post_page handler with the result of mermaid2's (`plugin`), at the cost of a tiny document,
    asked once per stand-in and script path: pages in folders of the same depth share the answer."""
    answers = {}

    def mermaid2_on_a_stand_in(output, page, config):
        sent = stand_in(output)
        key = script_path_for(plugin, page)
        if key is None or (sent, key) not in answers:
            returned = plugin.on_post_page(sent, page=page, config=config)
            added = fix_bare_module_import(added_to_body(sent, returned))
            if key is None:
                return insert_at_body_end(output, added)
            answers[(sent, key)] = added
        return insert_at_body_end(output, answers[(sent, key)])

    return mermaid2_on_a_stand_in


def replace_handler(handlers: list, plugin, replacement) -> bool:
    """Put `replacement` where `plugin`'s own handler is in an event's handler list (same priority, same
    place); False when the plugin has none there."""
    for index, handler in enumerate(handlers):
        if getattr(handler, "__self__", None) is plugin:
            replacement.mkdocs_priority = getattr(handler, "mkdocs_priority", 0)
            handlers[index] = replacement
            return True
    return False


# mermaid2 writes `import mermaid from "<path>"` with os.path.relpath, which turns the path of a page at
# the site root into a bare specifier ("assets/..."). Browsers refuse bare specifiers in module scripts,
# so diagrams on the home page would never render.
_BARE_IMPORT = re.compile(r'(import\s+mermaid\s+from\s+")(?![./]|[a-z][a-z0-9+.-]*:)([^"]+")')


def fix_bare_module_import(markup: str) -> str:
    """Prefix a bare mermaid import path with './' so it resolves relative to the page."""
    return _BARE_IMPORT.sub(r"\1./\2", markup)


# Tags that format a label (mermaid keeps them); any other `<name` is text such as `List<Pod>`.
LABEL_TAGS = frozenset("a b br code del em hr i ins kbd mark p s small span strong sub sup u".split())
# `<` before a letter (or `</` before one), not part of `<<annotation>>` (class and state diagrams).
_TAG_START = re.compile(r"(?<!<)<(?!<)(?=/?([A-Za-z][\w-]*))")


def keep_angle_brackets(source: str) -> str:
    """Write a `<` that opens no formatting tag as mermaid's entity code, so mermaid shows it as text."""
    return _TAG_START.sub(lambda m: m.group(0) if m.group(1).lower() in LABEL_TAGS else "#lt;", source)


def escaping_fence(format_fn):
    """Wrap a superfences formatter so the diagram source reaches mermaid as written: `<` that is text
    becomes `#lt;` (keep_angle_brackets), then the whole source is HTML-escaped.

    The wrapper keeps the formatter's name: mermaid2 switches to its loader for superfences only when the
    mermaid fence's formatter is called `fence_mermaid_custom`.
    """

    def fence(source, language, css_class, options, md, *args, **kwargs):
        escaped = html.escape(keep_angle_brackets(source), quote=False)
        markup = format_fn(escaped, language, css_class, options, md, *args, **kwargs)
        # mermaid2 writes `<pre  class=` (two spaces); BeautifulSoup used to tidy that, so pages keep the
        # markup they always had.
        return re.sub(r"^<pre\s+", "<pre ", markup)

    fence.__name__ = getattr(format_fn, "__name__", "fence")
    return fence


def escape_mermaid_fences(mdx_configs: dict) -> int:
    """Make every superfences custom fence formatted by mermaid2 escape its source; returns how many."""
    fences = (mdx_configs.get("pymdownx.superfences") or {}).get("custom_fences") or []
    wrapped = 0
    for fence in fences:
        format_fn = fence.get("format")
        if format_fn is mermaid2.fence_mermaid_custom or format_fn is mermaid2.fence_mermaid:
            fence["format"] = escaping_fence(format_fn)
            wrapped += 1
    return wrapped
