"""Table definitions (SQLAlchemy Core) and the two column types they share.

These describe the schema the migrations build; the migrations themselves are
frozen copies and never import this module. ``tests/store`` checks that the two
agree.

Timestamps are stored in UTC. Naive datetimes handed to the store are taken to
be UTC already; datetimes read back are always timezone-aware (UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator, TypeEngine

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every dialect (SQLite has no time zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        # SQLite stores text; keep it naive so values sort and compare as strings.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def json_type() -> TypeEngine[Any]:
    """JSON everywhere, stored as JSONB on PostgreSQL."""
    return JSON().with_variant(JSONB(), "postgresql")


metadata = MetaData(naming_convention=NAMING_CONVENTION)

posts = Table(
    "posts",
    metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("platform", String(64), nullable=False),
    Column("external_id", String(512), nullable=False),
    Column("author", Text),
    Column("url", Text),
    Column("created_at", UTCDateTime),
    Column("text", Text, nullable=False),
    Column("text_sha256", String(64), nullable=False),
    Column("images", json_type(), nullable=False),
    Column("reply_to", Text),
    Column("meta", json_type(), nullable=False),
    Column("truncated_from", Integer),
    Column("flagged", Boolean, nullable=False),
    Column("score", Float, nullable=False),
    Column("category", String(128)),
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    UniqueConstraint("platform", "external_id"),
    Index(None, "last_seen_at"),
    Index(None, "created_at"),
    Index(None, "platform"),
    Index(None, "platform", "author"),
)
"""One row per post, keyed by (platform, external_id).

``flagged``/``score``/``category`` hold the engine's latest verdict; the
per-detector history lives in :data:`scan_results`.
"""

scan_results = Table(
    "scan_results",
    metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column(
        "post_id",
        ForeignKey("posts.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("detector", String(128), nullable=False),
    Column("detector_version", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("flagged", Boolean, nullable=False),
    Column("category", String(128), nullable=False),
    Column("evidence", json_type(), nullable=False),
    Column("explanation", json_type(), nullable=False),
    Column("scanned_at", UTCDateTime, nullable=False),
    UniqueConstraint("post_id", "detector", "detector_version"),
    Index(None, "scanned_at"),
)
"""One row per (post, detector, detector version): re-scans update, new versions add."""

indicators = Table(
    "indicators",
    metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("type", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime),
    Column("added_at", UTCDateTime),
    UniqueConstraint("type", "value"),
    Index(None, "added_at"),
)
"""Distinct contact points (canonical form), shared across posts."""

post_indicators = Table(
    "post_indicators",
    metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("indicator_id", ForeignKey("indicators.id", ondelete="CASCADE"), nullable=False),
    Column("source", Text, nullable=False, server_default="text"),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    PrimaryKeyConstraint("post_id", "indicator_id", "source", "span_start"),
    Index(None, "indicator_id"),
)
"""Where an indicator was mentioned: the post, the source ("text" or "image:N")
and the span of that source's original text."""

import_runs = Table(
    "import_runs",
    metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("source", Text, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
)
"""One row per finished import (file or stream), for the report."""


# -- the hotline workflow (migration 0003) ----------------------------------


def _id() -> Column[int]:
    return Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)


def _ref(name: str, target: str, *, ondelete: str, nullable: bool = False) -> Column[int]:
    return Column(
        name,
        BigInteger().with_variant(Integer(), "sqlite"),
        ForeignKey(f"{target}.id", ondelete=ondelete),
        nullable=nullable,
    )


