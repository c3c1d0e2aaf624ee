"""OCR throughput: images read per second, per worker (one Tesseract process each).

    .venv/bin/python benchmarks/bench_ocr.py             # 40 images, 1 and 2 workers
    .venv/bin/python benchmarks/bench_ocr.py --images 100

Images are rendered from recruitment-style texts of the corpus (Noto CJK, 900 px
wide, 40 px text, plain and noisy backgrounds), then read through
:class:`cyberpatrol.ocr.OcrPool` exactly as `scan` does.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from run import machine

from cyberpatrol.ocr import OcrConfig, OcrPool, render_text_image

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "recruitment_general.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--images", type=int, default=40)
    args = ap.parse_args()
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(args.images):
            bg = "plain" if i % 2 == 0 else "noise"
            p = Path(tmp) / f"{i}.png"
            render_text_image(texts[i % len(texts)], p, background=bg, seed=i)
            paths.append(str(p))
        results = {}
        for workers in (1, 2):
            with OcrPool(OcrConfig(workers=workers)) as pool:
                t0 = time.perf_counter()
                futures = [pool.submit([p]) for p in paths]
                chars = sum(len(im.text) for f in futures for im in f.result())
                seconds = time.perf_counter() - t0
            results[f"{workers}_workers"] = {
                "images": len(paths),
                "seconds": round(seconds, 2),
                "images_per_second": round(len(paths) / seconds, 2),
                "images_per_second_per_worker": round(len(paths) / seconds / workers, 2),
                "chars_read": chars,
            }
    json.dump({"machine": machine(), "ocr": results}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
