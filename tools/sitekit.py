"""Small helpers shared by the tests, the PDF export and the benchmark: build the book, serve a folder."""

import contextlib
import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(site_dir, *extra_args, config="mkdocs.yml", env=None):
    """Run `mkdocs build --strict` into site_dir; return the CompletedProcess (never raises on failure)."""
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(config),
        "--site-dir",
        str(site_dir),
        *extra_args,
    ]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that closes a connection mid-response (a page left before it loaded) is not a fault
        # of the site: do not print a traceback into the test output for it.
        if isinstance(sys.exc_info()[1], ConnectionResetError | BrokenPipeError):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory, handler=QuietHandler, base="/"):
    """Serve a folder on 127.0.0.1 at a free port; yields the base URL (ending in `base`)."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base}"
    finally:
        server.shutdown()
        server.server_close()


def read_config(path=None):
    """mkdocs.yml as written: its !ENV and !!python tags read as nothing, nothing of it run."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load(Path(path or ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
