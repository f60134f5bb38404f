"""Tiny books built with the real book's configuration, for the fault corpus and the serve tests.

A tiny book is a folder with a few pages and a mkdocs.yml that INHERITs the real one: the same Markdown
extensions, validation, theme overrides, plugins and hooks, with its own nav, its own small glossary and
paths made absolute. Only the search plugin is left out (its Chinese segmentation costs a second per
build and no fault depends on it).
"""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

import sitekit

ROOT = Path(__file__).resolve().parent.parent

TERMS = """\
- id: pod
  en: Pod
  zh: ""
  short: 最小的部署单元。
  tags: [pod]
  link: ch/index.md#sec
- id: taint
  en: Taint
  zh: 污点
  short: 节点上的标记。
  tags: [scheduling]
  link: ch/index.md
  related: [pod]
"""

CHAPTER = "# 章\n\n## 小节 {#sec}\n\n一个 Pod 的故事。\n"
HOME = "# 首页\n\n正文。\n"


def real_config():
    return sitekit.read_config()


def _plugins(real):
    plugins = []
    for entry in real.get("plugins", []):
        name, options = (entry, None) if isinstance(entry, str) else next(iter(entry.items()))
        if name == "search":
            continue
        options = dict(options or {})
        if "cover_page_template" in options:
            options["cover_page_template"] = str(ROOT / options["cover_page_template"])
        plugins.append({name: options} if options else name)
    return plugins


GENERATED = ("questions/", "glossary/", "features/")


def _generated(real_nav):
    """The real nav's entries for the pages hooks generate (question bank, glossary, feature stages)."""
    from handbook import nav

    return [item for item in real_nav if all(p.startswith(GENERATED) for p in nav.page_paths(item))]


def write(folder, pages, *, terms=TERMS, nav=None, chapter=True, not_in_nav=()):
    """Write a tiny book into `folder` and return it.

    pages: {docs path: Markdown} added to (or replacing) a home page and a chapter `ch/` with one section
    (`ch/index.md#sec`), which the default glossary links to. nav: the nav, by default the home page, the
    chapter with its pages (every `ch/*.md`), then the other pages but those under the folders listed
    in not_in_nav, then the generated pages."""
    folder = Path(folder)
    docs = folder / "docs"
    base = {"index.md": HOME, "ch/index.md": CHAPTER} if chapter else {"index.md": HOME}
    for name, text in {**base, **pages}.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if not isinstance(text, bytes) else text.decode(), encoding="utf-8")
    (docs / "glossary").mkdir(parents=True, exist_ok=True)
    (docs / "glossary/terms.yml").write_text(terms, encoding="utf-8")
    features = ROOT / "docs/features/features.yml"
    if features.is_file():  # the features hook reads the real data (no page of it is needed)
        (docs / "features").mkdir(exist_ok=True)
        shutil.copy(features, docs / "features/features.yml")
    (docs / "assets/images").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "docs/assets/images/favicon.svg", docs / "assets/images/favicon.svg")
    (docs / "assets/javascripts").mkdir(parents=True, exist_ok=True)  # mermaid2 wants its module to exist
    shutil.copy(ROOT / "docs/assets/javascripts/mermaid-global.mjs", docs / "assets/javascripts/mermaid-global.mjs")
    real = real_config()
    if nav is None:
        chapter_pages = sorted(p for p in {**base, **pages} if p.startswith("ch/") and p.endswith(".md"))
        chapter_pages.sort(key=lambda p: p != "ch/index.md")
        others = sorted(
            p for p in pages if p.endswith(".md") and not p.startswith(("ch/", *not_in_nav)) and p != "index.md"
        )
        nav = ["index.md"] + ([{"章": chapter_pages}] if chapter_pages else []) + others + _generated(real["nav"])
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "site_name": "tiny",
        "site_url": "https://example.org/tiny/",
        "theme": {"custom_dir": str(ROOT / "overrides")},
        "plugins": _plugins(real),
        "hooks": [str(ROOT / hook) for hook in real["hooks"]],
        "nav": nav,
    }
    if not_in_nav:
        config["not_in_nav"] = "\n".join(not_in_nav) + "\n"
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")
    return folder


def build(folder, *flags):
    """`mkdocs build --strict` of a tiny book into folder/site; the CompletedProcess, output in .log."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *flags, "-d", str(Path(folder) / "site")],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**_environ(), "NO_MKDOCS_2_WARNING": "1"},
    )
    result.log = result.stdout + result.stderr
    result.site = Path(folder) / "site"
    return result


def _environ():
    import os

    return {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL")}


def line_of(text, needle):
    """The 1-based line of the first occurrence of needle in text."""
    return text[: text.index(needle)].count("\n") + 1


def problem_lines(log):
    """The `file:line: message` lines a build logged as errors (the logger's level prefix removed)."""
    found = []
    for line in log.splitlines():
        if line.startswith(("ERROR", "WARNING")) and " -  " in line:
            found.append(line.split(" -  ", 1)[1].strip())
    return found
