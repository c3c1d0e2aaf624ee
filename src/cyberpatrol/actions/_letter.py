"""What a letter is made from (:class:`LetterContext`) and what it becomes (:class:`Letter`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cyberpatrol.actions._catalogue import Channel
from cyberpatrol.actions._dates import today_jst


@dataclass(frozen=True, slots=True)
class LetterContext:
    """The facts of one case that a letter states.

    Values may come straight from a post (``excerpt``, often ``account``) and are
    cleaned when the letter is rendered, never trusted. Empty ``category``,
    ``guideline`` and ``guideline_ref`` take the defaults of ``letters.toml``; an
    empty ``recipient`` takes the platform's (``platforms.toml``; by default
    「<platform name> ご担当者様」).
    """

    reference: str
    """参照番号 from :func:`reference_number`, e.g. ``CP-2026-000123``."""
    post_url: str
    """The reported post, an http(s) URL; written as it is, never defanged."""
    platform: str
    """A key of ``platforms.toml`` (x, instagram, tiktok, facebook, threads, mastodon, …)."""
    excerpt: str = ""
    """The post text (or part of it); cleaned, capped and defanged before use."""
    category: str = ""
    guideline: str = ""
    guideline_ref: str = ""
    recipient: str = ""
    account: str = ""
    """The account a suspension request is about: a handle or profile URL."""
    date: dt.date = field(default_factory=today_jst)
    """The letter's date (JST)."""


@dataclass(frozen=True, slots=True)
class Letter:
    """A rendered letter, ready to dispatch or to copy by hand.

    ``char_count`` is counted the way the platform counts for replies (``limit`` is
    its reply limit) and in code points for e-mail (``limit`` is ``None``).
    ``truncated`` says the post excerpt was cut; ``warnings`` says, in plain words,
    everything rendering changed or noticed (cleaned characters, a shorter template,
    placeholder sender details).
    """

    kind: str
    channel: Channel
    delivery: str
    """``"api"`` or ``"manual"`` for replies (from ``platforms.toml``), ``"email"`` for e-mail."""
    reference: str
    platform: str
    post_url: str
    subject: str
    body: str
    char_count: int
    limit: int | None
    template: str
    """The body template used (a reply may fall back to a shorter one)."""
    truncated: bool = False
    warnings: tuple[str, ...] = ()
    default_recipient: str = ""
    """The platform's published abuse address (``platforms.toml``), when it has one."""
