"""Indicator mentions name their source: the post text or the OCR text of image N.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Adds ``post_indicators.source`` ('text' for every existing row) and makes it
part of the primary key, since the same identifier may appear at the same
offset of the post text and of an image.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # batch mode: SQLite cannot alter a primary key in place (Alembic copies the table).
    with op.batch_alter_table("post_indicators") as batch:
        batch.add_column(sa.Column("source", sa.Text(), nullable=False, server_default="text"))
        batch.drop_constraint("pk_post_indicators", type_="primary")
        batch.create_primary_key(
            "pk_post_indicators", ["post_id", "indicator_id", "source", "span_start"]
        )


def downgrade() -> None:
    with op.batch_alter_table("post_indicators") as batch:
        batch.drop_constraint("pk_post_indicators", type_="primary")
        batch.execute("DELETE FROM post_indicators WHERE source <> 'text'")
        batch.create_primary_key("pk_post_indicators", ["post_id", "indicator_id", "span_start"])
        batch.drop_column("source")
