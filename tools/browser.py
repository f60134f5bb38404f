"""Finding and launching a headless Chromium for the browser tests, the PDF export and the benchmark.

Debian's `chromium` package is preferred: Playwright's own browser download does not work on machines
without general internet access. Playwright's bundled browser is the fallback where it is installed.
"""

import os
import shutil

SYSTEM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Without the background-networking switches Chromium keeps calling home (updates, sync, safe browsing),
# which a closed network refuses many times per start; root needs --no-sandbox.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

HOW_TO_GET_ONE = (
    "No Chromium found. Install Debian's package (`apt-get install chromium`), set CHROMIUM_PATH to a "
    "Chromium or Chrome binary, or run `.venv/bin/playwright install chromium` where downloads are allowed."
)


class BrowserNotFound(RuntimeError):
    pass


def find_system_chromium():
    """Path of a Chromium binary on this machine, or None."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.path.exists(explicit) else None
    for name in SYSTEM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def playwright_chromium_installed(playwright):
    try:
        return os.path.exists(playwright.chromium.executable_path)
    except Exception:  # Playwright raises when its browser registry is missing
        return False


def describe_available(playwright=None):
    """A short sentence saying which browser would be used, or None when there is none."""
    path = find_system_chromium()
    if path:
        return f"system Chromium at {path}"
    if playwright is not None and playwright_chromium_installed(playwright):
        return "Playwright's bundled Chromium"
    return None


def launch(playwright):
    """Launch headless Chromium: the system one when present, else Playwright's own, else a clear error."""
    path = find_system_chromium()
    if path:
        return playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS, headless=True)
    if playwright_chromium_installed(playwright):
        return playwright.chromium.launch(args=LAUNCH_ARGS, headless=True)
    raise BrowserNotFound(HOW_TO_GET_ONE)


def keep_local(route_owner, page, url):
    """Refuse every request to a host other than url's, and collect what the page reports as broken.

    route_owner is the page or its browser context (a context also covers workers and popups). Returns
    (foreign requests, console and page errors): lists that fill up as the page runs.
    """
    from urllib.parse import urlsplit

    local = urlsplit(url).netloc
    foreign, errors = [], []

    def route(request_route):
        target = urlsplit(request_route.request.url)
        if target.scheme in ("http", "https", "ws", "wss") and target.netloc != local:
            foreign.append(request_route.request.url)
            request_route.abort()
        else:
            request_route.continue_()

    route_owner.route("**/*", route)
    page.on("console", lambda msg: errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    return foreign, errors
