"""The supervisors' view of partners: organisations, their tokens and what they called.

Calls are counted from the audit log by :func:`cyberpatrol.sharing.usage.partner_usage`
(every partner call is audited with its organisation and token prefix).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from cyberpatrol.sharing.orgs import Organisation, get_org, list_orgs
from cyberpatrol.sharing.tokens import PartnerToken, list_tokens
from cyberpatrol.sharing.usage import PartnerUsage, partner_usage


@dataclass(frozen=True)
class PartnerOverview:
    """One organisation on the partners page."""

    organisation: Organisation
    tokens: list[PartnerToken]
    usage: list[PartnerUsage]
    """Calls per kind of call (``partner.lookup``…), since the page's start date."""

    @property
    def calls(self) -> int:
        return sum(u.calls for u in self.usage)


def overview(
    conn: Connection, *, since: datetime, organisation_id: int | None = None
) -> list[PartnerOverview]:
    """Every organisation (or only ``organisation_id``), tokens and usage since ``since``."""
    found = list_orgs(conn) if organisation_id is None else [get_org(conn, organisation_id)]
    usage: dict[str, list[PartnerUsage]] = {}
    for u in partner_usage(conn, since=since):
        usage.setdefault(u.organisation, []).append(u)
    tokens: dict[int, list[PartnerToken]] = {}
    for t in list_tokens(conn):
        tokens.setdefault(t.organisation.id, []).append(t)
    return [PartnerOverview(o, tokens.get(o.id, []), usage.get(o.name, [])) for o in found]
