"""What `mkdocs serve` shows while the build fails: a page listing each problem as file, line and message.

MkDocs 1.6's server keeps the last good site when a rebuild raises, and makes every request wait until
a build succeeds: the browser hangs. The serve hook catches the failure instead, so the rebuild counts as
done (livereload reloads open pages), and answers every page request with this page, from memory, until
the next build succeeds. The page asks MkDocs' livereload endpoint for the next build and reloads itself
when there is one, so the fixed page replaces it.
"""

import html
import logging
import re

# MkDocs' livereload endpoint answers /livereload/<epoch>/<id> once a build newer than <epoch> is done
# (at once for epoch 0, with the current one).
_RELOAD = """
(function () {
  function poll(known) {
    fetch("/livereload/" + known + "/" + Date.now(), { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var epoch = parseFloat(text);
        if (known && epoch > known) location.reload();
        else setTimeout(function () { poll(epoch || known); }, known ? 1000 : 0);
      })
      .catch(function () { setTimeout(function () { poll(known); }, 3000); });
  }
  poll(0);
})();
"""
_LOCATED = re.compile(r"^(?P<where>[^\s:]+\.[A-Za-z0-9]+(?::\d+)?): (?P<message>.*)$", re.S)


class Collector(logging.Handler):
    """Keeps the text of every warning and error logged while it is attached."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        try:
            self.messages.append(record.getMessage())
        except Exception:  # a message that cannot be formatted is not worth failing the build over
            self.messages.append(str(record.msg))


def error_page(messages, summary):
    """A self-contained HTML page (no theme, no assets) listing the problems of a failed build."""
    items = []
    for message in dict.fromkeys(m.strip() for m in messages if m.strip()):
        located = _LOCATED.match(message)
        if located:
            items.append(f"<li><code>{html.escape(located['where'])}</code> {html.escape(located['message'])}</li>")
        else:
            items.append(f"<li>{html.escape(message)}</li>")
    listed = "\n".join(items) or "<li>（没有更多信息，请看终端里的输出）</li>"
    return f"""<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>构建失败 · Build failed</title>
<style>
  body {{ font: 16px/1.6 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }}
  h1 {{ color: #b00020; font-size: 1.5rem; }}
  li {{ margin: .5rem 0; white-space: pre-wrap; }}
  code {{ background: #f3f3f3; padding: .1rem .3rem; border-radius: 3px; }}
</style>
</head>
<body>
<h1>构建失败：本书没有更新</h1>
<p>改正下面的问题并保存，页面会自动刷新。 · Fix these and save; this page reloads by itself.</p>
<ul id="hb-build-errors">
{listed}
</ul>
<p><small>{html.escape(summary)}</small></p>
<script>{_RELOAD}</script>
</body>
</html>
"""


def is_page_request(path, mount_path):
    """Whether a request path asks for a page (not an asset, not livereload's polling)."""
    if not path.startswith(mount_path) or path.startswith("/livereload/"):
        return False
    return path.endswith("/") or path.endswith(".html")
