from __future__ import annotations

from pathlib import Path

import pytest

from cyberpatrol.cases.taxonomy import load_taxonomy
from cyberpatrol.errors import ConfigError, WorkflowError


def test_default_taxonomy_has_the_ihc_groups() -> None:
    t = load_taxonomy()
    groups = {g.label: [s.key for s in subs] for g, subs in t.groups()}
    assert set(groups) == {"違法情報", "重要犯罪密接関連情報", "自殺誘引等情報", "対象外"}
    assert "crime_recruitment" in groups["重要犯罪密接関連情報"]
    assert t.label("crime_recruitment") == "重要犯罪密接関連情報 › 犯罪実行者募集情報"
    assert not t.get("out_of_scope").actionable
    assert t.suggest["crime_recruitment"] == "crime_recruitment"


def test_unknown_key_is_refused() -> None:
    with pytest.raises(WorkflowError, match="unknown judgement category"):
        load_taxonomy().get("nope")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[category]]\nkey="a"\nlabel="A"\n[[category]]\nkey="a"\nlabel="B"\n', "duplicate"),
        ('[[category]]\nkey="a"\nlabel="A"\nparent="zz"\n', "unknown parent"),
        ('[[category]]\nkey="a"\nlabel="A"\nactionable=true\n', "no clause"),
        ('[[category]]\nkey=""\nlabel="A"\n', "key must be"),
        ('[[category]]\nkey="a"\nlabel="A"\n[suggest]\nx="b"\n', "unknown category 'b'"),
    ],
)
def test_bad_taxonomy_files_are_named(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "taxonomy.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_taxonomy(path)
