"""Shared fixtures for the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from cyberpatrol.engine import Engine
from cyberpatrol.learn.dataset import Example
from cyberpatrol.learn.train import TrainResult, train
from cyberpatrol.store.url import parse_url


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The default engine, built once (loading the lexicon is the costly part)."""
    return Engine()


@pytest.fixture(scope="session")
def examples() -> list[Example]:
    """A deterministic slice of data/corpus: every split and kind, about 400 posts."""
    from learn_data import small_examples

    return small_examples()


@pytest.fixture(scope="session")
def trained(examples: list[Example]) -> TrainResult:
    """A model trained on :func:`examples` with the small test configuration."""
    from learn_data import SMALL

    return train(examples, SMALL)


@pytest.fixture(scope="session")
def model_dir(trained: TrainResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """:func:`trained` saved as a model directory."""
    path = tmp_path_factory.mktemp("model") / "m"
    trained.model.save(path)
    return path


PG_ENV = "CYBERPATROL_TEST_PG_URL"


def _postgres_url() -> str:
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        message = (
            f"{PG_ENV} is not set; start a server with: "
            f"export {PG_ENV}=$(bash scripts/pg-test-server.sh)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {message}")
        pytest.skip(message)
    return url


def _reset_postgres(url: str) -> None:
    """Drop everything in the test database so each test migrates from scratch."""
    engine = create_engine(parse_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty database (no tables yet) on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url = _postgres_url()
    _reset_postgres(url)
    return url
