"""Keeping the search index small: every page load fetches it."""

import json


def as_utf8(index_json):
    """Material writes the index with ensure_ascii, so each Chinese character and each zero-width space
    (jieba's word separator) costs six bytes as a \\uXXXX escape; plain UTF-8 JSON costs three."""
    return json.dumps(json.loads(index_json), ensure_ascii=False, separators=(",", ":"))
