"""`mkdocs serve` with a failing build: the browser shows the problems (file, line, message) instead of
hanging, and the fixed page as soon as a build succeeds (hooks/serve_hook.py, handbook.builderror)."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import tinybook

from handbook import builderror

UNCLOSED = "# A\n\n```yaml\nkind: Pod\n"
FIXED = "# A\n\n修好了的页面。\n"
BROKEN_LINK = "# A\n\n见 [小节](index.md#nowhere)。\n"


def test_the_error_page_lists_each_problem_escaped():
    page = builderror.error_page(
        ["docs/ch/a.md:3: code block opened here is never closed", "<script>x</script>", "docs/ch/a.md:3: …"],
        "sources: 1 problem(s)",
    )
    assert "<li><code>docs/ch/a.md:3</code> code block opened here is never closed</li>" in page
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert builderror.is_page_request("/tiny/ch/", "/tiny/") and builderror.is_page_request("/tiny/a.html", "/tiny/")
    assert not builderror.is_page_request("/tiny/assets/x.css", "/tiny/")
    assert not builderror.is_page_request("/livereload/1/2", "/")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _serve(folder, *flags):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", *flags, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        start_new_session=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/tiny/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except (OSError, ValueError):
        return ""


def _wait_for(url, text, timeout=90):
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        body = _get(url)
        if text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r}; last response:\n{body[:2000]}")


@pytest.mark.parametrize("flags", [(), ("--dirty",)])  # `make serve` may rebuild only what changed
def test_serve_shows_the_problems_of_a_failing_build_and_the_page_once_fixed(tmp_path, flags):
    folder = tinybook.write(tmp_path, {"ch/a.md": UNCLOSED})
    page = folder / "docs/ch/a.md"
    with _serve(folder, *flags) as url:
        # The first build fails: the server still starts and answers every page with the problems.
        body = _wait_for(url + "ch/a/", "构建失败")
        assert "<code>docs/ch/a.md:3</code> code block opened here is never closed" in body
        assert "livereload" in body  # reloads by itself once fixed
        assert "构建失败" in _get(url)
        page.write_text(FIXED, encoding="utf-8")
        assert "构建失败" not in _wait_for(url + "ch/a/", "修好了的页面")
        # A rebuild that fails after the pages were written (a broken link) is shown the same way.
        page.write_text(BROKEN_LINK, encoding="utf-8")
        body = _wait_for(url + "ch/a/", "构建失败")
        assert "<code>docs/ch/a.md:3</code> anchor #nowhere not found on ch/index.html" in body
        page.write_text(FIXED, encoding="utf-8")
        assert "构建失败" not in _wait_for(url + "ch/a/", "修好了的页面")


@pytest.mark.browser
def test_an_open_page_reloads_itself_to_show_the_problems(tmp_path, page):
    folder = tinybook.write(tmp_path, {"ch/a.md": FIXED})
    source = folder / "docs/ch/a.md"
    with _serve(folder) as url:
        _wait_for(url + "ch/a/", "修好了的页面")
        page.goto(url + "ch/a/", wait_until="load")
        assert "修好了的页面" in page.inner_text("body")
        source.write_text(UNCLOSED, encoding="utf-8")
        page.wait_for_selector("#hb-build-errors", timeout=90_000)
        assert "docs/ch/a.md:3" in page.inner_text("#hb-build-errors")
        source.write_text(FIXED, encoding="utf-8")
        page.wait_for_function("document.body && document.body.innerText.includes('修好了的页面')", timeout=90_000)


def test_each_rebuild_reports_in_full_though_it_repeats_an_earlier_message():
    """MkDocs' duplicate filter remembers a whole serve session; a rebuild as fast as an earlier one then
    never logged "Documentation built in 0.27 seconds" (tests and `make bench` wait for that line)."""
    import logging

    import mkdocs.commands.build
    import serve_hook
    from mkdocs.utils import DuplicateFilter

    logger = mkdocs.commands.build.log
    duplicate_filter, seen = DuplicateFilter(), []
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda record: seen.append(record.getMessage())
    level = logger.level
    logger.addFilter(duplicate_filter)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def build(config, **kwargs):
        logger.info("Documentation built in 0.27 seconds")
        logger.info("Documentation built in 0.27 seconds")  # within one build it is still said once

    try:
        guarded = serve_hook._guarded(build)
        guarded(None)
        guarded(None)
    finally:
        logger.removeFilter(duplicate_filter)
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert seen == ["Documentation built in 0.27 seconds"] * 2
