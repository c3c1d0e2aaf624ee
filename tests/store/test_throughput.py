"""``save`` is a bulk operation: thousands of results per second."""

from __future__ import annotations

import time

from store_builders import make_result

from cyberpatrol.model import Indicator
from cyberpatrol.store import Store

N = 5_000
BATCH = 500


def test_save_throughput(store: Store) -> None:
    results = [
        make_result(
            str(i),
            indicators=(
                Indicator("phone", f"+8190{i:08d}", 0, 13, "090-..."),
                Indicator("telegram", "yami_job", 20, 29, "@yami_job"),
            ),
        )
        for i in range(N)
    ]
    start = time.perf_counter()
    for offset in range(0, N, BATCH):
        store.save(results[offset : offset + BATCH])
    elapsed = time.perf_counter() - start
    rate = N / elapsed
    print(f"\nsave: {N} results in {elapsed:.2f}s = {rate:,.0f} results/s")
    assert store.count_posts() == N
    # Generous floor so slow CI machines pass; the target on a laptop is ≥ 5,000/s.
    assert rate > 1_000
