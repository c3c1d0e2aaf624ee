"""The hotline workflow: users, sessions, API tokens, cases, judgements, actions,
URL checks, public reports and the append-only audit log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Frozen: later schema changes go into new revisions, never here. The audit log
is append-only in the database itself (triggers refuse UPDATE and DELETE on
both SQLite and PostgreSQL), not only in the application.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def _id_type() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _pk(table: str) -> tuple[sa.Column[int], sa.PrimaryKeyConstraint]:
    return sa.Column("id", _id_type(), nullable=False), sa.PrimaryKeyConstraint(
        "id", name=f"pk_{table}"
    )


def _ts(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "users",
        *_pk("users"),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _ts("created_at"),
        _ts("last_login_at", nullable=True),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "api_tokens",
        *_pk("api_tokens"),
        sa.Column("user_id", _id_type(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        _ts("created_at"),
        _ts("last_used_at", nullable=True),
        _ts("revoked_at", nullable=True),
        _fk("api_tokens", "user_id", "users", ondelete="CASCADE"),
        sa.UniqueConstraint("token_sha256", name="uq_api_tokens_token_sha256"),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("user_id", _id_type(), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        sa.Column("ip", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_sessions"),
        _fk("web_sessions", "user_id", "users", ondelete="CASCADE"),
    )
    op.create_index("ix_web_sessions_expires_at", "web_sessions", ["expires_at"])

    op.create_table(
        "cases",
        *_pk("cases"),
        sa.Column("post_id", _id_type(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("priority", sa.Float(), nullable=False),
        sa.Column("category", sa.String(128)),
        sa.Column("judgement", sa.String(64)),
        sa.Column("claimed_by", _id_type()),
        _ts("claimed_at", nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        _ts("judged_at", nullable=True),
        sa.Column("url_state", sa.String(16), nullable=False),
        _ts("last_checked_at", nullable=True),
        _ts("gone_at", nullable=True),
        _fk("cases", "post_id", "posts", ondelete="CASCADE"),
        _fk("cases", "claimed_by", "users", ondelete="SET NULL"),
        sa.UniqueConstraint("post_id", name="uq_cases_post_id"),
    )
    # The queue's order (score first, then oldest) straight from the index, so a
    # page of 50 never sorts the whole queue.
    op.create_index(
        "ix_cases_queue",
        "cases",
        ["status", sa.text("priority DESC"), "created_at", "id"],
    )
    op.create_index("ix_cases_created_at", "cases", ["created_at"])
    # The queue's platform filter reads posts by platform.
    op.create_index("ix_posts_platform", "posts", ["platform"])

    op.create_table(
        "judgements",
        *_pk("judgements"),
        sa.Column("case_id", _id_type(), nullable=False),
        sa.Column("user_id", _id_type()),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        _ts("created_at"),
        _fk("judgements", "case_id", "cases", ondelete="CASCADE"),
        _fk("judgements", "user_id", "users", ondelete="SET NULL"),
    )
    op.create_index("ix_judgements_case_id", "judgements", ["case_id"])

    op.create_table(
        "case_actions",
        *_pk("case_actions"),
        sa.Column("case_id", _id_type(), nullable=False),
        sa.Column("user_id", _id_type()),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("remote_id", sa.Text()),
        _ts("created_at"),
        _ts("sent_at", nullable=True),
        _fk("case_actions", "case_id", "cases", ondelete="CASCADE"),
        _fk("case_actions", "user_id", "users", ondelete="SET NULL"),
    )
    op.create_index("ix_case_actions_case_id", "case_actions", ["case_id"])
    op.create_index("ix_case_actions_reference", "case_actions", ["reference"])
    op.create_index("ix_case_actions_sent_at", "case_actions", ["sent_at"])

    op.create_table(
        "url_checks",
        *_pk("url_checks"),
        sa.Column("case_id", _id_type(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        _ts("checked_at"),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("http_status", sa.Integer()),
        sa.Column("detail", sa.Text(), nullable=False),
        _fk("url_checks", "case_id", "cases", ondelete="CASCADE"),
    )
    op.create_index("ix_url_checks_case_id", "url_checks", ["case_id"])

    op.create_table(
        "reports",
        *_pk("reports"),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("url_key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reporter", sa.String(64), nullable=False),
        sa.Column("case_id", _id_type()),
        _ts("created_at"),
        _fk("reports", "case_id", "cases", ondelete="SET NULL"),
    )
    op.create_index("ix_reports_url_key", "reports", ["url_key"])
    op.create_index("ix_reports_reporter_created_at", "reports", ["reporter", "created_at"])

    op.create_table(
        "audit_log",
        *_pk("audit_log"),
        _ts("at"),
        sa.Column("user_id", _id_type()),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=False),
        sa.Column("ip", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    _append_only("audit_log")


def _append_only(table: str) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for name in (
        "audit_log",
        "reports",
        "url_checks",
        "case_actions",
        "judgements",
        "cases",
        "web_sessions",
        "api_tokens",
        "users",
    ):
        op.drop_table(name)
    op.drop_index("ix_posts_platform", table_name="posts")
