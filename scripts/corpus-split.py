"""Write the `split` field of every corpus file from its `family` (see learn/corpus.py).

Usage: python scripts/corpus-split.py data/corpus/*.jsonl
Rewrites each file in place (atomically); prints counts per split.
"""

from __future__ import annotations

import collections
import json
import os
import sys
import tempfile

from cyberpatrol.learn.corpus import split_of


def main(paths: list[str]) -> None:
    counts: collections.Counter[tuple[str, int]] = collections.Counter()
    for path in paths:
        directory = os.path.dirname(os.path.abspath(path))
        with open(path, encoding="utf-8") as src, tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=directory, delete=False
        ) as dst:
            for line in src:
                if not line.strip():
                    continue
                rec = json.loads(line)
                rec["split"] = split_of(rec["family"])
                counts[(rec["split"], rec["label"])] += 1
                dst.write(json.dumps(rec, ensure_ascii=False) + "\n")
        os.replace(dst.name, path)
    for (split, label), n in sorted(counts.items()):
        print(f"{split}\tlabel={label}\t{n}")


if __name__ == "__main__":
    main(sys.argv[1:])
