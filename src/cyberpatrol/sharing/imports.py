"""Imports: a partner's STIX 2.1 bundle or MISP event becomes indicators sourced to it.

Each STIX ``indicator`` (pattern) or MISP attribute is mapped back to one of our
indicator types (``data/share_formats.toml``) and its value canonicalised as the
extractors would (:func:`cyberpatrol.indicators.canonical`). What cannot be read — an
unknown observable, a pattern over several values, a value that is not a phone
number, a hub value — is rejected with its reason, and the rest goes on.

For each accepted object:

* the indicator is created, or an existing one's first/last seen are widened;
* the partner's report is kept in ``indicator_sources`` (organisation, the STIX id or
  MISP uuid, the TLP it came with, its category and times). The key is indicator,
  organisation and that id: importing the same bundle again adds nothing;
* a *new* indicator is marked with the TLP it came with, owned by the partner (so a
  partner's TLP:RED stays with the partner). An indicator that existed keeps its
  marking. The TLP is the strictest TLP marking the object carries — TLP 2.0 and the
  older TLP 1.0 marking ids and MISP ``tlp:`` tags alike — else the event's, else AMBER.

Whole-file problems (too large, not JSON, not a bundle or event) raise
:class:`BadImport` naming the source.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from cyberpatrol.sharing.intake import (
    MAX_BYTES,
    MAX_OBJECTS,
    BadImport,
    ImportReport,
    Rejection,
    load_json,
)
from cyberpatrol.sharing.misp_in import misp_candidates
from cyberpatrol.sharing.orgs import get_org
from cyberpatrol.sharing.sources import store_candidates
from cyberpatrol.sharing.stix_in import indicator_of_pattern, stix_candidates


def import_stix(
    conn: Connection,
    org_id: int,
    bundle_json: bytes | str | dict[str, Any],
    *,
    source: str = "-",
) -> ImportReport:
    """Import a partner's STIX 2.1 bundle as reported by organisation ``org_id``."""
    report = ImportReport("stix", get_org(conn, org_id).name)
    candidates = stix_candidates(load_json(bundle_json, source), report, source)
    store_candidates(conn, org_id, "stix", candidates, report)
    return report


def import_misp(
    conn: Connection,
    org_id: int,
    event_json: bytes | str | dict[str, Any] | list[Any],
    *,
    source: str = "-",
) -> ImportReport:
    """Import a partner's MISP event (or list of events) as reported by ``org_id``."""
    report = ImportReport("misp", get_org(conn, org_id).name)
    candidates = misp_candidates(load_json(event_json, source), report, source)
    store_candidates(conn, org_id, "misp", candidates, report)
    return report


__all__ = [
    "MAX_BYTES",
    "MAX_OBJECTS",
    "BadImport",
    "ImportReport",
    "Rejection",
    "import_misp",
    "import_stix",
    "indicator_of_pattern",
]
