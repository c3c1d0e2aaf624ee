"""The hotline web app (``cyberpatrol serve``): review queue, item pages, JSON API."""

from __future__ import annotations

from cyberpatrol.web.app import create_app

__all__ = ["create_app"]
