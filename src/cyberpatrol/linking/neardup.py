"""Near-duplicate wording with MinHash and locality-sensitive hashing (datasketch).

One operation posts one template from many accounts, reworded, reordered and
re-obfuscated. Comparing every pair of a million posts is out of the question;
MinHash signatures of character shingles, bucketed by LSH, give the candidate
pairs in (near) constant time per post, and the candidates are then checked
against the estimated Jaccard similarity so that a bucket collision alone
never links two posts.

Shingles are taken from the engine's *match* view of the text — the
normalised form in which 「ｳｹｺ」「受.け.子」 and 「受け子」 are the same — with
white space and punctuation removed, so disguises and layout do not make two
copies of a template look different.
"""

from __future__ import annotations

from collections.abc import Callable

from datasketch import LeanMinHash, MinHash, MinHashLSH

from cyberpatrol.linking import lsh
from cyberpatrol.normalize import default_pipeline

SHINGLE = 4
"""Characters per shingle: long enough to carry word order, short enough for Japanese."""


def _normalizer() -> Callable[[str], str]:
    pipeline = default_pipeline()
    return lambda text: pipeline.run(text).text


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The character ``size``-grams of ``text`` without spaces and punctuation (symbols kept)."""
    return lsh.shingles(text, size, skip="PZC")


class NearDuplicates:
    """An incremental index of post texts; ``add`` returns the earlier near-duplicates.

    ``threshold`` is the Jaccard similarity of shingle sets above which two
    posts count as the same wording (estimated from ``num_perm`` hash
    permutations). Same ``seed``, same results.
    """

    def __init__(
        self,
        *,
        threshold: float = 0.6,
        num_perm: int = 128,
        shingle: int = SHINGLE,
        seed: int = 1,
        normalize: Callable[[str], str] | None = None,
    ) -> None:
        if not 0.0 < threshold < 1.0:
            raise ValueError("threshold must be between 0 and 1")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self.seed = seed
        self._normalize = normalize or _normalizer()
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[str, LeanMinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: object) -> bool:
        return key in self._signatures

    def signature(self, text: str) -> LeanMinHash | None:
        """The MinHash of ``text``'s shingles (None when it has no content to compare)."""
        grams = shingles(self._normalize(text), self.shingle)
        if not grams:
            return None
        m = MinHash(num_perm=self.num_perm, seed=self.seed)
        m.update_batch([g.encode("utf-8") for g in sorted(grams)])
        return LeanMinHash(m)

    def similar(self, text: str) -> list[tuple[str, float]]:
        """Indexed posts worded like ``text``, most similar first (similarity ≥ threshold)."""
        sig = self.signature(text)
        return self._matches(sig) if sig is not None else []

    def add(self, key: str, text: str) -> list[tuple[str, float]]:
        """Index ``text`` under ``key``; returns the near-duplicates indexed before it.

        Adding a key again replaces its text.
        """
        if key in self._signatures:
            self._lsh.remove(key)
            del self._signatures[key]
        sig = self.signature(text)
        if sig is None:
            return []
        found = self._matches(sig)
        self._lsh.insert(key, sig)
        self._signatures[key] = sig
        return found

    def _matches(self, sig: LeanMinHash) -> list[tuple[str, float]]:
        out = []
        for other in self._lsh.query(sig):
            similarity = float(sig.jaccard(self._signatures[other]))
            if similarity >= self.threshold:
                out.append((str(other), similarity))
        out.sort(key=lambda p: (-p[1], p[0]))
        return out
