"""MkDocs hook: while `mkdocs serve` has a failing build, the browser shows the problems.

MkDocs 1.6 serve on a build error: the first build's error ends the server; a rebuild's error is printed
in the terminal and every request then waits for a build that succeeds, so the browser hangs (see
handbook.builderror). Here, for `serve` only:

- on_startup: the build serve runs is wrapped: its warnings and errors are collected, and a failure is
  caught (so the server starts, and livereload reloads open pages) and kept as an error page;
- on_serve: requests for pages get that page while the last build failed, the real ones again after a
  build succeeds. Nothing is written into the site.

Each rebuild also starts with MkDocs' duplicate filter emptied. `mkdocs` puts one on the build logger so a
build does not repeat itself, but it remembers every message of the whole session: a rebuild that takes
as long as an earlier one (to the hundredth of a second) never says "Documentation built in", and a
warning of that logger already logged by an earlier rebuild is dropped before the strict count and the
error page see it.
"""

import logging
from urllib.parse import urlsplit

import mkdocs.commands.build
import mkdocs.commands.serve
from mkdocs.utils import DuplicateFilter

from handbook import builderror

log = logging.getLogger("mkdocs.hooks.serve")
_failed = {}  # "page": the error page (bytes) while the last build failed


def forget_logged_messages():
    """Empty the memory of MkDocs' duplicate filters on the build logger: each rebuild reports in full."""
    for log_filter in mkdocs.commands.build.log.filters:
        if isinstance(log_filter, DuplicateFilter):
            log_filter.msgs.clear()


def _guarded(build):
    def guarded_build(config, **kwargs):
        forget_logged_messages()
        collector = builderror.Collector()
        logging.getLogger("mkdocs").addHandler(collector)
        try:
            build(config, **kwargs)
            _failed.clear()
        except Exception as error:  # Abort, BuildError, or a plugin's crash: all shown the same way
            page = builderror.error_page(collector.messages, str(error) or type(error).__name__)
            _failed["page"] = page.encode("utf-8")
            log.error("The build failed: the browser shows the problems above until a build succeeds.")
        finally:
            logging.getLogger("mkdocs").removeHandler(collector)

    guarded_build.guarded = True
    return guarded_build


def on_startup(command, dirty):
    if command == "serve" and not getattr(mkdocs.commands.serve.build, "guarded", False):
        mkdocs.commands.serve.build = _guarded(mkdocs.commands.serve.build)


def on_serve(server, config, builder):
    serve_site = server.get_app()
    mount_path = urlsplit(config.site_url or "/").path or "/"

    def app(environ, start_response):
        page = _failed.get("page")
        if page is None or not builderror.is_page_request(environ.get("PATH_INFO", ""), mount_path):
            return serve_site(environ, start_response)
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))]
        start_response("200 OK", headers + [("Cache-Control", "no-store")])
        return [page]

    server.set_app(app)
    return server
