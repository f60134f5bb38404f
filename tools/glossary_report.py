"""`make glossary-report`: words the chapters write like terms but the glossary does not have.

The style guide introduces a translated term as `中文（English）` on first use, so every such pair in
the chapters is a candidate term. Pairs whose Chinese or English name the glossary already knows (as
en, zh or aka) are left out; the rest are listed by how many pages use them, for a maintainer to add
or ignore.
"""

import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from handbook.glossary import load_terms  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAIR = re.compile(r"([\u4e00-\u9fff]{2,12})（([A-Za-z][A-Za-z0-9 .\-/]{1,40}?)）")


def candidates(pages, terms):
    """{English name: [pages]} for first-use pairs in `pages` ({path: markdown}) that no term covers.

    The Chinese side of a pair has no reliable start (the regex also takes the words before the term),
    so a pair counts as known when its English name, or any ending of its Chinese run, is a glossary
    name; candidates are keyed by their English name.
    """
    known = {name.casefold() for term in terms for name in term.names}
    found = defaultdict(set)
    for path, text in pages.items():
        text = re.sub(r"```.*?```", "", text, flags=re.S)
        for zh, en in PAIR.findall(text):
            en = en.strip()
            if re.match(r"v?\d", en) or en.casefold() in known:
                continue
            if any(zh[i:].casefold() in known for i in range(len(zh) - 1)):
                continue
            found[en].add(path)
    return {en: sorted(paths) for en, paths in found.items()}


def main():
    terms = load_terms((ROOT / "docs/glossary/terms.yml").read_text(encoding="utf-8"), "docs/glossary/terms.yml")
    pages = {
        p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*/*.md"))
    }
    found = candidates(pages, terms)
    lines = [f"{len(found)} terms written as 中文（English） that the glossary lacks ({len(terms)} terms in it):"]
    for en, paths in sorted(found.items(), key=lambda item: (-len(item[1]), item[0].casefold())):
        lines.append(f"  {len(paths):3d} page(s)  {en}  e.g. {paths[0]}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
