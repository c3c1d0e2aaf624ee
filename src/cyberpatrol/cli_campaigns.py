"""``cyberpatrol campaigns`` (group posts into operations) and ``cyberpatrol graph …``."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import orjson
import typer

from cyberpatrol.cli import (
    ConfigOpt,
    DbOpt,
    ModelOpt,
    ThresholdOpt,
    _engine,
    _fail,
    _open_store,
    _reject,
    _warn,
    app,
    err,
)
from cyberpatrol.errors import CyberpatrolError
from cyberpatrol.ingest import Accepted, Rejected, read_items
from cyberpatrol.progress import counting

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from cyberpatrol.engine import Engine
    from cyberpatrol.linking import PostRef
    from cyberpatrol.model import Result
    from cyberpatrol.store import Store

graph_app = typer.Typer(
    help="Ask the link graph: what is linked to a value, an account's campaigns, the most "
    "shared indicators, the accounts that bridge campaigns; export as CSV/GraphML/JSON.",
    no_args_is_help=True,
)
app.add_typer(graph_app, name="graph")


class Export(StrEnum):
    csv = "csv"
    graphml = "graphml"
    json = "json"


RulesOpt = Annotated[
    Path | None,
    typer.Option("--rules", help="Grouping rules TOML (default: built-in campaigns.toml)."),
]


def _write(obj: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps(obj) + b"\n")


def _grouper(rules: Path | None) -> Any:
    from cyberpatrol.linking import CampaignGrouper, Rules

    try:
        return CampaignGrouper(Rules.load(rules))
    except (OSError, ValueError, CyberpatrolError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def _refs(results: Iterable[Result], everything: bool) -> Iterator[PostRef]:
    from cyberpatrol.linking import PostRef
    from cyberpatrol.linking.persist import author_key

    for r in results:
        if not (everything or r.flagged):
            continue
        item = r.item
        yield PostRef(
            key=item.id,
            text=item.text,
            author=author_key(item.platform, item.author),
            created_at=item.created_at,
            indicators=tuple((i.type, i.value) for i in r.indicators),
        )


def _analysed(records: Iterable[Accepted | Rejected], engine: Engine) -> Iterator[Result]:
    for record in records:
        if isinstance(record, Rejected):
            _reject(record)
            continue
        for w in record.warnings:
            _warn(record, w)
        yield engine.analyze(record.item)


@app.command()
def campaigns(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="JSONL or CSV posts to scan and group; none: regroup the store."),
    ] = None,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Group the given posts in memory only.")
    ] = False,
    everything: Annotated[
        bool,
        typer.Option("--all", help="Group every post, not only the flagged ones (--no-store)."),
    ] = False,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Forget the stored grouping and group again.")
    ] = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
    threshold: ThresholdOpt = None,
    model: ModelOpt = None,
    rules: RulesOpt = None,
) -> None:
    """Group posts into campaigns: one JSON object per campaign of two or more posts.

    Posts are linked by a shared contact point (not a hub), near-duplicate wording,
    or one account's similar posts; look-alike posts whose contact points all
    differ stay apart. Each object lists the members, accounts, indicators and
    `why` (the rules and evidence that joined them).

    With the store (default), the given posts are scanned and saved as `scan`
    does, then the flagged posts not grouped yet join the stored campaigns; the
    campaigns that hold the given posts are written (all campaigns without
    paths).
    """
    if no_store and not paths:
        typer.echo("error: --no-store needs posts to group (PATH...)", err=True)
        raise typer.Exit(2)
    grouper = _grouper(rules)
    try:
        engine = _engine(config, threshold, model=model) if paths else None
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    if no_store:
        assert engine is not None
        assert paths
        records = read_items(paths, max_text_chars=engine.config.max_text_chars)
        with counting(err, "grouping") as tick:
            grouper.add(_refs(_analysed(tick(records), engine), everything))
        n = 0
        for campaign in grouper.campaigns():
            _write(campaign.to_dict())
            n += 1
        typer.echo(f"posts grouped {len(grouper)}, campaigns {n}", err=True)
        return
    try:
        store = _open_store(db)
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    try:
        keys = _scan_into(store, paths, engine) if paths else None
        _group_and_print(store, grouper, keys, rebuild)
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()


def _scan_into(store: Store, paths: list[str], engine: Engine | None) -> list[tuple[str, str]]:
    """Scan and save ``paths`` as ``scan`` does; returns the saved posts' keys."""
    from cyberpatrol.cases import Hotline
    from cyberpatrol.scan import run_scan

    assert engine is not None
    keys: list[tuple[str, str]] = []
    started = datetime.now(UTC)
    records = read_items(paths, max_text_chars=engine.config.max_text_chars)
    with counting(err, "scanning") as tick:
        stats = run_scan(
            tick(records),
            engine=engine,
            store=store,
            emit=lambda r: keys.append((r.item.platform, r.item.id)),
            reject=_reject,
            warn=_warn,
        )
    store.record_import(
        " ".join(paths), started_at=started, accepted=stats.accepted, rejected=stats.rejected
    )
    Hotline(store).enqueue_flagged()
    typer.echo(f"scanned {stats.accepted}, rejected {stats.rejected}", err=True)
    return keys


