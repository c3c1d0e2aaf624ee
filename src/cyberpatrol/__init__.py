"""cyberpatrol — counter-fraud cyber patrol toolkit.

The public API::

    from cyberpatrol import Engine, Item

    engine = Engine()                      # built once per process
    result = engine.analyze(Item(id="1", text="ホワイト案件 即日即金 受け子募集"))
    result.flagged, result.score, result.evidence, result.indicators
"""

from __future__ import annotations

from cyberpatrol.engine import Engine, EngineConfig
from cyberpatrol.errors import (
    ConfigError,
    CyberpatrolError,
    DetectorError,
    InputError,
    StoreError,
)
from cyberpatrol.model import CRIME_RECRUITMENT, Evidence, Finding, Indicator, Item, Result

__version__ = "0.1.0"

__all__ = [
    "CRIME_RECRUITMENT",
    "ConfigError",
    "CyberpatrolError",
    "DetectorError",
    "Engine",
    "EngineConfig",
    "Evidence",
    "Finding",
    "Indicator",
    "InputError",
    "Item",
    "Result",
    "StoreError",
    "__version__",
]
