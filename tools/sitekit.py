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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory):
    """Serve a folder on 127.0.0.1 at a free port; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
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
