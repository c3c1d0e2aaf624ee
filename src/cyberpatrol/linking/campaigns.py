"""Campaigns: the posts of one operation, grouped across accounts.

An operation posts one offer from many accounts in succession, rewording the
template and writing its contact points differently each time. The grouper
links two posts when (thresholds in ``data/campaigns.toml``):

1. **Shared contact point** (strong): both mention the same canonical value of a
   linking type (``data/indicator_types.toml``; usernames compare across the
   types of one namespace) that is not a hub (``data/hubs.toml``). Always links.
2. **Near-duplicate wording** (weaker): the estimated Jaccard similarity of their
   character shingles (MinHash, banded LSH) is at least ``text_threshold``.
3. **Same account, similar wording**: one account's posts whose similarity is at
   least ``author_threshold`` (lower than 2: an account re-posting its own offer).
4. **Same account, no contact**: a post that names no contact point and is still
   alone joins its account's campaign when all the account's other posts are in
   that one campaign (「詳細はDMで」 from an operation's account).

Rules 2 and 3 never join two groups that both have contact points and none in
common: look-alike operations that copy a template but give different contacts
stay apart — except one account posting the same text (rule 2's threshold) with a
new contact, which is a rotation after a ban. Account evidence is applied before
wording across accounts (1, 3, 4, then 2, then 4 again). Same account alone never
joins two posts that both name contacts: an account that works for two operations
is a *bridge* between them, which the graph shows.

Grouping is incremental: :meth:`CampaignGrouper.add` takes posts in batches and
links them to everything indexed before; nothing is recomputed. Each union
records the rule and the evidence that made it (the campaign's ``why``).
"""

from __future__ import annotations

import hashlib
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from cyberpatrol.indicators import Hubs, default_hubs
from cyberpatrol.linking.lsh import BandIndex, Signer, stack
from cyberpatrol.normalize import default_pipeline
from cyberpatrol.resources import load_toml

SHARED, TEXT, AUTHOR, ACCOUNT = 0, 1, 2, 3
RULE_NAMES = {
    SHARED: "shared_contact",
    TEXT: "near_duplicate_text",
    AUTHOR: "same_author_text",
    ACCOUNT: "same_account",
}
"""Rule codes as they appear in ``why`` and in the store."""
_RULE_CODES = {name: code for code, name in RULE_NAMES.items()}


@dataclass(frozen=True)
class Rules:
    """Thresholds and sizes of the grouping (``data/campaigns.toml``)."""

    text_threshold: float = 0.6
    author_threshold: float = 0.3
    num_perm: int = 64
    shingle: int = 4
    bucket_cap: int = 8
    author_window: int = 20
    seed: int = 1
    batch_size: int = 10_000

    @classmethod
    def load(cls, path: str | Path | None = None) -> Rules:
        data, where = load_toml(path, "campaigns.toml")
        known = set(cls.__dataclass_fields__)
        unknown = set(data.get("rules", {})) - known
        if unknown:
            raise ValueError(f"{where}: unknown rule settings {sorted(unknown)}")
        rules = cls(**data.get("rules", {}))
        if not 0.0 < rules.author_threshold <= rules.text_threshold < 1.0:
            raise ValueError(f"{where}: need 0 < author_threshold <= text_threshold < 1")
        return rules


@dataclass(frozen=True)
class IndicatorType:
    """How one indicator type takes part in grouping (``data/indicator_types.toml``)."""

    name: str
    label: str
    links: bool
    contact: bool
    namespace: str = ""
    """Types sharing a namespace compare values with each other (see the data file)."""


@lru_cache(maxsize=1)
def indicator_types() -> dict[str, IndicatorType]:
    """Every indicator type's label and linking role, loaded once."""
    data, _ = load_toml(None, "indicator_types.toml")
    return {
        name: IndicatorType(
            name,
            str(t["label"]),
            bool(t["links"]),
            bool(t["contact"]),
            str(t.get("namespace", name)),
        )
        for name, t in data["types"].items()
    }


@dataclass(frozen=True, slots=True)
class PostRef:
    """What the grouper needs of one post. ``key`` identifies it (input id or store id)."""

    key: str
    text: str
    author: str | None = None
    created_at: datetime | None = None
    indicators: tuple[tuple[str, str], ...] = ()
    """``(type, canonical value)`` of every indicator the post mentions."""


