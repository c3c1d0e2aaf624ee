"""The ``cyberpatrol`` command line: thin commands over the library.

Machine-readable output goes to stdout; messages and progress go to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import orjson
import typer
from rich.console import Console

from cyberpatrol import __version__
from cyberpatrol.engine import Engine, EngineConfig
from cyberpatrol.errors import CyberpatrolError
from cyberpatrol.ingest import Accepted, Rejected, read_items
from cyberpatrol.model import Result
from cyberpatrol.output import print_results, write_jsonl
from cyberpatrol.progress import counting
from cyberpatrol.scan import run_scan

if TYPE_CHECKING:
    from cyberpatrol.cases import Hotline
    from cyberpatrol.ocr import OcrPool
    from cyberpatrol.store import Store

app = typer.Typer(
    name="cyberpatrol",
    help="Find crime-recruitment posts (闇バイト), explain why, extract contact points, "
    "store results.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, highlight=False)


class Format(StrEnum):
    jsonl = "jsonl"
    table = "table"


PathsArg = Annotated[
    list[str], typer.Argument(help="JSONL or CSV files; '-' reads JSONL from stdin.")
]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="Engine configuration TOML (default: built in).")
]
ThresholdOpt = Annotated[
    float | None, typer.Option("--threshold", min=0.0, max=1.0, help="Flag at this score.")
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL (default: $CYBERPATROL_DATABASE_URL or ./cyberpatrol.db)."
    ),
]


ModelOpt = Annotated[
    Path | None,
    typer.Option(
        "--model", help="Model directory written by `cyberpatrol train` (default: shipped model)."
    ),
]


def _engine(
    config: Path | None,
    threshold: float | None,
    max_chars: int | None = None,
    *,
    model: Path | None = None,
    lexicon_only: bool = False,
) -> Engine:
    cfg = EngineConfig.load(config)
    if model is not None:
        cfg = cfg.with_model(model)
    if lexicon_only:
        cfg = cfg.lexicon_only()
    if threshold is not None or max_chars is not None:
        cfg = EngineConfig(
            threshold if threshold is not None else cfg.threshold,
            max_chars if max_chars is not None else cfg.max_text_chars,
            cfg.detectors,
        )
    return Engine(cfg)


def _open_store(db: str | None) -> Store:
    from cyberpatrol.store import Store, database_url  # SQLAlchemy loads only when needed

    return Store.open(database_url(db))


def _fail(exc: CyberpatrolError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(2)


@contextmanager
def opened_hotline(db: str | None) -> Iterator[Hotline]:
    """The hotline over ``db`` for one command; its errors end the command with exit 2."""
    from cyberpatrol.cases import Hotline

    try:
        with Hotline.open(db) as hotline:
            yield hotline
    except CyberpatrolError as exc:
        raise _fail(exc) from exc


def _reject(r: Rejected) -> None:
    typer.echo(f"{r.source}:{r.line}: rejected: {r.reason}", err=True)


def _warn(a: Accepted, message: str) -> None:
    typer.echo(f"{a.source}:{a.line}: warning: {message}", err=True)


@app.command()
def scan(
    paths: PathsArg,
    no_store: Annotated[bool, typer.Option("--no-store", help="Scan without writing.")] = False,
    fmt: Annotated[
        Format, typer.Option("--format", help="jsonl (default) or table.")
    ] = Format.jsonl,
    flagged_only: Annotated[
        bool, typer.Option("--flagged-only", help="Output flagged posts only.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 if any record is rejected.")
    ] = False,
    max_text_chars: Annotated[
        int | None, typer.Option(min=1, help="Truncate longer texts.")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Posts per store transaction.")] = 500,
    db: DbOpt = None,
    config: ConfigOpt = None,
    threshold: ThresholdOpt = None,
    model: ModelOpt = None,
    ocr: Annotated[
        bool,
        typer.Option("--ocr/--no-ocr", help="Read text in the posts' images with Tesseract (jpn)."),
    ] = True,
    ocr_workers: Annotated[int, typer.Option(min=1, max=64, help="Parallel OCR processes.")] = 2,
    group: Annotated[
        bool,
        typer.Option(
            "--campaigns/--no-campaigns",
            help="After storing, let the new flagged posts join the stored campaigns.",
        ),
    ] = True,
) -> None:
    """Scan posts: one JSON object per input post on stdout, in input order.

    Images listed in a post's `images` field (local files; relative paths are
    read from the input file's directory) are read by OCR in a bounded worker
    pool, and their text is analysed with the post's.
    """

    def ocr_pool() -> OcrPool:
        # Pillow and pytesseract load only when a post with images arrives.
        from cyberpatrol.ocr import OcrConfig, OcrPool

        return OcrPool(OcrConfig(workers=ocr_workers))

    try:
        engine = _engine(config, threshold, max_text_chars, model=model)
        store = None if no_store else _open_store(db)
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    out = sys.stdout.buffer
    table_rows: list[Result] = []
    queued = changed = 0

    def emit(result: Result) -> None:
        if flagged_only and not result.flagged:
            return
        if fmt is Format.jsonl:
            write_jsonl(result, out)
        else:
            table_rows.append(result)
            if len(table_rows) >= 50:
                print_results(table_rows, Console(), only_flagged=flagged_only)
                table_rows.clear()

    records = read_items(paths, max_text_chars=engine.config.max_text_chars)
    started = datetime.now(UTC)
    try:
        with counting(err, "scanning") as tick:
            stats = run_scan(
                tick(records),
                engine=engine,
                store=store,
                emit=emit,
                reject=_reject,
                warn=_warn,
                batch_size=batch_size,
                ocr=ocr_pool if ocr else None,
            )
            out.flush()
        if store is not None:
            store.record_import(
                " ".join(paths),
                started_at=started,
                accepted=stats.accepted,
                rejected=stats.rejected,
            )
            from cyberpatrol.cases import Hotline

            # Flagged posts enter the hotline's review queue (idempotent: a
            # rerun, or a run after a crash, opens only the missing cases).
            queued = Hotline(store).enqueue_flagged()
            if group:
                from cyberpatrol.linking.persist import update_campaigns

                changed = len(update_campaigns(store).changed)
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    finally:
        if store is not None:
            store.close()
    if table_rows:
        print_results(table_rows, Console(), only_flagged=flagged_only)
    typer.echo(
        f"accepted {stats.accepted}, rejected {stats.rejected}, truncated {stats.truncated}, "
        f"flagged {stats.flagged}, stored {stats.stored}",
        err=True,
    )
    if queued:
        typer.echo(f"review queue: {queued} new cases", err=True)
    if changed:
        typer.echo(f"campaigns: {changed} new or grown", err=True)
    if (strict and stats.rejected) or (stats.accepted == 0 and stats.rejected):
        raise typer.Exit(1)


@app.command()
def report(
    db: DbOpt = None,
    since: Annotated[
        datetime | None, typer.Option("--from", help="Posts created on/after (ISO date).")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option("--to", help="Posts created before (ISO date).")
    ] = None,
    utc_offset: Annotated[
        float, typer.Option("--utc-offset", help="Hours from UTC for days and naive dates.")
    ] = 9.0,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Summarise what is stored: counts by category, platform, day, detector, indicator type.

    Days are Japan Standard Time (UTC+9) unless --utc-offset says otherwise.
    """
    from cyberpatrol.report_view import print_report, report_dict

    zone = timezone(timedelta(hours=utc_offset))
    since = since.replace(tzinfo=zone) if since and since.tzinfo is None else since
    until = until.replace(tzinfo=zone) if until and until.tzinfo is None else until
    try:
        with _open_store(db) as store:
            summary = store.report(since, until, utc_offset_minutes=round(utc_offset * 60))
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    if fmt == "json":
        sys.stdout.buffer.write(
            orjson.dumps(report_dict(summary), option=orjson.OPT_INDENT_2) + b"\n"
        )
    else:
        print_report(summary, Console())


