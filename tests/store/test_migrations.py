"""The packaged migration builds the schema that ``tables.py`` describes."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from store_builders import make_result

from cyberpatrol.store import Store
from cyberpatrol.store.migrate import MIGRATIONS_DIR, alembic_config
from cyberpatrol.store.tables import metadata
from cyberpatrol.store.url import parse_url

TABLES = {
    "posts",
    "scan_results",
    "indicators",
    "post_indicators",
    "import_runs",
    "users",
    "cases",
    "judgements",
    "case_actions",
    "url_checks",
    "reports",
    "audit_log",
    "api_tokens",
    "web_sessions",
    "post_images",
}


def test_open_creates_schema_at_head(store_url: str) -> None:
    Store.open(store_url).close()
    engine = create_engine(parse_url(store_url))
    try:
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) >= TABLES
            current = MigrationContext.configure(conn).get_current_revision()
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert current == head == "0006"
    finally:
        engine.dispose()


EXPRESSION_INDEXES = {"ix_cases_queue"}


def _comparable(obj: object, name: str | None, type_: str, reflected: bool, other: object) -> bool:
    return not (type_ == "index" and name in EXPRESSION_INDEXES)


def test_migrated_schema_matches_table_definitions(store_url: str) -> None:
    Store.open(store_url).close()
    engine = create_engine(parse_url(store_url))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": _comparable}
            )
            assert compare_metadata(context, metadata) == []
            # Alembic cannot compare an index with a DESC column; check it by name.
            names = {ix["name"] for ix in inspect(conn).get_indexes("cases")}
            assert names >= EXPRESSION_INDEXES
    finally:
        engine.dispose()


def test_reopening_is_idempotent_and_keeps_data(store_url: str) -> None:
    with Store.open(store_url) as first:
        first.save([make_result("a")])
    with Store.open(store_url) as second:
        assert second.count_posts() == 1
    with Store.open(store_url) as third:
        third.save([make_result("b")])
        assert third.count_posts() == 2


def test_migration_files_are_inside_the_package() -> None:
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert list((MIGRATIONS_DIR / "versions").glob("v0001_*.py"))
    assert "src/cyberpatrol/store" in MIGRATIONS_DIR.as_posix()


def test_upgrade_from_0001_keeps_indicator_links_as_post_text(store_url: str) -> None:
    """A store written before image sources existed upgrades in place."""
    from sqlalchemy import text

    from cyberpatrol.store.migrate import upgrade

    engine = create_engine(parse_url(store_url))
    try:
        with engine.begin() as conn:
            upgrade(conn, "0001")
            conn.execute(
                text(
                    "INSERT INTO posts (id, platform, external_id, text, text_sha256, images, meta,"
                    " flagged, score, first_seen_at, last_seen_at) VALUES (1, 'x', 'p1', 't', 'h',"
                    " '[]', '{}', false, 0.0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO indicators (id, type, value, first_seen_at) VALUES (1, 'phone', '+819000001234', CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO post_indicators (post_id, indicator_id, span_start, span_end, text) VALUES (1, 1, 0, 13, '090-0000-1234')"
                )
            )
        with Store.open(store_url) as store:
            stored = store.get_post("x", "p1")
            assert stored is not None
            (ind,) = stored.result.indicators
        assert (ind.source, ind.start, ind.value) == ("text", 0, "+819000001234")
    finally:
        engine.dispose()


def test_hotline_tables_downgrade_and_upgrade_again(store_url: str) -> None:
    """0003 (the hotline) can be taken back to 0002 and re-applied, posts kept."""
    from alembic import command

    with Store.open(store_url) as store:
        store.save([make_result("a")])
    engine = create_engine(parse_url(store_url))
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0002")
        with engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
        assert "cases" not in names and "audit_log" not in names and "posts" in names
    finally:
        engine.dispose()
    with Store.open(store_url) as store:
        assert store.count_posts() == 1
