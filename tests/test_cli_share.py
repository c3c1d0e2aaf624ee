"""``cyberpatrol export …`` and ``cyberpatrol import …`` end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from cyberpatrol.cases.audit import entries
from cyberpatrol.cli import app
from cyberpatrol.engine import Engine
from cyberpatrol.sharing.orgs import create_org
from cyberpatrol.store import Store
from share_data import EXPECTED, save_posts

runner = CliRunner()


def _ok(*args: str) -> Any:
    r = runner.invoke(app, list(args))
    assert r.exit_code == 0, r.output
    return r


def _failed(*args: str) -> str:
    r = runner.invoke(app, list(args))
    assert r.exit_code == 2, r.output
    return str(r.stderr)


def test_export_then_import_elsewhere(tmp_path: Path, engine: Engine) -> None:
    source, target = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    with Store.open(source) as store:
        save_posts(store, engine)
        with store.transaction("test") as conn:
            create_org(conn, "bank_a", "A銀行", "bank")
    bundle = _ok("export", "stix", "--org", "bank_a", "--db", source).stdout
    assert len([o for o in json.loads(bundle)["objects"] if o["type"] == "indicator"]) == 17
    zone = _ok("export", "rpz", "--org", "bank_a", "--db", source).stdout
    assert "*.evil-job.co.jp CNAME ." in zone
    phones = _ok("export", "csv", "--org", "bank_a", "--type", "phone", "--db", source).stdout
    assert len(phones.splitlines()) == 2
    with Store.open(target) as store, store.transaction("test") as conn:
        create_org(conn, "police_x", "X県警", "police")
    path = tmp_path / "bundle.json"
    path.write_text(bundle)
    report = json.loads(
        _ok("import", "stix", str(path), "--from", "police_x", "--db", target).stdout
    )
    assert (report["created"], report["rejected"]) == (len(EXPECTED), 0)
    again = json.loads(
        _ok("import", "stix", str(path), "--from", "police_x", "--db", target).stdout
    )
    assert again["unchanged"] == len(EXPECTED)
    with Store.open(source) as store, store.transaction("test") as conn:
        (logged, *_) = entries(conn, action="share.export")
    assert logged.username.startswith("cli:")
    assert logged.detail["organisation"] == "bank_a"
    with Store.open(target) as store, store.transaction("test") as conn:
        imports = entries(conn, action="share.import")
    assert [e.detail["created"] for e in imports] == [0, len(EXPECTED)]


def test_clear_errors(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'h.db'}"
    _ok("org", "add", "bank_a", "--label", "A銀行", "--db", db)
    assert "no organisation 'nobody'" in _failed("export", "csv", "--org", "nobody", "--db", db)
    assert "fax" in _failed("export", "csv", "--org", "bank_a", "--type", "fax", "--db", db)
    missing = tmp_path / "missing.json"
    assert f"{missing}: cannot read" in _failed(
        "import", "stix", str(missing), "--from", "bank_a", "--db", db
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"type": "bundle", "objects": [')
    assert f"{broken}: not JSON" in _failed(
        "import", "stix", str(broken), "--from", "bank_a", "--db", db
    )
    event = tmp_path / "event.json"
    event.write_text('{"Event": {"Attribute": []}}')
    assert f"{event}: not a valid MISP event" in _failed(
        "import", "misp", str(event), "--from", "bank_a", "--db", db
    )
    with Store.open(db) as store, store.transaction("test") as conn:
        failures = entries(conn, action="share.import")
    assert [e.detail["file"] for e in failures] == [str(event), str(broken)]
