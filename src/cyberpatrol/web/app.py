"""The hotline web app: FastAPI, server-rendered Japanese pages, a JSON API.

Everything is served from this process (templates and static files ship in
the package: it works offline, with no CDN). Responses carry a strict
Content-Security-Policy (no inline script, no third-party origin), so even a
markup bug could not run a criminal's script in an analyst's browser.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from cyberpatrol import __version__
from cyberpatrol.cases import Hotline
from cyberpatrol.cases.queue import format_jst
from cyberpatrol.engine import Engine, EngineConfig
from cyberpatrol.errors import AccessDenied, Conflict, NotFound, WorkflowError
from cyberpatrol.linking.queries import account_name
from cyberpatrol.web import (
    api,
    campaign_api,
    campaign_pages,
    graphview,
    pages,
    partner_api,
    public,
    share_api,
    sharing_pages,
)

# The graph pages' Cytoscape.js needs nothing more: it styles through the CSSOM, and
# the one <style> element it would insert is pre-empted (static/vendor/cytoscape/README.md).
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECRET_ENV = "CYBERPATROL_SECRET_KEY"  # noqa: S105 (the variable name, not a secret)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _package_dir(name: str) -> Path:
    return Path(str(resources.files("cyberpatrol.web").joinpath(name)))


def create_app(
    hotline: Hotline,
    *,
    secure_cookies: bool = True,
    engine_config: EngineConfig | None = None,
) -> FastAPI:
    """The app over ``hotline``'s store. ``secure_cookies=False`` only for plain-HTTP localhost."""
    app = FastAPI(
        title="cyberpatrol hotline",
        version=__version__,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.hotline = hotline
    app.state.secure_cookies = secure_cookies
    # Keys the reporters' address hashes: from the environment so that rate
    # limits survive restarts; else random per process (hashes then cannot be
    # linked across restarts at all).
    secret = os.environ.get(SECRET_ENV, "")
    app.state.report_secret = secret.encode("utf-8") if secret else os.urandom(32)
    app.state.engine = functools.cache(lambda: Engine(engine_config))
    templates = Jinja2Templates(directory=_package_dir("templates"))
    templates.env.filters["jst"] = format_jst
    templates.env.filters["account_url"] = graphview.account_path
    templates.env.filters["campaign_url"] = graphview.campaign_path
    templates.env.filters["indicator_url"] = graphview.indicator_path
    templates.env.globals["version"] = __version__
    templates.env.globals["account_name"] = account_name
    templates.env.globals["tag_labels"] = graphview.TAG_LABELS
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=_package_dir("static")), name="static")
    app.include_router(pages.router)
    app.include_router(campaign_pages.router)
    app.include_router(sharing_pages.router)
    app.include_router(public.router)
    app.include_router(api.router)
    # Before campaign_api, whose /indicators/{indicator_id} would swallow /indicators/lookup.
    app.include_router(partner_api.router)
    app.include_router(campaign_api.router)
    app.include_router(share_api.router)
    app.include_router(share_api.taxii_router)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(AccessDenied)
    async def denied(request: Request, exc: AccessDenied) -> Response:
        if _wants_json(request):
            status = 403 if exc.authenticated else 401
            return JSONResponse({"detail": str(exc)}, status_code=status)
        if not exc.authenticated:
            return RedirectResponse("/login", status_code=303)
        return _error_page(request, str(exc), 403)

    for cls, status in ((NotFound, 404), (Conflict, 409), (WorkflowError, 400)):
        app.add_exception_handler(cls, _handler(status))
    return app


def _handler(status: int) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handle(request: Request, exc: Exception) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=status)
        return _error_page(request, str(exc), status)

    return handle


def _error_page(request: Request, message: str, status: int) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"message": message, "status": status}, status_code=status
    )


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")
