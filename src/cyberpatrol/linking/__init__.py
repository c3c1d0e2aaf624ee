"""Seeing the operation behind the posts: near-duplicate wording (issue 5, in progress).

Public surface::

    from cyberpatrol.linking import NearDuplicates

    index = NearDuplicates(threshold=0.6)
    index.add("x:1", text)            # -> keys of earlier posts worded nearly the same
"""

from __future__ import annotations

from cyberpatrol.linking.neardup import NearDuplicates, shingles

__all__ = ["NearDuplicates", "shingles"]