def _group_and_print(
    store: Store, grouper: Any, keys: list[tuple[str, str]] | None, rebuild: bool
) -> None:
    from cyberpatrol.linking import queries
    from cyberpatrol.linking.persist import update_campaigns

    with counting(err, "grouping") as tick:

        def advance(n: int) -> None:
            for _ in tick(range(n)):
                pass

        done = update_campaigns(store, grouper, rebuild=rebuild, progress=advance)
    with store.transaction("cannot read campaigns") as conn:
        wanted = _campaign_keys(conn, keys)
        for key in wanted:
            view = queries.campaign(conn, key)
            if view is not None:
                _write(view.to_dict())
    typer.echo(
        f"grouped {done.grouped} new posts ({done.restored} grouped before), "
        f"{done.links} new links, {done.campaigns} campaigns, {len(done.changed)} changed",
        err=True,
    )


def _campaign_keys(conn: Connection, keys: list[tuple[str, str]] | None) -> list[str]:
    from sqlalchemy import select, tuple_

    from cyberpatrol.linking import queries
    from cyberpatrol.store import tables

    if keys is None:
        return [c.key for c in queries.list_campaigns(conn, limit=1_000_000)]
    p, cp, c = tables.posts, tables.campaign_posts, tables.campaigns
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = conn.execute(
            select(c.c.key)
            .join(cp, cp.c.campaign_id == c.c.id)
            .join(p, p.c.id == cp.c.post_id)
            .where(tuple_(p.c.platform, p.c.external_id).in_(chunk))
        )
        found.update(r.key for r in rows)
    return sorted(found)


# -- graph questions -------------------------------------------------------------


ExportOpt = Annotated[
    Export | None,
    typer.Option("--export", help="Write the neighbourhood graph as csv, graphml or json."),
]


def _emit_view(view: Any, graph: Any, export: Export | None) -> None:
    from dataclasses import asdict

    from cyberpatrol.linking.graph import export as export_graph

    if export is not None:
        sys.stdout.buffer.write(export_graph(graph, export.value))
        return
    sys.stdout.buffer.write(
        orjson.dumps(asdict(view), option=orjson.OPT_INDENT_2, default=str) + b"\n"
    )


@contextmanager
def _reading(db: str | None) -> Iterator[Connection]:
    """One read transaction on the store for a graph command; store errors exit 2."""
    try:
        store = _open_store(db)
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    try:
        with store.transaction("cannot read the graph") as conn:
            yield conn
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()


def _missing(what: str) -> typer.Exit:
    typer.echo(f"error: {what} not found", err=True)
    return typer.Exit(1)


@graph_app.command("indicator")
def graph_indicator(
    kind: Annotated[str, typer.Argument(metavar="TYPE", help="phone, telegram, url, …")],
    value: Annotated[str, typer.Argument(help="The value, in any spelling.")],
    export: ExportOpt = None,
    db: DbOpt = None,
) -> None:
    """Everything linked to one phone number, handle, URL, account number…"""
    from cyberpatrol.indicators import canonical
    from cyberpatrol.linking import graph, queries

    try:
        canon = canonical(kind, value)
    except (KeyError, ValueError) as exc:
        typer.echo(f"error: {exc.args[0]}", err=True)
        raise typer.Exit(2) from exc
    with _reading(db) as conn:
        ident = queries.find_indicator(conn, kind, canon)
        view = queries.indicator(conn, ident) if ident is not None else None
        if view is None:
            raise _missing(f"{kind} {canon!r}")
        _emit_view(view, graph.indicator_graph(conn, view), export)


