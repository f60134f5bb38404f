"""`make serve` rebuilds only what changed (mkdocs serve --dirty, hooks/incremental_hook.py), and the site
it serves is the site a full build makes: pages, nav, glossary back-links, question bank, self-test data,
search index. The print page is refreshed by full rebuilds only."""

import logging
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import tinybook
import yaml

from handbook import incremental, pagecache

# --- the per-page caches -----------------------------------------------------------------------------


@pytest.fixture
def caches():
    """Fresh named caches for a test, the module's own put back afterwards."""
    saved, pagecache._caches = pagecache._caches, {}
    yield pagecache
    pagecache._caches = saved
    pagecache.begin_build(False)


def test_a_full_build_starts_every_cache_empty(caches):
    usages = caches.named("t:usages")
    usages["a.md"] = 1
    assert caches.named("t:usages") is usages  # one object across rebuilds
    caches.begin_build(False)
    assert usages == {}
    usages["a.md"] = 1
    usages.start_build()  # a hook resetting its results in a full build
    assert usages == {}


def test_an_incremental_build_keeps_the_pages_that_still_exist(caches):
    scans = caches.named("t:scans")
    scans.update({"a.md": 1, "b.md": 2, "gone.md": 3})
    caches.begin_build(True, ["a.md", "b.md"])
    scans.start_build()
    assert scans == {"a.md": 1, "b.md": 2}
    assert caches.is_incremental()


# --- when a rebuild may be incremental ---------------------------------------------------------------


def _sources(files=None, outlines=None, theme=None, config="nav: []"):
    files = {"index.md": 1, "ch/a.md": 1, "glossary/terms.yml": 1, "assets/x.png": 1} if files is None else files
    outlines = outlines or {path: incremental.Outline((), f"# {path}") for path in files if path.endswith(".md")}
    return incremental.Sources(config, dict(files), dict(theme or {"main.html": 1, "assets/a.css": 1}), outlines)


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda s: s.files.update({"ch/a.md": 2}), None),  # the text of a page
        (lambda s: s.files.update({"assets/x.png": 2}), None),  # an image: copied as it is
        (lambda s: s.theme.update({"assets/a.css": 2}), None),  # a stylesheet of the theme
        (lambda s: s.files.update({"glossary/terms.yml": 2}), "glossary/terms.yml changed"),
        (lambda s: s.files.update({"ch/b.md": 1}), "added or removed: ch/b.md"),
        (lambda s: s.files.pop("ch/a.md"), "added or removed: ch/a.md"),
        (lambda s: s.theme.update({"main.html": 2}), "main.html changed"),
        (lambda s: setattr(s, "config", "nav: [index.md]"), "mkdocs.yml changed"),
        (
            lambda s: (s.files.update({"ch/a.md": 2}), s.outlines.update({"ch/a.md": incremental.Outline((), "# B")})),
            "title or front matter of docs/ch/a.md",
        ),
    ],
)
def test_what_forces_every_page_to_be_rebuilt(change, reason):
    previous, current = _sources(), _sources()
    change(current)
    found = incremental.full_rebuild_reason(previous, current)
    assert found == reason if reason is None else reason in found
    assert incremental.full_rebuild_reason(None, current) == "first build"


def test_outline_is_the_front_matter_and_the_title():
    page = "---\ndescription: 一句话\n---\n\n# 污点与容忍度\n\n正文 # 不是标题\n"
    assert incremental.outline(page) == incremental.Outline((("description", "'一句话'"),), "# 污点与容忍度")
    assert incremental.outline(page + "\n## 新的一节\n") == incremental.outline(page)
    assert incremental.outline(page.replace("一句话", "两句话")) != incremental.outline(page)


def test_search_entries_of_skipped_pages_come_back_in_build_order():
    cache = {}
    first = [
        {"location": "", "title": "home"},
        {"location": "ch/", "title": "chapter"},
        {"location": "ch/#s", "title": "chapter section"},
        {"location": "ch/a/", "title": "a"},
    ]
    order = ["index.md", "ch/index.md", "ch/a.md"]
    built = {"index.md": "", "ch/index.md": "ch/", "ch/a.md": "ch/a/"}
    assert incremental.search_entries(first, built, cache, order) == first
    # Only the home page is rebuilt: Material's own merge would drop every entry (all start with "").
    again = [{"location": "", "title": "home, edited"}, {"location": "#new", "title": "new section"}]
    merged = incremental.search_entries(again, {"index.md": ""}, cache, order)
    assert merged == again + first[1:]
    # The chapter's index page is rebuilt: its child page ch/a/ keeps its entries.
    merged = incremental.search_entries(
        [{"location": "ch/", "title": "chapter 2"}], {"ch/index.md": "ch/"}, cache, order
    )
    assert [e["title"] for e in merged] == ["home, edited", "new section", "chapter 2", "a"]


