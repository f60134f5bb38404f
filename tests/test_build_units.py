"""Pure helpers that make the build faster without changing what it writes: one `git log` for the pages'
dates (handbook.gitdates), one YAML parse for values and line numbers (handbook.yamlparse), the data files
read once per text (handbook.glossary, handbook.features), and the heap frozen after configuration
(hooks/heap_hook.py)."""

import os
import shutil
import subprocess

import pytest
import yaml

from handbook import features, gitdates, glossary, yamlparse

# --- gitdates --------------------------------------------------------------------------------------------

H = gitdates._HEADER


def _log(*commits):
    """A `git log -z --name-status` text in gitdates' format: commits as (hash, time, parents, entries)."""
    out = []
    for commit_hash, time, parents, entries in commits:
        out.append(f"{H}{commit_hash} {time} {' '.join(parents)}".rstrip())
        for entry in entries:
            out.extend(entry)
    return "\0".join(out) + "\0"


def test_the_newest_addition_or_change_of_each_path_wins():
    log = _log(
        ("c3", 300, ["c2"], [("M", "docs/a.md")]),
        ("c2", 200, ["c1"], [("M", "docs/a.md"), ("A", "docs/b.md")]),
        ("c1", 100, [], [("A", "docs/a.md")]),
    )
    assert gitdates.parse_log(log) == {"docs/a.md": ("c3", 300), "docs/b.md": ("c2", 200)}


def test_paths_whose_newest_entry_is_a_rename_or_deletion_are_left_to_the_plugin():
    log = _log(
        ("c3", 300, ["c2"], [("R100", "docs/old.md", "docs/new.md"), ("D", "docs/gone.md")]),
        ("c2", 200, ["c1"], [("M", "docs/old.md"), ("M", "docs/gone.md")]),
        ("c1", 100, [], [("A", "docs/old.md"), ("A", "docs/gone.md"), ("A", "docs/kept.md")]),
    )
    assert gitdates.parse_log(log) == {"docs/kept.md": ("c1", 100)}


def test_a_history_with_a_merge_is_left_to_the_plugin():
    log = _log(("m", 300, ["a", "b"], []), ("a", 200, [], [("A", "docs/a.md")]))
    assert gitdates.parse_log(log) is None


def _git(repo, *args, time=None):
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    if time is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{time} +0000"
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def _plugins_answer(repo, path):
    """What mkdocs-git-revision-date-localized-plugin 1.6.3 runs for one page."""
    out = _git(
        repo,
        "log",
        "-n",
        "1",
        "--format=%H %at",
        "--diff-filter=r",
        "--follow",
        "-w",
        "--ignore-blank-lines",
        "--",
        path,
    ).strip()
    commit_hash, time = out.split(" ")
    return commit_hash, int(time)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_one_log_gives_the_plugins_own_answer_for_every_page_it_answers(tmp_path):
    repo = tmp_path
    _git(repo, "init", "-q")
    docs = repo / "docs"
    docs.mkdir()
    for name in ("a.md", "b.md", "c.md", "old.md"):
        (docs / name).write_text(f"# {name}\n\nline\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "one", time=1_700_000_000)
    (docs / "a.md").write_text("# a.md\n\nchanged\n", encoding="utf-8")
    _git(repo, "mv", "docs/old.md", "docs/new.md")
    _git(repo, "commit", "-qam", "two", time=1_700_000_100)
    (docs / "b.md").write_text("# b.md\n\nline\n\n", encoding="utf-8")  # a blank line only
    _git(repo, "commit", "-qam", "three", time=1_700_000_200)

    found = gitdates.last_commits(str(docs))
    answered = {os.path.relpath(path, os.path.realpath(repo)): commit for path, commit in found.items()}
    assert "docs/new.md" not in answered  # renamed: the plugin follows it back, so it asks git itself
    assert set(answered) == {"docs/a.md", "docs/b.md", "docs/c.md"}
    for path, commit in answered.items():
        assert commit == _plugins_answer(repo, path), path


def test_outside_a_repository_nothing_is_answered(tmp_path):
    assert gitdates.last_commits(str(tmp_path)) == {}


# --- yamlparse -------------------------------------------------------------------------------------------

TEXT = "- name: Pod\n  stages: [{stage: ga, from: '1.0'}]\n- name: x\n  on: yes\n  when: 2026-11-29\n"


def test_one_parse_gives_what_load_and_compose_give():
    values, root = yamlparse.values_and_nodes(TEXT)
    assert values == yaml.load(TEXT, Loader=yamlparse.LOADER)
    assert root.start_mark.line == yaml.compose(TEXT, Loader=yamlparse.LOADER).start_mark.line
    assert [item.start_mark.line for item in root.value] == [0, 2]


def test_an_empty_document_and_a_broken_one():
    assert yamlparse.values_and_nodes("") == (None, None)
    with pytest.raises(yaml.MarkedYAMLError):
        yamlparse.values_and_nodes("a: [1, 2\n")


# --- data files read once per text -----------------------------------------------------------------------

TERMS = """\
- id: pod
  en: Pod
  zh: ""
  short: 一组共享网络和存储的容器，调度的最小单位。
  tags: [workload]
  link: workloads/pod.md
"""


def test_the_glossary_read_twice_gives_each_caller_terms_of_its_own():
    first = glossary.load_terms(TERMS, "terms.yml")
    first[0].short = "changed by the first caller"
    second = glossary.load_terms(TERMS, "terms.yml")
    assert second[0].short.startswith("一组共享")


def test_a_broken_glossary_fails_on_every_read_and_a_missing_page_is_still_reported():
    broken = TERMS + "- id: pod\n"
    for _ in range(2):
        with pytest.raises(glossary.GlossaryError):
            glossary.load_terms(broken, "terms.yml")
    glossary.load_terms(TERMS, "terms.yml")  # the good text is remembered ...
    with pytest.raises(glossary.GlossaryError, match="workloads/pod.md"):
        glossary.load_terms(TERMS, "terms.yml", doc_pages={"index.md"})  # ... but pages are checked each time


def test_broken_feature_data_fails_on_every_read():
    broken = "- name: Unknown\n  kind: gate\n  stages: not-a-list\n"
    problems = []
    for _ in range(2):
        with pytest.raises(features.FeatureError) as raised:
            features.load(broken, "1.37")
        problems.append(raised.value.problems)
    assert problems[0] == problems[1] and problems[0]


def test_a_build_freezes_the_heap_after_configuration_and_serve_does_not():
    import gc
    import importlib.util
    from pathlib import Path

    hook_path = Path(__file__).resolve().parent.parent / "hooks" / "heap_hook.py"
    spec = importlib.util.spec_from_file_location("heap_hook_under_test", hook_path)
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    gc.unfreeze()
    try:
        hook.on_startup(command="serve", dirty=True)
        hook.on_config(config=None)
        assert gc.get_freeze_count() == 0  # serve reloads the configuration: nothing may be kept forever
        hook.on_startup(command="build", dirty=False)
        hook.on_config(config=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
