"""The external link checker against a local HTTP server (never the internet)."""

import http.server
import threading
import time

import linkcheck_external as lc
import pytest


class _Handler(http.server.BaseHTTPRequestHandler):
    flaky_calls = 0

    def log_message(self, *args):
        pass

    def _answer(self):
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/gone":
            self.send_response(404)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/slow":
            time.sleep(1.5)
            self.send_response(200)
        elif self.path == "/flaky":
            type(self).flaky_calls += 1
            self.send_response(503 if type(self).flaky_calls == 1 else 200)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/no-head":
            self.send_response(200)
        else:
            self.send_response(500)
        self.end_headers()

    do_HEAD = _answer
    do_GET = _answer


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_statuses(server):
    assert lc.check_url(server + "/ok").ok
    gone = lc.check_url(server + "/gone", retries=0)
    assert (gone.ok, gone.status) == (False, 404)
    moved = lc.check_url(server + "/moved")
    assert moved.ok and moved.status == 301 and moved.detail == "redirects to /ok"
    assert lc.check_url(server + "/no-head").ok  # HEAD refused, GET answered


def test_timeout_is_a_failure(server):
    slow = lc.check_url(server + "/slow", timeout=0.3, retries=0)
    assert not slow.ok and slow.status == 0


def test_transient_failures_are_retried(server):
    _Handler.flaky_calls = 0
    assert lc.check_url(server + "/flaky", retries=1, backoff=0.01).ok
    _Handler.flaky_calls = 0
    assert not lc.check_url(server + "/flaky", retries=0).ok


def test_cache_skips_fresh_good_results(server):
    cache = {}
    first = lc.check_all([server + "/ok", server + "/gone"], workers=4, retries=0, cache=cache)
    assert first[server + "/ok"].ok and not first[server + "/gone"].ok
    cache[server + "/ok"]["detail"] = "from cache"
    second = lc.check_all([server + "/ok"], workers=4, cache=cache)
    assert second[server + "/ok"].detail == "from cache"
    stale = lc.check_all([server + "/ok"], workers=4, cache=cache, max_age_hours=0)
    assert stale[server + "/ok"].detail == ""


def test_collect_and_report(tmp_path, server):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text(
        f'<a href="{server}/gone#x">g</a><a href="../b/">internal</a><img src="{server}/ok">'
    )
    pages = lc.collect_urls(tmp_path)
    assert pages == {f"{server}/gone": ["a/index.html"], f"{server}/ok": ["a/index.html"]}
    text, failed = lc.report(lc.check_all(list(pages), retries=0), pages)
    assert failed and f"{server}/gone  (404" in text and "used on: a/index.html" in text