def test_the_dirty_notice_does_not_fail_a_strict_build():
    from mkdocs.utils import CountHandler

    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(counter)
    try:
        incremental.quiet_dirty_notice()
        incremental.quiet_dirty_notice()  # once is enough, twice does no harm
        build_log = logging.getLogger("mkdocs.commands.build")
        build_log.warning("A 'dirty' build is being performed, this will likely lead to inaccurate navigation")
        assert counter.get_counts() == []
        build_log.warning("any other warning")
        assert counter.get_counts() == [("WARNING", 1)]
    finally:
        mkdocs_log.removeHandler(counter)
    assert sum(isinstance(f, incremental.DirtyNoticeAsInfo) for f in build_log.filters) == 1


def test_jieba_segments_the_same_after_the_user_dictionary_is_loaded_again(tmp_path):
    jieba = pytest.importorskip("jieba")
    words = tmp_path / "user.txt"
    words.write_text("容忍度 100000 n\n污点 100000 n\n", encoding="utf-8")
    baseline = incremental.JiebaBaseline()
    baseline.restore()
    jieba.load_userdict(str(words))
    total = jieba.dt.total
    for _ in range(3):  # three rebuilds of `mkdocs serve`
        baseline.restore()
        jieba.load_userdict(str(words))
    assert jieba.dt.total == total


# --- the real thing: mkdocs serve --dirty on a tiny book ----------------------------------------------

PAGES = {
    "ch/index.md": """\
        # 章

        ## 小节 {#sec}

        一个 Pod 的故事。

        ## 面试题 {#interview}

        ??? question "Pod 是什么？"
            <!-- q: level=基础 tags=pod -->

            **答：** 最小的部署单元。
        """,
    "ch/more.md": "# 更多\n\n## 一节 {#one}\n\n节点上的污点（Taint）。\n",
    "ch/quiet.md": "# 安静\n\n## 一节 {#one}\n\n这一页没人改。\n",
}


FAIL = "FAIL-WHILE-WRITING-THIS-PAGE"
FAILING_HOOK = f"""
def on_post_page(output, page, config):
    if "{FAIL}" in output:
        raise RuntimeError("failing on purpose: " + page.file.src_uri)
    return output
"""


def _configure(folder, port):
    """The tiny book with the search plugin (tinybook leaves it out), at the address it is served on, with a
    hook that fails the build on a page that says so."""
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    search = next(e for e in tinybook.real_config()["plugins"] if isinstance(e, dict) and "search" in e)
    config["plugins"].insert(0, search)
    (folder / "failing_hook.py").write_text(FAILING_HOOK, encoding="utf-8")
    config["hooks"].append(str(folder / "failing_hook.py"))
    config["site_url"] = f"http://127.0.0.1:{port}/"
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Sites are compared byte for byte: both processes must order sets of strings alike.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0", "PYTHONUNBUFFERED": "1"}


class Server:
    """`mkdocs serve --strict --dirty` (what `make serve` runs) on a book; its site folder is the only
    folder MkDocs creates in `tmp`."""

    def __init__(self, folder, tmp, port):
        self.tmp = tmp
        command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
        self.process = subprocess.Popen(
            command,
            cwd=folder,
            env={**ENV, "TMPDIR": str(tmp)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines = queue.Queue()
        self.log = []
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stdout], daemon=True).start()

    def wait_for(self, text, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            self.log.append(line)
            if text in line:
                return
            if text != "The build failed" and "The build failed" in line:
                break
        raise AssertionError(f"no {text!r} from mkdocs serve:\n" + "".join(self.log[-40:]))

    def settle(self, timeout=180):
        """Until no build runs and none started for 2 s (whatever the outcome of a build the watcher queued)."""
        building, deadline = False, time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=2)
            except queue.Empty:
                if not building:
                    return
                continue
            self.log.append(line)
            if "Building documentation" in line:
                building = True
            elif "Documentation built in" in line or "The build failed" in line:
                building = False
        raise AssertionError("mkdocs serve kept building:\n" + "".join(self.log[-40:]))

    def wait_for_build(self):
        """Until a build succeeded and no other one started for a while (the watcher polls every 0.5 s)."""
        self.wait_for("Documentation built in")
        while True:
            try:
                line = self.lines.get(timeout=2)
            except queue.Empty:
                return
            self.log.append(line)
            if "Building documentation" in line:
                self.wait_for("Documentation built in")

    def full_rebuilds(self):
        """The reasons given for rebuilding every page, after the first build."""
        return re.findall(r"Rebuilding every page: (.*)", "".join(self.log))[1:]

    @property
    def site(self):
        (folder,) = [p for p in Path(self.tmp).iterdir() if p.name.startswith("mkdocs_")]
        return folder

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def _edit(path, old, new):
    time.sleep(1.1)  # a modification time the watcher and MkDocs both see as newer
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _full_build(folder, out):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=folder,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


PRINT_PAGE = "print_page/index.html"  # quick rebuilds leave it as the last full rebuild made it


