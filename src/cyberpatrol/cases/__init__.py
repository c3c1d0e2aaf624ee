"""The hotline workflow over the store: users, sessions, the review queue and judgements.

Public surface::

    from cyberpatrol.cases import Hotline

    with Hotline.open("sqlite:///cyberpatrol.db") as hotline:
        admin = hotline.create_user("alice", "a long passphrase", role_name="admin")
        hotline.enqueue_flagged()
        page, total = hotline.queue(admin.actor(), QueueFilter())

Functions in the sub-modules take a SQLAlchemy ``Connection`` (one
transaction); :class:`Hotline` opens the transactions for the CLI and the web
app, so a step and its audit entry always commit together.
"""

from __future__ import annotations

from cyberpatrol.cases.queue import CaseRow, QueueFilter
from cyberpatrol.cases.roles import Actor, Role, load_roles, role
from cyberpatrol.cases.service import Hotline
from cyberpatrol.cases.taxonomy import Category, Taxonomy, load_taxonomy
from cyberpatrol.cases.users import ApiToken, User

__all__ = [
    "Actor",
    "ApiToken",
    "CaseRow",
    "Category",
    "Hotline",
    "QueueFilter",
    "Role",
    "Taxonomy",
    "User",
    "load_roles",
    "load_taxonomy",
    "role",
]
