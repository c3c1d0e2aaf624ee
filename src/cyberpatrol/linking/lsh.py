"""Compact MinHash signatures and a banded LSH index that grows in batches.

:class:`~cyberpatrol.linking.neardup.NearDuplicates` keeps a datasketch
``MinHashLSH`` — fine for tens of thousands of posts, but its per-bucket Python
sets cost about 2 KB a post. Grouping a million posts needs the same idea in
arrays: signatures (datasketch ``MinHash`` values, 32-bit) live in one growing
``uint32`` matrix, and each band's keys in a sorted ``uint32`` array searched with
``numpy.searchsorted``. A batch of posts finds its candidates among the indexed
posts and among itself in a few vectorised passes, then is merged in.

A bucket shared by many posts (one template posted a thousand times) would give a
quadratic number of pairs; each post is compared with at most ``bucket_cap``
earlier posts of each bucket, the most recent ones. Grouping is transitive, so a
chain of near-duplicates is still found.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash

Pairs = tuple[np.ndarray, np.ndarray]
"""Two aligned ``int64`` arrays of post indices."""


def shingles(text: str, size: int, *, skip: str = "PZCS") -> set[str]:
    """The character ``size``-grams of ``text`` without spaces and the characters whose
    Unicode category starts with a letter of ``skip`` (default: punctuation, separators,
    control characters and symbols, so emoji and 「★」 do not make copies differ)."""
    kept = "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in skip
    )
    if len(kept) <= size:
        return {kept} if kept else set()
    return {kept[i : i + size] for i in range(len(kept) - size + 1)}


def choose_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(bands, rows)`` whose S-curve best separates pairs above and below ``threshold``.

    Missing a true pair costs four times as much as verifying a false one:
    candidates are checked against the estimated similarity anyway.
    """
    xs = np.linspace(0.0, 1.0, 201)
    best: tuple[float, int, int] | None = None
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        p = 1.0 - (1.0 - xs**rows) ** bands
        false_pos = np.trapezoid(np.where(xs < threshold, p, 0.0), xs)
        false_neg = np.trapezoid(np.where(xs >= threshold, 1.0 - p, 0.0), xs)
        cost = 0.2 * false_pos + 0.8 * false_neg
        if best is None or cost < best[0]:
            best = (float(cost), bands, rows)
    assert best is not None
    return best[1], best[2]


class Signer:
    """MinHash signatures of texts' shingles, reproducible for a given seed."""

    def __init__(self, num_perm: int = 64, shingle: int = 4, seed: int = 1) -> None:
        self.num_perm = num_perm
        self.shingle = shingle
        self.seed = seed
        first = MinHash(num_perm=num_perm, seed=seed)
        self._permutations = first.permutations
        self._scheme = first.scheme

    def sign(self, text: str) -> np.ndarray | None:
        """The signature (``uint32[num_perm]``) of ``text``, None when it has no content."""
        grams = shingles(text, self.shingle)
        if not grams:
            return None
        m = MinHash(
            num_perm=self.num_perm,
            seed=self.seed,
            permutations=self._permutations,
            scheme=self._scheme,
        )
        m.update_batch([g.encode("utf-8") for g in grams])
        return np.asarray(m.hashvalues, dtype=np.uint32)


