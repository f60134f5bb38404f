"""Give every question a stable id, and record the positional ids they had before.

Questions used to be anchored by position (`q-<page>-<n>`), so inserting one renumbered every later one.
Now the metadata line names the anchor (`<!-- q: id=taints-noexecute level=… tags=… -->`). This script

- writes an `id=` into the metadata line of every question that has none: the page's stem and up to
  three words of the title (glossary term ids for the terms it names, its English words), made unique;
- records {old positional id: new id} in hooks/handbook/legacy_question_ids.json, from the questions
  as they stood at --base (the commit readers' links and saved progress come from), matched by page
  and title. The build adds the old ids as extra anchors and the self-test moves saved progress.

It is idempotent: questions that have an id keep it, recorded old ids are never changed.

    python tools/migrate_question_ids.py --base 75a976d          # write
    python tools/migrate_question_ids.py --base 75a976d --check  # only say what it would do
"""

import argparse
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from handbook import glossary, termmarks  # noqa: E402
from handbook import questions as qs  # noqa: E402

DOCS = ROOT / "docs"
# How questions were found and numbered before ids were stable (hooks/handbook/questions.py then).
_OLD_OPENER = re.compile(r'^(?P<indent> *)\?\?\?\+? question(?: [\w-]+)* "(?P<title>[^"]*)"\s*$')
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")
_META_START = re.compile(r"<!--\s*q:\s*")


def old_ids(markdown, src_uri):
    """{title: old positional id} of one page as the old parser numbered it."""
    stem = src_uri[:-3]
    stem = stem[: -len("/index")] if stem.endswith("/index") else stem
    found, number = {}, 0
    for line in markdown.split("\n"):
        match = _OLD_OPENER.match(line)
        if match:
            number += 1
            found.setdefault(match.group("title").strip(), f"q-{stem.replace('/', '-')}-{number}")
    return found


def page_stem(src_uri):
    parts = src_uri[:-3].split("/")
    return parts[-2] if parts[-1] == "index" and len(parts) > 1 else parts[-1]


def title_words(title, matcher):
    """Glossary term ids and English words of a title, in the order they appear."""
    words, covered = [], []
    for start, end in matcher.spans(title):
        words.append((start, matcher.term(title[start:end]).id))
        covered.append(range(start, end))
    for match in _WORD.finditer(title):
        if not any(match.start() in span for span in covered):
            words.append((match.start(), match.group(0).lower().replace(".", "-")))
    return list(dict.fromkeys(word for _, word in sorted(words)))


_NOISE = {"kubernetes", "k8s"}


def new_id(question, matcher, taken):
    stem = page_stem(question.src_uri)
    words = [w for w in title_words(question.title, matcher) if w != stem and w not in _NOISE][:3]
    tail = "-".join(words) if words else hashlib.sha1(question.title.encode()).hexdigest()[:6]
    base = f"{stem}-{tail}"
    candidate, n = base, 2
    while f"q-{candidate}" in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def with_id(line, given):
    return _META_START.sub(lambda m: f"{m.group(0)}id={given} ", line, count=1)


def git_show(base, path):
    result = subprocess.run(["git", "show", f"{base}:{path}"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit whose positional ids readers have")
    parser.add_argument("--check", action="store_true", help="report, change nothing")
    args = parser.parse_args(argv)

    try:
        terms = glossary.load_terms((DOCS / "glossary/terms.yml").read_text(encoding="utf-8"), "terms.yml")
    except glossary.GlossaryError:
        terms = []
    matcher = termmarks.build_matcher(terms)
    pages = {p.relative_to(DOCS).as_posix(): p for p in sorted(DOCS.rglob("*.md"))}
    parsed = {uri: qs.parse(path.read_text(encoding="utf-8"), uri)[0] for uri, path in pages.items()}
    taken = {q.id for found in parsed.values() for q in found if q.given_id}

    changed = 0
    for uri, found in parsed.items():
        lines = pages[uri].read_text(encoding="utf-8").split("\n")
        missing = [q for q in found if not q.given_id and q.meta_line]
        for question in missing:
            question.given_id = new_id(question, matcher, taken)
            taken.add(question.id)
            lines[question.meta_line - 1] = with_id(lines[question.meta_line - 1], question.given_id)
            print(f"docs/{uri}:{question.meta_line}: id={question.given_id}  {question.title}")
        changed += len(missing)
        if missing and not args.check:
            pages[uri].write_text("\n".join(lines), encoding="utf-8")

    legacy = qs.legacy_ids()
    by_page_title = {(q.src_uri, q.title.strip()): q.id for found in parsed.values() for q in found}
    by_title = {}
    for (_, title), qid in by_page_title.items():
        by_title.setdefault(title, []).append(qid)
    unmatched = []
    for uri in pages:
        before = git_show(args.base, f"docs/{uri}")
        for title, old in old_ids(before or "", uri).items():
            new = by_page_title.get((uri, title))
            if new is None:  # moved to another page since: found by its title, when that is unambiguous
                elsewhere = by_title.get(title, [])
                new = elsewhere[0] if len(elsewhere) == 1 else None
            if new is None:
                unmatched.append(f"{old} ({uri}: {title})")
            elif old != new:
                legacy.setdefault(old, new)
    print(f"{changed} question(s) given an id; {len(legacy)} old id(s) recorded", file=sys.stderr)
    for line in unmatched:
        print(f"no question now has the title of {line}", file=sys.stderr)
    if not args.check:
        qs.LEGACY_IDS.write_text(json.dumps(legacy, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
