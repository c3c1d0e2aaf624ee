"""read_items: dispatch by extension, stdin, gzip, unreadable paths, Summary."""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path
from types import GeneratorType

import pytest

from cyberpatrol.ingest import Accepted, Rejected, Summary, read_items

GOOD = b'{"id": "1", "text": "one"}\n{"id": "2", "text": "two"}\n'


def shape(out: list[Accepted | Rejected]) -> list[tuple[str, str, int]]:
    return [("A" if isinstance(o, Accepted) else "R", o.source, o.line) for o in out]


def test_bad_paths_are_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_bytes(GOOD)
    unknown = tmp_path / "notes.txt"
    unknown.write_bytes(GOOD)
    missing = str(tmp_path / "missing.jsonl")
    directory = tmp_path / "dir.jsonl"
    directory.mkdir()
    paths = [str(good), str(unknown), missing, str(directory), str(good)]
    out = list(read_items(paths))
    assert shape(out) == [
        ("A", str(good), 1),
        ("A", str(good), 2),
        ("R", str(unknown), 0),
        ("R", missing, 0),
        ("R", str(directory), 0),
        ("A", str(good), 1),
        ("A", str(good), 2),
    ]
    reasons = [o.reason for o in out if isinstance(o, Rejected)]
    assert 'extension ".txt"' in reasons[0]
    assert ".jsonl, .ndjson, .json, .csv" in reasons[0]
    assert reasons[1] == "cannot open: file not found"
    assert reasons[2] == "cannot open: is a directory"


def test_no_extension(tmp_path: Path) -> None:
    [rejected] = read_items([str(tmp_path / "README")])
    assert isinstance(rejected, Rejected)
    assert "no extension" in rejected.reason


def test_stdin_is_read_as_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    data = GOOD + b"{broken\n" + '{"id": 3, "text": "三"}\n'.encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    out = list(read_items(["-"]))
    assert shape(out) == [
        ("A", "<stdin>", 1),
        ("A", "<stdin>", 2),
        ("R", "<stdin>", 3),
        ("A", "<stdin>", 4),
    ]
    assert out[3].item.text == "三"  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["posts.jsonl.gz", "posts.ndjson.GZ"])
def test_gzipped_jsonl(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(GOOD + b"[]\n"))
    out = list(read_items([str(path)]))
    assert [(k, line) for k, _, line in shape(out)] == [("A", 1), ("A", 2), ("R", 3)]


def test_gzipped_csv(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv.gz"
    path.write_bytes(gzip.compress(b'\xef\xbb\xbfid,text\n1,"a\nb"\n2,\xff\n3,c\n'))
    out = list(read_items([str(path)]))
    assert [(k, line) for k, _, line in shape(out)] == [("A", 2), ("R", 4), ("A", 5)]


def test_truncated_gzip_yields_what_it_can_then_a_rejection(tmp_path: Path) -> None:
    blob = gzip.compress(GOOD * 1000)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(blob[: len(blob) // 2])
    after = tmp_path / "after.jsonl"
    after.write_bytes(GOOD)
    out = list(read_items([str(path), str(after)]))
    cut = [o for o in out if o.source == str(path)]
    assert all(isinstance(o, Accepted) for o in cut[:-1])
    last = cut[-1]
    assert isinstance(last, Rejected)
    assert last.line == len(cut)
    assert "read error" in last.reason
    assert [o.line for o in out if o.source == str(after)] == [1, 2]


def test_not_actually_gzip(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.gz"
    path.write_bytes(GOOD)
    [rejected] = read_items([str(path)])
    assert isinstance(rejected, Rejected)
    assert rejected.line == 1
    assert "read error" in rejected.reason


def test_a_single_string_is_refused() -> None:
    with pytest.raises(TypeError):
        list(read_items("posts.jsonl"))


@pytest.mark.parametrize("limits", [{"max_text_chars": 0}, {"max_line_bytes": 0}])
def test_limits_must_be_positive(limits: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="positive"):
        list(read_items([], **limits))


def test_pathlike_paths(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_bytes(GOOD)
    assert len(list(read_items([path]))) == 2


def test_file_is_closed_when_the_caller_stops_early(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_bytes(GOOD)
    outcomes = read_items([str(path)])
    next(outcomes)
    assert isinstance(outcomes, GeneratorType)
    outcomes.close()  # must not raise, and releases the file


def test_summary_counts_per_source(tmp_path: Path) -> None:
    a = tmp_path / "a.jsonl"
    a.write_bytes(GOOD + b"x\n" + b'{"id": "big", "text": "' + b"t" * 50 + b'"}\n')
    b = tmp_path / "b.csv"
    b.write_bytes(b"id,text\n1,x\n")
    summary = Summary()
    out = list(summary.track(read_items([str(a), str(b), "nope.xml"], max_text_chars=10)))
    assert len(out) == 6
    counts = summary.by_source
    assert (counts[str(a)].accepted, counts[str(a)].rejected, counts[str(a)].truncated) == (3, 1, 1)
    assert (counts[str(b)].accepted, counts[str(b)].rejected) == (1, 0)
    assert counts["nope.xml"].rejected == 1
    assert summary.line() == "3 sources: 4 accepted (1 truncated), 2 rejected"


def test_empty_summary() -> None:
    assert Summary().line() == "0 sources: 0 accepted, 0 rejected"
