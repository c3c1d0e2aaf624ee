"""``cyberpatrol org …``, ``group …``, ``partner-token …`` and ``usage``: sharing with partners.

Run on the server by its operator. Every change is written to the audit log as
``cli:<OS user>``; a partner token's secret is printed once, on stdout (everything
else goes to stderr), and only its hash is kept.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import orjson
import typer

from cyberpatrol.cli import DbOpt, app, opened_hotline

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from cyberpatrol.sharing.tokens import PartnerToken

org_app = typer.Typer(help="Organisations: who users and partners work for.", no_args_is_help=True)
group_app = typer.Typer(
    help="Sharing groups: named sets of organisations an object can be shared with.",
    no_args_is_help=True,
)
token_app = typer.Typer(
    help="Partner API tokens: per organisation, scoped, expiring, revocable.",
    no_args_is_help=True,
)
app.add_typer(org_app, name="org")
app.add_typer(group_app, name="group")
app.add_typer(token_app, name="partner-token")

LabelOpt = Annotated[str, typer.Option("--label", help="The name as people read it.")]
MemberOpt = Annotated[
    list[str] | None,
    typer.Option("--member", help="A member organisation (name); repeat for more."),
]


def _out(obj: dict[str, Any]) -> None:
    sys.stdout.buffer.write(orjson.dumps(obj) + b"\n")


@contextmanager
def _changing(db: str | None, what: str) -> Iterator[Connection]:
    """One transaction for one change; a refused value ends the command with exit 2."""
    with opened_hotline(db) as hotline, hotline.store.transaction(what) as conn:
        try:
            yield conn
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc


def _record(conn: Connection, action: str, target: str, detail: dict[str, Any]) -> None:
    from cyberpatrol.cases.audit import record
    from cyberpatrol.cases.service import cli_actor

    record(conn, cli_actor(), action, target, detail)


def _org_ids(conn: Connection, names: list[str] | None) -> list[int]:
    from cyberpatrol.sharing.orgs import get_org

    return [get_org(conn, name).id for name in names or []]


@org_app.command("add")
def org_add(
    name: Annotated[str, typer.Argument(help="Identifier: a-z, 0-9, '_', '.', '-'.")],
    label: LabelOpt,
    kind: Annotated[
        str, typer.Option("--kind", help="police, hotline, platform, bank, telecom, …")
    ] = "other",
    db: DbOpt = None,
) -> None:
    """Register an organisation (a partner, or a unit of this installation's users)."""
    from cyberpatrol.sharing.orgs import create_org

    with _changing(db, "cannot add organisation") as conn:
        org = create_org(conn, name, label, kind)
        _record(conn, "org.create", f"org:{org.name}", {"label": org.label, "kind": org.kind})
    typer.echo(f"created organisation {org.name} (id {org.id}, {org.kind})", err=True)


@org_app.command("list")
def org_list(db: DbOpt = None) -> None:
    """Every organisation as JSON Lines."""
    from cyberpatrol.sharing.orgs import list_orgs

    with opened_hotline(db) as hotline, hotline.store.transaction("cannot list") as conn:
        for o in list_orgs(conn):
            _out({"id": o.id, "name": o.name, "label": o.label, "kind": o.kind})


@group_app.command("add")
def group_add(
    name: Annotated[str, typer.Argument(help="Identifier: a-z, 0-9, '_', '.', '-'.")],
    label: LabelOpt,
    owner: Annotated[str, typer.Option("--owner", help="The owning organisation (name).")],
    member: MemberOpt = None,
    db: DbOpt = None,
) -> None:
    """Create a sharing group; its owner is always a member."""
    from cyberpatrol.sharing.orgs import create_group, get_org

    with _changing(db, "cannot add sharing group") as conn:
        group = create_group(conn, name, label, get_org(conn, owner).id, _org_ids(conn, member))
        detail = {"owner": owner, "members": _names(conn, group.members)}
        _record(conn, "group.create", f"group:{group.name}", detail)
    typer.echo(f"created sharing group {group.name} ({len(group.members)} members)", err=True)


@group_app.command("members")
def group_members(
    name: Annotated[str, typer.Argument(help="The sharing group.")],
    member: MemberOpt = None,
    db: DbOpt = None,
) -> None:
    """Replace a group's members (its owner stays a member)."""
    from cyberpatrol.sharing.orgs import get_group, set_members

    with _changing(db, "cannot change sharing group") as conn:
        before = _names(conn, get_group(conn, name).members)
        group = set_members(conn, name, _org_ids(conn, member))
        after = _names(conn, group.members)
        _record(conn, "group.members", f"group:{name}", {"before": before, "after": after})
    typer.echo(f"{name}: {', '.join(after)}", err=True)


@group_app.command("list")
def group_list(db: DbOpt = None) -> None:
    """Every sharing group with its owner and members, as JSON Lines."""
    from cyberpatrol.sharing.orgs import list_groups

    with opened_hotline(db) as hotline, hotline.store.transaction("cannot list") as conn:
        for g in list_groups(conn):
            owner, *_ = _names(conn, (g.owner_org_id,))
            members = _names(conn, g.members)
            _out({"id": g.id, "name": g.name, "label": g.label, "owner": owner, "members": members})


def _names(conn: Connection, org_ids: tuple[int, ...]) -> list[str]:
    from cyberpatrol.sharing.orgs import get_org

    return [get_org(conn, i).name for i in org_ids]


@token_app.command("create")
def token_create(
    organisation: Annotated[str, typer.Argument(help="The partner organisation (name).")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "api",
    scope: Annotated[
        list[str] | None,
        typer.Option("--scope", help="lookup, export, taxii or import; repeat for more."),
    ] = None,
    days: Annotated[int, typer.Option("--days", help="Days until it expires (1–366).")] = 90,
    rate: Annotated[int, typer.Option("--rate", help="Requests a minute it may make.")] = 120,
    db: DbOpt = None,
) -> None:
    """Create a partner token; the secret is printed once, on stdout."""
    from cyberpatrol.cases.service import cli_actor
    from cyberpatrol.sharing.tokens import create_token

    scopes = scope or ["lookup"]
    with _changing(db, "cannot create partner token") as conn:
        token, secret = create_token(
            conn,
            organisation,
            name,
            scopes,
            days=days,
            rate_per_minute=rate,
            created_by=cli_actor().username,
        )
        _record(conn, "partner_token.create", f"partner_token:{token.id}", _detail(token))
    typer.echo(
        f"token {token.id} ({token.prefix}…) for {token.organisation.name}: "
        f"{', '.join(token.scopes)}, {token.rate_per_minute}/min, "
        f"expires {token.expires_at:%Y-%m-%d}; the secret below is shown only now",
        err=True,
    )
    typer.echo(secret)


def _detail(token: PartnerToken) -> dict[str, Any]:
    return {
        "organisation": token.organisation.name,
        "name": token.name,
        "prefix": token.prefix,
        "scopes": list(token.scopes),
        "rate_per_minute": token.rate_per_minute,
        "expires_at": token.expires_at.isoformat(),
    }


@token_app.command("list")
def token_list(
    organisation: Annotated[str | None, typer.Argument(help="Only this organisation's.")] = None,
    db: DbOpt = None,
) -> None:
    """Partner tokens as JSON Lines (never their secrets)."""
    from cyberpatrol.sharing.tokens import list_tokens

    with opened_hotline(db) as hotline, hotline.store.transaction("cannot list") as conn:
        for t in list_tokens(conn, organisation):
            _out(
                {
                    "id": t.id,
                    **_detail(t),
                    "active": t.active(),
                    "created_by": t.created_by,
                    "created_at": t.created_at.isoformat(),
                    "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                    "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
                }
            )


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="The token's id (partner-token list).")],
    db: DbOpt = None,
) -> None:
    """Revoke a partner token at once (revoking twice is harmless)."""
    from cyberpatrol.sharing.tokens import get_token, revoke_token

    with _changing(db, "cannot revoke partner token") as conn:
        revoke_token(conn, token_id)
        token = get_token(conn, token_id)
        _record(conn, "partner_token.revoke", f"partner_token:{token_id}", _detail(token))
    typer.echo(f"token {token_id} ({token.prefix}…) of {token.organisation.name} revoked", err=True)


@app.command()
def usage(
    days: Annotated[int, typer.Option("--days", min=1, help="The last N days.")] = 30,
    organisation: Annotated[
        str | None, typer.Option("--org", help="Only this organisation.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Partner API usage per organisation and action (from the audit log), as JSON Lines."""
    from cyberpatrol.sharing.usage import partner_usage

    since = datetime.now(UTC) - timedelta(days=days)
    with opened_hotline(db) as hotline, hotline.store.transaction("cannot read usage") as conn:
        for row in partner_usage(conn, since=since, organisation=organisation):
            _out(row.to_dict())
