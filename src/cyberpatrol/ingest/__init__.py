"""Input readers: JSON Lines and CSV files (optionally gzipped) or stdin → Items.

Public API: :func:`read_items`, :class:`Accepted`, :class:`Rejected`,
:class:`Summary`. Input is hostile by assumption; every record yields exactly
one outcome and nothing raises for bad data.
"""

from __future__ import annotations

from cyberpatrol.ingest.outcome import Accepted, Outcome, Rejected, SourceCounts, Summary
from cyberpatrol.ingest.reader import read_items

__all__ = ["Accepted", "Outcome", "Rejected", "SourceCounts", "Summary", "read_items"]
