"""MastodonDispatcher against a Mastodon-protocol server on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from cyberpatrol.actions import (
    Letter,
    MastodonDispatcher,
    Message,
    idempotency_key,
    status_id_from_url,
)
from cyberpatrol.actions._status_url import retry_after
from cyberpatrol.errors import ConfigError

from .fake_mastodon import ORIGINAL_ID, REMOTE_LOCAL_ID, REMOTE_URL, TOKEN, FakeMastodon


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://mastodon.example/@kasegu/110123456789012345", "110123456789012345"),
        ("https://mastodon.example/@kasegu/110123456789012345/", "110123456789012345"),
        ("https://mastodon.example/@kasegu@remote.example/1101?x=1#top", "1101"),
        ("https://mastodon.example/users/kasegu/statuses/1101", "1101"),
        ("https://mastodon.example/web/statuses/1101", "1101"),
        ("https://mastodon.example/web/@kasegu/1101", "1101"),
        ("https://akkoma.example/@kasegu/AbC123xyz", "AbC123xyz"),
    ],
)
def test_status_id_from_url(url: str, expected: str) -> None:
    assert status_id_from_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://mastodon.example/@kasegu",
        "https://mastodon.example/@kasegu/110/embed/extra",
        "https://mastodon.example/about",
        "ftp://mastodon.example/@kasegu/1101",
        "@kasegu/1101",
        "",
    ],
)
def test_urls_without_a_status_id(url: str) -> None:
    with pytest.raises(ValueError, match=r"URL|status id"):
        status_id_from_url(url)


NOW = datetime(2026, 5, 1, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "5"}, 5.0),
        ({"retry-after": "Fri, 01 May 2026 01:00:30 GMT"}, 30.0),
        ({"x-ratelimit-reset": "2026-05-01T01:01:00.000Z"}, 60.0),
        ({"x-ratelimit-reset": "2026-05-01T00:59:00+00:00"}, 0.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert retry_after(headers, NOW) == expected


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def dispatcher(mastodon: FakeMastodon, sleeps: Sleeps) -> MastodonDispatcher:
    return MastodonDispatcher(mastodon.base, TOKEN, timeout=5, sleep=sleeps)


@pytest.fixture
def warning(letter_for: Callable[..., Letter], mastodon: FakeMastodon) -> Letter:
    return letter_for(
        "warning", platform="mastodon", post_url=f"{mastodon.base}/@kasegu/{ORIGINAL_ID}"
    )


def test_reply_is_created_once_under_the_post(
    dispatcher: MastodonDispatcher, mastodon: FakeMastodon, warning: Letter
) -> None:
    result = dispatcher.send(Message(warning))

    assert result.status == "sent", result.detail
    assert result.channel == "mastodon" and result.reference == "CP-2026-000123"
    (created,) = mastodon.created
    assert result.remote_id == created["id"]
    assert result.remote_url == f"{mastodon.base}/@patrol/{created['id']}"
    assert created["in_reply_to_id"] == ORIGINAL_ID
    assert created["visibility"] == "unlisted" and created["language"] == "ja"
    (post,) = mastodon.posts
    assert post["params"]["status"] == warning.body
    assert post["key"] == idempotency_key("CP-2026-000123", ORIGINAL_ID)


def test_a_retry_never_posts_twice(
    dispatcher: MastodonDispatcher, mastodon: FakeMastodon, warning: Letter
) -> None:
    first = dispatcher.send(Message(warning))
    second = dispatcher.send(Message(warning))

    assert first.status == second.status == "sent"
    assert first.remote_id == second.remote_id
    assert len(mastodon.created) == 1 and len(mastodon.posts) == 2


def test_a_bare_status_id_is_accepted(
    dispatcher: MastodonDispatcher, mastodon: FakeMastodon, warning: Letter
) -> None:
    result = dispatcher.send(Message(warning, to=ORIGINAL_ID))
    assert result.status == "sent"
    assert mastodon.created[0]["in_reply_to_id"] == ORIGINAL_ID


def test_a_post_on_another_server_is_resolved_first(
    dispatcher: MastodonDispatcher, mastodon: FakeMastodon, letter_for: Callable[..., Letter]
) -> None:
    letter = letter_for("warning", platform="mastodon", post_url=REMOTE_URL)
    result = dispatcher.send(Message(letter))

    assert result.status == "sent", result.detail
    assert mastodon.searches == [REMOTE_URL]
    assert mastodon.created[0]["in_reply_to_id"] == REMOTE_LOCAL_ID  # not 4242, the remote id


def test_an_unknown_remote_post_fails(
    dispatcher: MastodonDispatcher, mastodon: FakeMastodon, letter_for: Callable[..., Letter]
) -> None:
    letter = letter_for("warning", platform="mastodon", post_url="https://remote.example/@x/1")
    result = dispatcher.send(Message(letter))
    assert result.status == "failed" and "cannot find the post" in result.detail
    assert mastodon.created == []


def test_rejected_token(mastodon: FakeMastodon, warning: Letter) -> None:
    result = MastodonDispatcher(mastodon.base, "wrong-token", timeout=5).send(Message(warning))
    assert result.status == "failed"
    assert "401" in result.detail and "The access token is invalid" in result.detail
    assert mastodon.created == []


def test_validation_failure(
    dispatcher: MastodonDispatcher, mastodon: FakeMastodon, warning: Letter
) -> None:
    mastodon.max_chars = 100  # a server with a lower limit than platforms.toml says
    result = dispatcher.send(Message(warning))
    assert result.status == "failed"
    assert "422" in result.detail and "character limit of 100" in result.detail


def test_post_not_found(
    dispatcher: MastodonDispatcher, mastodon: FakeMastodon, warning: Letter
) -> None:
    result = dispatcher.send(Message(warning, to="1999"))
    assert result.status == "failed" and "404" in result.detail and "not found" in result.detail


def test_rate_limit_is_waited_out_once(
    dispatcher: MastodonDispatcher, mastodon: FakeMastodon, warning: Letter, sleeps: Sleeps
) -> None:
    mastodon.throttle.append({"Retry-After": "2"})
    result = dispatcher.send(Message(warning))
    assert result.status == "sent", result.detail
    assert sleeps == [2.0]
    assert len(mastodon.created) == 1


def test_mastodon_rate_limit_reset_header_is_understood(
    dispatcher: MastodonDispatcher, mastodon: FakeMastodon, warning: Letter, sleeps: Sleeps
) -> None:
    reset = (datetime.now(UTC) + timedelta(seconds=20)).isoformat()
    mastodon.throttle.append({"X-RateLimit-Reset": reset})
    assert dispatcher.send(Message(warning)).status == "sent"
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 20  # the sleep is recorded, not slept


@pytest.mark.parametrize(
    ("throttle", "detail"),
    [
        ([{"Retry-After": "3600"}], "retry after 3600 s"),  # longer than max_retry_wait
        ([{"Retry-After": "0"}, {"Retry-After": "0"}], "rate limited (HTTP 429)"),  # twice
        ([{}], "no time given"),
    ],
)
def test_rate_limit_failures(
    dispatcher: MastodonDispatcher,
    mastodon: FakeMastodon,
    warning: Letter,
    sleeps: Sleeps,
    throttle: list[dict[str, str]],
    detail: str,
) -> None:
    mastodon.throttle.extend(throttle)
    result = dispatcher.send(Message(warning))
    assert result.status == "failed" and detail in result.detail
    assert len(sleeps) <= 1 and all(s == 0 for s in sleeps)
    assert mastodon.created == []


@pytest.fixture
def closed_port() -> Iterator[int]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    yield sock.getsockname()[1]
    sock.close()


def test_server_down(closed_port: int, warning: Letter) -> None:
    result = MastodonDispatcher(f"http://127.0.0.1:{closed_port}", TOKEN, timeout=2).send(
        Message(warning, to=ORIGINAL_ID)
    )
    assert result.status == "failed" and "cannot reach" in result.detail


def test_only_mastodon_replies_are_posted(
    dispatcher: MastodonDispatcher, mastodon: FakeMastodon, letter_for: Callable[..., Letter]
) -> None:
    for letter in (letter_for("deletion_request"), letter_for("warning", platform="x")):
        result = dispatcher.send(Message(letter, to=ORIGINAL_ID))
        assert result.status == "failed" and "not a Mastodon reply" in result.detail
    assert mastodon.posts == []


@pytest.mark.parametrize(
    ("base", "token", "visibility"),
    [
        ("mastodon.example", TOKEN, "unlisted"),
        ("https://mastodon.example", "tok\r\nX-Evil: 1", "unlisted"),
        ("https://mastodon.example", "", "unlisted"),
        ("https://mastodon.example", TOKEN, "everyone"),
    ],
)
def test_bad_settings_are_refused_up_front(base: str, token: str, visibility: str) -> None:
    with pytest.raises(ConfigError):
        MastodonDispatcher(base, token, visibility=visibility)
    with pytest.raises(ConfigError, match="language"):
        MastodonDispatcher("https://mastodon.example", TOKEN, language="ja\r\n")
