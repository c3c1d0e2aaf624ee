"""``cyberpatrol user …``: accounts and API tokens of the hotline app.

Run on the server by its operator; every change is written to the audit log
as ``cli:<OS user>``. Passwords are read from a hidden prompt, or from stdin
with ``--password-stdin`` for scripts (never from the command line, where
they would land in the shell history and the process list).
"""

from __future__ import annotations

import sys
from typing import Annotated

import orjson
import typer

from cyberpatrol.cli import DbOpt, app, opened_hotline

user_app = typer.Typer(help="Hotline app accounts: add, list, passwords, roles, API tokens.")
app.add_typer(user_app, name="user")

RoleOpt = Annotated[
    str, typer.Option("--role", help="admin, supervisor, analyst or viewer (data/roles.toml).")
]
StdinOpt = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("パスワード", hide_input=True, confirmation_prompt=True))


@user_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name (a-z, 0-9, . _ -).")],
    role: RoleOpt = "analyst",
    display_name: Annotated[str, typer.Option("--name", help="Name shown in the app.")] = "",
    org: Annotated[
        str,
        typer.Option("--org", help="The organisation the user works for (default: this one)."),
    ] = "",
    password_stdin: StdinOpt = False,
    db: DbOpt = None,
) -> None:
    """Create an account."""
    from cyberpatrol.sharing.orgs import LOCAL_ORG

    with opened_hotline(db) as hotline:
        organisation = hotline.organisation(org or LOCAL_ORG)  # before asking for a password
        user = hotline.create_user(
            username,
            _password(password_stdin),
            role_name=role,
            display_name=display_name,
            organisation=organisation.id,
        )
    typer.echo(f"created {user.username} ({user.role}, {organisation.name})", err=True)


@user_app.command("list")
def list_(db: DbOpt = None) -> None:
    """Every account as JSON Lines (no password hashes), with its organisation's name."""
    with opened_hotline(db) as hotline:
        names = {o.id: o.name for o in hotline.organisations()}
        for u in hotline.list_users():
            row = {
                "username": u.username,
                "name": u.display_name,
                "role": u.role,
                "organisation": names.get(u.organisation_id, str(u.organisation_id)),
                "active": u.active,
                "created_at": u.created_at.isoformat(),
                "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
            }
            sys.stdout.buffer.write(orjson.dumps(row) + b"\n")


@user_app.command("passwd")
def passwd(
    username: Annotated[str, typer.Argument()],
    password_stdin: StdinOpt = False,
    db: DbOpt = None,
) -> None:
    """Set a new password."""
    with opened_hotline(db) as hotline:
        hotline.set_password(username, _password(password_stdin))
    typer.echo(f"password of {username} changed", err=True)


@user_app.command("role")
def set_role(
    username: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Argument(help="admin, supervisor, analyst or viewer.")],
    db: DbOpt = None,
) -> None:
    """Change an account's role."""
    with opened_hotline(db) as hotline:
        hotline.set_role(username, role)
    typer.echo(f"{username} is now {role}", err=True)


@user_app.command("disable")
def disable(username: Annotated[str, typer.Argument()], db: DbOpt = None) -> None:
    """Block an account (its sessions end at once; its history stays)."""
    _set_active(username, False, db)


@user_app.command("enable")
def enable(username: Annotated[str, typer.Argument()], db: DbOpt = None) -> None:
    """Unblock an account."""
    _set_active(username, True, db)


def _set_active(username: str, active: bool, db: str | None) -> None:
    with opened_hotline(db) as hotline:
        hotline.set_active(username, active)
    typer.echo(f"{username} {'enabled' if active else 'disabled'}", err=True)


@user_app.command("token")
def token(
    username: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "api",
    db: DbOpt = None,
) -> None:
    """Create an API token for an account; the token is printed once, on stdout."""
    with opened_hotline(db) as hotline:
        _, secret = hotline.create_token(hotline.user(username), name)
    typer.echo(secret)
