"""CSV reader: header required, starting line numbers, bad bytes isolated."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberpatrol.ingest import Accepted, Rejected, read_items

HEADER = b"id,text,platform,images,note\r\n"
GOOD_BEFORE = b"before,good line before,X,,\r\n"
GOOD_AFTER = b"after,good line after,,,\r\n"


def read_csv_bytes(tmp_path: Path, content: bytes, **limits: int) -> list[Accepted | Rejected]:
    path = tmp_path / "posts.csv"
    path.write_bytes(content)
    return list(read_items([str(path)], **limits))


def shape(out: list[Accepted | Rejected]) -> list[tuple[str, int]]:
    return [("A" if isinstance(o, Accepted) else "R", o.line) for o in out]


# (case id, the bad record, substring expected in the reason)
BAD_ROWS: list[tuple[str, bytes, str]] = [
    (
        "undecodable byte",
        b"x,caf\xe9,,,\r\n",
        'not valid UTF-8 (byte 0xe9 in column "text" at character 4)',
    ),
    ("too many columns", b"x,t,,,,extra\r\n", "row has 6 columns, the header has 5"),
    ("too few columns", b"x,t\r\n", "row has 2 columns, the header has 5"),
    ("empty id", b",t,,,\r\n", 'field "id" must not be empty'),
    ("NUL in text", b"x,a\x00b,,,\r\n", "text contains a NUL character"),
    ("bad JSON images", b'x,t,,"[""a.jpg""",\r\n', "images column is not a valid JSON list"),
    ("JSON images of numbers", b"x,t,,[1],\r\n", "images must be a list of strings"),
    ("bad quoting", b'x,"t"junk,,,\r\n', "malformed CSV"),
]


@pytest.mark.parametrize(("bad", "reason"), [c[1:] for c in BAD_ROWS], ids=[c[0] for c in BAD_ROWS])
def test_bad_row_is_rejected_between_good_rows(tmp_path: Path, bad: bytes, reason: str) -> None:
    out = read_csv_bytes(tmp_path, HEADER + GOOD_BEFORE + bad + GOOD_AFTER)
    assert shape(out) == [("A", 2), ("R", 3), ("A", 4)], out
    rejected = out[1]
    assert isinstance(rejected, Rejected)
    assert reason in rejected.reason
    assert [o.item.id for o in out if isinstance(o, Accepted)] == ["before", "after"]


def test_multiline_quoted_record_reports_its_starting_line(tmp_path: Path) -> None:
    content = (
        HEADER
        + b'm1,"first line\r\nsecond, with comma\r\n""quoted"" third",,,\r\n'
        + b'bad,"multi\nline \xff",,,\n'
        + GOOD_AFTER
    )
    out = read_csv_bytes(tmp_path, content)
    assert shape(out) == [("A", 2), ("R", 5), ("A", 7)]
    first = out[0]
    assert isinstance(first, Accepted)
    assert first.item.text == 'first line\r\nsecond, with comma\r\n"quoted" third'


def test_commas_quotes_and_japanese(tmp_path: Path) -> None:
    content = HEADER + '1,"日給5万, 即日払い ""ホワイト案件""",,,\r\n'.encode()
    [accepted] = read_csv_bytes(tmp_path, content)
    assert isinstance(accepted, Accepted)
    assert accepted.item.text == '日給5万, 即日払い "ホワイト案件"'


def test_bom_is_stripped_from_the_header(tmp_path: Path) -> None:
    out = read_csv_bytes(tmp_path, b"\xef\xbb\xbf" + HEADER + GOOD_BEFORE)
    assert shape(out) == [("A", 2)]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (b"a.jpg|b.jpg", ("a.jpg", "b.jpg")),
        (b" a.jpg | | b.jpg ", ("a.jpg", "b.jpg")),
        (b'"[""a.jpg"", ""b|c.jpg""]"', ("a.jpg", "b|c.jpg")),
        (b"", ()),
    ],
)
def test_images_column(tmp_path: Path, cell: bytes, expected: tuple[str, ...]) -> None:
    [accepted] = read_csv_bytes(tmp_path, HEADER + b"x,t,," + cell + b",\r\n")
    assert isinstance(accepted, Accepted)
    assert accepted.item.images == expected


