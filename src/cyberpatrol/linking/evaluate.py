"""Pairwise precision and recall of the campaign grouping on labelled posts.

Labelled posts carry ``campaign`` (the operation they belong to; null for a
post that belongs to none) and optionally ``lookalike_group`` (operations that
copy one template with other contact points). A pair of posts is *true* when
both carry the same campaign, *predicted* when the grouper put them in one
campaign. A look-alike merge is a predicted campaign holding posts of two
operations of the same look-alike group — the mistake the rules exist to avoid.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from cyberpatrol.linking.campaigns import CampaignGrouper


@dataclass
class GroupingMetrics:
    posts: int = 0
    operations: int = 0
    true_pairs: int = 0
    predicted_pairs: int = 0
    correct_pairs: int = 0
    campaigns: int = 0
    lookalike_groups: int = 0
    lookalike_merges: int = 0
    merged_operations: list[list[str]] = field(default_factory=list)
    """Predicted campaigns that hold posts of two or more labelled operations."""
    split_operations: list[str] = field(default_factory=list)
    """Operations whose posts ended up in more than one group (or alone)."""

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "posts": self.posts,
            "operations": self.operations,
            "campaigns": self.campaigns,
            "true_pairs": self.true_pairs,
            "predicted_pairs": self.predicted_pairs,
            "correct_pairs": self.correct_pairs,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "lookalike_groups": self.lookalike_groups,
            "lookalike_merges": self.lookalike_merges,
            "merged_operations": self.merged_operations,
            "split_operations": self.split_operations,
        }


def score_grouping(
    gold: dict[str, str | None],
    lookalike: dict[str, str | None],
    grouper: CampaignGrouper,
) -> GroupingMetrics:
    """Compare the grouper's campaigns with ``gold`` (post key → operation or None)."""
    m = GroupingMetrics(posts=len(gold))
    ops: dict[str, list[str]] = defaultdict(list)
    for key, op in gold.items():
        if op:
            ops[op].append(key)
    m.operations = len(ops)
    m.true_pairs = sum(len(v) * (len(v) - 1) // 2 for v in ops.values())
    predicted: dict[str, list[str]] = defaultdict(list)
    for key in gold:
        c = grouper.campaign_of(key)
        if c is not None:
            predicted[c].append(key)
    m.campaigns = len(predicted)
    for members in predicted.values():
        m.predicted_pairs += len(members) * (len(members) - 1) // 2
        for a, b in combinations(members, 2):
            if gold[a] is not None and gold[a] == gold[b]:
                m.correct_pairs += 1
        in_ops = sorted({op for k in members if (op := gold[k])})
        if len(in_ops) > 1:
            m.merged_operations.append([str(o) for o in in_ops])
        groups = Counter(lookalike.get(k) for k in members if lookalike.get(k))
        for group in groups:
            ops_in_group = {gold[k] for k in members if lookalike.get(k) == group}
            if len(ops_in_group) > 1:
                m.lookalike_merges += 1
    m.lookalike_groups = len({g for g in lookalike.values() if g})
    for op, members in sorted(ops.items()):
        if (
            len({grouper.campaign_of(k) for k in members}) > 1
            or grouper.campaign_of(members[0]) is None
        ):
            m.split_operations.append(op)
    return m


def gold_of(meta: dict[str, Any]) -> tuple[str | None, str | None]:
    """``(campaign, lookalike_group)`` from a labelled post's extra fields."""

    def text(value: Any) -> str | None:
        return str(value) if value not in (None, "") else None

    return text(meta.get("campaign")), text(meta.get("lookalike_group"))
