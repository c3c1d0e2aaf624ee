"""The :class:`Store`: the one entry point to the database.

Public methods check their arguments, then call a private implementation
inside :meth:`Store._guard`, which turns SQLAlchemy and driver errors into
:class:`~cyberpatrol.errors.StoreError` with the URL's password masked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import orjson
from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from cyberpatrol.errors import StoreError
from cyberpatrol.model import TEXT_SOURCE, Finding, ImageNote, Result
from cyberpatrol.store import tables
from cyberpatrol.store.convert import finding_from_row, indicator_from_row, item_from_row
from cyberpatrol.store.migrate import upgrade
from cyberpatrol.store.report import Report, build_report
from cyberpatrol.store.url import database_url, mask_url, parse_url
from cyberpatrol.store.validate import validate_results
from cyberpatrol.store.writer import write_batch


@dataclass(frozen=True, slots=True)
class ScanRecord:
    """One stored detector result: a finding and when it was (last) produced."""

    finding: Finding
    flagged: bool
    scanned_at: datetime


@dataclass(frozen=True, slots=True)
class StoredPost:
    """A post as stored: its latest verdict plus the per-detector history."""

    result: Result
    """Latest verdict; ``findings`` holds the newest result of each detector."""
    first_seen_at: datetime
    last_seen_at: datetime
    history: tuple[ScanRecord, ...]
    """Every stored detector result, oldest first."""


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
    finally:
        cursor.close()


class Store:
    """Posts, detector results and indicators in SQLite or PostgreSQL.

    Use :meth:`open` (which migrates the schema to the latest revision) and
    close it afterwards, or use it as a context manager::

        with Store.open("sqlite:///cyberpatrol.db") as store:
            store.save(results)
    """

    def __init__(self, engine: Engine) -> None:
        """Wrap an already migrated engine; prefer :meth:`open`."""
        self._engine = engine
        self._closed = False

    # -- lifecycle ---------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Connect to ``url`` (see :func:`database_url` for the default) and migrate to head."""
        parsed = parse_url(database_url(url))
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(
                parsed, json_serializer=_json_dumps, json_deserializer=orjson.loads
            )
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(
                parsed,
                json_serializer=_json_dumps,
                json_deserializer=orjson.loads,
                pool_pre_ping=True,
            )
        store = cls(engine)
        try:
            with store._guard("cannot open database"), engine.begin() as conn:
                upgrade(conn)
        except BaseException:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        """Release every connection. Safe to call twice."""
        if not self._closed:
            self._closed = True
            self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def url(self) -> str:
        """The database URL, password masked."""
        return mask_url(self._engine.url)

    # -- writing -----------------------------------------------------------

    def save(self, results: Sequence[Result]) -> None:
        """Store a batch of results in one transaction; idempotent.

        Posts are keyed by ``(platform, id)``: saving a post again updates it
        (and its ``last_seen_at``) instead of adding a copy. Detector results
        are keyed by ``(post, detector, detector_version)``, so a new detector
        version adds a history row. A post's indicator links are replaced by
        the ones in the newest save. Either the whole batch is stored or,
        on error, none of it.
        """
        self._check_open()
        validate_results(results)
        if results:
            self._save(results)

    def record_import(
        self,
        source: str,
        *,
        started_at: datetime,
        accepted: int,
        rejected: int,
        finished_at: datetime | None = None,
    ) -> None:
        """Record that an import of ``source`` finished (``finished_at`` defaults to now)."""
        self._check_open()
        if accepted < 0 or rejected < 0:
            raise ValueError("accepted and rejected must not be negative")
        if "\x00" in source:
            raise StoreError("import source name contains a NUL character")
        row = {
            "source": source,
            "started_at": started_at,
            "finished_at": finished_at or datetime.now(UTC),
            "accepted": accepted,
            "rejected": rejected,
        }
        with self._guard("cannot record import"), self._engine.begin() as conn:
            conn.execute(insert(tables.import_runs), [row])

    # -- reading -----------------------------------------------------------

    def count_posts(self) -> int:
        """Number of distinct posts stored."""
        self._check_open()
        with self._guard("cannot count posts"), self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(tables.posts)).scalar_one())

    def get_post(self, platform: str, external_id: str) -> StoredPost | None:
        """The stored post ``platform``/``external_id``, or ``None`` when unknown."""
        self._check_open()
        if not isinstance(platform, str) or not isinstance(external_id, str):
            raise TypeError("platform and external_id must be strings")
        with self._guard("cannot read post"), self._engine.connect() as conn:
            return self._get_post(conn, platform, external_id)

    def report(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        utc_offset_minutes: int = 540,
    ) -> Report:
        """Counts for posts whose time falls in ``[since, until)``; see :mod:`.report`.

        Days are calendar days at ``utc_offset_minutes`` from UTC (default +09:00,
        Japan Standard Time, which has no daylight saving).
        """
        self._check_open()
        if not -24 * 60 < utc_offset_minutes < 24 * 60:
            raise ValueError("report(): utc_offset_minutes must be within a day")
        if since is not None and until is not None and _utc(since) >= _utc(until):
            raise ValueError("report(): since must be before until")
        with self._guard("cannot build report"), self._engine.connect() as conn:
            return build_report(conn, since, until, utc_offset_minutes)

    # -- implementation ----------------------------------------------------

    def _save(self, results: Sequence[Result]) -> None:
        now = datetime.now(UTC)
        with self._guard("cannot save results"), self._engine.begin() as conn:
            write_batch(conn, results, now)

    @staticmethod
    def _get_post(conn: Connection, platform: str, external_id: str) -> StoredPost | None:
        posts, scans = tables.posts, tables.scan_results
        post = (
            conn.execute(
                select(posts).where(
                    posts.c.platform == platform, posts.c.external_id == external_id
                )
            )
            .mappings()
            .one_or_none()
        )
        if post is None:
            return None
        scan_rows = (
            conn.execute(
                select(scans)
                .where(scans.c.post_id == post["id"])
                .order_by(scans.c.scanned_at, scans.c.id)
            )
            .mappings()
            .all()
        )
        history = tuple(
            ScanRecord(finding_from_row(r), bool(r["flagged"]), r["scanned_at"]) for r in scan_rows
        )
        newest: dict[str, Finding] = {}
        for record in history:  # oldest first, so the newest per detector wins
            newest[record.finding.detector] = record.finding
        links, inds = tables.post_indicators, tables.indicators
        indicator_rows = (
            conn.execute(
                select(
                    inds.c.type,
                    inds.c.value,
                    links.c.source,
                    links.c.span_start,
                    links.c.span_end,
                    links.c.text,
                )
                .join_from(links, inds, links.c.indicator_id == inds.c.id)
                .where(links.c.post_id == post["id"])
                .order_by(
                    links.c.source != TEXT_SOURCE,
                    links.c.source,
                    links.c.span_start,
                    inds.c.type,
                    inds.c.value,
                )
            )
            .mappings()
            .all()
        )
        pim = tables.post_images
        images = tuple(
            ImageNote(r.idx, r.path, r.chars, r.warning, r.text)
            for r in conn.execute(
                select(pim).where(pim.c.post_id == post["id"]).order_by(pim.c.idx)
            )
        )
        result = Result(
            item=item_from_row(post),
            flagged=bool(post["flagged"]),
            score=float(post["score"]),
            category=post["category"],
            findings=tuple(newest.values()),
            indicators=tuple(indicator_from_row(r) for r in indicator_rows),
            images=images,
        )
        return StoredPost(result, post["first_seen_at"], post["last_seen_at"], history)

    @contextmanager
    def transaction(self, action: str) -> Iterator[Connection]:
        """A connection inside one transaction, committed when the block ends.

        For the packages built on the store (the hotline's cases): database
        errors come out as :class:`StoreError` naming ``action``.
        """
        self._check_open()
        with self._guard(action), self._engine.begin() as conn:
            yield conn

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.dialect.name

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("the store is closed")

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        """Re-raise database errors as :class:`StoreError`, password masked."""
        try:
            yield
        except SQLAlchemyError as exc:
            raise StoreError(f"{action} ({self.url}): {self._describe(exc)}") from exc

    def _describe(self, exc: SQLAlchemyError) -> str:
        message = str(exc.orig) if isinstance(exc, DBAPIError) and exc.orig else str(exc)
        message = message.strip().splitlines()[0] if message.strip() else type(exc).__name__
        password = self._engine.url.password
        if password:
            message = message.replace(str(password), "***")
        return message


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
