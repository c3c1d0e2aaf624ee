"""`scan` reads the text inside posts' images (real Tesseract) and scores it with the post."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cyberpatrol.cli import app
from cyberpatrol.engine import Engine
from cyberpatrol.model import Item
from cyberpatrol.ocr import ImageText, render_text_image, tesseract_available

pytestmark = pytest.mark.skipif(
    not tesseract_available(), reason="tesseract-ocr-jpn is not installed (make test installs it)"
)
runner = CliRunner()
FLYER = "高収入バイト\n受け子募集\n日給5万円 即日即金\nテレグラム @white_job_88"


@pytest.fixture(scope="module")
def posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("posts")
    render_text_image(FLYER, d / "flyer.png", background="plain", seed=1)
    render_text_image(FLYER, d / "flyer.jpg", fmt="JPEG", background="noise", seed=2)
    (d / "notes.png").write_text("not an image", encoding="utf-8")
    rows = [
        {"id": "1", "text": "詳細は画像を見てね", "images": ["flyer.png"]},
        {"id": "2", "text": "今日はいい天気"},
        {"id": "3", "text": "", "images": ["flyer.jpg", "missing.png", "notes.png"]},
        {"id": "4", "text": "ランチおいしかった"},
    ]
    src = d / "posts.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return src


def test_image_text_is_read_scored_and_cited(posts: Path) -> None:
    res = runner.invoke(app, ["scan", "--no-store", str(posts)])
    assert res.exit_code == 0, res.output
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o["id"] for o in out] == ["1", "2", "3", "4"]  # input order kept
    first, third = out[0], out[2]
    assert first["flagged"] and third["flagged"]
    sources = {e.get("source", "text") for e in first["evidence"]}
    assert "image:1" in sources
    assert first["images"][0]["path"] == "flyer.png" and first["images"][0]["chars"] > 10
    # The Telegram handle inside the image is extracted and says where it came from.
    handles = [i for i in first["indicators"] if i["type"] == "telegram"]
    assert handles and handles[0]["source"] == "image:1"
    assert not out[1]["flagged"] and not out[3]["flagged"]


def test_bad_images_warn_and_the_post_is_still_scored(posts: Path) -> None:
    res = runner.invoke(app, ["scan", "--no-store", str(posts)])
    third = json.loads(res.stdout.splitlines()[2])
    notes = {i["index"]: i for i in third["images"]}
    assert notes[1]["chars"] > 0 and "warning" not in notes[1]
    assert "warning" in notes[2] and "warning" in notes[3]
    assert "missing.png" in res.stderr and "notes.png" in res.stderr


def test_ocr_can_be_turned_off(posts: Path) -> None:
    res = runner.invoke(app, ["scan", "--no-store", "--no-ocr", str(posts)])
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert not out[2]["flagged"]  # empty text, images not read
    assert "images" not in out[0]


def test_evidence_offsets_are_relative_to_their_image(engine: Engine) -> None:
    image = ImageText(index=2, path="b.png", text="受け子募集 日給5万円 テレグラム", warning=None)
    r = engine.analyze(Item(id="x", text="詳細は画像で", images=("a.png", "b.png")), [image])
    from_image = [e for e in r.evidence if e.source == "image:2"]
    assert from_image
    for e in from_image:
        assert image.text[e.start : e.end] == e.text
