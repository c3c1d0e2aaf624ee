"""Acting on a flagged post: writing letters and delivering them.

Three kinds of letter, as data (``cyberpatrol/data/letters/``): a reply warning under
the post (個別警告), a deletion request to the site's administrator (削除依頼) and
an account-suspension request to the platform (アカウント停止要請). Sender details
come from ``hotline.toml``, per-platform facts (reply limits and how they are
counted, delivery) from ``platforms.toml``.

::

    from cyberpatrol.actions import (
        LetterContext, Message, SmtpDispatcher, reference_number, render,
    )

    context = LetterContext(
        reference=reference_number(case_id=123, year=2026),
        post_url="https://x.com/someone/status/1",
        platform="x",
        excerpt=post_text,                     # hostile: cleaned, capped, defanged
    )
    warning = render("warning", context)        # fits X's 280 (kanji count 2)
    request = render("deletion_request", context)
    result = SmtpDispatcher("smtp.example.org", sender="patrol@example.org").send(
        Message(request, to="abuse@example.org")
    )
    result.status                               # "sent" | "dry-run" | "failed"

Errors (rendering only; dispatchers report failures in their result)::

    CyberpatrolError
     ├── ConfigError              a data file or template is wrong (file:line)
     └── LetterError              unknown kind or platform, unusable reference or URL
          └── LetterTooLongError  a warning cannot fit the platform's reply limit
"""

from __future__ import annotations

from cyberpatrol.actions._address import is_address
from cyberpatrol.actions._dates import JST, japanese_date, today_jst, wareki
from cyberpatrol.actions._dispatch import (
    Dispatcher,
    DispatchResult,
    DryRunDispatcher,
    Message,
)
from cyberpatrol.actions._email import REFERENCE_HEADER, build_email
from cyberpatrol.actions._errors import LetterError, LetterTooLongError
from cyberpatrol.actions._hotline import Hotline, load_hotline
from cyberpatrol.actions._letter import Letter, LetterContext
from cyberpatrol.actions._mastodon import MastodonDispatcher, idempotency_key
from cyberpatrol.actions._platforms import Platform, load_platforms
from cyberpatrol.actions._reference import check_reference, reference_number
from cyberpatrol.actions._render import LetterRenderer, render
from cyberpatrol.actions._smtp import SmtpDispatcher
from cyberpatrol.actions._status_url import status_id_from_url
from cyberpatrol.actions._text import defang

__all__ = [
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
]
