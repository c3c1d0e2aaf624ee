"""``Hotline``: the hotline workflow over one store, one transaction per step.

The CLI and the web app call these methods; each checks the actor's
permission, does its work and writes its audit entry in the same transaction.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from sqlalchemy import Connection, select

from cyberpatrol.actions import Dispatcher, DispatchResult, Letter, LetterRenderer
from cyberpatrol.cases import (
    audit,
    judgement,
    labels,
    letters,
    markings,
    queue,
    reports,
    sessions,
    users,
    visibility,
)
from cyberpatrol.cases import recheck as recheck_mod
from cyberpatrol.cases import stats as stats_mod
from cyberpatrol.cases.audit import AuditEntry
from cyberpatrol.cases.judgement import Judgement
from cyberpatrol.cases.markings import MarkingView
from cyberpatrol.cases.queue import CaseRow, QueueFilter, Related
from cyberpatrol.cases.reports import ReportReceipt
from cyberpatrol.cases.roles import MANAGE, READ, REVIEW, WORK, Actor, role, system_actor
from cyberpatrol.cases.sessions import Session
from cyberpatrol.cases.taxonomy import Taxonomy, load_taxonomy
from cyberpatrol.cases.users import ApiToken, User
from cyberpatrol.errors import AccessDenied, NotFound, WorkflowError
from cyberpatrol.model import Item, Result
from cyberpatrol.net import FetchPolicy, FetchResult, fetch
from cyberpatrol.sharing import orgs
from cyberpatrol.sharing.orgs import LOCAL_ORG, Organisation
from cyberpatrol.store import Store
from cyberpatrol.store.tables import posts

if TYPE_CHECKING:
    import networkx as nx

    from cyberpatrol.cases.links import PostLinks
    from cyberpatrol.cases.partners import PartnerOverview
    from cyberpatrol.linking.graph import Bridge
    from cyberpatrol.linking.queries import (
        AccountView,
        CampaignSummary,
        CampaignView,
        IndicatorSummary,
        IndicatorView,
    )

LOGIN_FAILURES = 10
"""Failed logins per account within LOGIN_WINDOW before that account is locked for the
window (three times as many per address)."""
LOGIN_WINDOW = timedelta(minutes=15)
REPORT_KINDS = {"other": "その他・分からない"}
"""Report kinds besides the taxonomy's categories."""


