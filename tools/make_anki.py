"""Every interview question of the book as an Anki deck (genanki), from the build's questions.json.

- one note per question: the question, the answer as HTML (links made absolute, so they open the site),
  the chapter and level, and a link back to the question in its section on the website;
- one sub-deck per chapter, in the book's order, under the book's deck;
- tags for the chapter, the level and each topic (chapter::scheduling, level::基础, topic::networking);
- stable ids: each note's guid comes from the question's id (genanki.guid_for), and the note type and
  decks have fixed ids, so importing a newer deck updates the cards already there (and keeps their
  review history) instead of adding copies.

    python tools/make_anki.py --site site --out dist/k8s-handbook.apkg
"""

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from handbook import printpage  # noqa: E402

QUESTIONS = "questions/questions.json"
PRINT_PAGE = "print_page/index.html"
GUID_NAMESPACE = "k8s-handbook"  # keeps these notes apart from any other deck's
MODEL_ID = 1_735_201_546  # fixed once: Anki matches note types by id
ROOT_DECK_ID = 1_735_201_547
CARD_CSS = """
.card { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
        font-size: 18px; line-height: 1.7; text-align: left; color: #1a1a1a; background: #fff; }
.night_mode .card { color: #e8e8e8; background: #1e1e1e; }
.question { font-size: 1.15em; font-weight: bold; }
.meta { color: #666; font-size: 0.75em; margin-bottom: 0.6em; }
.meta span { border: 1px solid #aaa; border-radius: 3px; padding: 0 4px; margin-right: 4px; }
.answer { margin-top: 0.8em; }
pre, code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85em; }
pre { background: rgba(127,127,127,.12); padding: 8px; white-space: pre-wrap; word-wrap: break-word; }
table { border-collapse: collapse; } th, td { border: 1px solid #aaa; padding: 2px 6px; }
.source { margin-top: 1.2em; font-size: 0.8em; }
"""
FRONT = '<div class="meta"><span>{{章节}}</span><span>{{难度}}</span></div><div class="question">{{问题}}</div>'
BACK = (
    '{{FrontSide}}<hr id="answer"><div class="answer">{{答案}}</div>'
    '<div class="source"><a href="{{链接}}">在网站上读这道题所在的小节</a></div>'
)


class AnkiError(RuntimeError):
    pass


def deck_id(chapter):
    """A fixed id for a chapter's sub-deck, derived from the chapter's folder name."""
    return int.from_bytes(hashlib.sha256(f"{GUID_NAMESPACE}:{chapter}".encode()).digest()[:6], "big") | 1 << 50


def absolute_links(answer_html, page_url):
    """Relative links and images in an answer, as written for the question's page, made absolute."""
    return re.sub(
        r'\b(href|src)="(?!https?:|mailto:|#)([^"]*)"',
        lambda m: f'{m.group(1)}="{urljoin(page_url, m.group(2))}"',
        answer_html,
    ).replace('href="#', f'href="{page_url}#')


def tags_of(question):
    tags = [f"chapter::{question['chapter']}", f"level::{question['level']}"]
    tags += [f"topic::{tag}" for tag in question.get("tags", [])]
    return [re.sub(r"\s+", "_", tag) for tag in tags]


def build_deck(data, site_url, title):
    """The genanki decks for questions.json's data (a root deck per chapter, in the book's order)."""
    import genanki

    model = genanki.Model(
        MODEL_ID,
        f"{title}：面试题",
        fields=[{"name": "问题"}, {"name": "答案"}, {"name": "章节"}, {"name": "难度"}, {"name": "链接"}],
        templates=[{"name": "问答", "qfmt": FRONT, "afmt": BACK}],
        css=CARD_CSS,
        sort_field_index=0,
    )
    chapter_titles = dict(map(tuple, data.get("chapters", [])))
    order = [chapter for chapter, _ in data.get("chapters", [])]
    decks = {}
    for question in data["questions"]:
        chapter = question["chapter"]
        if chapter not in decks:
            number = order.index(chapter) + 1 if chapter in order else len(order) + 1
            name = f"{title}::{number:02d} {chapter_titles.get(chapter, question.get('chapterTitle', chapter))}"
            decks[chapter] = genanki.Deck(deck_id(chapter), name)
        page_url = urljoin(site_url, question["page"])
        note = genanki.Note(
            model=model,
            fields=[
                question["title"],
                absolute_links(question["answer"], page_url),
                question.get("chapterTitle", chapter),
                question["level"],
                f"{page_url}#{question['id']}",
            ],
            tags=tags_of(question),
            guid=genanki.guid_for(GUID_NAMESPACE, question["id"]),
        )
        decks[chapter].add_note(note)
    root = genanki.Deck(ROOT_DECK_ID, title, description=f"{title}：每道面试题一张卡片，答案与网站同源。")
    return [root, *sorted(decks.values(), key=lambda deck: deck.name)]


def build(site_dir, out_path):
    import genanki

    site_dir, out_path = Path(site_dir), Path(out_path)
    source = site_dir / QUESTIONS
    if not source.is_file():
        raise AnkiError(f"{source} not found: run `make build` first")
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise AnkiError(f"{source}:{error.lineno}: not JSON: {error.msg}") from None
    if not data.get("questions"):
        raise AnkiError(f"{source}: no questions")
    print_page = site_dir / PRINT_PAGE
    meta = printpage.read_book_metadata(print_page.read_text(encoding="utf-8")) if print_page.is_file() else {}
    site_url = (meta.get("site_url") or "https://k8s-handbook.github.io/k8s-handbook/").rstrip("/") + "/"
    decks = build_deck(data, site_url, meta.get("title") or "Kubernetes 面试与学习手册")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(decks).write_to_file(str(out_path))
    return {"notes": sum(len(deck.notes) for deck in decks), "decks": len(decks), "bytes": out_path.stat().st_size}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site (make build)")
    parser.add_argument("--out", default="dist/k8s-handbook.apkg")
    args = parser.parse_args(argv)
    try:
        stats = build(args.site, args.out)
    except AnkiError as error:
        print(f"make_anki: {error}", file=sys.stderr)
        return 1
    print(
        f"wrote {args.out}: {stats['notes']} notes in {stats['decks'] - 1} chapter decks, {stats['bytes'] / 1e3:.0f} KB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
