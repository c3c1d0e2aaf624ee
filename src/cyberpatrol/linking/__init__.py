"""Seeing the operation behind the posts: near-duplicate wording, campaigns, the link graph.

Public surface::

    from cyberpatrol.linking import CampaignGrouper, PostRef

    grouper = CampaignGrouper()                 # rules from data/campaigns.toml
    grouper.add(PostRef(key, text, author, created_at, indicators) for ...)
    for campaign in grouper.campaigns():        # two or more posts each
        campaign.to_dict()                      # members, authors, indicators, why

:mod:`cyberpatrol.linking.persist` keeps campaigns in the store (incrementally),
:mod:`cyberpatrol.linking.queries` answers analysts' questions from it and
:mod:`cyberpatrol.linking.graph` builds, measures and exports the graph.
"""

from __future__ import annotations

from cyberpatrol.linking.campaigns import (
    Campaign,
    CampaignGrouper,
    IndicatorType,
    Link,
    PostRef,
    Rules,
    campaign_key,
    indicator_types,
)
from cyberpatrol.linking.neardup import NearDuplicates, shingles

__all__ = [
    "Campaign",
    "CampaignGrouper",
    "IndicatorType",
    "Link",
    "NearDuplicates",
    "PostRef",
    "Rules",
    "campaign_key",
    "indicator_types",
    "shingles",
]
