"""The public surface of cyberpatrol.net is exactly what is intended."""

from __future__ import annotations

import cyberpatrol.net

EXPECTED = {
    "ErrorKind",
    "FetchPolicy",
    "FetchResult",
    "Hop",
    "Outcome",
    "Resolver",
    "classify",
    "encoded_markers",
    "fetch",
    "refusal_reason",
    "system_resolver",
}


def test_exported_members() -> None:
    assert set(cyberpatrol.net.__all__) == EXPECTED
    for name in cyberpatrol.net.__all__:
        assert hasattr(cyberpatrol.net, name), name
        assert name in (cyberpatrol.net.__doc__ or ""), f"{name} missing from the docstring"
