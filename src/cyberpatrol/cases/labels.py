"""The learning loop: analysts' judgements become labelled training data.

``cyberpatrol export-labels`` writes one JSON object per judged case in the
format ``cyberpatrol train`` reads (``text``, ``label``, ``kind``, ``family``,
``split``). The label comes from the judgement's ``model_label`` in the
taxonomy (1 recruitment, 0 not; categories marked -1 are left out). The family
is the posting account, and the split is the corpus's rule (a hash of the
family), so one operation's posts never straddle train and test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, select

from cyberpatrol.cases.taxonomy import Taxonomy
from cyberpatrol.learn.corpus import split_of
from cyberpatrol.store.tables import cases, posts


def labelled(conn: Connection, taxonomy: Taxonomy) -> Iterator[dict[str, Any]]:
    labels = {c.key: c.model_label for c in taxonomy.categories if c.model_label in (0, 1)}
    q = (
        select(
            cases.c.id,
            cases.c.judgement,
            cases.c.judged_at,
            posts.c.platform,
            posts.c.external_id,
            posts.c.author,
            posts.c.text,
            posts.c.created_at,
        )
        .select_from(cases.join(posts, posts.c.id == cases.c.post_id))
        .where(cases.c.judgement.in_(list(labels)))
        .order_by(cases.c.id)
    )
    for r in conn.execute(q.execution_options(yield_per=1000)):
        family = f"{r.platform}:{r.author}" if r.author else f"{r.platform}:{r.external_id}"
        yield {
            "id": f"case-{r.id}",
            "platform": r.platform,
            "text": r.text,
            "label": labels[r.judgement],
            "kind": f"hotline:{r.judgement}",
            "family": family,
            "split": split_of(family),
            "judged_at": r.judged_at.isoformat() if r.judged_at else None,
            "created_at": r.created_at.isoformat() if r.created_at else None,
        }
