"""The public surface is exactly what is intended (and every name resolves)."""

from __future__ import annotations

import cyberpatrol

EXPECTED = {
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
}


def test_exported_members() -> None:
    assert set(cyberpatrol.__all__) == EXPECTED
    for name in cyberpatrol.__all__:
        assert hasattr(cyberpatrol, name), name


def test_errors_form_one_tree() -> None:
    for name in ("ConfigError", "DetectorError", "InputError", "StoreError"):
        assert issubclass(getattr(cyberpatrol, name), cyberpatrol.CyberpatrolError)


def test_library_use_without_the_cli() -> None:
    engine = cyberpatrol.Engine()
    result = engine.analyze(
        cyberpatrol.Item(id="1", text="受け子募集 日給10万 即日即金 テレグラム @kasegu_777")
    )
    assert result.flagged
    assert result.category == cyberpatrol.CRIME_RECRUITMENT
    assert any(i.type == "telegram" and i.value == "kasegu_777" for i in result.indicators)
