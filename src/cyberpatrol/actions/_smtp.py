"""Sending e-mail letters over SMTP (stdlib ``smtplib``).

Never raises: a refused connection, a rejected recipient, a failed login or a
timeout comes back as ``status="failed"`` with the server's reason. The envelope
lists exactly one recipient, the checked ``To`` address, so no header can add one.
"""

from __future__ import annotations

import smtplib
import ssl
from ipaddress import ip_address

from cyberpatrol.actions._dates import now_jst
from cyberpatrol.actions._dispatch import Clock, DispatchResult, Message, result
from cyberpatrol.actions._email import build_email
from cyberpatrol.actions._errors import LetterError


class SmtpDispatcher:
    """Sends e-mail letters through one SMTP server.

    ``starttls`` (default on) upgrades the connection before anything else is said;
    credentials are only ever sent over TLS, or to a server on this machine.
    """

    channel = "smtp"

    def __init__(
        self,
        host: str,
        port: int = 587,
        *,
        sender: str,
        sender_name: str = "",
        reply_to: str = "",
        starttls: bool = True,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
        clock: Clock = now_jst,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.sender_name = sender_name
        self.reply_to = reply_to
        self.starttls = starttls
        self.username = username
        self._password = password
        self.timeout = timeout
        self._ssl_context = ssl_context
        self._clock = clock

    def send(self, message: Message) -> DispatchResult:
        """Send ``message``; the result's ``remote_id`` is the Message-ID."""
        try:
            mail = build_email(
                message,
                sender=self.sender,
                sender_name=self.sender_name,
                reply_to=self.reply_to,
                now=self._clock(),
            )
        except (ValueError, LetterError) as exc:
            return self._failed(message, str(exc))
        if self.username and not self.starttls and not _is_loopback(self.host):
            return self._failed(message, "refusing to send a password without STARTTLS")
        to = str(mail["To"])
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=self._ssl_context or ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self._password or "")
                refused = smtp.send_message(mail, from_addr=self.sender, to_addrs=[to])
        except smtplib.SMTPRecipientsRefused as exc:
            return self._failed(message, f"recipient refused: {_replies(exc.recipients)}")
        except smtplib.SMTPResponseException as exc:
            return self._failed(message, f"server said {exc.smtp_code} {_decode(exc.smtp_error)}")
        except smtplib.SMTPException as exc:
            return self._failed(message, f"SMTP error: {exc}")
        except OSError as exc:
            return self._failed(message, f"connection to {self.host}:{self.port} failed: {exc}")
        except Exception as exc:  # the contract: a failure is a result, never an exception
            return self._failed(message, f"unexpected {type(exc).__name__}: {exc}")
        if refused:
            return self._failed(message, f"recipient refused: {_replies(refused)}")
        message_id = str(mail["Message-ID"])
        detail = f"accepted by {self.host}:{self.port} for {to}"
        return result("sent", self.channel, message, detail, self._clock, remote_id=message_id)

    def _failed(self, message: Message, reason: str) -> DispatchResult:
        return result("failed", self.channel, message, reason, self._clock)


def _decode(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split())[:300]


def _replies(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{addr}: {code} {_decode(reply)}" for addr, (code, reply) in refused.items())


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False
