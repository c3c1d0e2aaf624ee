"""Campaigns: grouped posts, the grouper's signatures and links; indicators' last sighting.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

Frozen: later schema changes go into new revisions, never here.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def _id_type() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def _json() -> sa.types.TypeEngine[Any]:
    from sqlalchemy.dialects.postgresql import JSONB

    return sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("indicators") as batch:
        batch.add_column(_ts("last_seen_at", nullable=True))
    op.execute("UPDATE indicators SET last_seen_at = first_seen_at")
    op.create_index("ix_posts_platform_author", "posts", ["platform", "author"])
    op.create_table(
        "campaigns",
        sa.Column("id", _id_type(), nullable=False),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("accounts", sa.Integer(), nullable=False),
        _ts("first_seen_at", nullable=True),
        _ts("last_seen_at", nullable=True),
        sa.Column("why", _json(), nullable=False),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_campaigns"),
        sa.UniqueConstraint("key", name="uq_campaigns_key"),
    )
    op.create_index("ix_campaigns_size", "campaigns", ["size"])
    op.create_table(
        "campaign_posts",
        sa.Column("post_id", _id_type(), nullable=False),
        sa.Column("campaign_id", _id_type(), nullable=False),
        sa.PrimaryKeyConstraint("post_id", name="pk_campaign_posts"),
        _fk("campaign_posts", "post_id", "posts", ondelete="CASCADE"),
        _fk("campaign_posts", "campaign_id", "campaigns", ondelete="CASCADE"),
    )
    op.create_index("ix_campaign_posts_campaign_id", "campaign_posts", ["campaign_id"])
    op.create_table(
        "post_signatures",
        sa.Column("post_id", _id_type(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        _ts("grouped_at"),
        sa.PrimaryKeyConstraint("post_id", name="pk_post_signatures"),
        _fk("post_signatures", "post_id", "posts", ondelete="CASCADE"),
    )
    op.create_table(
        "campaign_links",
        sa.Column("id", _id_type(), nullable=False),
        sa.Column("post_a", _id_type(), nullable=False),
        sa.Column("post_b", _id_type(), nullable=False),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("indicator_id", _id_type(), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_campaign_links"),
        _fk("campaign_links", "post_a", "posts", ondelete="CASCADE"),
        _fk("campaign_links", "post_b", "posts", ondelete="CASCADE"),
        _fk("campaign_links", "indicator_id", "indicators", ondelete="CASCADE"),
    )
    op.create_index("ix_campaign_links_post_a", "campaign_links", ["post_a"])
    op.create_index("ix_campaign_links_post_b", "campaign_links", ["post_b"])


def downgrade() -> None:
    op.drop_table("campaign_links")
    op.drop_table("post_signatures")
    op.drop_table("campaign_posts")
    op.drop_table("campaigns")
    op.drop_index("ix_posts_platform_author", "posts")
    with op.batch_alter_table("indicators") as batch:
        batch.drop_column("last_seen_at")
