"""A copy of the site that works from file://, zipped: search, diagrams and the self-test included.

The copy is the real build (the same config and hooks as `make build`), adjusted for a browser that
opens pages from disk. Such a browser shows a file listing for a link to a folder, and refuses Web
Workers, JavaScript modules and fetch(), all of which the site relies on. So:

- links to folders ("../taints/") point at the folder's index.html, in the pages and in the search
  index; links that scripts build from data are mended on click (tools/offline/offline.js);
- search: the index is also written as a script (search/search_index.js, which Material loads itself
  when it runs from file://, the way its own offline plugin writes it), and Material's search worker
  runs through the iframe-worker shim (node_modules/iframe-worker, pinned in package-lock.json);
- diagrams: each page's mermaid module import becomes the classic build of the same mermaid
  (node_modules/mermaid/dist/mermaid.min.js), which Material picks up as window.mermaid; any other
  module script fails the run, since it could not work;
- data: each JSON file the pages fetch (the self-test's questions, the glossary's back-links) is packed
  as a script, and tools/offline/offline.js answers the pages' fetch() from those.

The books of docs/assets/books/ are left out; the copy links to them on the published site.

    python tools/make_offline.py --out dist/k8s-handbook-offline.zip
"""

import argparse
import json
import os
import posixpath
import re
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

import sitekit  # noqa: E402
from handbook import books, printpage  # noqa: E402

ROOT = sitekit.ROOT
NODE_MODULES = ROOT / "node_modules"
WORKER_SHIM = NODE_MODULES / "iframe-worker" / "shim" / "index.js"
MERMAID_CLASSIC = NODE_MODULES / "mermaid" / "dist" / "mermaid.min.js"
OFFLINE_SCRIPT = Path(__file__).resolve().parent / "offline" / "offline.js"
SHIM_PATH = "assets/javascripts/iframe-worker/shim.js"
MERMAID_PATH = "assets/javascripts/mermaid/mermaid.min.js"
OFFLINE_PATH = "assets/javascripts/offline.js"
DATA_DIR = "assets/javascripts/offline-data"
SEARCH_INDEX = "search/search_index.json"
TOP_FOLDER = "k8s-handbook-offline"
LEFT_OUT = (books.BOOKS_DIR, posixpath.dirname(books.LEGACY_PDF))

_MERMAID_IMPORT = re.compile(
    r'<script type="module">\s*import mermaid from "([^"]*mermaid-global\.mjs)";(.*?)</script>', re.S
)
_MODULE_SCRIPT = re.compile(r'<script[^>]*type="module"[^>]*>', re.I)
_HREF = re.compile(r'(\shref=")([^"]*)(")')


class OfflineError(RuntimeError):
    pass


def relative(path, page):
    """A site path as a page at `page` (site-relative) must write it."""
    return posixpath.relpath(path, posixpath.dirname(page) or ".")


def file_link(href, page, is_folder, site_url):
    """A link as the copy needs it: a folder's index.html instead of the folder; a left-out book on the
    published site. href as written in the page at `page`; is_folder(site path) says what a path is."""
    if not href or href.startswith(("#", "//")) or urlsplit(href).scheme:
        return href
    path, _, fragment = href.partition("#")
    path, _, query = path.partition("?")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path) or "."))
    if target.startswith(LEFT_OUT) and site_url:
        return site_url.rstrip("/") + "/" + target + (f"#{fragment}" if fragment else "")
    if not is_folder(target):
        return href
    path = (path.rstrip("/") + "/index.html") if path not in ("", ".") else "index.html"
    return path + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


def adapt_page(page_html, page, is_folder, site_url):
    """One page of the copy: folder links, the worker shim and offline.js, classic mermaid. Raises
    OfflineError when a module script is left (a page opened from file:// cannot run one)."""
    page_html = _HREF.sub(
        lambda m: m.group(1) + file_link(m.group(2), page, is_folder, site_url) + m.group(3), page_html
    )

    def classic(match):
        rest = match.group(2).strip()
        return f'<script src="{relative(MERMAID_PATH, page)}"></script>' + (f"<script>{rest}</script>" if rest else "")

    page_html = _MERMAID_IMPORT.sub(classic, page_html)
    left = _MODULE_SCRIPT.search(page_html)
    if left:
        line = page_html[: left.start()].count("\n") + 1
        raise OfflineError(f"{page}:{line}: a module script, which a page opened from file:// cannot run")
    scripts = "".join(f'<script src="{relative(path, page)}"></script>' for path in (SHIM_PATH, OFFLINE_PATH))
    return page_html.replace("</head>", scripts + "</head>", 1)


