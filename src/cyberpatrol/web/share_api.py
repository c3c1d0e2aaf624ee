"""Exports, imports and TAXII 2.1 for partner organisations.

* ``GET /api/v1/share/export?format=stix|misp|csv|domains|hosts|rpz`` (scope ``export``):
  a download of what the caller's organisation may receive;
* ``POST /api/v1/share/import?format=stix|misp`` (scope ``import``): a STIX bundle or
  MISP event as the JSON body (at most 20 MB); the answer is the import report;
* TAXII 2.1 under ``/taxii2/`` (scope ``taxii``, read only): discovery, the API root,
  one collection ("indicators") and its objects and manifest, paged with
  ``added_after``, ``limit`` and ``next``, so that CTI tools can subscribe.

Callers authenticate with a partner token (``Authorization: Bearer cpp_…``,
:mod:`cyberpatrol.web.partner`). Every call is written to the audit log
(``partner.export``, ``partner.import``, ``partner.taxii``) with the organisation, the
token and what was sent or received.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from cyberpatrol.errors import AccessDenied
from cyberpatrol.sharing import taxii
from cyberpatrol.sharing.exports import export
from cyberpatrol.sharing.imports import MAX_BYTES, BadImport, import_misp, import_stix
from cyberpatrol.sharing.stix import parse_timestamp
from cyberpatrol.web.deps import hotline
from cyberpatrol.web.partner import PartnerCall, audit, partner

router = APIRouter(prefix="/api/v1/share", tags=["sharing"])
taxii_router = APIRouter(prefix="/taxii2", tags=["taxii"])

Exporter = Annotated[PartnerCall, Depends(partner("export"))]
Importer = Annotated[PartnerCall, Depends(partner("import"))]
ExportFormat = Literal["stix", "misp", "csv", "domains", "hosts", "rpz"]
_REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"description": "No token, or one unknown, expired, revoked or without the scope"},
    429: {"description": "Past the token's rate per minute; see Retry-After"},
}


@router.get("/export", responses={**_REFUSED, 200: {"description": "The file (attachment)"}})
def export_file(
    request: Request,
    call: Exporter,
    fmt: Annotated[ExportFormat, Query(alias="format")] = "stix",
    types: Annotated[
        list[str] | None, Query(alias="type", description="Only these types (repeat)")
    ] = None,
    added_after: Annotated[
        datetime | None, Query(description="Only indicators added here after this time")
    ] = None,
) -> Response:
    """What the caller's organisation may receive, as a STIX bundle, MISP event, CSV or
    block list (domains, hosts file, DNS RPZ zone; URL and domain indicators only)."""
    try:
        with hotline(request).store.transaction("cannot export") as conn:
            out = export(conn, call.org_id, fmt, types=types, added_after=added_after)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    audit(
        request,
        call,
        "partner.export",
        f"export:{fmt}",
        format=fmt,
        count=out.count,
        types=types or [],
        added_after=added_after.isoformat() if added_after else None,
    )
    disposition = f'attachment; filename="{out.filename}"'
    return Response(
        out.body, media_type=out.media_type, headers={"Content-Disposition": disposition}
    )


async def _body(request: Request) -> bytes:
    """The request body, refused past :data:`MAX_BYTES` (413) without reading it all."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise HTTPException(413, f"at most {MAX_BYTES // (1024 * 1024)} MB per import")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BYTES:
            raise HTTPException(413, f"at most {MAX_BYTES // (1024 * 1024)} MB per import")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/import", responses={**_REFUSED, 400: {"description": "Not a bundle or event"}})
async def import_file(
    request: Request,
    call: Importer,
    fmt: Annotated[Literal["stix", "misp"], Query(alias="format")],
) -> dict[str, Any]:
    """Import a STIX 2.1 bundle or MISP event (the JSON body) as the caller's report.

    New indicators carry the TLP they came with, owned by the caller; importing the
    same file again adds nothing. Objects that cannot be read are listed with reasons.
    """
    try:
        body = await _body(request)
    except HTTPException as exc:
        await run_in_threadpool(
            audit, request, call, "partner.import", f"import:{fmt}", error=str(exc.detail)
        )
        raise
    source = f"partner:{call.token.organisation.name}"

    def run() -> dict[str, Any]:
        read = import_stix if fmt == "stix" else import_misp
        with hotline(request).store.transaction("cannot import") as conn:
            return read(conn, call.org_id, body, source=source).to_dict()

    try:
        report = await run_in_threadpool(run)
    except BadImport as exc:
        await run_in_threadpool(
            audit, request, call, "partner.import", f"import:{fmt}", error=exc.reason
        )
        raise HTTPException(400, str(exc)) from exc
    counts = {k: v for k, v in report.items() if k != "rejections"}
    await run_in_threadpool(audit, request, call, "partner.import", f"import:{fmt}", **counts)
    return report


# -- TAXII 2.1 -----------------------------------------------------------------------

_taxii_partner = partner("taxii")


def taxii_caller(request: Request) -> PartnerCall:
    """The partner token with scope ``taxii``; TAXII clients get 401, never a login page."""
    accept = request.headers.get("accept", "*/*").lower()
    if not any(m in accept for m in ("application/taxii+json", "application/json", "*/*")):
        raise HTTPException(406, f"this server answers {taxii.MEDIA_TYPE}")
    try:
        return _taxii_partner(request)
    except AccessDenied as exc:
        raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc


TaxiiCaller = Annotated[PartnerCall, Depends(taxii_caller)]


def _taxii(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, media_type=taxii.MEDIA_TYPE, headers=headers)


def _collection(collection_id: str) -> None:
    if not taxii.is_collection(collection_id):
        raise HTTPException(404, "no such collection")


@taxii_router.get("/", responses=_REFUSED)
def discovery(request: Request, call: TaxiiCaller) -> JSONResponse:
    """TAXII discovery: the one API root."""
    audit(request, call, "partner.taxii", "discovery")
    return _taxii(taxii.discovery(str(request.base_url)))


@taxii_router.get("/api/", responses=_REFUSED)
def api_root(request: Request, call: TaxiiCaller) -> JSONResponse:
    audit(request, call, "partner.taxii", "api_root")
    return _taxii(taxii.api_root())


@taxii_router.get("/api/collections/", responses=_REFUSED)
def collections(request: Request, call: TaxiiCaller) -> JSONResponse:
    audit(request, call, "partner.taxii", "collections")
    return _taxii({"collections": [taxii.collection()]})


@taxii_router.get("/api/collections/{collection_id}/", responses=_REFUSED)
def collection(request: Request, call: TaxiiCaller, collection_id: str) -> JSONResponse:
    _collection(collection_id)
    audit(request, call, "partner.taxii", f"collection:{taxii.COLLECTION_ALIAS}")
    return _taxii(taxii.collection())


def _page(
    request: Request,
    call: PartnerCall,
    collection_id: str,
    added_after: str | None,
    limit: int,
    next_token: str | None,
) -> taxii.Page:
    _collection(collection_id)
    try:
        after = parse_timestamp(added_after) if added_after else None
        with hotline(request).store.transaction("cannot read collection") as conn:
            return taxii.objects_page(
                conn, call.org_id, added_after=after, limit=limit, next_token=next_token
            )
    except ValueError as exc:
        raise HTTPException(400, f"added_after or next: {exc}") from exc


def _page_headers(page: taxii.Page) -> dict[str, str]:
    if page.first_added is None or page.last_added is None:
        return {}
    return {
        "X-TAXII-Date-Added-First": taxii.header_time(page.first_added),
        "X-TAXII-Date-Added-Last": taxii.header_time(page.last_added),
    }


LimitQuery = Annotated[int, Query(ge=1, le=taxii.MAX_LIMIT)]
NextQuery = Annotated[str | None, Query(alias="next", max_length=200)]


@taxii_router.get("/api/collections/{collection_id}/objects/", responses=_REFUSED)
def objects(
    request: Request,
    call: TaxiiCaller,
    collection_id: str,
    added_after: str | None = None,
    limit: LimitQuery = taxii.DEFAULT_LIMIT,
    next_token: NextQuery = None,
) -> JSONResponse:
    """One page of the collection: the identity, the TLP 2.0 markings and the indicators
    the caller's organisation may receive, oldest added first."""
    page = _page(request, call, collection_id, added_after, limit, next_token)
    audit(
        request,
        call,
        "partner.taxii",
        f"objects:{taxii.COLLECTION_ALIAS}",
        count=len(page.objects),
        added_after=added_after,
        more=page.more,
    )
    return _taxii(page.envelope(), _page_headers(page))


@taxii_router.get("/api/collections/{collection_id}/manifest/", responses=_REFUSED)
def manifest(
    request: Request,
    call: TaxiiCaller,
    collection_id: str,
    added_after: str | None = None,
    limit: LimitQuery = taxii.DEFAULT_LIMIT,
    next_token: NextQuery = None,
) -> JSONResponse:
    """The ids, versions and dates added of one page of the collection."""
    page = _page(request, call, collection_id, added_after, limit, next_token)
    audit(
        request,
        call,
        "partner.taxii",
        f"manifest:{taxii.COLLECTION_ALIAS}",
        count=len(page.objects),
    )
    body = page.envelope()
    body.pop("objects", None)
    if page.objects:
        body["objects"] = page.manifest()
    return _taxii(body, _page_headers(page))