def cli_actor() -> Actor:
    """Whoever runs the command on the server: an administrator, logged by OS user."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    return Actor(None, f"cli:{who}"[:64], role("admin"), "local")


class Hotline:
    def __init__(
        self,
        store: Store,
        *,
        taxonomy: Taxonomy | None = None,
        renderer: LetterRenderer | None = None,
        dispatchers: dict[str, Dispatcher] | None = None,
    ) -> None:
        self.store = store
        self.taxonomy = taxonomy or load_taxonomy()
        self._renderer = renderer
        self.dispatchers: dict[str, Dispatcher] = dict(dispatchers or {})
        """By channel: "email" (deletion and suspension requests), "api" (warnings posted
        through a platform's API). A missing channel is a dry run."""

    @property
    def renderer(self) -> LetterRenderer:
        """The letter templates and platform data, read when a letter is first drafted
        (``scan`` and ``recheck`` open a hotline and never need them)."""
        if self._renderer is None:
            self._renderer = LetterRenderer()
        return self._renderer

    @classmethod
    def open(cls, url: str | None = None, *, taxonomy: Taxonomy | None = None) -> Hotline:
        return cls(Store.open(url), taxonomy=taxonomy)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- users ---------------------------------------------------------------

    def create_user(
        self,
        username: str,
        password: str,
        *,
        role_name: str,
        display_name: str = "",
        organisation: str | int = LOCAL_ORG,
        actor: Actor | None = None,
    ) -> User:
        """A new account working for ``organisation`` (a name or an id)."""
        actor = actor or cli_actor()
        actor.require(MANAGE)
        with self.store.transaction("cannot create user") as conn:
            org = self._org(conn, organisation)
            user = users.create_user(
                conn,
                username,
                password,
                role_name=role_name,
                display_name=display_name,
                organisation_id=org.id,
            )
            detail = {"role": role_name, "organisation": org.name}
            audit.record(conn, actor, "user.create", f"user:{username}", detail)
        return user

    @staticmethod
    def _org(conn: Connection, name_or_id: str | int) -> Organisation:
        try:
            return orgs.get_org(conn, name_or_id)
        except orgs.NotFound:
            raise NotFound(f"組織「{str(name_or_id)[:64]}」は登録されていません") from None

    def organisations(self, actor: Actor | None = None) -> list[Organisation]:
        (actor or cli_actor()).require(READ)
        with self.store.transaction("cannot list organisations") as conn:
            return orgs.list_orgs(conn)

    def organisation(self, name_or_id: str | int) -> Organisation:
        """The organisation (NotFound, in Japanese, when there is none)."""
        with self.store.transaction("cannot read organisation") as conn:
            return self._org(conn, name_or_id)

    def list_users(self, actor: Actor | None = None) -> list[User]:
        (actor or cli_actor()).require(MANAGE)
        with self.store.transaction("cannot list users") as conn:
            return users.list_users(conn)

    def set_password(self, username: str, password: str, *, actor: Actor | None = None) -> None:
        actor = actor or cli_actor()
        if actor.username != username:
            actor.require(MANAGE)
        with self.store.transaction("cannot set password") as conn:
            users.set_password(conn, username, password)
            audit.record(conn, actor, "user.password", f"user:{username}")

    def set_role(self, username: str, role_name: str, *, actor: Actor | None = None) -> None:
        actor = actor or cli_actor()
        actor.require(MANAGE)
        with self.store.transaction("cannot set role") as conn:
            users.set_role(conn, username, role_name)
            audit.record(conn, actor, "user.role", f"user:{username}", {"role": role_name})

    def set_active(self, username: str, active: bool, *, actor: Actor | None = None) -> None:
        actor = actor or cli_actor()
        actor.require(MANAGE)
        with self.store.transaction("cannot change user") as conn:
            users.set_active(conn, username, active)
            action = "user.enable" if active else "user.disable"
            audit.record(conn, actor, action, f"user:{username}")

    # -- login, sessions, tokens --------------------------------------------

    def login(self, username: str, password: str, *, ip: str) -> tuple[User, str]:
        """Check the password and open a session; returns the user and the cookie secret.

        Failed attempts are audited too (with the name tried, never the password),
        and they throttle: after :data:`LOGIN_FAILURES` failures for one account or
        from one address within :data:`LOGIN_WINDOW`, logins there are refused
        until the window has passed (the right password included, so guessing
        gains nothing).
        """
        since = datetime.now(UTC) - LOGIN_WINDOW
        with self.store.transaction("cannot check login attempts") as conn:
            target = f"user:{username[:64]}"
            by_user = audit.recent(conn, "login.failed", since, target=target)
            by_ip = audit.recent(conn, "login.failed", since, ip=ip[:100]) if ip else 0
        if by_user >= LOGIN_FAILURES or by_ip >= LOGIN_FAILURES * 3:
            raise AccessDenied(
                "ログインの失敗が続いたため、しばらく（15分）ログインできません",
                authenticated=False,
            )
        try:
            with self.store.transaction("cannot log in") as conn:
                user = users.authenticate(conn, username, password)
                secret = sessions.start(conn, user, ip=ip)
                audit.record(conn, user.actor(ip), "login", f"user:{username}")
                return user, secret
        except AccessDenied:
            with self.store.transaction("cannot record login failure") as conn:
                nobody = Actor(None, username[:64], role("viewer"), ip)
                audit.record(conn, nobody, "login.failed", f"user:{username[:64]}")
            raise

    def session(self, secret: str | None) -> Session | None:
        with self.store.transaction("cannot read session") as conn:
            return sessions.lookup(conn, secret)

    def logout(self, secret: str | None, actor: Actor) -> None:
        with self.store.transaction("cannot log out") as conn:
            sessions.end(conn, secret)
            audit.record(conn, actor, "logout", f"user:{actor.username}")

    def create_token(
        self, user: User, name: str, *, actor: Actor | None = None
    ) -> tuple[ApiToken, str]:
        actor = actor or cli_actor()
        if actor.user_id != user.id:
            actor.require(MANAGE)
        with self.store.transaction("cannot create token") as conn:
            token, secret = users.create_token(conn, user, name)
            audit.record(conn, actor, "token.create", f"user:{user.username}", {"name": name})
        return token, secret

    def authenticate_token(self, secret: str, *, ip: str = "") -> Actor:
        with self.store.transaction("cannot check token") as conn:
            return users.authenticate_token(conn, secret).actor(ip)

    def user(self, username: str) -> User:
        with self.store.transaction("cannot read user") as conn:
            return users.get_user(conn, username)

    # -- the queue -----------------------------------------------------------

    def enqueue_flagged(self, actor: Actor | None = None) -> int:
        actor = actor or system_actor()
        with self.store.transaction("cannot fill the queue") as conn:
            opened = queue.enqueue_flagged(conn)
            if opened:
                audit.record(conn, actor, "queue.intake", "cases", {"opened": opened})
            return opened

    def queue(self, actor: Actor, f: QueueFilter) -> tuple[list[CaseRow], int]:
        """A page of the queue: another organisation's users see only what is shared."""
        actor.require(READ)
        if actor.organisation_id != LOCAL_ORG:
            f = replace(f, organisation_id=actor.organisation_id)
        with self.store.transaction("cannot read the queue") as conn:
            return queue.list_cases(conn, f)

    @staticmethod
    def _see_case(conn: Connection, actor: Actor, case_id: int) -> None:
        """NotFound, as for a missing case, when ``actor``'s organisation may not see it."""
        visibility.require(conn, actor, "case", case_id, f"案件 {case_id} は存在しません")

    def case(self, actor: Actor, case_id: int) -> CaseRow:
        """One case, for its item page; the view is audited."""
        actor.require(READ)
        with self.store.transaction("cannot read case") as conn:
            self._see_case(conn, actor, case_id)
            case = queue.get_case(conn, case_id)
            audit.record(conn, actor, "case.view", f"case:{case_id}")
            return case

    def related(self, actor: Actor, case_id: int) -> list[Related]:
        actor.require(READ)
        with self.store.transaction("cannot find related cases") as conn:
            self._see_case(conn, actor, case_id)
            hidden = visibility.hidden_from(conn, actor.organisation_id)
            return visibility.related(queue.related(conn, case_id), hidden)

    def case_id_of(self, platform: str, external_id: str) -> int | None:
        with self.store.transaction("cannot find case") as conn:
            return queue.case_id_of(conn, platform, external_id)

    def claim(self, actor: Actor, case_id: int, *, now: datetime | None = None) -> CaseRow:
        with self.store.transaction("cannot claim case") as conn:
            self._see_case(conn, actor, case_id)
            return queue.claim(conn, actor, case_id, now=now)

    def release(self, actor: Actor, case_id: int) -> None:
        with self.store.transaction("cannot release case") as conn:
            self._see_case(conn, actor, case_id)
            queue.release(conn, actor, case_id)

    def judge(self, actor: Actor, case_id: int, category: str, reason: str = "") -> Judgement:
        with self.store.transaction("cannot record judgement") as conn:
            self._see_case(conn, actor, case_id)
            return judgement.judge(conn, actor, case_id, category, reason, taxonomy=self.taxonomy)

    def overturn(self, actor: Actor, case_id: int, category: str, reason: str) -> Judgement:
        with self.store.transaction("cannot overturn judgement") as conn:
            self._see_case(conn, actor, case_id)
            return judgement.overturn(
                conn, actor, case_id, category, reason, taxonomy=self.taxonomy
            )

    def history(self, actor: Actor, case_id: int) -> list[Judgement]:
        actor.require(READ)
        with self.store.transaction("cannot read history") as conn:
            self._see_case(conn, actor, case_id)
            return judgement.history(conn, case_id)

    # -- public reports ------------------------------------------------------

    def submit_report(
        self,
        *,
        url: str,
        kind: str,
        description: str,
        address: str,
        secret: bytes,
        analyze: Callable[[Item], Result],
    ) -> ReportReceipt:
        """A report from the public form (no login): rate-limited, de-duplicated, scanned."""
        now = datetime.now(UTC)
        description = description.strip()
        if len(description) > reports.MAX_DESCRIPTION_CHARS:
            raise WorkflowError(f"説明は{reports.MAX_DESCRIPTION_CHARS}文字以内で入力してください")
        if kind not in REPORT_KINDS and kind not in {c.key for c in self.taxonomy.categories}:
            raise WorkflowError("通報の種類を選んでください")
        key = reports.url_key(url)  # validates the URL
        reporter = reports.reporter_key(secret, address)
        actor = Actor(None, "public", role("viewer"), address)
        with self.store.transaction("cannot check report") as conn:
            reports.check_rate(conn, reporter, now=now)
            known = reports.existing_case(conn, key)
        post_id = None
        if known is None:
            canonical = reports.canonical_url(url)
            item = Item(
                id=f"report-{key[:32]}",
                text=description or canonical,
                platform=urlsplit(canonical).hostname or "unknown",
                url=url.strip(),
            )
            self.store.save([analyze(item)])
            with self.store.transaction("cannot find reported post") as conn:
                post_id = conn.execute(
                    select(posts.c.id).where(
                        posts.c.platform == item.platform, posts.c.external_id == item.id
                    )
                ).scalar_one()
        with self.store.transaction("cannot record report") as conn:
            receipt = reports.record(
                conn,
                url=url,
                kind=kind,
                description=description,
                reporter=reporter,
                post_id=post_id,
                now=now,
            )
            audit.record(
                conn,
                actor,
                "report.receive",
                f"case:{receipt.case_id}",
                {"report": receipt.report_id, "duplicate": receipt.duplicate, "kind": kind},
            )
        return receipt

    # -- letters -------------------------------------------------------------

    def draft_letter(self, actor: Actor, case_id: int, kind: str) -> Letter:
        actor.require(READ)
        with self.store.transaction("cannot read case") as conn:
            self._see_case(conn, actor, case_id)
            case = queue.get_case(conn, case_id)
        return letters.draft(self.renderer, self.taxonomy, case, kind)

    def send_letter(
        self, actor: Actor, case_id: int, kind: str, *, to: str = ""
    ) -> tuple[Letter, DispatchResult]:
        """Render, dispatch (or dry-run) and record one letter."""
        actor.require(WORK)
        letter = self.draft_letter(actor, case_id, kind)
        dispatcher = letters.dispatcher_for(letter, self.dispatchers)
        result = letters.send(dispatcher, letter, to)
        with self.store.transaction("cannot record letter") as conn:
            case = queue.get_case(conn, case_id)
            letters.record(conn, actor, case, letter, to.strip(), result)
        return letter, result

    def confirm_posted(self, actor: Actor, case_id: int, action_id: int) -> int:
        """The analyst posted a copy-ready warning by hand; count it as sent."""
        actor.require(WORK)
        with self.store.transaction("cannot record manual reply") as conn:
            self._see_case(conn, actor, case_id)
            return letters.confirm_posted(conn, actor, case_id, action_id)

    def letter_history(self, actor: Actor, case_id: int) -> list[letters.ActionRecord]:
        actor.require(READ)
        with self.store.transaction("cannot read letters") as conn:
            self._see_case(conn, actor, case_id)
            return letters.history(conn, case_id)

    # -- outcome tracking ----------------------------------------------------

    def recheck(
        self,
        policy: FetchPolicy | None = None,
        *,
        interval: timedelta = recheck_mod.DEFAULT_INTERVAL,
        limit: int = 100,
        actor: Actor | None = None,
        fetcher: Callable[[str, FetchPolicy], FetchResult] | None = None,
    ) -> list[recheck_mod.CheckOutcome]:
        """Fetch the URLs of up to ``limit`` due cases and record what became of them."""
        actor = actor or system_actor()
        actor.require(WORK)
        policy = policy or FetchPolicy()
        with self.store.transaction("cannot list URLs to re-check") as conn:
            targets = recheck_mod.due(conn, now=datetime.now(UTC), interval=interval, limit=limit)
        done = []
        for target in targets:
            check = recheck_mod.check_one(target, policy, fetcher=fetcher or fetch)
            with self.store.transaction("cannot record re-check") as conn:
                recheck_mod.record(conn, actor, check)
            done.append(check)
        return done

    # -- statistics ----------------------------------------------------------

    def stats(
        self,
        actor: Actor,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        export: str | None = None,
    ) -> stats_mod.Stats:
        """The IHC figures; ``export`` (a format name) records an export in the audit log."""
        actor.require(READ)
        _local_only(actor)
        with self.store.transaction("cannot compute statistics") as conn:
            result = stats_mod.compute(conn, self.taxonomy, since=since, until=until)
            if export:
                audit.record(
                    conn,
                    actor,
                    "stats.export",
                    "stats",
                    {"format": export, "from": str(since or ""), "to": str(until or "")},
                )
            return result

    # -- the learning loop ---------------------------------------------------

    def export_labels(self, actor: Actor) -> Iterator[dict[str, Any]]:
        """Judged cases as training records (see :mod:`cyberpatrol.cases.labels`); audited."""
        actor.require(READ)
        _local_only(actor)
        with self.store.transaction("cannot export labels") as conn:
            n = 0
            for record in labels.labelled(conn, self.taxonomy):
                n += 1
                yield record
            audit.record(conn, actor, "labels.export", "cases", {"records": n})

    # -- campaigns and the link graph -----------------------------------------
    # Any reader may look; each detail comes with its graph (one transaction).
    # The linking modules are imported here, not at the top: they load numpy and
    # networkx, which the CLI's other commands never need.

    def campaigns(
        self, actor: Actor, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[CampaignSummary], int]:
        """A page of campaigns, biggest first, and how many there are."""
        from cyberpatrol.linking import queries

        actor.require(READ)
        with self.store.transaction("cannot read campaigns") as conn:
            if actor.organisation_id != LOCAL_ORG:
                return visibility.campaigns_page(
                    conn, actor.organisation_id, limit=limit, offset=offset
                )
            page = queries.list_campaigns(conn, limit=limit, offset=offset)
            return page, queries.count_campaigns(conn)

    def campaign_id(self, actor: Actor, key: str) -> int:
        """The store id of campaign ``key`` (what its marking is keyed by)."""
        actor.require(READ)
        with self.store.transaction("cannot find campaign") as conn:
            found = visibility.campaign_id(conn, key)
            if found is None:
                raise NotFound(f"キャンペーン「{key[:64]}」は存在しません")
            return found

    def campaign(self, actor: Actor, key: str) -> tuple[CampaignView, nx.Graph]:
        from cyberpatrol.linking import graph, queries

        actor.require(READ)
        missing = f"キャンペーン「{key[:64]}」は存在しません"
        with self.store.transaction("cannot read campaign") as conn:
            found = visibility.campaign_id(conn, key)
            view = queries.campaign(conn, key) if found is not None else None
            if found is None or view is None:
                raise NotFound(missing)
            visibility.require(conn, actor, "campaign", found, missing)
            hidden = visibility.hidden_from(conn, actor.organisation_id)
            view = visibility.campaign_view(view, hidden)
            return view, graph.campaign_graph(conn, view)

    def indicator(self, actor: Actor, indicator_id: int) -> tuple[IndicatorView, nx.Graph]:
        from cyberpatrol.linking import graph, queries

        actor.require(READ)
        missing = f"連絡先・識別子 {indicator_id} は存在しません"
        with self.store.transaction("cannot read indicator") as conn:
            view = queries.indicator(conn, indicator_id)
            if view is None:
                raise NotFound(missing)
            visibility.require(conn, actor, "indicator", indicator_id, missing)
            view = visibility.indicator_view(
                view, visibility.hidden_from(conn, actor.organisation_id)
            )
            return view, graph.indicator_graph(conn, view)

    def find_indicator(self, actor: Actor, kind: str, raw: str) -> int:
        """The id of ``raw`` (any spelling) of indicator type ``kind``; NotFound if unknown."""
        from cyberpatrol.indicators import canonical
        from cyberpatrol.linking import queries

        actor.require(READ)
        try:
            value = canonical(kind, raw)
        except KeyError:
            raise NotFound(f"連絡先・識別子の種類「{kind[:64]}」はありません") from None
        except ValueError:
            raise NotFound(f"「{raw[:200]}」は{kind}の値として読めません") from None
        with self.store.transaction("cannot find indicator") as conn:
            found = queries.find_indicator(conn, kind, value)
            if found in visibility.hidden_from(conn, actor.organisation_id).indicators:
                found = None
        if found is None:
            raise NotFound(f"{kind}「{value}」はどの投稿にも出てきません")
        return found

    def account(self, actor: Actor, name: str) -> tuple[AccountView, nx.Graph]:
        """``platform:author``'s posts, campaigns and indicators."""
        from cyberpatrol.linking import graph, queries

        actor.require(READ)
        with self.store.transaction("cannot read account") as conn:
            try:
                view = queries.account(conn, name)
            except ValueError:
                view = None
            if view is None:
                raise NotFound(f"アカウント「{name}」の投稿はありません")
            hidden = visibility.hidden_from(conn, actor.organisation_id)
            view = visibility.account_view(view, hidden)
            return view, graph.account_graph(conn, view)

    def shared_indicators(self, actor: Actor, *, limit: int = 50) -> list[IndicatorSummary]:
        from cyberpatrol.linking import queries

        actor.require(READ)
        with self.store.transaction("cannot read shared indicators") as conn:
            hidden = visibility.hidden_from(conn, actor.organisation_id)
            return hidden.indicator_list(queries.shared_indicators(conn, limit=limit))

    def bridges(self, actor: Actor, *, limit: int = 50) -> list[Bridge]:
        from cyberpatrol.linking import graph

        actor.require(READ)
        with self.store.transaction("cannot read bridging accounts") as conn:
            hidden = visibility.hidden_from(conn, actor.organisation_id)
            return visibility.bridges(graph.bridges(conn, limit=limit), hidden)

    def post_links(self, actor: Actor, post_id: int) -> PostLinks:
        """The campaign of a post and the store ids of its indicators (its item page)."""
        from cyberpatrol.cases import links

        actor.require(READ)
        with self.store.transaction("cannot read the post's campaign") as conn:
            hidden = visibility.hidden_from(conn, actor.organisation_id)
            return visibility.post_links(links.post_links(conn, post_id), hidden)

    def record_graph_export(self, actor: Actor, target: str, fmt: str) -> None:
        """Audit a graph download (like a statistics or label export)."""
        actor.require(READ)
        with self.store.transaction("cannot record export") as conn:
            audit.record(conn, actor, "graph.export", target, {"format": fmt})

    # -- distribution markings and partners -----------------------------------

    def marking(self, actor: Actor, object_type: str, object_id: int) -> MarkingView:
        """The 「共有範囲」 panel of an indicator, campaign (by id) or case."""
        actor.require(READ)
        with self.store.transaction("cannot read marking") as conn:
            return markings.view(conn, actor, object_type, object_id)

    def set_marking(
        self,
        actor: Actor,
        object_type: str,
        object_id: int,
        level: str,
        sharing_group: str | None = None,
    ) -> bool:
        """Raise (anyone who works here) or lower (the owner's supervisors) a marking;
        audited. False when nothing changed."""
        with self.store.transaction("cannot change marking") as conn:
            return markings.change(conn, actor, object_type, object_id, level, sharing_group)

    def partners(self, actor: Actor, *, days: int = 30) -> list[PartnerOverview]:
        """Organisations, their partner tokens and calls of the last ``days`` days.

        Supervisors of the local organisation see every organisation; those of
        another see their own only.
        """
        from cyberpatrol.cases import partners

        actor.require(REVIEW)
        only = None if actor.organisation_id == LOCAL_ORG else actor.organisation_id
        since = datetime.now(UTC) - timedelta(days=days)
        with self.store.transaction("cannot read partner usage") as conn:
            return partners.overview(conn, since=since, organisation_id=only)

    # -- audit ---------------------------------------------------------------

    def audit_log(
        self, actor: Actor, *, limit: int = 100, before_id: int | None = None
    ) -> list[AuditEntry]:
        actor.require(REVIEW)
        _local_only(actor)
        with self.store.transaction("cannot read the audit log") as conn:
            return audit.entries(conn, limit=limit, before_id=before_id)


def _local_only(actor: Actor) -> None:
    """Figures over everything, the audit log and the label export are the operating
    organisation's: they summarise or name objects a partner may not see."""
    from cyberpatrol.sharing.orgs import LOCAL_ORG

    if actor.organisation_id != LOCAL_ORG:
        raise AccessDenied("この画面は運用組織の利用者だけが使えます")
