"""Sharing with partners: organisations, sharing groups, markings, partner tokens, sources.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05

Frozen: later schema changes go into new revisions, never here.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
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


def _pk(table: str) -> tuple[sa.Column[int], sa.PrimaryKeyConstraint]:
    return sa.Column("id", _id_type(), nullable=False), sa.PrimaryKeyConstraint(
        "id", name=f"pk_{table}"
    )


def upgrade() -> None:
    # When this installation first stored each indicator (TAXII's date_added: monotonic,
    # unlike first_seen_at, which is the mentioning post's own time).
    op.add_column("indicators", _ts("added_at", nullable=True))
    op.execute("UPDATE indicators SET added_at = first_seen_at")
    op.create_index("ix_indicators_added_at", "indicators", ["added_at"])
    op.create_table(
        "organisations",
        *_pk("organisations"),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        _ts("created_at"),
        sa.UniqueConstraint("name", name="uq_organisations_name"),
    )
    # The organisation that runs this installation; every existing user works for it.
    op.execute(
        "INSERT INTO organisations (id, name, label, kind, created_at) "
        "VALUES (1, 'local', '運用組織', 'hotline', CURRENT_TIMESTAMP)"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval('organisations_id_seq', 1)")
    # A plain column, not a foreign key: on SQLite a foreign key means rebuilding the users
    # table, and dropping the old one would cascade to sessions and tokens.
    op.add_column(
        "users",
        sa.Column("organisation_id", _id_type(), nullable=False, server_default=sa.text("1")),
    )
    op.create_table(
        "sharing_groups",
        *_pk("sharing_groups"),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("owner_org_id", _id_type(), nullable=False),
        _ts("created_at"),
        sa.UniqueConstraint("name", name="uq_sharing_groups_name"),
        _fk("sharing_groups", "owner_org_id", "organisations", ondelete="CASCADE"),
    )
    op.create_table(
        "sharing_group_members",
        sa.Column("group_id", _id_type(), nullable=False),
        sa.Column("organisation_id", _id_type(), nullable=False),
        sa.PrimaryKeyConstraint("group_id", "organisation_id", name="pk_sharing_group_members"),
        _fk("sharing_group_members", "group_id", "sharing_groups", ondelete="CASCADE"),
        _fk("sharing_group_members", "organisation_id", "organisations", ondelete="CASCADE"),
    )
    op.create_table(
        "markings",
        sa.Column("object_type", sa.String(16), nullable=False),
        sa.Column("object_id", _id_type(), nullable=False),
        sa.Column("owner_org_id", _id_type(), nullable=False),
        sa.Column("tlp", sa.String(16), nullable=False),
        sa.Column("sharing_group_id", _id_type(), nullable=True),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("object_type", "object_id", name="pk_markings"),
        _fk("markings", "owner_org_id", "organisations", ondelete="CASCADE"),
        _fk("markings", "sharing_group_id", "sharing_groups", ondelete="SET NULL"),
    )
    op.create_index("ix_markings_owner_org_id", "markings", ["owner_org_id"])
    op.create_table(
        "partner_tokens",
        *_pk("partner_tokens"),
        sa.Column("organisation_id", _id_type(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("scopes", _json(), nullable=False),
        sa.Column("rate_per_minute", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("last_used_at", nullable=True),
        _ts("revoked_at", nullable=True),
        sa.UniqueConstraint("token_sha256", name="uq_partner_tokens_token_sha256"),
        _fk("partner_tokens", "organisation_id", "organisations", ondelete="CASCADE"),
    )
    op.create_table(
        "indicator_sources",
        *_pk("indicator_sources"),
        sa.Column("indicator_id", _id_type(), nullable=False),
        sa.Column("organisation_id", _id_type(), nullable=False),
        sa.Column("source_ref", sa.String(128), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("category", sa.String(128), nullable=True),
        sa.Column("tlp", sa.String(16), nullable=False),
        _ts("first_seen_at", nullable=True),
        _ts("last_seen_at", nullable=True),
        _ts("imported_at"),
        sa.UniqueConstraint(
            "indicator_id",
            "organisation_id",
            "source_ref",
            name="uq_indicator_sources_indicator_id_organisation_id_source_ref",
        ),
        _fk("indicator_sources", "indicator_id", "indicators", ondelete="CASCADE"),
        _fk("indicator_sources", "organisation_id", "organisations", ondelete="CASCADE"),
    )


def downgrade() -> None:
    op.drop_table("indicator_sources")
    op.drop_table("partner_tokens")
    op.drop_index("ix_markings_owner_org_id", "markings")
    op.drop_table("markings")
    op.drop_table("sharing_group_members")
    op.drop_table("sharing_groups")
    op.drop_column("users", "organisation_id")  # native on SQLite ≥ 3.35: no rebuild
    op.drop_index("ix_indicators_added_at", "indicators")
    op.drop_column("indicators", "added_at")
    op.drop_table("organisations")
