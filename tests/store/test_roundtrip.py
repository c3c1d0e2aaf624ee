"""What goes in comes back out, as domain objects."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_builders import make_result

from cyberpatrol.model import ImageNote, Result
from cyberpatrol.store import Store


def test_round_trip_japanese_emoji_and_evidence(store: Store) -> None:
    original = make_result(
        "123",
        author="闇の求人😈",
        url="https://example.com/ポスト/123",
        images=("https://img.example/1.jpg", "https://img.example/2.png"),
        reply_to="99",
        meta={"lang": "ja", "likes": 12, "nested": {"タグ": ["#副業", "🔥"]}},
        truncated_from=12000,
    )
    store.save([original])

    stored = store.get_post("x", "123")
    assert stored is not None
    assert stored.result == original
    assert stored.result.item.created_at == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert stored.first_seen_at == stored.last_seen_at
    assert stored.first_seen_at.tzinfo is not None
    assert len(stored.history) == 1
    assert stored.history[0].flagged is True


def test_timezones_are_normalised_to_utc(store: Store) -> None:
    jst = timezone(timedelta(hours=9))
    store.save(
        [
            make_result("aware", created_at=datetime(2025, 3, 1, 9, 0, tzinfo=jst)),
            make_result("naive", created_at=datetime(2025, 3, 1, 0, 0)),
            make_result("none", created_at=None),
        ]
    )
    aware = store.get_post("x", "aware")
    naive = store.get_post("x", "naive")
    none = store.get_post("x", "none")
    assert aware is not None
    assert naive is not None
    assert none is not None
    assert aware.result.item.created_at == datetime(2025, 3, 1, 0, 0, tzinfo=UTC)
    assert naive.result.item.created_at == datetime(2025, 3, 1, 0, 0, tzinfo=UTC)
    assert none.result.item.created_at is None


def test_unflagged_result_without_findings(store: Store) -> None:
    quiet = make_result(
        "q", text="今日はいい天気", flagged=False, findings=(), indicators=(), category=None
    )
    store.save([quiet])
    stored = store.get_post("x", "q")
    assert stored is not None
    assert stored.result == quiet
    assert stored.history == ()


def test_unknown_post_and_empty_batch(store: Store) -> None:
    store.save([])
    assert store.count_posts() == 0
    assert store.get_post("x", "missing") is None


def test_same_id_on_two_platforms_are_two_posts(store: Store) -> None:
    store.save([make_result("7", platform="x"), make_result("7", platform="instagram")])
    assert store.count_posts() == 2
    ig = store.get_post("instagram", "7")
    assert ig is not None
    assert ig.result.item.platform == "instagram"


_texts = st.text(
    alphabet=st.characters(
        categories=("L", "M", "N", "P", "S", "Z", "Cc", "Cf", "Co"), blacklist_characters="\x00"
    ),
    min_size=0,
    max_size=300,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=_texts, author=st.none() | _texts)
def test_any_text_round_trips(store: Store, text: str, author: str | None) -> None:
    result: Result = make_result("prop", text=text, author=author, indicators=())
    store.save([result])
    stored = store.get_post("x", "prop")
    assert stored is not None
    assert stored.result.item.text == text
    assert stored.result.item.author == author


def test_image_text_is_kept_until_images_are_read_again(store: Store) -> None:
    notes = (
        ImageNote(1, "flyer.png", 12, None, "受け子募集 日給5万 <b>"),
        ImageNote(2, "bad.gif", 0, "not an image file"),
    )
    with_images = replace(make_result("img", images=("flyer.png", "bad.gif")), images=notes)
    store.save([with_images])
    stored = store.get_post("x", "img")
    assert stored is not None and stored.result.images == notes
    assert stored.result.images[0].text == "受け子募集 日給5万 <b>"
    # A re-scan without OCR keeps what was read; one that reads again replaces it.
    store.save([replace(with_images, images=())])
    again = store.get_post("x", "img")
    assert again is not None and again.result.images == notes
    store.save([replace(with_images, images=notes[:1])])
    last = store.get_post("x", "img")
    assert last is not None and last.result.images == notes[:1]
