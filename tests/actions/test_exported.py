"""The public surface of cyberpatrol.actions is exactly what is intended."""

from __future__ import annotations

import cyberpatrol.actions as actions
from cyberpatrol.errors import CyberpatrolError

EXPECTED = {
    "JST",
    "REFERENCE_HEADER",
    "DispatchResult",
    "Dispatcher",
    "DryRunDispatcher",
    "Hotline",
    "Letter",
    "LetterContext",
    "LetterError",
    "LetterRenderer",
    "LetterTooLongError",
    "MastodonDispatcher",
    "Message",
    "Platform",
    "SmtpDispatcher",
    "build_email",
    "check_reference",
    "defang",
    "idempotency_key",
    "is_address",
    "japanese_date",
    "load_hotline",
    "load_platforms",
    "reference_number",
    "render",
    "status_id_from_url",
    "today_jst",
    "wareki",
}


def test_exported_members() -> None:
    assert set(actions.__all__) == EXPECTED
    for name in actions.__all__:
        assert hasattr(actions, name), name


def test_errors_join_the_one_tree() -> None:
    assert issubclass(actions.LetterError, CyberpatrolError)
    assert issubclass(actions.LetterTooLongError, actions.LetterError)
