"""Sharing with partners under control: organisations, TLP 2.0 markings, look-ups (issue 6).

* :mod:`~cyberpatrol.sharing.orgs` — organisations and sharing groups;
* :mod:`~cyberpatrol.sharing.tlp` — TLP 2.0 levels (``data/tlp.toml``);
* :mod:`~cyberpatrol.sharing.markings` — who may see an object, who may change that;
* :mod:`~cyberpatrol.sharing.tokens` — partner API tokens;
* :mod:`~cyberpatrol.sharing.shared` — what an organisation may receive, and look-ups.
"""

from __future__ import annotations

from cyberpatrol.sharing.markings import Marking, can_see, get_marking, set_marking, visible
from cyberpatrol.sharing.orgs import LOCAL_ORG, Organisation, SharingGroup
from cyberpatrol.sharing.shared import SharedIndicator, lookup, lookup_many, shared_indicators

__all__ = [
    "LOCAL_ORG",
    "Marking",
    "Organisation",
    "SharedIndicator",
    "SharingGroup",
    "can_see",
    "get_marking",
    "lookup",
    "lookup_many",
    "set_marking",
    "shared_indicators",
    "visible",
]