@dataclass(frozen=True)
class Link:
    """One union: ``a`` joined ``b``'s group by ``rule``."""

    a: str
    b: str
    rule: str
    indicator: tuple[str, str] | None = None
    similarity: float | None = None


@dataclass(frozen=True)
class Campaign:
    """Two or more posts of one operation."""

    key: str
    members: tuple[str, ...]
    """Post keys, oldest first (posts without a time last, in input order)."""
    authors: tuple[str, ...]
    indicators: tuple[tuple[str, str, int], ...]
    """``(type, value, posts)``: the campaign's linking indicators, most mentioned first."""
    links: tuple[Link, ...]
    first_seen: datetime | None
    last_seen: datetime | None
    why: tuple[dict[str, Any], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "campaign": self.key,
            "members": list(self.members),
            "authors": list(self.authors),
            "indicators": [{"type": t, "value": v, "posts": n} for t, v, n in self.indicators],
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "why": list(self.why),
        }


def campaign_key(first_member: str) -> str:
    """A campaign's stable id: from its oldest member, kept when campaigns merge."""
    return "c-" + hashlib.sha256(first_member.encode("utf-8")).hexdigest()[:12]


class CampaignGrouper:
    """Incremental grouping of posts into campaigns (see the module docstring)."""

    def __init__(
        self,
        rules: Rules | None = None,
        *,
        hubs: Hubs | None = None,
        types: dict[str, IndicatorType] | None = None,
        normalize: Callable[[str], str] | None = None,
    ) -> None:
        self.rules = rules or Rules.load()
        self.hubs = hubs or default_hubs()
        self.types = types or indicator_types()
        if normalize is None:
            pipeline = default_pipeline()
            normalize = lambda text: pipeline.run(text).text  # noqa: E731
        self._normalize = normalize
        r = self.rules
        self._signer = Signer(r.num_perm, r.shingle, r.seed)
        self._lsh = BandIndex(r.num_perm, r.text_threshold, r.bucket_cap)
        self._keys: list[str] = []
        self._pos: dict[str, int] = {}
        self._parent = array("q")
        self._size = array("q")
        self._oldest = array("q")
        self._time = array("d")
        self._author = array("q")
        self._author_names: list[str] = []
        self._author_ids: dict[str, int] = {}
        self._recent: dict[int, list[int]] = {}
        self._ind_ids: dict[str, int] = {}
        self._ind_values: list[tuple[str, str]] = []
        self._ind_first = array("q")
        self._post_inds = array("q")
        self._post_ind_start = array("q", [0])
        self._contacts: dict[int, int | set[int]] = {}
        self._has_contact = bytearray()
        self._edge_a = array("q")
        self._edge_b = array("q")
        self._edge_rule = array("b")
        self._edge_detail = array("d")
        self._linking = {name: t.namespace or name for name, t in self.types.items() if t.links}
        self._contact_types = {name for name, t in self.types.items() if t.contact}

    # -- adding posts ------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._pos

    def add(self, posts: Iterable[PostRef]) -> int:
        """Group ``posts`` (streamed, in batches); returns how many were new."""
        added = 0
        batch: list[PostRef] = []
        for post in posts:
            batch.append(post)
            if len(batch) >= self.rules.batch_size:
                added += self.add_batch(batch)
                batch = []
        if batch:
            added += self.add_batch(batch)
        return added

    def add_batch(self, posts: Sequence[PostRef]) -> int:
        """Group one batch against everything added before; returns how many were new.

        A key added before is skipped: re-running an import never duplicates.
        """
        fresh: list[PostRef] = []
        for p in posts:
            if p.key not in self._pos:
                self._pos[p.key] = -1
                fresh.append(p)
        if not fresh:
            return 0
        signatures = [self._signer.sign(self._normalize(p.text)) for p in fresh]
        sigs, present = stack(signatures, self.rules.num_perm)
        start = len(self._keys)
        for p in fresh:
            self._register(p)
        for i in range(start, len(self._keys)):
            self._link_indicators(i)
        a, b = self._lsh.add(sigs, present)
        aa, ab = self._author_pairs(start, present)
        authors = {self._author[i] for i in range(start, len(self._keys))}
        # Account evidence before wording across accounts: a post without contacts
        # that its own account's operation and a look-alike both resemble belongs to
        # its account's operation.
        edges = self._text_edges(np.concatenate([a, aa]), np.concatenate([b, ab]))
        self._link_text(*edges, same_account=True)
        self._attribute(authors)
        self._link_text(*edges, same_account=False)
        self._attribute(authors)
        return len(fresh)

    def restore_batch(self, posts: Sequence[PostRef], signatures: Sequence[bytes]) -> None:
        """Load posts grouped before (with their stored signatures), linking nothing.

        The unions come back with :meth:`replay`; posts added after that are
        grouped against these as if they had never left memory.
        """
        rows = [_unpack(s, self.rules.num_perm) for s in signatures]
        sigs, present = stack(rows, self.rules.num_perm)
        start = len(self._keys)
        for p in posts:
            self._pos[p.key] = -1
            self._register(p)
        for i in range(start, len(self._keys)):
            for iid in self._indicators_of(i):
                if self._ind_first[iid] < 0:
                    self._ind_first[iid] = i
        self._lsh.add(sigs, present, pairs=False)
        self._author_pairs(start, present)

    def replay(self, links: Iterable[Link]) -> None:
        """Redo unions recorded earlier (see :meth:`links_since`)."""
        for link in links:
            a, b = self._pos.get(link.a, -1), self._pos.get(link.b, -1)
            if a < 0 or b < 0:
                continue
            rule = _RULE_CODES[link.rule]
            if rule == SHARED and link.indicator is not None:
                kind, value = link.indicator
                iid = self._ind_ids.get(f"{self._linking.get(kind, kind)}\x00{value}", -1)
                self._union(a, b, rule, float(iid))
            else:
                self._union(a, b, rule, link.similarity or 0.0)

    @property
    def link_count(self) -> int:
        """How many unions have been made (a mark for :meth:`links_since`)."""
        return len(self._edge_a)

    def links_since(self, mark: int) -> list[Link]:
        """The unions made after ``mark`` (an earlier :attr:`link_count`)."""
        return [self._link(e) for e in range(mark, len(self._edge_a))]

    def signature(self, key: str) -> bytes:
        """The stored form of post ``key``'s signature (empty: no text to compare)."""
        i = self._pos[key]
        if not self._lsh.has_text(i):
            return b""
        return self._lsh.signature(i).astype("<u4").tobytes()

    def membership(self) -> dict[str, str]:
        """Post key → campaign id, for every post in a campaign."""
        out: dict[str, str] = {}
        for i, key in enumerate(self._keys):
            root = self._find(i)
            if self._size[root] >= 2:
                out[key] = campaign_key(self._keys[self._oldest[root]])
        return out

    def _register(self, p: PostRef) -> None:
        i = len(self._keys)
        self._keys.append(p.key)
        self._pos[p.key] = i
        self._parent.append(i)
        self._size.append(1)
        self._oldest.append(i)
        self._time.append(_timestamp(p.created_at))
        aid = -1
        if p.author:
            aid = self._author_ids.setdefault(p.author, len(self._author_names))
            if aid == len(self._author_names):
                self._author_names.append(p.author)
        self._author.append(aid)
        contacts: set[int] = set()
        seen: set[int] = set()
        for kind, value in p.indicators:
            if kind not in self._linking or self.hubs.reason(kind, value) is not None:
                continue
            name = f"{self._linking[kind]}\x00{value}"
            iid = self._ind_ids.get(name)
            if iid is None:
                iid = len(self._ind_values)
                self._ind_ids[name] = iid
                self._ind_values.append((kind, value))
                self._ind_first.append(-1)
            if iid in seen:
                continue
            seen.add(iid)
            self._post_inds.append(iid)
            if kind in self._contact_types:
                contacts.add(iid)
        self._post_ind_start.append(len(self._post_inds))
        self._has_contact.append(1 if contacts else 0)
        if contacts:
            self._contacts[i] = next(iter(contacts)) if len(contacts) == 1 else contacts

    def _indicators_of(self, i: int) -> array[int]:
        return self._post_inds[self._post_ind_start[i] : self._post_ind_start[i + 1]]

    def _link_indicators(self, i: int) -> None:
        for iid in self._indicators_of(i):
            first = self._ind_first[iid]
            if first < 0:
                self._ind_first[iid] = i
            else:
                self._union(i, first, SHARED, float(iid))

    def _author_pairs(self, start: int, present: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each new post against the same account's recent posts (with text)."""
        news: list[int] = []
        olds: list[int] = []
        window = self.rules.author_window
        for off, has_text in enumerate(present):
            i = start + off
            aid = self._author[i]
            if aid < 0 or not has_text:
                continue
            recent = self._recent.setdefault(aid, [])
            for j in recent:
                news.append(i)
                olds.append(j)
            recent.append(i)
            if len(recent) > window:
                del recent[0]
        return np.asarray(news, dtype=np.int64), np.asarray(olds, dtype=np.int64)

    def _text_edges(
        self, a: np.ndarray, b: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Candidate pairs similar enough for rule 2 or 3, most similar first."""
        sim = self._lsh.similarity(a, b)
        keep = sim >= self.rules.author_threshold
        a, b, sim = a[keep], b[keep], sim[keep]
        authors = np.array(self._author, dtype=np.int64)
        same = (authors[a] >= 0) & (authors[a] == authors[b])
        order = np.lexsort((b, a, -sim))  # ties in index order, so runs reproduce
        return a[order], b[order], sim[order], same[order]

    def _link_text(
        self,
        a: np.ndarray,
        b: np.ndarray,
        sim: np.ndarray,
        same: np.ndarray,
        *,
        same_account: bool,
    ) -> None:
        """Rule 3 (``same_account``) or rule 2 over the candidate pairs."""
        r = self.rules
        for k in np.flatnonzero(same == same_account):
            x, y, s = int(a[k]), int(b[k]), float(sim[k])
            if same_account:
                rule = TEXT if s >= r.text_threshold else AUTHOR
            elif s >= r.text_threshold:
                rule = TEXT
            else:
                continue
            rx, ry = self._find(x), self._find(y)
            if rx == ry:
                continue
            # Different contacts on look-alike wording: two operations — unless one
            # account posts the same text with a new contact (rotation after a ban).
            if self._conflict(rx, ry) and not (same_account and s >= r.text_threshold):
                continue
            self._union(x, y, rule, s)

    def _attribute(self, authors: set[int]) -> None:
        """Rule 4: a post naming no contact point, still alone, joins its account's
        campaign when every other grouped post of the account is in that one campaign
        (「詳細はDMで」 from an account that otherwise posts one operation's contacts)."""
        for aid in sorted(a for a in authors if a >= 0):
            recent = self._recent.get(aid, ())
            if len(recent) < 2:
                continue
            for i in recent:
                if self._has_contact[i] or self._size[self._find(i)] > 1:
                    continue
                roots = {
                    self._find(j)
                    for j in recent
                    if j != i and (self._has_contact[j] or self._size[self._find(j)] > 1)
                }
                if len(roots) == 1:
                    (root,) = roots
                    self._union(i, root, ACCOUNT, 0.0)

    # -- union-find --------------------------------------------------------------

    def _find(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def _conflict(self, rx: int, ry: int) -> bool:
        """Both groups name contact points and none in common: look-alikes, not one."""
        cx = self._contacts.get(rx)
        cy = self._contacts.get(ry)
        if cx is None or cy is None:
            return False
        sx = cx if isinstance(cx, set) else {cx}
        sy = cy if isinstance(cy, set) else {cy}
        return sx.isdisjoint(sy)

    def _union(self, x: int, y: int, rule: int, detail: float) -> bool:
        rx, ry = self._find(x), self._find(y)
        if rx == ry:
            return False
        if self._size[rx] < self._size[ry]:
            rx, ry = ry, rx
        self._parent[ry] = rx
        self._size[rx] += self._size[ry]
        self._oldest[rx] = min(self._oldest[rx], self._oldest[ry])
        cy = self._contacts.pop(ry, None)
        if cy is not None:
            cx = self._contacts.get(rx)
            merged = cy if isinstance(cy, set) else {cy}
            if cx is not None:
                merged = merged | (cx if isinstance(cx, set) else {cx})
            self._contacts[rx] = merged
        self._edge_a.append(x)
        self._edge_b.append(y)
        self._edge_rule.append(rule)
        self._edge_detail.append(detail)
        return True

    # -- reading the campaigns -----------------------------------------------------

    def campaign_of(self, key: str) -> str | None:
        """The campaign id of post ``key`` (None when it is alone or unknown)."""
        i = self._pos.get(key, -1)
        if i < 0:
            return None
        root = self._find(i)
        if self._size[root] < 2:
            return None
        return campaign_key(self._keys[self._oldest[root]])

    def campaigns(self, min_size: int = 2) -> Iterator[Campaign]:
        """Every campaign of at least ``min_size`` posts, biggest first."""
        groups: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self._keys)):
            root = self._find(i)
            if self._size[root] >= min_size:
                groups[root].append(i)
        edges: dict[int, list[int]] = defaultdict(list)
        for e in range(len(self._edge_a)):
            root = self._find(self._edge_a[e])
            if root in groups:
                edges[root].append(e)
        ordered = sorted(groups, key=lambda r: (-len(groups[r]), self._oldest[r]))
        for root in ordered:
            yield self._campaign(root, groups[root], edges[root])

    def _campaign(self, root: int, members: list[int], edges: list[int]) -> Campaign:
        members.sort(key=lambda i: (math.isnan(self._time[i]), self._time[i], i))
        times = [self._time[i] for i in members if not math.isnan(self._time[i])]
        authors: dict[str, None] = {}
        counts: Counter[int] = Counter()
        for i in members:
            if self._author[i] >= 0:
                authors[self._author_names[self._author[i]]] = None
            counts.update(self._indicators_of(i))
        indicators = tuple(
            (*self._ind_values[iid], n)
            for iid, n in sorted(counts.items(), key=lambda c: (-c[1], self._ind_values[c[0]]))
        )
        links = tuple(self._link(e) for e in edges)
        return Campaign(
            key=campaign_key(self._keys[self._oldest[root]]),
            members=tuple(self._keys[i] for i in members),
            authors=tuple(authors),
            indicators=indicators,
            links=links,
            first_seen=_datetime(min(times)) if times else None,
            last_seen=_datetime(max(times)) if times else None,
            why=tuple(explain(links, dict(((t, v), n) for t, v, n in indicators), self.rules)),
        )

    def _link(self, e: int) -> Link:
        rule = self._edge_rule[e]
        detail = self._edge_detail[e]
        a, b = self._keys[self._edge_a[e]], self._keys[self._edge_b[e]]
        if rule == SHARED:
            return Link(a, b, RULE_NAMES[rule], indicator=self._ind_values[int(detail)])
        if rule == ACCOUNT:
            return Link(a, b, RULE_NAMES[rule])
        return Link(a, b, RULE_NAMES[rule], similarity=round(detail, 4))

    def nbytes(self) -> int:
        """Approximate memory of the arrays (not the Python dicts), for the benchmark."""
        arrays = (
            self._parent,
            self._size,
            self._oldest,
            self._time,
            self._author,
            self._ind_first,
            self._post_inds,
            self._post_ind_start,
            self._edge_a,
            self._edge_b,
            self._edge_rule,
            self._edge_detail,
        )
        return self._lsh.nbytes() + sum(a.itemsize * len(a) for a in arrays)


def explain(
    links: Sequence[Link], mentions: dict[tuple[str, str], int], rules: Rules
) -> Iterator[dict[str, Any]]:
    """The ``why`` of a campaign: each rule that joined its posts, with its evidence."""
    text: list[float] = []
    by_author: list[float] = []
    for link in links:
        if link.rule == RULE_NAMES[TEXT] and link.similarity is not None:
            text.append(link.similarity)
        elif link.rule == RULE_NAMES[AUTHOR] and link.similarity is not None:
            by_author.append(link.similarity)
    # Every contact point two or more of the posts share, not only the ones whose
    # link happened to join two groups first.
    for (kind, value), n in sorted(mentions.items(), key=lambda m: (-m[1], m[0])):
        if n >= 2:
            yield {"rule": RULE_NAMES[SHARED], "type": kind, "value": value, "posts": n}
    if text:
        yield {
            "rule": RULE_NAMES[TEXT],
            "links": len(text),
            "min_similarity": round(min(text), 4),
            "threshold": rules.text_threshold,
        }
    if by_author:
        yield {
            "rule": RULE_NAMES[AUTHOR],
            "links": len(by_author),
            "min_similarity": round(min(by_author), 4),
            "threshold": rules.author_threshold,
        }
    accounts = sum(1 for link in links if link.rule == RULE_NAMES[ACCOUNT])
    if accounts:
        yield {"rule": RULE_NAMES[ACCOUNT], "links": accounts}


def _unpack(signature: bytes, num_perm: int) -> np.ndarray | None:
    if not signature:
        return None
    row = np.frombuffer(signature, dtype="<u4")
    if row.size != num_perm:
        raise ValueError(
            f"stored signature has {row.size} values, the rules ask for {num_perm}: "
            "regroup with `cyberpatrol campaigns --rebuild`"
        )
    return row.astype(np.uint32)


def _timestamp(when: datetime | None) -> float:
    if when is None:
        return math.nan
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def _datetime(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)
