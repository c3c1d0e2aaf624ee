"""OcrPool: one future per post, results in image order, bounded queue."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from cyberpatrol.ocr import ImageText, OcrConfig, OcrPool, render_text_image

WORDS = ["受け子募集", "即日即金", "ホワイト案件", "高収入バイト"]


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """One small image per word in WORDS (names img0.png, img1.png, ...)."""
    folder = tmp_path_factory.mktemp("ocr-pool")
    return [
        str(render_text_image(word, folder / f"img{i}.png", font_size=32, width=360, seed=i))
        for i, word in enumerate(WORDS)
    ]


def texts(results: tuple[ImageText, ...]) -> list[str]:
    return [r.text for r in results]


def test_results_keep_image_order(images: list[str]) -> None:
    order = [images[2], images[0], images[3]]
    with OcrPool() as pool:
        results = pool.submit(order).result(timeout=60)
    assert [r.index for r in results] == [1, 2, 3]
    assert [r.path for r in results] == order
    assert texts(results) == [WORDS[2], WORDS[0], WORDS[3]]
    assert all(r.warning is None for r in results)


def test_several_posts_at_once(images: list[str]) -> None:
    posts = [[images[0]], [images[1], images[2]], [images[3]], [images[1]]]
    with OcrPool(OcrConfig(workers=2)) as pool:
        futures = [pool.submit(post) for post in posts]
        results = [f.result(timeout=60) for f in futures]
    assert [texts(r) for r in results] == [
        [WORDS[0]],
        [WORDS[1], WORDS[2]],
        [WORDS[3]],
        [WORDS[1]],
    ]


def test_backpressure_one_post_in_flight(images: list[str], tmp_path: Path) -> None:
    config = OcrConfig(workers=2, max_in_flight=1)
    futures: list[Future[tuple[ImageText, ...]]] = []
    with OcrPool(config) as pool:
        for i, image in enumerate(images):
            futures.append(pool.submit([image, str(tmp_path / f"missing{i}.png")]))
            # submit() only returns once the one slot is free: every earlier post is done.
            assert all(f.done() for f in futures[:-1])
        results = [f.result(timeout=60) for f in futures]
    assert [r[0].text for r in results] == WORDS
    assert all("file not found" in (r[1].warning or "") for r in results)


def test_bad_image_does_not_spoil_the_post(images: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    post = [str(tmp_path / "missing.png"), str(folder), images[1]]
    with OcrPool() as pool:
        missing, directory, good = pool.submit(post).result(timeout=60)
    assert "file not found" in (missing.warning or "")
    assert "is a directory" in (directory.warning or "")
    assert (good.index, good.text, good.warning) == (3, WORDS[1], None)


def test_relative_paths_use_base_dir(images: list[str]) -> None:
    image = Path(images[1])
    with OcrPool() as pool:
        (found,) = pool.submit([image.name], base_dir=image.parent).result(timeout=60)
    assert (found.path, found.text) == (image.name, WORDS[1])


def test_images_beyond_max_images_are_skipped(tmp_path: Path) -> None:
    paths = [str(tmp_path / f"missing{i}.png") for i in range(4)]
    with OcrPool(OcrConfig(max_images=2)) as pool:
        results = pool.submit(paths).result(timeout=60)
    assert [r.index for r in results] == [1, 2, 3, 4]
    assert all("file not found" in (r.warning or "") for r in results[:2])
    assert all("more than 2 images" in (r.warning or "") for r in results[2:])


def test_disabled_pool_returns_empty_results_at_once(images: list[str]) -> None:
    with OcrPool(OcrConfig(enabled=False)) as pool:
        future = pool.submit(images)
        assert future.done()
        assert future.result() == ()


def test_post_without_images(images: list[str]) -> None:
    with OcrPool() as pool:
        future = pool.submit([])
        assert future.done() and future.result() == ()


def test_close_is_idempotent_and_final(images: list[str]) -> None:
    pool = OcrPool()
    future = pool.submit([images[0]])
    pool.close()
    assert future.done() and texts(future.result()) == [WORDS[0]]
    pool.close()
    with pytest.raises(RuntimeError, match="closed"):
        pool.submit([images[0]])
    disabled = OcrPool(OcrConfig(enabled=False))
    disabled.close()
    disabled.close()
