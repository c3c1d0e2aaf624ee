"""Rendering letters: context → cleaned values → template → checked :class:`Letter`.

The sequence is fixed: check the reference and URL, clean every value taken from a
post, render the subject and the body, force the subject onto one line, and for a
reply try the body templates in order until one fits the platform's limit.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from cyberpatrol.actions import _text
from cyberpatrol.actions._catalogue import Catalogue, Kind, load_catalogue
from cyberpatrol.actions._dates import japanese_date, wareki
from cyberpatrol.actions._errors import LetterError, LetterTooLongError
from cyberpatrol.actions._hotline import Hotline, load_hotline
from cyberpatrol.actions._letter import Letter, LetterContext
from cyberpatrol.actions._platforms import Platform, load_platforms
from cyberpatrol.actions._reference import check_reference
from cyberpatrol.actions._templates import make_environment
from cyberpatrol.actions._templates import render as render_template

FIELD_LIMIT = 200
"""The most characters of a one-line value (category, recipient, account, …)."""
SUBJECT_LIMIT = 200
# One http(s) URL and nothing else: no whitespace, controls or bidi controls anywhere.
_NEVER_IN_URL = rf"\s\x00-\x1f\x7f-\x9f{_text.BIDI_CONTROLS}"
_URL = re.compile(rf"https?://[^{_NEVER_IN_URL}/?#]+[^{_NEVER_IN_URL}]*", re.IGNORECASE)


class LetterRenderer:
    """Renders letters from the packaged data files, or from the files given.

    ``platforms`` and ``hotline`` are TOML files of the packaged shape; ``letters`` is
    a directory whose templates (and ``letters.toml``) replace the packaged ones of
    the same name. Build one per process and reuse it: it holds the parsed files.
    """

    def __init__(
        self,
        *,
        platforms: Path | str | None = None,
        hotline: Path | str | None = None,
        letters: Path | str | None = None,
    ) -> None:
        self.platforms: dict[str, Platform] = load_platforms(platforms)
        self.hotline: Hotline = load_hotline(hotline)
        self.catalogue: Catalogue = load_catalogue(letters)
        self._env = make_environment(letters)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of letter this renderer writes."""
        return tuple(self.catalogue.kinds)

    def render(self, kind: str, context: LetterContext) -> Letter:
        """The letter of ``kind`` for ``context``.

        Raises :class:`LetterError` for an unknown kind or platform or an unusable
        reference or URL, :class:`LetterTooLongError` for a reply that fits the
        platform with none of its templates, :class:`~cyberpatrol.errors.ConfigError`
        for a faulty template (naming file and line).
        """
        reference = check_reference(context.reference)
        spec = self._kind(kind, reference)
        platform = self._platform(context.platform, reference)
        values, notes, truncated = self._values(spec, platform, context, reference)
        subject = render_template(self._env, spec.subject, values)
        subject, _ = _text.cap(_text.one_line(subject).text, SUBJECT_LIMIT)
        body, template, count, limit = self._body(spec, platform, values, reference)
        if template != spec.bodies[0]:
            notes.append(
                f"used the shorter template {template} to fit {platform.name}'s limit of {limit}"
            )
        if self.hotline.placeholder:
            notes.append("the sender details are placeholders (hotline.toml: placeholder = true)")
        return Letter(
            kind=spec.name,
            channel=spec.channel,
            delivery=platform.delivery if spec.channel == "reply" else "email",
            reference=reference,
            platform=platform.key,
            post_url=values["post_url"],
            subject=subject,
            body=body,
            char_count=count,
            limit=limit,
            template=template,
            truncated=truncated,
            warnings=tuple(notes),
            default_recipient=platform.abuse_email if spec.channel == "email" else "",
        )

    def _kind(self, kind: str, reference: str) -> Kind:
        spec = self.catalogue.kinds.get(kind)
        if spec is None:
            known = ", ".join(self.catalogue.kinds)
            raise LetterError(
                f"unknown letter kind {kind!r:.40}; known: {known}",
                reference=reference,
                field="kind",
            )
        return spec

    def _platform(self, key: str, reference: str) -> Platform:
        platform = self.platforms.get(key)
        if platform is None:
            known = ", ".join(self.platforms)
            raise LetterError(
                f"unknown platform {key!r:.40}; known: {known}",
                reference=reference,
                field="platform",
            )
        return platform

    def _values(
        self, spec: Kind, platform: Platform, ctx: LetterContext, reference: str
    ) -> tuple[dict[str, Any], list[str], bool]:
        notes: list[str] = []
        cleaned: dict[str, str] = {}
        for name in ("category", "guideline", "guideline_ref", "recipient", "account"):
            value = _text.one_line(getattr(ctx, name))
            _note(notes, name, value)
            text, cut = _text.cap(value.text, FIELD_LIMIT)
            if cut:
                notes.append(f"{name} was cut to {FIELD_LIMIT} characters")
            cleaned[name] = text
        excerpt = _text.excerpt(ctx.excerpt, self.catalogue.excerpt_limit)
        _note(notes, "excerpt", excerpt)
        if excerpt.truncated:
            notes.append(f"the excerpt was cut to {self.catalogue.excerpt_limit} characters")
        values: dict[str, Any] = {
            "reference": reference,
            "post_url": _post_url(ctx.post_url, reference),
            "platform": platform.key,
            "platform_name": platform.name,
            "category": cleaned["category"] or self.catalogue.category,
            "guideline": cleaned["guideline"] or self.catalogue.guideline,
            "guideline_ref": cleaned["guideline_ref"] or self.catalogue.guideline_ref,
            "recipient": cleaned["recipient"] or platform.recipient,
            "account": cleaned["account"],
            "excerpt": excerpt.text,
            "excerpt_truncated": excerpt.truncated,
            "date": japanese_date(ctx.date),
            "date_wareki": wareki(ctx.date),
            "date_iso": ctx.date.isoformat(),
            "sender": self.hotline.template_values(),
            "title": spec.title,
        }
        return values, notes, excerpt.truncated

    def _body(
        self, spec: Kind, platform: Platform, values: dict[str, Any], reference: str
    ) -> tuple[str, str, int, int | None]:
        if spec.channel == "email":
            body = _clean_body(render_template(self._env, spec.bodies[0], values)) + "\n"
            return body, spec.bodies[0], len(body), None
        shortest = 0
        for template in spec.bodies:
            body = _clean_body(render_template(self._env, template, values))
            count = platform.count(body)
            if count <= platform.reply_limit:
                return body, template, count, platform.reply_limit
            shortest = count if not shortest else min(shortest, count)
        raise LetterTooLongError(
            platform=f"{platform.name} ({platform.key})",
            limit=platform.reply_limit,
            count=shortest,
            reference=reference,
        )


