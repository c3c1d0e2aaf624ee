"""``cyberpatrol serve`` (the hotline web app) and ``cyberpatrol recheck`` (is it still up?)."""

from __future__ import annotations

import csv
import io
import ipaddress
import os
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import orjson
import typer

from cyberpatrol.cli import ConfigOpt, DbOpt, ModelOpt, _fail, app, err, opened_hotline
from cyberpatrol.errors import ConfigError, CyberpatrolError

if TYPE_CHECKING:
    from cyberpatrol.actions import Dispatcher
    from cyberpatrol.cases import Hotline
    from cyberpatrol.net import FetchPolicy

AllowOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-network",
        help="Let re-checks reach this otherwise refused network (CIDR; for tests and"
        " intranet sites only). Repeatable.",
    ),
]
PortOpt = Annotated[
    list[int] | None,
    typer.Option("--allow-port", help="Ports re-checks may use besides 80 and 443. Repeatable."),
]


def _policy(allow: list[str] | None, ports: list[int] | None) -> FetchPolicy:
    from cyberpatrol.net import FetchPolicy

    try:
        networks = tuple(ipaddress.ip_network(n, strict=False) for n in allow or [])
    except ValueError as exc:
        raise ConfigError(f"--allow-network: {exc}") from exc
    return FetchPolicy(allow_networks=networks, extra_ports=tuple(ports or ()))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    db: DbOpt = None,
    config: ConfigOpt = None,
    model: ModelOpt = None,
    secure_cookies: Annotated[
        bool | None,
        typer.Option(
            "--secure-cookies/--insecure-cookies",
            help="Send cookies over HTTPS only (default: on unless listening on loopback;"
            " put the app behind a TLS proxy otherwise).",
        ),
    ] = None,
    recheck_every: Annotated[
        int, typer.Option(min=0, help="Minutes between background URL re-checks (0: off).")
    ] = 60,
    allow_network: AllowOpt = None,
    allow_port: PortOpt = None,
    smtp_host: Annotated[
        str,
        typer.Option(
            help="Send deletion/suspension requests through this SMTP server"
            " (login from $CYBERPATROL_SMTP_USER / $CYBERPATROL_SMTP_PASSWORD)."
        ),
    ] = "",
    smtp_port: Annotated[int, typer.Option(min=1, max=65535)] = 587,
    smtp_sender: Annotated[str, typer.Option(help="From address of request letters.")] = "",
    smtp_starttls: Annotated[bool, typer.Option("--smtp-starttls/--smtp-plain")] = True,
    mastodon_url: Annotated[
        str,
        typer.Option(
            help="Post reply warnings on this Mastodon server"
            " (token from $CYBERPATROL_MASTODON_TOKEN)."
        ),
    ] = "",
) -> None:
    """Serve the review queue, item pages and the JSON API (/api/docs).

    Letters are dry runs (recorded, not sent) unless --smtp-host (requests) or
    --mastodon-url (warnings) configure a way to send them.

    In the background, URLs of cases are re-checked every --recheck-every minutes.
    """
    import uvicorn

    from cyberpatrol.cases import Hotline
    from cyberpatrol.engine import EngineConfig
    from cyberpatrol.web import create_app

    if secure_cookies is None:
        secure_cookies = not _loopback(host)
    try:
        engine_config = EngineConfig.load(config)
        if model is not None:
            engine_config = engine_config.with_model(model)
        policy = _policy(allow_network, allow_port)
        dispatchers = _dispatchers(smtp_host, smtp_port, smtp_sender, smtp_starttls, mastodon_url)
        hotline = Hotline.open(db)
        hotline.dispatchers.update(dispatchers)
        opened = hotline.enqueue_flagged()
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    stop = threading.Event()
    if recheck_every:
        threading.Thread(
            target=_recheck_loop,
            args=(hotline, policy, recheck_every * 60.0, stop),
            name="recheck",
            daemon=True,
        ).start()
    if opened:
        err.print(f"review queue: {opened} new cases")
    err.print(f"cyberpatrol hotline on http://{host}:{port}/  (API: /api/docs)")
    try:
        uvicorn.run(
            create_app(hotline, secure_cookies=secure_cookies, engine_config=engine_config),
            host=host,
            port=port,
            log_level="warning",
            server_header=False,
        )
    finally:
        stop.set()
        hotline.close()


def _dispatchers(
    smtp_host: str, smtp_port: int, smtp_sender: str, starttls: bool, mastodon_url: str
) -> dict[str, Dispatcher]:
    from cyberpatrol.actions import MastodonDispatcher, SmtpDispatcher

    out: dict[str, Dispatcher] = {}
    if smtp_host:
        if not smtp_sender:
            raise ConfigError("--smtp-host needs --smtp-sender (the From address)")
        out["email"] = SmtpDispatcher(
            smtp_host,
            smtp_port,
            sender=smtp_sender,
            starttls=starttls,
            username=os.environ.get("CYBERPATROL_SMTP_USER") or None,
            password=os.environ.get("CYBERPATROL_SMTP_PASSWORD") or None,
        )
    if mastodon_url:
        token = os.environ.get("CYBERPATROL_MASTODON_TOKEN", "")
        if not token:
            raise ConfigError("--mastodon-url needs $CYBERPATROL_MASTODON_TOKEN")
        out["api"] = MastodonDispatcher(mastodon_url, token)
    return out


