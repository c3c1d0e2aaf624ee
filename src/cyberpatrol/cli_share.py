"""``cyberpatrol export …`` and ``cyberpatrol import …``: sharing with partners by file.

Run on the server by its operator. An export holds only what the named organisation
may see (as its partner API would answer); an import records the file's indicators
as that organisation's reports, with the TLP they came with. Both are written to the
audit log as ``cli:<OS user>`` (``share.export``, ``share.import``).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import orjson
import typer

from cyberpatrol.cli import DbOpt, _fail, app, opened_hotline

if TYPE_CHECKING:
    from sqlalchemy import Connection


class ExportFormat(StrEnum):
    stix = "stix"
    misp = "misp"
    csv = "csv"
    domains = "domains"
    hosts = "hosts"
    rpz = "rpz"


class ImportFormat(StrEnum):
    stix = "stix"
    misp = "misp"


def _record(conn: Connection, action: str, target: str, detail: dict[str, Any]) -> None:
    from cyberpatrol.cases.audit import record
    from cyberpatrol.cases.service import cli_actor

    record(conn, cli_actor(), action, target, detail)


@app.command("export")
def export_(
    fmt: Annotated[ExportFormat, typer.Argument(help="stix, misp, csv, domains, hosts or rpz.")],
    org: Annotated[str, typer.Option("--org", help="The receiving organisation (name).")],
    types: Annotated[
        list[str] | None, typer.Option("--type", help="Only this indicator type; repeat.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Write what ORG may receive to stdout: a STIX 2.1 bundle, a MISP event, CSV, or a
    block list (domain list, hosts file, DNS RPZ zone) of URL and domain indicators."""
    from cyberpatrol.sharing.exports import export
    from cyberpatrol.sharing.orgs import get_org

    with opened_hotline(db) as hotline, hotline.store.transaction("cannot export") as conn:
        receiver = get_org(conn, org)
        try:
            out = export(conn, receiver.id, fmt.value, types=types)
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        detail = {"organisation": receiver.name, "format": fmt.value, "count": out.count}
        _record(conn, "share.export", f"export:{fmt.value}", detail)
    sys.stdout.buffer.write(out.body)
    typer.echo(f"{out.count} indicators for {receiver.name} ({fmt.value})", err=True)


def _read(path: str) -> bytes:
    from cyberpatrol.sharing.imports import MAX_BYTES

    if path == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        try:
            with Path(path).open("rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except OSError as exc:
            typer.echo(f"error: {path}: cannot read: {exc.strerror or exc}", err=True)
            raise typer.Exit(2) from exc
    if len(raw) > MAX_BYTES:
        typer.echo(f"error: {path}: larger than {MAX_BYTES // (1024 * 1024)} MB", err=True)
        raise typer.Exit(2)
    return raw


@app.command("import")
def import_(
    fmt: Annotated[ImportFormat, typer.Argument(help="stix (a bundle) or misp (an event).")],
    path: Annotated[str, typer.Argument(metavar="FILE", help="The JSON file; '-' for stdin.")],
    from_org: Annotated[str, typer.Option("--from", help="The organisation that sent it (name).")],
    db: DbOpt = None,
) -> None:
    """Import a partner's STIX 2.1 bundle or MISP event; print the report as JSON.

    Importing the same file again adds nothing. Objects that cannot be read are
    listed in the report with their reasons; the rest is imported.
    """
    from cyberpatrol.sharing.imports import BadImport, import_misp, import_stix
    from cyberpatrol.sharing.orgs import get_org

    raw = _read(path)
    read = import_stix if fmt is ImportFormat.stix else import_misp
    with opened_hotline(db) as hotline:
        try:
            with hotline.store.transaction("cannot import") as conn:
                sender = get_org(conn, from_org)
                report = read(conn, sender.id, raw, source=path).to_dict()
                counts = {k: v for k, v in report.items() if k != "rejections"}
                _record(conn, "share.import", f"import:{fmt.value}", {"file": path, **counts})
        except BadImport as exc:
            with hotline.store.transaction("cannot record import") as conn:
                detail = {"file": path, "organisation": from_org, "error": exc.reason}
                _record(conn, "share.import", f"import:{fmt.value}", detail)
            raise _fail(exc) from exc
    sys.stdout.buffer.write(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