@lru_cache(maxsize=1)
def default_renderer() -> LetterRenderer:
    """The renderer over the packaged data files, built once."""
    return LetterRenderer()


def render(kind: str, context: LetterContext) -> Letter:
    """The letter of ``kind`` for ``context``, from the packaged data files.

    >>> letter = render("warning", LetterContext(
    ...     reference="CP-2026-000123", post_url="https://x.com/a/status/1", platform="x"))
    >>> letter.char_count <= letter.limit == 280
    True
    """
    return default_renderer().render(kind, context)


def _post_url(raw: str, reference: str) -> str:
    value = raw.strip(" ")
    if not _URL.fullmatch(value) or len(value) > 2000:
        raise LetterError(
            f"post_url must be one http(s) URL: {raw!r:.80}", reference=reference, field="post_url"
        )
    return value


def _clean_body(body: str) -> str:
    """Defence in depth: a replaced template cannot smuggle in controls or bidi marks either."""
    return _text.multi_line(body).text


def _note(notes: list[str], name: str, value: _text.Cleaned) -> None:
    if value.bidi_removed:
        notes.append(f"removed {value.bidi_removed} bidirectional control character(s) from {name}")
    if value.controls_removed:
        notes.append(f"removed {value.controls_removed} control character(s) from {name}")
