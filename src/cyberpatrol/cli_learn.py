"""``cyberpatrol train`` and ``cyberpatrol robustness``: thin commands over
:mod:`cyberpatrol.learn` and :mod:`cyberpatrol.robustness`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.table import Table

from cyberpatrol.cli import (
    ConfigOpt,
    ModelOpt,
    PathsArg,
    ThresholdOpt,
    _engine,
    _fail,
    _reject,
    app,
    err,
)
from cyberpatrol.errors import CyberpatrolError

SeedOpt = Annotated[int, typer.Option("--seed", help="Random seed (augmentation, folds).")]


def _say(message: str) -> None:
    err.print(f"[dim]{message}[/dim]")


def _dump(data: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")


@app.command()
def train(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", help="Model directory to write.")],
    seed: SeedOpt = 20261122,
    augment: Annotated[
        int, typer.Option(min=0, help="Disguised copies of each training post.")
    ] = 12,
    c: Annotated[float, typer.Option("--c", min=1e-6, help="Inverse regularisation.")] = 150.0,
    min_df: Annotated[int, typer.Option(min=1, help="Minimum posts per n-gram.")] = 2,
    ngram_max: Annotated[int, typer.Option(min=1, max=6, help="Longest n-gram.")] = 3,
    train_split: Annotated[
        list[str] | None,
        typer.Option("--train-split", help="Split(s) to train on [default: train]."),
    ] = None,
    dev_split: Annotated[
        list[str] | None,
        typer.Option("--dev-split", help="Split(s) to report on [default: dev]."),
    ] = None,
    lexicon: Annotated[
        str, typer.Option(help="Lexicon file (default: the packaged recruitment.toml).")
    ] = "recruitment.toml",
) -> None:
    """Train a recruitment model on labelled posts and write a versioned model directory.

    Posts need `label`; `family` groups near-copies for calibration, `split`
    selects the training posts (all posts when no post has a split).
    """
    from cyberpatrol.learn.dataset import load_examples
    from cyberpatrol.learn.train import TrainConfig
    from cyberpatrol.learn.train import train as fit

    config = TrainConfig(
        seed=seed,
        augment=augment,
        c=c,
        min_df=min_df,
        ngram_max=ngram_max,
        train_splits=tuple(train_split or ["train"]),
        dev_splits=tuple(dev_split or ["dev"]),
        lexicon=lexicon,
    )
    try:
        examples = load_examples(paths, on_reject=_reject)
        _say(f"read {len(examples)} labelled posts from {len(paths)} file(s)")
        result = fit(
            examples,
            config,
            sources=[Path(p) for p in paths if p != "-"],
            progress=_say,
        )
        result.model.save(out)
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    meta = result.model.meta
    metrics = meta["metrics"]
    summary = {
        "model_dir": str(out),
        "model_version": meta["model_version"],
        "training_data": meta["training_data"],
        "cross_validation": _headline(metrics["cross_validation"]),
        "dev": _headline(metrics["dev"]) if metrics["dev"] else None,
    }
    _dump(summary)


def _headline(m: dict[str, Any]) -> dict[str, Any]:
    keys = ("precision", "recall", "f1", "roc_auc", "pr_auc", "confusion")
    out = {k: m[k] for k in keys}
    out["hard_negative_fpr"] = m["hard_negatives"].get("false_positive_rate")
    return out


@app.command()
def robustness(
    paths: PathsArg,
    split: Annotated[
        str | None, typer.Option("--split", help="Only posts of this split (e.g. test).")
    ] = "test",
    transform: Annotated[
        list[str] | None,
        typer.Option("--transform", help="Only these transforms (default: all)."),
    ] = None,
    unseen_slang: Annotated[
        list[str] | None,
        typer.Option(
            "--unseen-slang",
            help="Slang family to hold out of training (data/slang_families.toml); repeatable.",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    seed: SeedOpt = 20261122,
    config: ConfigOpt = None,
    threshold: ThresholdOpt = None,
    model: ModelOpt = None,
) -> None:
    """Recall and false-positive rate of the engine under disguise transforms, and
    recall on a slang family held out of training."""
    from cyberpatrol.learn.dataset import load_examples
    from cyberpatrol.robustness.suite import run_transforms, slang_families
    from cyberpatrol.robustness.transforms import TRANSFORMS

    names = transform or list(TRANSFORMS)
    unknown = [n for n in names if n not in TRANSFORMS]
    families = unseen_slang or []
    known_families = slang_families()
    unknown += [f for f in families if f not in known_families]
    if unknown:
        raise _fail(
            CyberpatrolError(
                f"unknown transform or slang family: {', '.join(unknown)}; transforms: "
                f"{', '.join(TRANSFORMS)}; families: {', '.join(known_families)}"
            )
        )
    try:
        engine = _engine(config, threshold, model=model)
        everything = load_examples(paths, on_reject=_reject)
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    examples = [e for e in everything if split is None or e.split == split]
    _say(f"{len(examples)} labelled posts in split {split!r}")
    report: dict[str, Any] = {
        "detectors": [f"{d.name}@{d.version}" for d in engine.detectors],
        "split": split,
    }
    if not unseen_slang or transform:
        report.update(run_transforms(engine, examples, [TRANSFORMS[n] for n in names], seed=seed))
    if families:
        report["unseen_slang"] = {
            f: _unseen(f, everything, engine, seed=seed, threshold=engine.threshold)
            for f in families
        }
    if fmt == "json":
        _dump(report)
    else:
        _print_robustness(report, Console())


def _unseen(
    family_id: str, examples: list[Any], engine: Any, *, seed: int, threshold: float
) -> Any:
    from cyberpatrol.engine import Engine, EngineConfig
    from cyberpatrol.learn.train import TrainConfig, build_lexicon
    from cyberpatrol.learn.train import train as fit
    from cyberpatrol.robustness.suite import family_members, held_out, slang_families, unseen_recall

    family = slang_families()[family_id]
    members = family_members(family, examples, engine.pipeline)
    rest = held_out(examples, members)
    _say(f"unseen slang {family_id}: {len(members)} posts held out; training without them")
    config = TrainConfig(seed=seed, lexicon_without=family.lexicon_without)
    result = fit(rest, config, pipeline=engine.pipeline, progress=_say)
    blind = Engine(
        EngineConfig(
            threshold,
            engine.config.max_text_chars,
            (("recruitment.model", {"model": result.model, "lexicon": build_lexicon(config)}),),
        ),
        pipeline=engine.pipeline,
    )
    return {
        "title": family.title,
        "held_out_posts": len(members),
        "lexicon_entries_removed": list(family.lexicon_without),
        "unseen": unseen_recall(blind, members),
        "shipped_engine_for_reference": unseen_recall(engine, members),
    }


def _print_robustness(report: dict[str, Any], console: Console) -> None:
    console.print(f"detectors: {', '.join(report['detectors'])}; split {report['split']}")
    if "transforms" in report:
        clean = report["clean"]
        table = Table(title=f"disguise transforms (threshold {report['threshold']:.2f})")
        for col in ("transform", "changed", "recall", "Δ recall", "FPR (hard neg.)", "Δ FPR", "ok"):
            table.add_column(col, justify="right" if col != "transform" else "left")
        table.add_row(
            "clean", "", f"{clean['recall']:.3f}", "", f"{clean['false_positive_rate']:.3f}", "", ""
        )
        for name, row in report["transforms"].items():
            table.add_row(
                name,
                str(row["changed"]),
                f"{row['recall']:.3f}",
                f"{-row['recall_drop']:+.3f}",
                f"{row['false_positive_rate']:.3f}",
                f"{row['fpr_rise']:+.3f}",
                "yes" if row["ok"] else "NO",
            )
        console.print(table)
    for fid, u in report.get("unseen_slang", {}).items():
        r = u["unseen"]
        ref = u["shipped_engine_for_reference"]
        console.print(
            f"unseen slang {fid} ({u['title']}): {u['held_out_posts']} posts held out; "
            f"recall without them {r['recall']}, FPR on the family's negatives "
            f"{r['false_positive_rate']}; shipped engine {ref['recall']}"
        )


@app.command("image-eval")
def image_eval(
    paths: PathsArg,
    split: Annotated[
        str | None, typer.Option("--split", help="Only posts of this split (e.g. test).")
    ] = "test",
    background: Annotated[str, typer.Option(help="plain, noise, color or gradient.")] = "plain",
    image_format: Annotated[str, typer.Option("--image-format", help="PNG or JPEG.")] = "PNG",
    limit: Annotated[
        int | None, typer.Option(min=2, help="At most this many posts (half positive).")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="OCR processes.")] = 1,
    keep: Annotated[
        Path | None, typer.Option(help="Keep the rendered images in this directory.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    config: ConfigOpt = None,
    threshold: ThresholdOpt = None,
    model: ModelOpt = None,
) -> None:
    """Render labelled posts into images, read them with OCR (Tesseract, jpn) and
    report recall, false-positive rate and OCR throughput."""
    import tempfile

    from cyberpatrol.learn.dataset import load_examples
    from cyberpatrol.ocr import tesseract_available
    from cyberpatrol.robustness.images import image_eval as run_image_eval

    if not tesseract_available():
        raise _fail(CyberpatrolError("tesseract with Japanese data (jpn) is not installed"))
    try:
        engine = _engine(config, threshold, model=model)
        examples = load_examples(paths, splits=[split] if split else None, on_reject=_reject)
    except CyberpatrolError as exc:
        raise _fail(exc) from exc
    with tempfile.TemporaryDirectory(prefix="cyberpatrol-images-") as tmp:
        workdir = keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        report = run_image_eval(
            engine,
            examples,
            workdir,
            background=background,
            fmt=image_format,
            workers=workers,
            limit=limit,
        )
    report["detectors"] = [f"{d.name}@{d.version}" for d in engine.detectors]
    report["split"] = split
    if fmt == "json":
        _dump(report)
        return
    out = Console()
    img, txt = report["as_image"], report["as_text"]
    out.print(
        f"{report['images']} {report['format']} images, background {report['background']}; "
        f"{report['unreadable']} gave no text"
    )
    out.print(
        f"as images: recall {img['recall']}, false-positive rate {img['false_positive_rate']}"
        f" | as text: recall {txt['recall']}, false-positive rate {txt['false_positive_rate']}"
    )
    out.print(
        f"OCR: {report['images_per_second']} images/s with {report['ocr_workers']} worker(s) "
        f"({report['images_per_second_per_worker']} per worker)"
    )
