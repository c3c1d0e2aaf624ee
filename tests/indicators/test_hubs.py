"""The hub stop-list, short-link marking and registrable domains."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberpatrol.indicators import Hubs, canonical, default_hubs, tags

from .conftest import found


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("domain", "x.com"),
        ("domain", "internethotline.jp"),
        ("domain", "npa.go.jp"),
        ("domain", "bit.ly"),
        ("url", "bit.ly"),
        ("url", "https://bit.ly/"),
        ("url", "https://www.internethotline.jp"),
        ("url", "https://line.me"),
        ("url", "t.me"),
        ("phone", "#9110"),
        ("phone", "110"),
    ],
)
def test_hub_values_never_link(kind: str, value: str) -> None:
    assert default_hubs().reason(kind, value) is not None
    assert "hub" in tags(kind, value)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("url", "https://bit.ly/3kAsEgU"),
        ("url", "https://x.com/kasegu_777"),
        ("url", "kasegu-job.example/apply"),
        ("domain", "kasegu-job.example"),
        ("telegram", "kasegu_777"),
        ("phone", "+819000001234"),
    ],
)
def test_specific_values_link(kind: str, value: str) -> None:
    assert default_hubs().reason(kind, value) is None
    assert "hub" not in tags(kind, value)


def test_short_links_are_marked_with_or_without_path() -> None:
    assert tags("url", "https://bit.ly/3kAsEgU") == ("shortener",)
    assert tags("url", "bit.ly") == ("shortener", "hub")
    assert tags("url", "https://kasegu.example/x") == ()


def test_tags_reach_the_extracted_indicators() -> None:
    hits = {
        (i.type, i.value): i
        for i in found("詳細→ https://bit.ly/3kAsEgU と https://www.npa.go.jp/")
    }
    assert hits[("url", "https://bit.ly/3kAsEgU")].tags == ("shortener",)
    assert hits[("url", "https://www.npa.go.jp")].tags == ("hub",)
    assert hits[("url", "https://bit.ly/3kAsEgU")].to_dict()["tags"] == ["shortener"]


def test_stop_list_is_data(tmp_path: Path) -> None:
    path = tmp_path / "hubs.toml"
    path.write_text('domains = ["kasegu.example"]\nshorteners = []\n[values]\nphone = []\n')
    hubs = Hubs.load(path)
    assert hubs.reason("domain", "kasegu.example") is not None
    assert hubs.reason("domain", "x.com") is None


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("https://www.kasegu.example/apply", "kasegu.example"),
        ("hxxps://jobs.kasegu.example[.]co.jp/a", "example.co.jp"),
        ("https://abc.github.io/x", "abc.github.io"),
        ("http://203.0.113.7/login", "203.0.113.7"),
    ],
)
def test_domain_is_the_registrable_domain(raw: str, value: str) -> None:
    assert canonical("domain", raw) == value


def test_a_bare_public_suffix_is_not_a_domain() -> None:
    with pytest.raises(ValueError, match="not a domain"):
        canonical("domain", "co.jp")
