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
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
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
    UniqueConstraint("type", "value"),
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