users = Table(
    "users",
    metadata,
    _id(),
    Column("username", String(64), nullable=False),
    Column("display_name", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_login_at", UTCDateTime),
    # Not a foreign key: adding one would make SQLite rebuild the users table, and
    # dropping the old one would cascade to sessions and tokens. The application
    # checks the organisation exists (cyberpatrol.sharing.orgs).
    Column(
        "organisation_id",
        BigInteger().with_variant(Integer(), "sqlite"),
        nullable=False,
        server_default=text("1"),
    ),
    UniqueConstraint("username"),
)
"""People who use the hotline app; ``role`` is admin, supervisor, analyst or viewer."""

api_tokens = Table(
    "api_tokens",
    metadata,
    _id(),
    _ref("user_id", "users", ondelete="CASCADE"),
    Column("name", Text, nullable=False),
    Column("token_sha256", String(64), nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
    UniqueConstraint("token_sha256"),
)
"""API tokens: only a hash is stored; ``prefix`` lets a user recognise a token."""

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    _ref("user_id", "users", ondelete="CASCADE"),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("ip", Text, nullable=False),
    Index(None, "expires_at"),
)
"""Server-side sessions; ``id`` is the hash of the cookie's secret."""

cases = Table(
    "cases",
    metadata,
    _id(),
    _ref("post_id", "posts", ondelete="CASCADE"),
    Column("source", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("priority", Float, nullable=False),
    Column("category", String(128)),
    Column("judgement", String(64)),
    _ref("claimed_by", "users", ondelete="SET NULL", nullable=True),
    Column("claimed_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("judged_at", UTCDateTime),
    Column("url_state", String(16), nullable=False),
    Column("last_checked_at", UTCDateTime),
    Column("gone_at", UTCDateTime),
    UniqueConstraint("post_id"),
    Index("ix_cases_queue", "status", text("priority DESC"), "created_at", "id"),
    Index(None, "created_at"),
)
"""One case per post under review: its queue state, current judgement and URL state."""

judgements = Table(
    "judgements",
    metadata,
    _id(),
    _ref("case_id", "cases", ondelete="CASCADE"),
    _ref("user_id", "users", ondelete="SET NULL", nullable=True),
    Column("username", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("category", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index(None, "case_id"),
)
"""Every judgement ever made on a case (the newest is the case's current one)."""

case_actions = Table(
    "case_actions",
    metadata,
    _id(),
    _ref("case_id", "cases", ondelete="CASCADE"),
    _ref("user_id", "users", ondelete="SET NULL", nullable=True),
    Column("username", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("reference", String(32), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("recipient", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("detail", Text, nullable=False),
    Column("remote_id", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    Index(None, "case_id"),
    Index(None, "reference"),
    Index(None, "sent_at"),
)
"""Warnings, deletion requests and suspension requests: what was sent, to whom, how it went.

``reference`` is the case's reference number (CP-2026-000123): every letter about one
case carries the same one."""

url_checks = Table(
    "url_checks",
    metadata,
    _id(),
    _ref("case_id", "cases", ondelete="CASCADE"),
    Column("url", Text, nullable=False),
    Column("checked_at", UTCDateTime, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("http_status", Integer),
    Column("detail", Text, nullable=False),
    Index(None, "case_id"),
)
"""Each re-check of a case's URL: up, gone, error or refused."""

reports = Table(
    "reports",
    metadata,
    _id(),
    Column("url", Text, nullable=False),
    Column("url_key", String(64), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("description", Text, nullable=False),
    Column("reporter", String(64), nullable=False),
    _ref("case_id", "cases", ondelete="SET NULL", nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index(None, "url_key"),
    Index(None, "reporter", "created_at"),
)
"""Reports from the public form; ``reporter`` is a keyed hash of the address, never the address."""

audit_log = Table(
    "audit_log",
    metadata,
    _id(),
    Column("at", UTCDateTime, nullable=False),
    Column("user_id", BigInteger().with_variant(Integer(), "sqlite")),
    Column("username", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", Text, nullable=False),
    Column("detail", json_type(), nullable=False),
    Column("ip", Text, nullable=False),
    Index(None, "at"),
)
"""Append-only (database triggers refuse UPDATE and DELETE): who did what, when, from where.

``user_id`` is deliberately not a foreign key: the record outlives the account."""

post_images = Table(
    "post_images",
    metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("path", Text, nullable=False),
    Column("chars", Integer, nullable=False),
    Column("warning", Text),
    Column("text", Text, nullable=False),
    PrimaryKeyConstraint("post_id", "idx"),
)
"""What OCR read from each image of a post (the latest scan that read its images)."""

# -- campaigns (migration 0005) ----------------------------------------------

campaigns = Table(
    "campaigns",
    metadata,
    _id(),
    Column("key", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("accounts", Integer, nullable=False),
    Column("first_seen_at", UTCDateTime),
    Column("last_seen_at", UTCDateTime),
    Column("why", json_type(), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("key"),
    Index(None, "size"),
)
"""Groups of two or more flagged posts of one operation (:mod:`cyberpatrol.linking`)."""

campaign_posts = Table(
    "campaign_posts",
    metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    _ref("campaign_id", "campaigns", ondelete="CASCADE"),
    Index(None, "campaign_id"),
)
"""Which campaign each grouped post belongs to (a post is in at most one)."""

post_signatures = Table(
    "post_signatures",
    metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
    Column("grouped_at", UTCDateTime, nullable=False),
)
"""Every post the grouper has seen, with the MinHash of its wording (empty: no text).

Kept so that new posts join existing campaigns without re-reading old ones."""

campaign_links = Table(
    "campaign_links",
    metadata,
    _id(),
    Column("post_a", ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("post_b", ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("rule", String(32), nullable=False),
    _ref("indicator_id", "indicators", ondelete="CASCADE", nullable=True),
    Column("similarity", Float),
    Index(None, "post_a"),
    Index(None, "post_b"),
)
"""Each union the grouper made: post ``a`` joined ``b``'s group by ``rule`` (the evidence)."""

# -- sharing with partners (migration 0006) ----------------------------------

organisations = Table(
    "organisations",
    metadata,
    _id(),
    Column("name", String(64), nullable=False),
    Column("label", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("name"),
)
"""Police units, the hotline, platforms, banks, telecoms…: who users and partners work for.

Organisation 1 is the one that runs this installation (created by the migration)."""

sharing_groups = Table(
    "sharing_groups",
    metadata,
    _id(),
    Column("name", String(64), nullable=False),
    Column("label", Text, nullable=False),
    _ref("owner_org_id", "organisations", ondelete="CASCADE"),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("name"),
)
"""Named sets of organisations an object can be shared with (and only with)."""

sharing_group_members = Table(
    "sharing_group_members",
    metadata,
    _ref("group_id", "sharing_groups", ondelete="CASCADE"),
    _ref("organisation_id", "organisations", ondelete="CASCADE"),
    PrimaryKeyConstraint("group_id", "organisation_id"),
)

markings = Table(
    "markings",
    metadata,
    Column("object_type", String(16), nullable=False),
    Column("object_id", BigInteger().with_variant(Integer(), "sqlite"), nullable=False),
    _ref("owner_org_id", "organisations", ondelete="CASCADE"),
    Column("tlp", String(16), nullable=False),
    _ref("sharing_group_id", "sharing_groups", ondelete="SET NULL", nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("object_type", "object_id"),
    Index(None, "owner_org_id"),
)
"""The distribution marking of an indicator, campaign or case (TLP 2.0 and sharing group).

An object without a row is TLP:AMBER, owned by organisation 1, with no sharing group."""

partner_tokens = Table(
    "partner_tokens",
    metadata,
    _id(),
    _ref("organisation_id", "organisations", ondelete="CASCADE"),
    Column("name", Text, nullable=False),
    Column("token_sha256", String(64), nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("scopes", json_type(), nullable=False),
    Column("rate_per_minute", Integer, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
    UniqueConstraint("token_sha256"),
)
"""An organisation's API tokens for look-ups, exports, TAXII and imports (hash only)."""

indicator_sources = Table(
    "indicator_sources",
    metadata,
    _id(),
    _ref("indicator_id", "indicators", ondelete="CASCADE"),
    _ref("organisation_id", "organisations", ondelete="CASCADE"),
    Column("source_ref", String(128), nullable=False),
    Column("format", String(16), nullable=False),
    Column("category", String(128)),
    Column("tlp", String(16), nullable=False),
    Column("first_seen_at", UTCDateTime),
    Column("last_seen_at", UTCDateTime),
    Column("imported_at", UTCDateTime, nullable=False),
    UniqueConstraint("indicator_id", "organisation_id", "source_ref"),
)
"""Indicators a partner shared with us (a STIX indicator or MISP attribute), as it came."""