def search_index_for_files(index_json):
    """Material's search index with every location pointing at a file ("a/b/#x" -> "a/b/index.html#x"),
    as a script that sets `__index` (what Material loads when it runs from file://)."""
    index = json.loads(index_json)
    for doc in index.get("docs", []):
        path, hash_, fragment = doc["location"].partition("#")
        if path == "" or path.endswith("/"):
            path += "index.html"
        doc["location"] = path + hash_ + fragment
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return data, f"var __index = {data}"


def pack_data(site_dir):
    """Every JSON file the pages fetch, as a script that files it under its site path. Returns
    {site path: script path}."""
    packed = {}
    for number, path in enumerate(sorted(site_dir.rglob("*.json")), start=1):
        site_path = path.relative_to(site_dir).as_posix()
        if site_path.startswith("search/"):
            continue  # Material loads the search index itself (search_index.js)
        text = path.read_text(encoding="utf-8")
        literal = json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        script = f"{DATA_DIR}/{number}.js"
        (site_dir / script).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / script).write_text(
            "window.HB_OFFLINE_DATA = window.HB_OFFLINE_DATA || {};\n"
            f"window.HB_OFFLINE_DATA[{json.dumps(site_path)}] = {literal};\n",
            encoding="utf-8",
        )
        packed[site_path] = script
    return packed


def adapt_site(site_dir):
    """Turn a built site into the offline copy, in place. Returns counts of what was changed."""
    site_dir = Path(site_dir)
    for needed in (WORKER_SHIM, MERMAID_CLASSIC):
        if not needed.is_file():
            raise OfflineError(f"{needed} not found: run `make setup` (npm ci installs it)")
    if not (site_dir / SEARCH_INDEX).is_file():
        raise OfflineError(f"{site_dir / SEARCH_INDEX} not found: is this a built site?")
    for folder in LEFT_OUT:
        shutil.rmtree(site_dir / folder, ignore_errors=True)
    for source, target in ((WORKER_SHIM, SHIM_PATH), (MERMAID_CLASSIC, MERMAID_PATH)):
        (site_dir / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, site_dir / target)
    data_files = pack_data(site_dir)
    script = OFFLINE_SCRIPT.read_text(encoding="utf-8").replace("__HB_OFFLINE_FILES__", json.dumps(data_files))
    (site_dir / OFFLINE_PATH).write_text(script, encoding="utf-8")
    index_json, index_script = search_index_for_files((site_dir / SEARCH_INDEX).read_text(encoding="utf-8"))
    (site_dir / SEARCH_INDEX).write_text(index_json, encoding="utf-8")
    (site_dir / "search" / "search_index.js").write_text(index_script, encoding="utf-8")
    print_page = site_dir / printpage.print_page_file()
    site_url = printpage.read_book_metadata(print_page.read_text(encoding="utf-8")).get("site_url", "")

    def is_folder(path):
        return path in (".", "") or (site_dir / path / "index.html").is_file()

    pages = 0
    for path in sorted(site_dir.rglob("*.html")):
        page = path.relative_to(site_dir).as_posix()
        path.write_text(adapt_page(path.read_text(encoding="utf-8"), page, is_folder, site_url), encoding="utf-8")
        pages += 1
    return {"pages": pages, "data_files": len(data_files)}


def zip_time(environ=os.environ):
    epoch = environ.get("SOURCE_DATE_EPOCH")
    moment = int(epoch) if epoch and epoch.isdigit() else time.time()
    return max(time.gmtime(moment)[:6], (1980, 1, 1, 0, 0, 0))


def write_zip(site_dir, out_path):
    """The copy under one folder, files in a fixed order with one timestamp."""
    stamp = zip_time()
    with zipfile.ZipFile(out_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in Path(site_dir).rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{TOP_FOLDER}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def build(out_path, site_dir=None):
    """Zip an offline copy of the site to out_path. site_dir: a built site to copy (`make build`'s);
    by default the book is built afresh into a temporary folder. Returns a dict of what was done."""
    out_path = Path(out_path)
    with tempfile.TemporaryDirectory() as temporary:
        copy = Path(temporary) / "site"
        if site_dir:
            shutil.copytree(site_dir, copy)
        else:
            result = sitekit.build(copy, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
            if result.returncode != 0:
                raise OfflineError(f"the build failed:\n{(result.stdout + result.stderr)[-4000:]}")
        stats = adapt_site(copy)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        write_zip(copy, out_path)
    return stats | {"bytes": out_path.stat().st_size}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", help="a built site to copy (default: build the book afresh)")
    parser.add_argument("--out", default="dist/k8s-handbook-offline.zip")
    args = parser.parse_args(argv)
    try:
        stats = build(args.out, args.site)
    except OfflineError as error:
        print(f"make_offline: {error}", file=sys.stderr)
        return 1
    print(
        f"wrote {args.out}: {stats['bytes'] / 1e6:.1f} MB, {stats['pages']} pages, "
        f"{stats['data_files']} data files packed as scripts"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
