"""Turning an e-mail letter into an RFC 5322 message.

UTF-8 throughout: the Subject and the sender's name are RFC 2047 encoded by the
``email`` package, the body is base64 (Japanese lines exceed the 78-octet line
length, and base64 survives every relay, 8BITMIME or not). Every header value is
either fixed here or checked: addresses by :mod:`._address`, the subject forced
onto one line when the letter was rendered and again here.
"""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from cyberpatrol.actions import _text
from cyberpatrol.actions._address import check_address
from cyberpatrol.actions._dispatch import Message
from cyberpatrol.actions._reference import check_reference

REFERENCE_HEADER = "X-Cyberpatrol-Reference"


def build_email(
    message: Message,
    *,
    sender: str,
    sender_name: str = "",
    reply_to: str = "",
    now: datetime,
) -> EmailMessage:
    """The e-mail of ``message``.

    ``ValueError`` when an address is unusable or the letter is not an e-mail letter,
    :class:`LetterError` when its reference number is malformed.
    """
    letter = message.letter
    if letter.channel != "email":
        raise ValueError(f"a {letter.kind} letter is not sent by e-mail")
    to = check_address(message.target, what="recipient")
    reference = check_reference(letter.reference)
    from_address = check_address(sender, what="sender")
    domain = from_address.rsplit("@", 1)[1]
    mail = EmailMessage(policy=policy.SMTP)
    name = _text.one_line(sender_name).text
    mail["From"] = Address(display_name=name, addr_spec=from_address) if name else from_address
    mail["To"] = to
    if reply_to:
        mail["Reply-To"] = check_address(reply_to, what="reply-to address")
    mail["Subject"] = _text.one_line(letter.subject).text
    mail["Date"] = format_datetime(now)
    mail["Message-ID"] = make_msgid(domain=domain)  # short: a folded Message-ID trips some parsers
    mail[REFERENCE_HEADER] = reference
    mail.set_content(letter.body, charset="utf-8", cte="base64")
    return mail
