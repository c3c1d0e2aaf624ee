"""``cyberpatrol serve``: the hotline web app."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from cyberpatrol.cli import ConfigOpt, DbOpt, ModelOpt, _fail, app, err
from cyberpatrol.errors import CyberpatrolError


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
) -> None:
    """Serve the review queue, item pages and the JSON API (/api/docs)."""
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
        hotline = Hotline.open(db)
        opened = hotline.enqueue_flagged()
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
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
        hotline.close()


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
