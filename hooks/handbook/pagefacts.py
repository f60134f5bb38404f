"""The facts under every page: when it last changed (from git history) and where to report a problem.

mkdocs-git-revision-date-localized-plugin dates every written page from its own file's history. A
generated page (glossary, question bank, …) has no file in git: it is dated here by the newest commit of
what it is generated from, its folder under docs/ when that holds its data (docs/glossary/terms.yml),
otherwise the whole book (the question bank gathers questions from every chapter).
"""

import datetime
import logging
import subprocess
from pathlib import Path
from urllib.parse import urlencode

from babel.dates import format_date

DATE_LOCALE = "zh_CN"


def generated_page_sources(src_uri, docs_dir):
    """The paths (relative to the repository) whose history dates a generated page."""
    folder = src_uri.split("/", 1)[0] if "/" in src_uri else ""
    docs = Path(docs_dir)
    if folder and (docs / folder).is_dir():
        return [str(docs / folder)]
    return [str(docs)]


def last_commit_time(paths, cwd):
    """Unix time of the newest commit touching any of `paths`, or None (no git, no history, shallow
    clone without it): callers fall back to the plugin's build date."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", *paths], cwd=cwd, capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = result.stdout.strip()
    return int(stamp) if result.returncode == 0 and stamp.isdigit() else None


def date_meta(timestamp):
    """The page.meta entries the page template reads, for a Unix time (as the plugin writes them)."""
    day = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC).date()
    return {
        "git_revision_date_localized_raw_date": format_date(day, format="long", locale=DATE_LOCALE),
        "git_revision_date_localized_raw_iso_date": day.isoformat(),
    }


def report_issue_url(repo_url, page_title, page_url, src_path):
    """A link that opens a new GitHub issue about the page, title and body filled in."""
    if not repo_url:
        return None
    source = f"docs/{src_path}" if src_path else "（生成的页面）"
    body = f"页面：{page_url}\n源文件：{source}\n\n哪里有问题（引用原句更好）：\n\n应该怎样：\n"
    query = urlencode({"title": f"[页面问题] {page_title}", "body": body})
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


class ShallowCloneNotice(logging.Filter):
    """The date plugin warns when it runs in a shallow clone (CI's default checkout), which would fail the
    strict build. The dates then are the clone's one commit date: a known limit, reported as information.
    The workflow checks out the full history (fetch-depth: 0), so the published site has real dates."""

    def filter(self, record):
        if record.levelno == logging.WARNING and "shallow" in record.getMessage():
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True