def _recheck_loop(
    hotline: Hotline, policy: FetchPolicy, every: float, stop: threading.Event
) -> None:
    while not stop.wait(every):
        try:
            hotline.recheck(policy)
        except CyberpatrolError as exc:  # the app keeps serving; the next round retries
            err.print(f"recheck failed: {exc}")


@app.command()
def recheck(
    db: DbOpt = None,
    limit: Annotated[int, typer.Option(min=1, help="Most URLs to fetch in this run.")] = 100,
    interval_hours: Annotated[
        float, typer.Option(min=0.0, help="Re-check a URL no more often than this.")
    ] = 6.0,
    allow_network: AllowOpt = None,
    allow_port: PortOpt = None,
) -> None:
    """Fetch the URLs of cases (SSRF-safe) and record whether each post is up or gone.

    One JSON object per URL checked on stdout. Private, loopback, link-local and
    other non-public addresses are refused unless --allow-network names them.
    """
    try:
        policy = _policy(allow_network, allow_port)
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    with opened_hotline(db) as hotline:
        checks = hotline.recheck(policy, interval=timedelta(hours=interval_hours), limit=limit)
    for c in checks:
        row = {
            "case_id": c.case_id,
            "url": c.url,
            "outcome": c.outcome,
            "http_status": c.http_status,
            "detail": c.detail,
            "checked_at": c.checked_at.isoformat(),
        }
        sys.stdout.buffer.write(orjson.dumps(row) + b"\n")
    counts = {o: sum(c.outcome == o for c in checks) for o in ("up", "gone", "error", "refused")}
    err.print("rechecked " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def stats(
    db: DbOpt = None,
    since: Annotated[
        datetime | None, typer.Option("--from", help="Judged on/after this date (JST).")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option("--to", help="Judged before this date (JST).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv, xlsx or json.")] = "csv",
    by: Annotated[str, typer.Option("--by", help="csv: month, category or platform.")] = "month",
    out: Annotated[
        Path | None, typer.Option("--out", help="Write here (required for xlsx).")
    ] = None,
) -> None:
    """The hotline's figures (IHC definitions): analysed, gone before request, requests sent,
    deleted after request, not deleted, deletion rate, median time to deletion, warnings sent.

    csv: one dimension (--by) with a total row; xlsx: a sheet per dimension; json: everything.
    """
    from cyberpatrol.actions import JST
    from cyberpatrol.cases.service import cli_actor
    from cyberpatrol.cases.stats import DIMENSIONS, table

    if fmt not in ("csv", "xlsx", "json"):
        raise _fail(ConfigError(f"--format must be csv, xlsx or json, not {fmt!r}"))
    if by not in DIMENSIONS:
        raise _fail(ConfigError(f"--by must be one of {', '.join(DIMENSIONS)}"))
    if fmt == "xlsx" and out is None:
        raise _fail(ConfigError("--format xlsx needs --out FILE.xlsx"))
    since = since.replace(tzinfo=JST) if since and since.tzinfo is None else since
    until = until.replace(tzinfo=JST) if until and until.tzinfo is None else until
    with opened_hotline(db) as hotline:
        figures = hotline.stats(cli_actor(), since=since, until=until, export=fmt)
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        book.remove(book.active)
        for dimension in DIMENSIONS:
            sheet = book.create_sheet(dimension)
            for row in table(figures, dimension):
                sheet.append(row)
        assert out is not None
        book.save(out)
        err.print(f"wrote {out}")
        return
    if fmt == "json":
        payload = orjson.dumps(
            {"from": since, "to": until, "total": figures.total, "by": figures.by},
            option=orjson.OPT_INDENT_2,
        )
    else:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(table(figures, by))
        payload = buffer.getvalue().encode("utf-8")
    if out is None:
        sys.stdout.buffer.write(payload)
    else:
        out.write_bytes(payload)


@app.command("export-labels")
def export_labels(
    db: DbOpt = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
) -> None:
    """Analysts' judgements as labelled JSON Lines that `cyberpatrol train` reads.

    Retrain with the corpus plus these: cyberpatrol train data/corpus/*.jsonl labels.jsonl --out DIR
    """
    from cyberpatrol.cases.service import cli_actor

    n = 0
    with opened_hotline(db) as hotline:
        stream = out.open("wb") if out else sys.stdout.buffer
        try:
            for record in hotline.export_labels(cli_actor()):
                stream.write(orjson.dumps(record) + b"\n")
                n += 1
        finally:
            if out:
                stream.close()
    err.print(f"exported {n} labelled cases")
