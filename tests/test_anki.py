"""The Anki deck (tools/make_anki.py) of the real book, opened as Anki opens it (a zip holding an SQLite
collection): one note per question of questions.json, with its tags, answer and link; stable ids."""

import json
import sqlite3
import zipfile

import genanki
import make_anki
import pytest


@pytest.fixture(scope="module")
def questions(built_site):
    return json.loads((built_site.path / make_anki.QUESTIONS).read_text(encoding="utf-8"))["questions"]


def _deck(site, out):
    make_anki.build(site, out)
    with zipfile.ZipFile(out) as archive:
        (out.parent / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(out.parent / "collection.anki2")
    notes = connection.execute("select guid, tags, flds, mid from notes").fetchall()
    decks = json.loads(connection.execute("select decks from col").fetchone()[0])
    cards = connection.execute("select count(*) from cards").fetchone()[0]
    connection.close()
    return notes, decks, cards


@pytest.fixture(scope="module")
def deck(built_site, tmp_path_factory):
    return _deck(built_site.path, tmp_path_factory.mktemp("anki") / "book.apkg")


def test_one_note_and_one_card_per_question(deck, questions):
    notes, _, cards = deck
    assert len(notes) == len(questions) == cards > 100


def test_each_note_has_its_question_answer_tags_and_link(deck, questions, built_site):
    notes, _, _ = deck
    by_guid = {guid: (tags.split(), flds.split("\x1f")) for guid, tags, flds, _ in notes}
    for question in questions:
        tags, fields = by_guid[genanki.guid_for(make_anki.GUID_NAMESPACE, question["id"])]
        title, answer, chapter, level, link = fields
        assert title == question["title"]
        assert "答：" in answer and answer.count("<p>") == question["answer"].count("<p>")
        assert f"chapter::{question['chapter']}" in tags and f"level::{question['level']}" in tags
        assert {f"topic::{tag}" for tag in question["tags"]} <= set(tags)
        assert link.endswith(f"{question['page']}#{question['id']}") and link.startswith("https://")
        assert 'href="../' not in answer and 'href="#' not in answer, "a relative link cannot open from Anki"


def test_every_chapter_has_its_sub_deck(deck, questions):
    _, decks, _ = deck
    names = {d["name"] for d in decks.values()}
    chapters = {q["chapterTitle"] for q in questions}
    assert all(any(name.endswith(" " + title) and "::" in name for name in names) for title in chapters)


def test_a_newer_deck_updates_the_same_notes(built_site, tmp_path, deck):
    """Ids come from the questions, not from the run: a second build has the same note guids, note type
    and deck ids, so Anki updates the cards it has instead of adding copies."""
    first_notes, first_decks, _ = deck
    again_notes, again_decks, _ = _deck(built_site.path, tmp_path / "again.apkg")
    assert {n[0] for n in again_notes} == {n[0] for n in first_notes}
    assert {n[3] for n in again_notes} == {n[3] for n in first_notes} == {make_anki.MODEL_ID}
    assert set(again_decks) == set(first_decks)


def test_a_site_without_questions_is_a_clear_error(tmp_path):
    with pytest.raises(make_anki.AnkiError, match="questions.json not found"):
        make_anki.build(tmp_path, tmp_path / "x.apkg")
    (tmp_path / "questions").mkdir()
    (tmp_path / make_anki.QUESTIONS).write_text('{"questions": [', encoding="utf-8")
    with pytest.raises(make_anki.AnkiError, match=r"questions\.json:1: not JSON"):
        make_anki.build(tmp_path, tmp_path / "x.apkg")
