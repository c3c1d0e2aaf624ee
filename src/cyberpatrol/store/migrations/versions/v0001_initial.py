"""Initial schema: posts, scan results, indicators, import runs.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Frozen: later schema changes go into new revisions, never here.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _id_type() -> sa.types.TypeEngine[int]:
    """BIGINT, except INTEGER on SQLite where only INTEGER PRIMARY KEY autoincrements."""
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _pk() -> sa.Column[int]:
    return sa.Column("id", _id_type(), primary_key=True)


def _ts(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _json(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.JSON().with_variant(JSONB(), "postgresql"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "posts",
        _pk(),
        sa.Column("platform", sa.String(64), nullable=False),
        sa.Column("external_id", sa.String(512), nullable=False),
        sa.Column("author", sa.Text()),
        sa.Column("url", sa.Text()),
        _ts("created_at", nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        _json("images"),
        sa.Column("reply_to", sa.Text()),
        _json("meta"),
        sa.Column("truncated_from", sa.Integer()),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("category", sa.String(128)),
        _ts("first_seen_at"),
        _ts("last_seen_at"),
        sa.PrimaryKeyConstraint("id", name="pk_posts"),
        sa.UniqueConstraint("platform", "external_id", name="uq_posts_platform_external_id"),
    )
    op.create_index("ix_posts_last_seen_at", "posts", ["last_seen_at"])
    op.create_index("ix_posts_created_at", "posts", ["created_at"])

    op.create_table(
        "scan_results",
        _pk(),
        sa.Column("post_id", _id_type(), nullable=False),
        sa.Column("detector", sa.String(128), nullable=False),
        sa.Column("detector_version", sa.String(64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("category", sa.String(128), nullable=False),
        _json("evidence"),
        _json("explanation"),
        _ts("scanned_at"),
        sa.PrimaryKeyConstraint("id", name="pk_scan_results"),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_scan_results_post_id_posts", ondelete="CASCADE"
        ),
        sa.UniqueConstraint(
            "post_id",
            "detector",
            "detector_version",
            name="uq_scan_results_post_id_detector_detector_version",
        ),
    )
    op.create_index("ix_scan_results_scanned_at", "scan_results", ["scanned_at"])

    op.create_table(
        "indicators",
        _pk(),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        _ts("first_seen_at"),
        sa.PrimaryKeyConstraint("id", name="pk_indicators"),
        sa.UniqueConstraint("type", "value", name="uq_indicators_type_value"),
    )

    op.create_table(
        "post_indicators",
        sa.Column("post_id", _id_type(), nullable=False),
        sa.Column("indicator_id", _id_type(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("post_id", "indicator_id", "span_start", name="pk_post_indicators"),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_post_indicators_post_id_posts", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name="fk_post_indicators_indicator_id_indicators",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_post_indicators_indicator_id", "post_indicators", ["indicator_id"])

    op.create_table(
        "import_runs",
        _pk(),
        sa.Column("source", sa.Text(), nullable=False),
        _ts("started_at"),
        _ts("finished_at"),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_import_runs"),
    )


def downgrade() -> None:
    op.drop_table("import_runs")
    op.drop_index("ix_post_indicators_indicator_id", table_name="post_indicators")
    op.drop_table("post_indicators")
    op.drop_table("indicators")
    op.drop_index("ix_scan_results_scanned_at", table_name="scan_results")
    op.drop_table("scan_results")
    op.drop_index("ix_posts_created_at", table_name="posts")
    op.drop_index("ix_posts_last_seen_at", table_name="posts")
    op.drop_table("posts")
