"""The default normalisation pipeline, assembled from ``data/normalize.toml``."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from cyberpatrol.errors import ConfigError
from cyberpatrol.normalize._base import Pipeline, Step
from cyberpatrol.normalize.emoji import EmojiStep
from cyberpatrol.normalize.invisible import InvisibleStep
from cyberpatrol.normalize.kana import KanaStep, VoicingStep
from cyberpatrol.normalize.lookalike import LookalikeStep
from cyberpatrol.normalize.numbers import NumbersStep
from cyberpatrol.normalize.separators import SeparatorsStep
from cyberpatrol.normalize.splits import SplitsStep
from cyberpatrol.normalize.unicode import CasefoldStep, NfkcStep, WidthStep
from cyberpatrol.resources import load_toml, str_list

STEP_CLASSES: dict[str, type[Step]] = {
    cls.id: cls
    for cls in (
        InvisibleStep,
        VoicingStep,
        NfkcStep,
        WidthStep,
        CasefoldStep,
        EmojiStep,
        SplitsStep,
        SeparatorsStep,
        LookalikeStep,
        KanaStep,
        NumbersStep,
    )
}


def build_pipeline(config: dict[str, Any], where: str = "<config>") -> Pipeline:
    """Build a pipeline from a parsed ``normalize.toml`` table.

    ``steps`` lists step ids in order; each ``[views]`` entry is either the
    number of steps run or the id of the last step run.
    """
    ids = str_list(config.get("steps"), "'steps'", where)
    steps: list[Step] = []
    for sid in ids:
        cls = STEP_CLASSES.get(sid)
        if cls is None:
            known = ", ".join(STEP_CLASSES)
            raise ConfigError(f"unknown step id {sid!r} (known: {known})", path=where)
        if sid in ids[: len(steps)]:
            raise ConfigError(f"step {sid!r} listed twice", path=where)
        steps.append(cls())
    raw_views = config.get("views", {})
    if not isinstance(raw_views, dict):
        raise ConfigError("[views] must be a table", path=where)
    views: dict[str, int] = {}
    for name, value in raw_views.items():
        if isinstance(value, str) and value in ids:
            views[name] = ids.index(value) + 1
        elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= len(ids):
            views[name] = value
        else:
            raise ConfigError(
                f"view {name!r} = {value!r}: expected a step id or 0..{len(ids)}", path=where
            )
    return Pipeline(steps, views)


def load_pipeline(path: Path | str | None = None) -> Pipeline:
    """Build a pipeline from a TOML file (the packaged ``data/normalize.toml`` by default)."""
    config, where = load_toml(path, "normalize.toml")
    return build_pipeline(config, where)


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The shared default pipeline (built once)."""
    return load_pipeline()
