"""Hostile input is stored verbatim, or refused before anything is written."""

from __future__ import annotations

import pytest
from store_builders import make_result

from cyberpatrol.errors import StoreError
from cyberpatrol.store import Store

HOSTILE = [
    "'); DROP TABLE posts; --",
    'Robert"); DELETE FROM scan_results WHERE ("1"="1',
    "quotes ' \" ` and backslashes \\ \\\\ \\x00 %s %(name)s ? :param $1",
    "control chars \x01\x02\x07\x1b[31m\x7f\t\r\n bidi \u202e\u2066 zero-width \u200b\ufeff",
    "combining ｶﾞ か\u3099 and emoji 👨‍👩‍👧‍👦🇯🇵",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_verbatim(store: Store, text: str) -> None:
    store.save([make_result(text[:30], text=text, author=text, meta={text: text})])
    stored = store.get_post("x", text[:30])
    assert stored is not None
    assert stored.result.item.text == text
    assert stored.result.item.author == text
    assert stored.result.item.meta == {text: text}
    assert store.count_posts() == 1


def test_long_text_is_stored_verbatim(store: Store) -> None:
    text = ("闇バイト募集🙂'\";" * 12_500)[:100_000]
    store.save([make_result("long", text=text)])
    stored = store.get_post("x", "long")
    assert stored is not None
    assert stored.result.item.text == text
    assert len(stored.result.item.text) == 100_000


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "a\x00b"}, "NUL"),
        ({"author": "\x00"}, "NUL"),
        ({"meta": {"k": ["ok", "bad\x00"]}}, "NUL"),
        ({"post_id": ""}, "empty id"),
        ({"platform": ""}, "empty platform"),
        ({"post_id": "9" * 600}, "longer than"),
    ],
)
def test_unstorable_input_is_refused(store: Store, fields: dict[str, object], message: str) -> None:
    args = {"post_id": "1", **fields}
    with pytest.raises(StoreError, match=message):
        store.save([make_result(**args)])  # type: ignore[arg-type]
    assert store.count_posts() == 0


def test_non_results_are_a_type_error(store: Store) -> None:
    with pytest.raises(TypeError):
        store.save(["not a result"])  # type: ignore[list-item, unused-ignore]
    with pytest.raises(TypeError):
        store.save(make_result())  # type: ignore[arg-type, unused-ignore]
