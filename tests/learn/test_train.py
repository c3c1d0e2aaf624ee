"""Training: reproducible, honest about its data, refuses what it cannot learn from."""

from __future__ import annotations

import dataclasses

import pytest

from cyberpatrol.learn.dataset import Example
from cyberpatrol.learn.train import TrainConfig, TrainingError, train
from learn_data import SMALL


def test_same_data_and_seed_give_the_same_model_and_metrics(examples: list[Example]) -> None:
    subset = examples[::2]
    first = train(subset, SMALL)
    second = train(subset, SMALL)
    assert first.report["metrics"] == second.report["metrics"]
    assert first.model.ngrams == second.model.ngrams
    assert first.model.calibration == second.model.calibration
    assert first.report["model_version"] == second.report["model_version"]


def test_another_seed_changes_the_augmentation(examples: list[Example]) -> None:
    subset = examples[::2]
    a = train(subset, SMALL)
    b = train(subset, dataclasses.replace(SMALL, seed=7))
    assert a.model.ngrams != b.model.ngrams


def test_trains_only_on_the_training_split(examples: list[Example], trained: object) -> None:
    report = train(examples, SMALL).report
    used = report["training_data"]["posts"]
    assert used == sum(1 for e in examples if e.split == "train")
    assert report["metrics"]["dev"]["labelled"] == sum(1 for e in examples if e.split == "dev")


def test_the_small_model_learns_something(examples: list[Example]) -> None:
    dev = train(examples, SMALL).report["metrics"]["dev"]
    assert dev["roc_auc"] > 0.85
    assert dev["f1"] > 0.7


def test_one_label_only_is_refused(examples: list[Example]) -> None:
    positives = [e for e in examples if e.label == 1]
    with pytest.raises(TrainingError, match="both labels"):
        train(positives, SMALL)


def test_lexicon_entries_can_be_left_out(examples: list[Example]) -> None:
    config = dataclasses.replace(SMALL, lexicon_without=("role.ud", "role.tataki*"))
    report = train(examples[::2], config).report
    assert report["lexicon_version"].endswith("-without-2")


def test_posts_without_split_are_all_training_data(examples: list[Example]) -> None:
    unsplit = [dataclasses.replace(e, split=None) for e in examples[::3]]
    report = train(unsplit, TrainConfig(augment=0, folds=3)).report
    assert report["training_data"]["posts"] == len(unsplit)
    assert report["metrics"]["dev"] is None