def test_fields_map_to_item_and_meta(tmp_path: Path) -> None:
    content = (
        b"id,text,platform,author,url,created_at,reply_to,lang\n"
        b"7,t,Twitter,,https://x.test/7,2024-05-01T00:00:00Z,3,ja\n"
    )
    [accepted] = read_csv_bytes(tmp_path, content)
    assert isinstance(accepted, Accepted)
    item = accepted.item
    assert (item.id, item.platform, item.author, item.url, item.reply_to) == (
        "7",
        "twitter",
        None,
        "https://x.test/7",
        "3",
    )
    assert item.created_at is not None
    assert item.created_at.year == 2024
    assert item.meta == {"lang": "ja"}


def test_bad_created_at(tmp_path: Path) -> None:
    content = b"id,text,created_at\n1,t,yesterday\n2,t,\n"
    out = read_csv_bytes(tmp_path, content)
    assert shape(out) == [("R", 2), ("A", 3)]
    assert 'created_at is not ISO 8601: "yesterday"' in out[0].reason  # type: ignore[union-attr]


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    out = read_csv_bytes(tmp_path, b"\n" + HEADER + b"\n   \n" + GOOD_BEFORE + b"\r\n" + GOOD_AFTER)
    assert shape(out) == [("A", 5), ("A", 7)]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"id,body\n1,t\n", 'CSV header lacks required column "text"'),
        (b"text\nt\n", 'CSV header lacks required column "id"'),
        (b"id,text,id\n1,t,2\n", 'CSV header repeats column "id"'),
        (b"id,te\xffxt\n1,t\n", "CSV header is not valid UTF-8"),
    ],
)
def test_unusable_header_rejects_the_file_once(tmp_path: Path, content: bytes, reason: str) -> None:
    out = read_csv_bytes(tmp_path, content)
    assert shape(out) == [("R", 1)]
    assert reason in out[0].reason  # type: ignore[union-attr]


def test_empty_header_name_becomes_a_meta_column(tmp_path: Path) -> None:
    [accepted] = read_csv_bytes(tmp_path, b"id,text,\n1,t,x\n")
    assert isinstance(accepted, Accepted)
    assert accepted.item.meta == {"column_3": "x"}


def test_unclosed_quote_at_end_of_file(tmp_path: Path) -> None:
    out = read_csv_bytes(tmp_path, HEADER + GOOD_BEFORE + b'x,"never closed\nmore\n')
    assert shape(out) == [("A", 2), ("R", 3)]
    assert "quoted field not closed" in out[1].reason  # type: ignore[union-attr]


def test_overlong_record_is_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    long_row = b"x," + b"a" * 1000 + b",,,\n"
    out = read_csv_bytes(tmp_path, HEADER + GOOD_BEFORE + long_row + GOOD_AFTER, max_line_bytes=200)
    assert shape(out) == [("A", 2), ("R", 3), ("A", 4)]
    assert "longer than the limit of 200" in out[1].reason  # type: ignore[union-attr]


def test_overlong_multiline_record(tmp_path: Path) -> None:
    rows = b'x,"' + b"line\n" * 100 + b'",,,\n'
    out = read_csv_bytes(tmp_path, HEADER + GOOD_BEFORE + rows, max_line_bytes=200)
    assert shape(out)[:2] == [("A", 2), ("R", 3)]
    assert all(isinstance(o, Rejected) for o in out[1:])


def test_long_text_above_csv_default_field_limit_is_truncated(tmp_path: Path) -> None:
    content = HEADER + b"big," + b"a" * 2**20 + b",,,\n" + GOOD_AFTER
    out = read_csv_bytes(tmp_path, content)
    assert shape(out) == [("A", 2), ("A", 3)]
    big = out[0]
    assert isinstance(big, Accepted)
    assert big.item.truncated_from == 2**20
    assert big.warnings == ("text truncated from 1048576 to 100000 characters",)


def test_header_only_file_yields_nothing(tmp_path: Path) -> None:
    assert read_csv_bytes(tmp_path, HEADER) == []
    assert read_csv_bytes(tmp_path, b"") == []