@app.command()
def evaluate(
    paths: PathsArg,
    split: Annotated[
        str | None,
        typer.Option("--split", help="Only posts whose `split` field is this (dev, test)."),
    ] = None,
    target_precision: Annotated[
        float | None,
        typer.Option(
            "--target-precision",
            min=0.0,
            max=1.0,
            help="Also report the lowest threshold that reaches this precision.",
        ),
    ] = None,
    lexicon_only: Annotated[
        bool, typer.Option("--lexicon-only", help="Evaluate the lexicon detector alone.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    config: ConfigOpt = None,
    threshold: ThresholdOpt = None,
    model: ModelOpt = None,
) -> None:
    """Precision, recall, F1, ROC-AUC, PR-AUC, confusion matrix and per-kind rates
    on labelled posts (fields `label` 1/0, `kind`, `split`)."""
    from cyberpatrol.evaluation import evaluate as run_evaluation
    from cyberpatrol.evaluation_report import print_metrics

    try:
        engine = _engine(config, threshold, model=model, lexicon_only=lexicon_only)
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    accepted = (
        r.item
        for r in read_items(paths)
        if isinstance(r, Accepted) and (split is None or r.item.meta.get("split") == split)
    )
    with counting(err, "evaluating") as tick:
        metrics = run_evaluation(engine.analyze_many(tick(accepted)))
    if fmt == "json":
        report = metrics.to_dict(target_precision=target_precision)
        report["threshold"] = engine.threshold
        report["detectors"] = [f"{d.name}@{d.version}" for d in engine.detectors]
        sys.stdout.buffer.write(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        print_metrics(
            metrics,
            Console(),
            threshold=engine.threshold,
            target_precision=target_precision,
            detectors=[f"{d.name}@{d.version}" for d in engine.detectors],
        )


@app.command()
def normalize(text: Annotated[str, typer.Argument(help="A post text to normalise.")]) -> None:
    """Show what each normalisation step does to a text (for analysts and lexicon authors)."""
    from cyberpatrol.normalize import default_pipeline

    pipeline = default_pipeline()
    result = pipeline.run(text)
    steps = [
        {"step": r.step, "text": r.text, "edits": [[e.before, e.after] for e in r.edits]}
        for r in result.results
        if r.changed
    ]
    doc = {"original": text, "normalized": result.text, "steps": steps}
    sys.stdout.buffer.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")


@app.command()
def detectors() -> None:
    """List the detectors the engine can run and those configured by default."""
    from cyberpatrol.detectors import available

    cfg = EngineConfig.load()
    configured = {name for name, _ in cfg.detectors}
    for name in available():
        typer.echo(f"{name}\t{'enabled' if name in configured else 'available'}")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:  # pragma: no cover - console entry point
    app()


# Training, robustness and user commands live in their own modules; importing
# them registers them on `app`.
from cyberpatrol import (  # noqa: E402, F401
    cli_campaigns,
    cli_learn,
    cli_share,
    cli_sharing,
    cli_users,
    cli_web,
)
