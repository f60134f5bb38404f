"""The last commit of every page from one `git log`, for mkdocs-git-revision-date-localized-plugin.

The plugin dates each page by running, for every page, in a pool of worker processes forked from the
build:

    git log -n 1 --format="%H %at" --diff-filter=r --follow -w --ignore-blank-lines -- <page>

About a second of every build goes to forking the pool and starting one git process per page. One
`git log --name-status` of the whole history holds the same answer for nearly every page: the newest
commit that added or modified the file at its path (`-w` and `--ignore-blank-lines` change no commit
list, only diffs). Where the answer could differ, the page is left out and the plugin asks git itself:

- the newest commit renamed (or copied) the file to its path: `--follow` and `--diff-filter=r` skip
  such a commit and go on under the old name;
- the newest entry deletes the path (a file committed, deleted, and now back but not committed);
- a file with no commit at all (the plugin falls back to the build date and says so);
- a history with merges, where `--follow` and a log of the whole tree may walk it differently: then
  no page is answered here.
"""

import importlib.metadata
import os
import subprocess
from pathlib import Path

VERIFIED_VERSION = "1.6.3"  # the plugin release whose cache and git command this answers for
# Fields of one commit's header line: NUL-free, and starting with a byte git never writes itself.
_HEADER = "\x01"
_FORMAT = f"--format={_HEADER}%H %at %P"


def _git(repo_dir, *args):
    """stdout of a git command, or None when git is missing or fails (not a repository, ...)."""
    try:
        result = subprocess.run(
            ["git", *args], cwd=repo_dir, capture_output=True, text=True, encoding="utf-8", timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def parse_log(output):
    """{path: (hash, author time)} of the files whose newest entry in `output` adds or modifies them.

    output: `git log -z -M --name-status` with _FORMAT, newest commit first. Returns None when the log
    has a merge commit. Paths are relative to the repository's top folder, as git prints them.
    """
    newest, settled = {}, set()
    commit = None
    tokens = iter(output.split("\0"))
    for token in tokens:
        if token.lstrip("\n").startswith(_HEADER):
            commit_hash, author_time, *parents = token.lstrip("\n")[1:].split(" ")
            if len(parents) > 1:
                return None
            commit = (commit_hash, int(author_time))
            continue
        status = token.lstrip("\n")
        if not status or commit is None:
            continue
        # Renames and copies name two paths, the source first; either path's newest entry is not a plain
        # addition or change of the file now at that path.
        paths = [next(tokens, ""), next(tokens, "")] if status[0] in "RC" else [next(tokens, "")]
        for path in paths:
            if path and path not in settled:
                settled.add(path)
                if status[0] in "AM":
                    newest[path] = commit
    return newest


def last_commits(repo_dir):
    """{absolute path: (hash, author time)} of the newest commit of each file git can answer for at
    once (see the module's notes), or {} without git, history, or a linear one."""
    top = _git(repo_dir, "rev-parse", "--show-toplevel")
    if not top:
        return {}
    output = _git(top.strip(), "log", "-z", "-M", "--name-status", _FORMAT)
    found = parse_log(output or "")
    if not found:
        return {}
    top = os.path.realpath(top.strip())
    return {os.path.join(top, *path.split("/")): commit for path, commit in found.items()}


def answer_for_plugin(plugin, page_paths):
    """Fill the plugin's cache of last commits for the pages git answered for at once, before the
    plugin's on_files would compute it page by page; it then asks git only for the pages left out.
    Returns how many pages were answered (0 when the plugin is not the verified release, keeps other
    options that change its answer, or has its cache from an earlier build of `mkdocs serve`).

    page_paths: absolute paths of the pages the plugin dates (written pages, not generated ones)."""
    if importlib.metadata.version("mkdocs-git-revision-date-localized-plugin") != VERIFIED_VERSION:
        return 0
    config, util = plugin.config, getattr(plugin, "util", None)
    if (
        util is None
        or not config.get("enabled")
        or not config.get("enable_parallel_processing")
        or util.ignored_commits
        or plugin.last_revision_commits
        or not page_paths
    ):
        return 0
    commits = last_commits(os.path.dirname(page_paths[0]))
    answered = 0
    for path in page_paths:
        commit = commits.get(os.path.realpath(path))
        if commit is not None:
            key = str(Path(path).absolute())  # the plugin's own cache key
            plugin.last_revision_commits[key] = commit
            plugin.cached_source_paths[key] = key
            answered += 1
    return answered
