"""The text OCR read from each image of a post, for the item page.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

Frozen: later schema changes go into new revisions, never here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "post_images",
        sa.Column("post_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("chars", sa.Integer(), nullable=False),
        sa.Column("warning", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("post_id", "idx", name="pk_post_images"),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_post_images_post_id_posts", ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    op.drop_table("post_images")
