"""Labelled posts for training and evaluation, and the kind taxonomy.

A labelled post is an ordinary input record with extra fields, which the
readers keep in ``Item.meta``: ``label`` (1/0), ``kind``, ``family`` (the
variant family, the unit of the train/dev/test split) and ``split``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cyberpatrol.errors import ConfigError
from cyberpatrol.evaluation import label_of
from cyberpatrol.ingest import Accepted, Rejected, read_items
from cyberpatrol.model import Item
from cyberpatrol.resources import load_toml, str_list


@dataclass(frozen=True, slots=True)
class Example:
    item: Item
    label: int
    kind: str
    family: str
    split: str | None


@dataclass(frozen=True, slots=True)
class KindGroup:
    id: str
    label: int
    title: str
    hard: bool
    kinds: tuple[str, ...]


@functools.cache
def kind_groups() -> dict[str, KindGroup]:
    """Kind groups from ``data/kinds.toml``."""
    data, where = load_toml(None, "kinds.toml")
    groups: dict[str, KindGroup] = {}
    for gid, raw in data.get("group", {}).items():
        try:
            groups[gid] = KindGroup(
                gid,
                int(raw["label"]),
                str(raw["title"]),
                bool(raw.get("hard", False)),
                tuple(str_list(raw["kinds"], f"group.{gid}.kinds", where)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"group {gid!r}: {exc}", path=where) from exc
    return groups


def group_of(kind: str) -> KindGroup | None:
    for g in kind_groups().values():
        if kind in g.kinds:
            return g
    return None


def is_hard_negative(kind: str) -> bool:
    g = group_of(kind)
    return g is not None and g.label == 0 and g.hard


def example_of(item: Item) -> Example | None:
    """The labelled example in ``item``, or None when it carries no usable label."""
    label = label_of(item)
    if label is None:
        return None
    meta = item.meta
    split = meta.get("split")
    return Example(
        item,
        label,
        str(meta.get("kind") or "unknown"),
        str(meta.get("family") or meta.get("author") or item.id),
        str(split) if split else None,
    )


def load_examples(
    paths: Sequence[str | Path],
    *,
    splits: Iterable[str] | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
    max_text_chars: int = 100_000,
) -> list[Example]:
    """Every labelled post in ``paths`` (only the given ``splits`` when set).

    Records that cannot be read are passed to ``on_reject``; posts without a
    label are skipped. When ``splits`` is set, posts with no split are skipped.
    """
    wanted = set(splits) if splits is not None else None
    out: list[Example] = []
    for record in read_items([str(p) for p in paths], max_text_chars=max_text_chars):
        if isinstance(record, Rejected):
            if on_reject is not None:
                on_reject(record)
            continue
        assert isinstance(record, Accepted)
        ex = example_of(record.item)
        if ex is None or (wanted is not None and ex.split not in wanted):
            continue
        out.append(ex)
    return out