@graph_app.command("account")
def graph_account(
    name: Annotated[str, typer.Argument(help="platform:author, e.g. x:kasegu_777")],
    export: ExportOpt = None,
    db: DbOpt = None,
) -> None:
    """An account's posts, the campaigns it took part in and the indicators it used."""
    from cyberpatrol.linking import graph, queries

    with _reading(db) as conn:
        try:
            view = queries.account(conn, name)
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        if view is None:
            raise _missing(f"account {name!r}")
        _emit_view(view, graph.account_graph(conn, view), export)


@graph_app.command("campaign")
def graph_campaign(
    key: Annotated[str, typer.Argument(help="Campaign id (c-…)")],
    export: ExportOpt = None,
    db: DbOpt = None,
) -> None:
    """One campaign: posts, accounts, indicators, links and why."""
    from cyberpatrol.linking import graph, queries

    with _reading(db) as conn:
        view = queries.campaign(conn, key)
        if view is None:
            raise _missing(f"campaign {key!r}")
        _emit_view(view, graph.campaign_graph(conn, view), export)


@graph_app.command("shared")
def graph_shared(
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 20,
    db: DbOpt = None,
) -> None:
    """The indicators of flagged posts shared by the most accounts (hubs left out)."""
    from dataclasses import asdict

    from cyberpatrol.linking import queries

    with _reading(db) as conn:
        for row in queries.shared_indicators(conn, limit=limit):
            _write({**asdict(row), "label": row.label})


@graph_app.command("bridges")
def graph_bridges(
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 20,
    db: DbOpt = None,
) -> None:
    """Accounts that took part in two or more campaigns, by betweenness centrality."""
    from dataclasses import asdict

    from cyberpatrol.linking import graph

    with _reading(db) as conn:
        for bridge in graph.bridges(conn, limit=limit):
            _write(asdict(bridge))


@app.command("evaluate-campaigns")
def evaluate_campaigns(
    paths: Annotated[list[str], typer.Argument(help="Labelled posts (fields campaign, …).")],
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    config: ConfigOpt = None,
    rules: RulesOpt = None,
) -> None:
    """Pairwise precision, recall and F1 of the grouping on labelled campaign posts,
    and how many look-alike operations were merged (fields `campaign`, `lookalike_group`)."""
    from cyberpatrol.linking.evaluate import gold_of, score_grouping

    grouper = _grouper(rules)
    try:
        engine = _engine(config, None)
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    gold: dict[str, str | None] = {}
    lookalike: dict[str, str | None] = {}
    results: list[Result] = []
    for r in _analysed(read_items(paths, max_text_chars=engine.config.max_text_chars), engine):
        if r.item.id in gold:
            typer.echo(f"warning: post id {r.item.id!r} repeated; the first is kept", err=True)
            continue
        gold[r.item.id], lookalike[r.item.id] = gold_of(r.item.meta)
        results.append(r)
    grouper.add(_refs(results, everything=True))
    metrics = score_grouping(gold, lookalike, grouper)
    if fmt == "json":
        _write(metrics.to_dict())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="campaign grouping (pairwise)")
    for name in ("posts", "operations", "campaigns", "true pairs", "predicted pairs"):
        table.add_column(name, justify="right")
    table.add_column("P", justify="right")
    table.add_column("R", justify="right")
    table.add_column("F1", justify="right")
    table.add_column("look-alike merges", justify="right")
    table.add_row(
        str(metrics.posts),
        str(metrics.operations),
        str(metrics.campaigns),
        str(metrics.true_pairs),
        str(metrics.predicted_pairs),
        f"{metrics.precision:.3f}",
        f"{metrics.recall:.3f}",
        f"{metrics.f1:.3f}",
        f"{metrics.lookalike_merges} of {metrics.lookalike_groups} groups",
    )
    console = Console()
    console.print(table)
    if metrics.merged_operations:
        console.print(f"merged operations: {metrics.merged_operations}")
    if metrics.split_operations:
        console.print(f"operations split or left alone: {metrics.split_operations}")
