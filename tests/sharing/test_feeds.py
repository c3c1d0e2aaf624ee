"""CSV and block lists: registrable domains only, never hubs, nothing hostile in a zone."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from cyberpatrol.engine import Engine
from cyberpatrol.sharing import feeds
from cyberpatrol.sharing.exports import FORMATS, export
from cyberpatrol.sharing.orgs import LOCAL_ORG
from cyberpatrol.store import Store
from share_data import save_posts, shared

NOW = datetime(2026, 12, 5, 1, 2, 3, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "value", "blocked"),
    [
        ("url", "https://apply.evil-job.co.jp/form?id=1", "evil-job.co.jp"),
        ("url", "http://login.evil.example:8080/x", "evil.example"),
        ("url", "evil.example/path", "evil.example"),
        ("url", "http://xn--r8jz45g.jp/x", "xn--r8jz45g.jp"),
        ("domain", "evil-job.co.jp", "evil-job.co.jp"),
        ("url", "t.me/kasegu_777", None),  # a messaging hub: block the ID, not Telegram
        ("url", "https://x.com/yami_boss", None),
        ("url", "https://bit.ly/abc", None),  # a shortener
        ("url", "https://docs.google.com/forms/x", None),
        ("domain", "line.me", None),
        ("url", "http://203.0.113.5/x", None),  # hosts files and RPZ names: no IPs
        ("domain", "203.0.113.5", None),
        ("domain", "evil.example\nattack.example CNAME .", None),
        ("domain", "evil.example; rm", None),
        ("url", "https://evil.example'];--/x", None),
        ("domain", "-evil.example", None),
        ("phone", "+819012345678", None),
    ],
)
def test_blocked_domain(kind: str, value: str, blocked: str | None) -> None:
    assert feeds.blocked_domain(shared(kind, value)) == blocked


SOURCES = [
    shared("url", "https://apply.evil-job.co.jp/form?id=1", level="GREEN"),
    shared("domain", "evil-job.co.jp", level="AMBER"),
    shared("url", "http://xn--r8jz45g.jp/x", level="CLEAR"),
    shared("url", "t.me/kasegu_777"),
    shared("domain", "bad.example\n*.example CNAME ."),
    shared("phone", "+819012345678", level="RED"),
]
_RECORD = re.compile(r"(\*\.)?[a-z0-9.-]+ CNAME \.")


def test_domain_list_and_hosts() -> None:
    lines = feeds.domain_list(SOURCES, now=NOW).splitlines()
    assert lines[:3] == [
        "# cyberpatrol domain block list",
        "# TLP:AMBER (the strictest marking of the entries; see first.org/tlp)",
        "# generated 2026-12-05T01:02:03.000Z; 2 domains",
    ]
    assert lines[3:] == ["evil-job.co.jp", "xn--r8jz45g.jp"]
    hosts = feeds.hosts(SOURCES, now=NOW).splitlines()
    assert hosts[3:] == ["0.0.0.0 evil-job.co.jp", "0.0.0.0 xn--r8jz45g.jp"]
    assert all(line.startswith("#") for line in hosts[:3])


def test_rpz_zone() -> None:
    zone = feeds.rpz(SOURCES, now=NOW)
    lines = zone.splitlines()
    assert all(line.startswith(";") for line in lines[:3])
    assert zone.isascii()
    assert "TLP:AMBER" in lines[1]
    assert lines[3:6] == [
        "$TTL 300",
        f"@ IN SOA localhost. hostmaster.localhost. {int(NOW.timestamp())} 3600 600 86400 300",
        "@ IN NS localhost.",
    ]
    assert lines[6:] == [
        "evil-job.co.jp CNAME .",
        "*.evil-job.co.jp CNAME .",
        "xn--r8jz45g.jp CNAME .",
        "*.xn--r8jz45g.jp CNAME .",
    ]
    assert all(_RECORD.fullmatch(line) for line in lines[6:])
    assert zone.endswith("\n")
    with pytest.raises(ValueError, match="zone"):
        feeds.rpz(SOURCES, zone="bad zone\n@ IN NS evil.")


def test_an_empty_block_list_is_still_a_file() -> None:
    zone = feeds.rpz([shared("phone", "+819012345678")], now=NOW)
    assert zone.splitlines()[-1] == "@ IN NS localhost."
    assert feeds.domain_list([], now=NOW).splitlines()[-1].endswith("0 domains")


def test_csv_is_spreadsheet_safe() -> None:
    rows = [
        shared("url", '=HYPERLINK("http://evil.example")'),
        shared("handle", "+cmd|' /C calc'!A0", category=None),
        shared("email", "@evil-mail.example"),
        shared("url", "https://evil.example/a,b\nc", level="RED"),
    ]
    text = feeds.csv_text(rows)
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == list(feeds.CSV_COLUMNS)
    assert [r[1] for r in parsed[1:]] == [
        '\'=HYPERLINK("http://evil.example")',
        "'+cmd|' /C calc'!A0",
        "'@evil-mail.example",
        "https://evil.example/a,b\nc",
    ]
    assert [r[2] for r in parsed[1:]] == ["TLP:AMBER"] * 3 + ["TLP:RED"]
    assert parsed[2][3] == ""
    assert parsed[1][4:] == ["2026-01-02T03:04:05.678Z", "2026-02-03T04:05:06.000Z", "2"]


@pytest.fixture
def store(store_url: str, engine: Engine) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        save_posts(opened, engine)
        yield opened


def test_exports_from_the_store(store: Store) -> None:
    with store.transaction("test") as conn:
        out = {fmt: export(conn, LOCAL_ORG, fmt, now=NOW) for fmt in FORMATS}
    domains = out["domains"].body.decode().splitlines()[3:]
    assert domains == ["evil-job.co.jp", "evil.example"]
    assert out["domains"].count == 2
    assert out["rpz"].filename == "cyberpatrol-local-20261205T010203Z.rpz.zone"
    assert out["csv"].media_type == "text/csv; charset=utf-8"
    assert out["stix"].media_type == "application/stix+json;version=2.1"
    assert out["csv"].count == out["stix"].count == 17
    with store.transaction("test") as conn, pytest.raises(ValueError, match="unknown"):
        export(conn, LOCAL_ORG, "csv", types=["fax"])
    with store.transaction("test") as conn, pytest.raises(ValueError, match="format"):
        export(conn, LOCAL_ORG, "xml")
