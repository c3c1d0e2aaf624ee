"""Packaged data files versus paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberpatrol.engine import EngineConfig
from cyberpatrol.errors import ConfigError
from cyberpatrol.resources import load_toml, packaged_or_path


@pytest.mark.parametrize(
    ("setting", "path"),
    [
        ("recruitment.toml", None),
        ("./recruitment.toml", Path("recruitment.toml")),
        ("conf/recruitment.toml", Path("conf/recruitment.toml")),
        ("/etc/recruitment.toml", Path("/etc/recruitment.toml")),
    ],
)
def test_bare_names_mean_packaged_files(setting: str, path: Path | None) -> None:
    assert packaged_or_path(setting) == (path, "recruitment.toml")


def test_a_file_in_the_working_directory_never_replaces_the_packaged_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "engine.toml").write_text("threshold = 0.99\n[[detector]]\nname = 'x'\n")
    monkeypatch.chdir(tmp_path)
    assert EngineConfig.load().threshold == 0.7
    assert EngineConfig.load(tmp_path / "engine.toml").threshold == 0.99


def test_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("x = [")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        load_toml(bad, "bad.toml")
    with pytest.raises(ConfigError, match=r"cyberpatrol/data/absent\.toml"):
        load_toml(None, "absent.toml")