def _assert_same_site(served, built, but=()):
    served_files = {p.relative_to(served).as_posix(): p for p in served.rglob("*") if p.is_file()}
    built_files = {p.relative_to(built).as_posix(): p for p in built.rglob("*") if p.is_file()}
    assert sorted(served_files) == sorted(built_files)
    different = [
        name
        for name in built_files
        if name not in but and served_files[name].read_bytes() != built_files[name].read_bytes()
    ]
    assert different == [], f"differ from a full build: {different}"


@pytest.fixture
def serving(tmp_path):
    """A tiny book served by `mkdocs serve --strict --dirty`, after its first build."""
    port = _free_port()
    book = _configure(tinybook.write(tmp_path / "book", PAGES), port)
    (tmp_path / "serve").mkdir()
    server = Server(book, tmp_path / "serve", port)
    try:
        server.wait_for_build()
        yield book, server
    finally:
        server.stop()


def test_serve_rebuilds_one_page_and_serves_what_a_full_build_makes(serving, tmp_path):
    book, server = serving
    quiet = server.site / "ch/quiet/index.html"
    quiet_written = quiet.stat().st_mtime_ns
    print_page = (server.site / PRINT_PAGE).read_bytes()
    # A term used in a new section (glossary back-links, search index), an answer changed (self-test data),
    # the home page changed (every search location starts with its URL, "").
    _edit(
        book / "docs/ch/more.md",
        "节点上的污点（Taint）。",
        "节点上的污点（Taint）。\n\n## 新的一节 {#new}\n\n又是 Pod。",
    )
    server.wait_for_build()
    _edit(book / "docs/ch/index.md", "最小的部署单元。", "最小的可部署单元。")
    server.wait_for_build()
    _edit(book / "docs/index.md", "正文。", "正文，改过。")
    server.wait_for_build()
    assert server.full_rebuilds() == []
    assert quiet.stat().st_mtime_ns == quiet_written, "a page nobody edited was rebuilt"
    _assert_same_site(server.site, _full_build(book, tmp_path / "full"), but=[PRINT_PAGE])
    assert (server.site / PRINT_PAGE).read_bytes() == print_page
    assert "print_page/ stays as the last full rebuild made it" in "".join(server.log)
    # A page's title is in every page's navigation: that rebuild has to be a full one.
    _edit(book / "docs/ch/quiet.md", "# 安静", "# 很安静")
    server.wait_for_build()
    assert server.full_rebuilds() == ["the title or front matter of docs/ch/quiet.md changed (other pages show them)."]
    assert quiet.stat().st_mtime_ns != quiet_written
    _assert_same_site(server.site, _full_build(book, tmp_path / "full2"))
    assert "WARNING" not in "".join(server.log)


def test_a_failed_rebuild_is_made_good_by_the_next_one(serving, tmp_path):
    """A rebuild that fails after writing some pages (here: a hook raises on the later of two edited
    pages) must not leave the pages it wrote behind for the next rebuild to skip: their search entries
    were never recorded."""
    book, server = serving
    time.sleep(1.1)
    for page, old, new in (("ch/index.md", "最小的部署单元。", "最小的可部署单元。"), ("ch/quiet.md", "没人改", FAIL)):
        path = book / "docs" / page
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    server.wait_for("The build failed")  # the serve hook reports it and keeps serving
    server.settle()
    _edit(book / "docs/ch/quiet.md", FAIL, "有人改了")
    server.wait_for_build()
    assert server.full_rebuilds() == []
    _assert_same_site(server.site, _full_build(book, tmp_path / "full"), but=[PRINT_PAGE])


def test_make_serve_uses_incremental_rebuilds():
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text(encoding="utf-8")
    serve = re.search(r"^serve:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "mkdocs serve" in serve and "--dirty" in serve and "--strict" in serve
    build = re.search(r"^build:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "--dirty" not in build


def test_compiled_templates_are_reused_until_a_template_changes(monkeypatch):
    import jinja2

    sources = {"main.html": "<p>{{ x }}</p>"}
    compiled = []
    real_compile = jinja2.Environment.compile
    monkeypatch.setattr(
        jinja2.Environment, "compile", lambda env, *a, **k: compiled.append(1) or real_compile(env, *a, **k)
    )

    class Theme:
        def get_env(self):
            return jinja2.Environment(loader=jinja2.DictLoader(sources))

    cache = incremental.TemplateCache()
    for _ in range(3):  # three rebuilds, each with a new environment
        theme = Theme()
        cache.attach(theme)
        assert theme.get_env().get_template("main.html").render(x=1) == "<p>1</p>"
    assert len(compiled) == 1
    sources["main.html"] = "<div>{{ x }}</div>"
    theme = Theme()
    cache.attach(theme)
    assert theme.get_env().get_template("main.html").render(x=2) == "<div>2</div>"
    assert len(compiled) == 2
