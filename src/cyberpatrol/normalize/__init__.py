"""Normalisation that defeats the usual disguises while keeping an offset map.

Public API: :class:`Pipeline`, :class:`Step`, :class:`NormalizedText`,
:func:`default_pipeline`.
"""

from __future__ import annotations

from cyberpatrol.normalize._base import Builder, Edit, NormalizedText, Pipeline, Step, StepResult
from cyberpatrol.normalize.pipeline import STEP_CLASSES, default_pipeline

__all__ = [
    "STEP_CLASSES",
    "Builder",
    "Edit",
    "NormalizedText",
    "Pipeline",
    "Step",
    "StepResult",
    "default_pipeline",
]
