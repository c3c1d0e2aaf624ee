"""Property tests: arbitrary bytes never make the readers raise, and every
line yields at most one outcome."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cyberpatrol.ingest import Accepted, Rejected, read_items

# Lines without "\n" (the separator), biased towards JSON-looking bytes.
json_fragments = st.sampled_from(
    [b"{", b"}", b"[", b"]", b'"id"', b'"text"', b":", b",", b"1", b'"', b"\\u0000", b"null", b" "]
)
raw_lines = st.one_of(
    st.binary(max_size=80).map(lambda b: b.replace(b"\n", b"")),
    st.lists(json_fragments, max_size=20).map(b"".join),
    st.dictionaries(
        st.sampled_from(["id", "text", "images", "created_at", "platform", "x"]),
        st.one_of(st.none(), st.integers(), st.text(max_size=10), st.lists(st.text(max_size=5))),
    ).map(lambda d: json.dumps(d).encode()),
)


def _check(content: bytes, suffix: str, n_lines: int, **limits: int) -> list[Accepted | Rejected]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(content)
        out = list(read_items([str(path)], **limits))
    lines = [o.line for o in out]
    assert lines == sorted(lines)
    assert len(set(lines)) == len(lines)
    assert all(1 <= line <= max(n_lines, 1) for line in lines)
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(raw_lines, max_size=12))
def test_jsonl_never_raises(lines: list[bytes]) -> None:
    content = b"\n".join(lines)
    out = _check(content, ".jsonl", len(lines), max_line_bytes=64, max_text_chars=8)
    expected = 0
    for number, line in enumerate(lines, start=1):
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        blank = not line.strip()
        if not blank or len(line.rstrip(b"\r")) > 64:
            expected += 1
    # Every non-blank line yields exactly one outcome, blank lines none.
    assert len(out) == expected
    for outcome in out:
        if isinstance(outcome, Accepted):
            assert len(outcome.item.text) <= 8
            assert "\x00" not in outcome.item.text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=12))
def test_csv_never_raises(rows: list[bytes]) -> None:
    content = b"id,text,images\n" + b"\n".join(rows)
    _check(content, ".csv", content.count(b"\n") + content.count(b"\r") + 1, max_line_bytes=64)