class BandIndex:
    """Signatures of posts ``0..n-1`` and their LSH buckets; grows one batch at a time."""

    def __init__(self, num_perm: int, threshold: float, bucket_cap: int = 8) -> None:
        self.num_perm = num_perm
        self.bands, self.rows = choose_bands(threshold, num_perm)
        self.bucket_cap = bucket_cap
        self._sigs = np.zeros((0, num_perm), dtype=np.uint32)
        self._present = np.zeros(0, dtype=bool)
        self._n = 0
        self._keys = [np.zeros(0, dtype=np.uint32) for _ in range(self.bands)]
        self._ids = [np.zeros(0, dtype=np.int32) for _ in range(self.bands)]

    def __len__(self) -> int:
        return self._n

    def signature(self, i: int) -> np.ndarray:
        row: np.ndarray = self._sigs[i]
        return row

    def has_text(self, i: int) -> bool:
        return bool(self._present[i])

    def _band_keys(self, sigs: np.ndarray) -> np.ndarray:
        """``uint32[n, bands]``: one hash of each band's rows."""
        n = sigs.shape[0]
        out = np.empty((n, self.bands), dtype=np.uint32)
        for b in range(self.bands):
            block = sigs[:, b * self.rows : (b + 1) * self.rows].astype(np.uint64)
            h = np.full(n, 1469598103934665603, dtype=np.uint64)
            for col in range(block.shape[1]):
                h = (h ^ block[:, col]) * np.uint64(1099511628211)
            out[:, b] = (h ^ (h >> np.uint64(32))).astype(np.uint32)
        return out

    def add(self, sigs: np.ndarray, present: np.ndarray, *, pairs: bool = True) -> Pairs:
        """Index a batch; returns candidate pairs ``(new, earlier)`` in global indices.

        ``sigs`` is ``uint32[n, num_perm]``; rows where ``present`` is False (posts
        without text to compare) are stored but never bucketed.
        """
        n = sigs.shape[0]
        base = self._n
        self._grow(base + n)
        self._sigs[base : base + n] = sigs
        self._present[base : base + n] = present
        self._n = base + n
        local = np.flatnonzero(present)
        if local.size == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        ids = local.astype(np.int64) + base
        keys = self._band_keys(sigs[local])
        news: list[np.ndarray] = []
        olds: list[np.ndarray] = []
        cap = self.bucket_cap
        for b in range(self.bands):
            k = keys[:, b]
            main_k, main_i = self._keys[b], self._ids[b]
            # Against the posts already indexed: the last `cap` entries of each bucket.
            hi = np.searchsorted(main_k, k, side="right")
            lo = np.searchsorted(main_k, k, side="left")
            for d in range(1, cap + 1 if pairs else 1):
                hit = hi - d >= lo
                if not hit.any():
                    break
                news.append(ids[hit])
                olds.append(main_i[hi[hit] - d].astype(np.int64))
            # Within the batch: each post against up to `cap` earlier posts in its bucket.
            order = np.lexsort((ids, k))
            sk, si = k[order], ids[order]
            for d in range(1, cap + 1 if pairs else 1):
                if d >= sk.size:
                    break
                same = sk[d:] == sk[:-d]
                if not same.any():
                    break
                news.append(si[d:][same])
                olds.append(si[:-d][same])
            # Merge the batch in; equal keys keep insertion order (older first).
            pos = np.searchsorted(main_k, sk, side="right")
            self._keys[b] = np.insert(main_k, pos, sk)
            self._ids[b] = np.insert(main_i, pos, si.astype(np.int32))
        if not news:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        a = np.concatenate(news)
        c = np.concatenate(olds)
        pair = np.unique(a * (self._n + 1) + c)
        return pair // (self._n + 1), pair % (self._n + 1)

    def similarity(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Estimated Jaccard similarity of the pairs ``(a[i], b[i])``."""
        if a.size == 0:
            return np.zeros(0, dtype=np.float64)
        out = np.empty(a.size, dtype=np.float64)
        step = 65536
        for s in range(0, a.size, step):
            sa = self._sigs[a[s : s + step]]
            sb = self._sigs[b[s : s + step]]
            out[s : s + step] = (sa == sb).mean(axis=1)
        return out

    def _grow(self, need: int) -> None:
        if need <= self._sigs.shape[0]:
            return
        cap = max(need, int(self._sigs.shape[0] * 1.5), 1024)
        grown = np.zeros((cap, self.num_perm), dtype=np.uint32)
        grown[: self._n] = self._sigs[: self._n]
        self._sigs = grown
        present = np.zeros(cap, dtype=bool)
        present[: self._n] = self._present[: self._n]
        self._present = present

    def nbytes(self) -> int:
        """Memory held by the index, for the benchmark."""
        return int(
            self._sigs.nbytes + sum(k.nbytes for k in self._keys) + sum(i.nbytes for i in self._ids)
        )


def stack(signatures: Sequence[np.ndarray | None], num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """``(uint32[n, num_perm], present[n])`` from per-post signatures (None = no text)."""
    sigs = np.zeros((len(signatures), num_perm), dtype=np.uint32)
    present = np.zeros(len(signatures), dtype=bool)
    for i, s in enumerate(signatures):
        if s is not None:
            sigs[i] = s
            present[i] = True
    return sigs, present
