"""Detectors and their registry."""

from __future__ import annotations

from cyberpatrol.detectors.base import (
    Detector,
    Document,
    available,
    build,
    document_maker,
    register,
)

__all__ = ["Detector", "Document", "available", "build", "document_maker", "register"]
