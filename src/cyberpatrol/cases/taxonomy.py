"""The judgement taxonomy (``data/taxonomy.toml``): what analysts may decide about a post."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from cyberpatrol.errors import ConfigError, WorkflowError
from cyberpatrol.resources import load_toml


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    label: str
    parent: str
    actionable: bool
    """Whether warnings and deletion/suspension requests may follow."""
    clause: str
    """Wording used in request letters."""
    counts_as: str
    """The statistics group ("" when not counted)."""
    model_label: int = -1
    """Label for the recruitment model's training data: 1, 0, or -1 (not exported)."""


@dataclass(frozen=True, slots=True)
class Taxonomy:
    categories: tuple[Category, ...]
    suggest: dict[str, str]
    """Engine category → the judgement offered first."""
    where: str

    def get(self, key: str) -> Category:
        for c in self.categories:
            if c.key == key:
                return c
        known = ", ".join(c.key for c in self.categories)
        raise WorkflowError(f"unknown judgement category {key!r} (known: {known})")

    def groups(self) -> list[tuple[Category, list[Category]]]:
        """Top-level categories, each with its sub-categories, in file order."""
        return [
            (c, [s for s in self.categories if s.parent == c.key])
            for c in self.categories
            if not c.parent
        ]

    def label(self, key: str | None) -> str:
        if not key:
            return "未判断"
        try:
            c = self.get(key)
        except WorkflowError:
            return key
        if c.parent:
            return f"{self.get(c.parent).label} › {c.label}"
        return c.label


@functools.lru_cache(maxsize=4)
def load_taxonomy(path: Path | None = None) -> Taxonomy:
    data, where = load_toml(path, "taxonomy.toml")
    raw = data.get("category")
    if not isinstance(raw, list) or not raw:
        raise ConfigError("no [[category]] entries", path=where)
    cats: list[Category] = []
    for i, spec in enumerate(raw, 1):
        try:
            cat = Category(
                key=_text(spec, "key"),
                label=_text(spec, "label"),
                parent=str(spec.get("parent", "")),
                actionable=bool(spec.get("actionable", False)),
                clause=str(spec.get("clause", "")),
                counts_as=str(spec.get("counts_as", "")),
                model_label=int(spec.get("model_label", -1)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"category #{i}: {exc}", path=where) from exc
        cats.append(cat)
    keys = [c.key for c in cats]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise ConfigError(f"duplicate category keys: {dupes}", path=where)
    for c in cats:
        if c.parent and c.parent not in keys:
            raise ConfigError(f"category {c.key!r}: unknown parent {c.parent!r}", path=where)
        if c.model_label not in (-1, 0, 1):
            raise ConfigError(f"category {c.key!r}: model_label must be 1, 0 or -1", path=where)
        if c.actionable and not c.clause:
            raise ConfigError(f"category {c.key!r} is actionable but has no clause", path=where)
    suggest = {str(k): str(v) for k, v in dict(data.get("suggest", {})).items()}
    for engine_category, key in suggest.items():
        if key not in keys:
            raise ConfigError(f"suggest.{engine_category}: unknown category {key!r}", path=where)
    return Taxonomy(tuple(cats), suggest, where)


def _text(spec: dict[str, object], name: str) -> str:
    value = spec[name]
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string")
    return value
