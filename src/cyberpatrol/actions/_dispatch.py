"""Sending letters: the :class:`Dispatcher` protocol, its message and result, and a dry run.

A dispatcher takes a :class:`Message` and returns a :class:`DispatchResult`; it never
raises for a delivery failure (a refused address, a server down, a rejected token),
so a batch of letters goes on after one fails and every outcome can be stored.
:class:`DryRunDispatcher` is the default and the in-memory double of the others: it
checks what it can, records what would be sent, and sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from cyberpatrol.actions._address import check_address
from cyberpatrol.actions._dates import now_jst
from cyberpatrol.actions._letter import Letter

Status = Literal["sent", "dry-run", "failed"]


@dataclass(frozen=True, slots=True)
class Message:
    """A letter and where it goes.

    ``to`` is an e-mail address for e-mail letters (empty: the platform's published
    abuse address, :attr:`Letter.default_recipient`), and for replies the post to
    answer: its URL or platform id (empty: :attr:`Letter.post_url`).
    """

    letter: Letter
    to: str = ""

    @property
    def target(self) -> str:
        """``to``, or the letter's default target when ``to`` is empty."""
        if self.to:
            return self.to
        return (
            self.letter.post_url
            if self.letter.channel == "reply"
            else self.letter.default_recipient
        )


@dataclass(frozen=True, slots=True)
class DispatchResult:
    """The outcome of one send: what happened, through which channel, with which remote id."""

    status: Status
    channel: str
    reference: str
    detail: str
    timestamp: datetime
    remote_id: str | None = None
    remote_url: str | None = None

    @property
    def ok(self) -> bool:
        """True unless the send failed."""
        return self.status != "failed"


@runtime_checkable
class Dispatcher(Protocol):
    """Sends one message; reports failures in the result instead of raising."""

    channel: str

    def send(self, message: Message) -> DispatchResult: ...


Clock = Callable[[], datetime]


def result(
    status: Status,
    channel: str,
    message: Message,
    detail: str,
    clock: Clock = now_jst,
    *,
    remote_id: str | None = None,
    remote_url: str | None = None,
) -> DispatchResult:
    """A :class:`DispatchResult` for ``message`` stamped with ``clock()``."""
    reference = message.letter.reference
    return DispatchResult(status, channel, reference, detail, clock(), remote_id, remote_url)


class DryRunDispatcher:
    """Records what would be sent and sends nothing.

    It checks what a real dispatcher would check first (an e-mail letter needs one
    plain address; a reply needs a post), so a dry run fails where a real send would.
    """

    channel = "dry-run"

    def __init__(self, *, clock: Clock = now_jst) -> None:
        self.sent: list[Message] = []
        self._clock = clock

    def send(self, message: Message) -> DispatchResult:
        letter = message.letter
        target = message.target
        if letter.channel == "email":
            try:
                check_address(target)
            except ValueError as exc:
                return result("failed", self.channel, message, str(exc), self._clock)
        elif not target:
            return result("failed", self.channel, message, "no post to reply to", self._clock)
        self.sent.append(message)
        detail = (
            f"would send {letter.kind} {letter.reference} by {letter.channel} "
            f"({letter.delivery}) to {target}: {letter.char_count} characters"
        )
        return result("dry-run", self.channel, message, detail, self._clock)
