"""Training a recruitment model (scikit-learn) and writing its model directory.

1. Read the labelled posts; take the training split (``split = train``).
2. Augment: each training post also appears disguised by a few randomly
   chosen transforms from :mod:`cyberpatrol.robustness.transforms` (seeded).
3. Featurise through the engine's own normaliser and lexicon.
4. Fit a logistic regression over TF-IDF character n-grams + lexicon signals.
5. Calibrate it (Platt scaling) on out-of-fold decision values, with folds
   grouped by variant family so near-copies never calibrate each other.
6. Export to the plain-JSON model directory and check that the exported
   scorer gives scikit-learn's probabilities.

Same data, same configuration and same seed give the same model and metrics.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cyberpatrol import __version__
from cyberpatrol.detectors.recruitment.detector import RecruitmentLexiconDetector
from cyberpatrol.detectors.recruitment.lexicon import Lexicon
from cyberpatrol.errors import CyberpatrolError
from cyberpatrol.evaluation import Metrics
from cyberpatrol.learn.dataset import Example
from cyberpatrol.learn.features import FeatureSpec
from cyberpatrol.learn.featurize import Features, Featurizer
from cyberpatrol.learn.linear import LinearModel
from cyberpatrol.model import Item
from cyberpatrol.normalize import Pipeline, default_pipeline
from cyberpatrol.robustness.transforms import TRANSFORMS, key_spans


class TrainingError(CyberpatrolError):
    """The training data cannot produce a model (too few posts, one class only…)."""


@dataclass(frozen=True, slots=True)
class TrainConfig:
    seed: int = 20261122
    ngram_min: int = 1
    ngram_max: int = 3
    min_df: int = 2
    """An n-gram must occur in this many training posts to become a feature."""
    c: float = 150.0
    """Inverse L2 regularisation strength of the logistic regression."""
    augment: int = 12
    """Disguised copies of each training post (0 = no augmentation)."""
    folds: int = 5
    train_splits: tuple[str, ...] = ("train",)
    dev_splits: tuple[str, ...] = ("dev",)
    lexicon: str = "recruitment.toml"
    lexicon_without: tuple[str, ...] = ()
    """Lexicon entries left out (ids; ``prefix*``), for unseen-slang experiments."""
    max_iter: int = 5000


@dataclass(slots=True)
class TrainResult:
    model: LinearModel
    report: dict[str, Any] = field(default_factory=dict)


Progress = Callable[[str], None]


def _digest_examples(examples: Sequence[Example]) -> str:
    h = hashlib.sha256()
    for line in sorted(f"{e.item.id}\t{e.label}\t{e.item.text}" for e in examples):
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def file_digest(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _augmented(
    ex: Example, feats: Features, lexicon: RecruitmentLexiconDetector, config: TrainConfig
) -> list[Item]:
    if config.augment <= 0:
        return []
    rng = random.Random(f"{config.seed}:{ex.item.id}")
    text = ex.item.text
    spans = key_spans(
        [(e.start, e.end) for e in lexicon.evidence(feats.doc, feats.assessment)], text
    )
    names = rng.sample(sorted(TRANSFORMS), k=min(config.augment, len(TRANSFORMS)))
    out: list[Item] = []
    for name in names:
        disguised = TRANSFORMS[name].apply(text, spans, rng)
        if disguised != text:
            out.append(Item(id=f"{ex.item.id}#{name}", text=disguised))
    return out


def build_lexicon(config: TrainConfig) -> Lexicon:
    lexicon = Lexicon.load(config.lexicon)
    return lexicon.without(config.lexicon_without) if config.lexicon_without else lexicon


def train(
    examples: Sequence[Example],
    config: TrainConfig = TrainConfig(),
    *,
    pipeline: Pipeline | None = None,
    sources: Sequence[Path] = (),
    progress: Progress | None = None,
) -> TrainResult:
    """Fit a model on the training split of ``examples`` (all of them if none has a split)."""
    import numpy as np
    import scipy.sparse as sp
    import sklearn
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict

    say = progress or (lambda _msg: None)
    pipeline = pipeline or default_pipeline()
    lexicon_detector = RecruitmentLexiconDetector(pipeline=pipeline, lexicon=build_lexicon(config))
    signals = tuple(sorted(lexicon_detector.lexicon.signals))
    spec = FeatureSpec(config.ngram_min, config.ngram_max, signals)
    featurize = Featurizer(pipeline, lexicon_detector, spec)

    has_split = any(e.split for e in examples)
    train_set = [e for e in examples if not has_split or e.split in config.train_splits]
    dev_set = [e for e in examples if has_split and e.split in config.dev_splits]
    labels = {e.label for e in train_set}
    if labels != {0, 1}:
        raise TrainingError(
            f"training needs posts of both labels; got {len(train_set)} posts"
            f" with labels {sorted(labels) or 'none'}"
        )
    families = {e.family for e in train_set}
    folds = min(config.folds, len(families))
    if folds < 2:
        raise TrainingError("training needs posts from at least two variant families")

    say(f"featurising {len(train_set)} training posts (+{config.augment} disguised copies each)")
    rows: list[Features] = []
    y: list[int] = []
    groups: list[str] = []
    original: list[bool] = []
    for ex in train_set:
        feats = featurize(ex.item)
        rows.append(feats)
        y.append(ex.label)
        groups.append(ex.family)
        original.append(True)
        for aug in _augmented(ex, feats, lexicon_detector, config):
            rows.append(featurize(aug))
            y.append(ex.label)
            groups.append(ex.family)
            original.append(False)

    df: dict[str, int] = {}
    for r in rows:
        for gram in r.counts:
            df[gram] = df.get(gram, 0) + 1
    vocab = sorted(g for g, n in df.items() if n >= config.min_df)
    index = {g: i for i, g in enumerate(vocab)}
    data: list[float] = []
    cols: list[int] = []
    indptr = [0]
    for r in rows:
        for gram, n in r.counts.items():
            j = index.get(gram)
            if j is not None:
                cols.append(j)
                data.append(float(n))
        indptr.append(len(cols))
    counts = sp.csr_matrix((data, cols, indptr), shape=(len(rows), len(vocab)))
    counts.sort_indices()
    tfidf = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2")
    x_ngram = tfidf.fit_transform(counts)
    dense = np.array([r.dense for r in rows], dtype=np.float64)
    x = sp.hstack([x_ngram, sp.csr_matrix(dense)], format="csr")
    y_arr = np.array(y)

    say(f"fitting on {x.shape[0]} rows × {x.shape[1]} features ({folds}-fold calibration)")
    base = LogisticRegression(C=config.c, max_iter=config.max_iter)
    oof = cross_val_predict(
        base, x, y_arr, groups=groups, cv=GroupKFold(n_splits=folds), method="decision_function"
    )
    platt = LogisticRegression(C=1e6, max_iter=config.max_iter)
    platt.fit(oof.reshape(-1, 1), y_arr)
    final = LogisticRegression(C=config.c, max_iter=config.max_iter).fit(x, y_arr)

    coef = final.coef_[0]
    n_vocab = len(vocab)
    model = LinearModel(
        spec=spec,
        ngrams={
            g: (float(tfidf.idf_[i]), float(coef[i])) for i, g in enumerate(vocab) if coef[i] != 0
        },
        dense_weights=[float(w) for w in coef[n_vocab:]],
        intercept=float(final.intercept_[0]),
        calibration=(float(platt.coef_[0, 0]), float(platt.intercept_[0])),
    )

    # Cross-validated metrics on the undisguised training posts.
    a, b = model.calibration
    cv_metrics = Metrics()
    mask = np.array(original)
    cv_prob = 1.0 / (1.0 + np.exp(-(a * oof + b)))
    for ex, p in zip(train_set, cv_prob[mask], strict=True):
        cv_metrics.add_score(ex.label, float(p), ex.kind, threshold=0.5)

    # The exported scorer must agree with scikit-learn.
    sk_prob = 1.0 / (1.0 + np.exp(-(a * final.decision_function(x[: min(200, len(rows))]) + b)))
    parity = max(
        abs(model.score(r.doc.match.text, r.dense).probability - float(p))
        for r, p in zip(rows, sk_prob, strict=False)
    )

    dev_metrics = Metrics()
    for ex in dev_set:
        feats = featurize(ex.item)
        p = model.score(feats.doc.match.text, feats.dense).probability
        dev_metrics.add_score(ex.label, p, ex.kind, threshold=0.5)

    data_digest = _digest_examples(train_set)
    weights_digest = hashlib.sha256(
        repr((sorted(model.ngrams.items()), model.dense_weights, model.intercept)).encode()
    ).hexdigest()
    created = datetime.now(UTC).replace(microsecond=0)
    model.meta = {
        "model_version": f"{created:%Y.%m.%d}-{weights_digest[:10]}",
        "created_at": created.isoformat(),
        "cyberpatrol_version": __version__,
        "sklearn_version": sklearn.__version__,
        "seed": config.seed,
        "params": asdict(config),
        "lexicon_version": lexicon_detector.lexicon.version,
        "training_data": {
            "sha256": data_digest,
            "files": [{"path": str(p), "sha256": file_digest(p)} for p in sources],
            "posts": len(train_set),
            "positives": sum(e.label for e in train_set),
            "negatives": sum(1 - e.label for e in train_set),
            "families": len(families),
            "rows_with_augmentation": len(rows),
            "ngram_features": len(model.ngrams),
        },
        "metrics": {
            "cross_validation": cv_metrics.to_dict(),
            "dev": dev_metrics.to_dict() if dev_set else None,
        },
        "export_parity_max_abs_diff": parity,
    }
    say(f"model {model.meta['model_version']}: parity with scikit-learn {parity:.2e}")
    return TrainResult(model, model.meta)
