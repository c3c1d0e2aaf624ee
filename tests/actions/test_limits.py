"""Reply warnings fit every platform's limit, counted the platform's way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cyberpatrol.actions import Letter, LetterRenderer, load_platforms

from .conftest import make_context

# platform → (limit, body template chosen with the demo sender)
EXPECTED = {
    "x": (280, "warning_short.txt.j2"),  # the full warning is > 140 full-width characters
    "tiktok": (150, "warning_short.txt.j2"),
    "instagram": (1000, "warning.txt.j2"),
    "facebook": (8000, "warning.txt.j2"),
    "threads": (500, "warning.txt.j2"),
    "mastodon": (500, "warning.txt.j2"),
    "line": (10000, "warning.txt.j2"),
    "jmty": (500, "warning.txt.j2"),
    "other": (500, "warning.txt.j2"),
}


@pytest.mark.parametrize(("platform", "expected"), sorted(EXPECTED.items()))
def test_warning_fits_each_platform(
    letter_for: Callable[..., Letter], platform: str, expected: tuple[int, str]
) -> None:
    limit, template = expected
    letter = letter_for("warning", platform=platform)
    counted = load_platforms()[platform].count(letter.body)
    assert (letter.limit, letter.template) == (limit, template)
    assert letter.char_count == counted <= limit
    shorter = any("shorter template" in w for w in letter.warnings)
    assert shorter == (template == "warning_short.txt.j2")


def test_x_counts_the_full_warning_over_its_limit(renderer: LetterRenderer) -> None:
    full = renderer.render("warning", make_context(platform="mastodon")).body
    x = renderer.platforms["x"]
    assert x.count(full) > 280 >= x.count(renderer.render("warning", make_context()).body)
    assert len(full) < 280  # Python's len would have let it through


def test_long_excerpts_never_lengthen_a_warning(letter_for: Callable[..., Letter]) -> None:
    short = letter_for("warning", excerpt="短い")
    long = letter_for("warning", excerpt="闇バイト" * 10_000)
    assert short.body == long.body


def test_a_sender_link_counts_23_on_x(tmp_path: Path) -> None:
    hotline = tmp_path / "hotline.toml"
    hotline.write_text(
        "organization = '〇〇県警察本部'\nshort_name = '〇〇県警'\n"
        "url = 'https://example.org/yamibaito/warning/about/this/very/long/path'\n",
        encoding="utf-8",
    )
    renderer = LetterRenderer(hotline=hotline)
    mastodon = renderer.render("warning", make_context(platform="mastodon"))
    assert "https://example.org/yamibaito/" in mastodon.body
    plain = renderer.platforms["mastodon"].count(mastodon.body.replace(" https://", " x"))
    assert mastodon.char_count < plain  # the 63-character link counted 23


def test_a_long_organisation_name_falls_back_to_the_short_warning(tmp_path: Path) -> None:
    hotline = tmp_path / "hotline.toml"
    hotline.write_text(
        f"organization = '{'長い組織名' * 60}'\nshort_name = '〇〇県警'\n", encoding="utf-8"
    )
    letter = LetterRenderer(hotline=hotline).render("warning", make_context(platform="threads"))
    assert letter.template == "warning_short.txt.j2"
    assert letter.char_count <= 500
