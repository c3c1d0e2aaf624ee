"""The packaged data files: present in the package, well-formed, replaceable by a path."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from cyberpatrol.actions import LetterRenderer, is_address, load_hotline, load_platforms
from cyberpatrol.actions._catalogue import load_catalogue
from cyberpatrol.errors import ConfigError

from .conftest import make_context

PLATFORM_KEYS = {
    "x",
    "instagram",
    "tiktok",
    "facebook",
    "threads",
    "mastodon",
    "line",
    "jmty",
    "other",
}


def test_importlib_resources_finds_every_data_file() -> None:
    data = resources.files("cyberpatrol.data")
    for name in ("platforms.toml", "hotline.toml"):
        assert data.joinpath(name).is_file(), name
    letters = data.joinpath("letters")
    catalogue = load_catalogue()
    for kind in catalogue.kinds.values():
        for template in (kind.subject, *kind.bodies):
            assert letters.joinpath(template).is_file(), template


def test_every_platform_is_described() -> None:
    platforms = load_platforms()
    assert set(platforms) == PLATFORM_KEYS
    for p in platforms.values():
        assert p.name and p.reply_limit > 0 and p.source, p.key
        assert p.delivery == ("api" if p.key == "mastodon" else "manual"), p.key
        # Only published addresses; none of these platforms publishes one for requests.
        assert p.abuse_email == "" or is_address(p.abuse_email), p.key


def test_demo_hotline_is_marked_as_placeholder() -> None:
    hotline = load_hotline()
    assert hotline.placeholder
    assert hotline.email.endswith("@example.org")
    assert "［デモ］" in hotline.organization
    assert "\n" in hotline.signature and not hotline.signature.startswith("\n")


def test_platforms_file_can_be_replaced(tmp_path: Path) -> None:
    path = tmp_path / "platforms.toml"
    path.write_text(
        '[platform.bbs]\nname = "地域掲示板"\nreply_limit = 40\ncounting = "codepoints"\n'
        'delivery = "manual"\nabuse_email = "abuse@example.org"\n',
        encoding="utf-8",
    )
    platforms = load_platforms(path)
    assert list(platforms) == ["bbs"]
    assert platforms["bbs"].abuse_email == "abuse@example.org"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("x = [", "invalid TOML"),
        (
            "[platform.a]\nname='A'\nreply_limit=10\ncounting='bytes'\ndelivery='manual'\n",
            "counting",
        ),
        (
            "[platform.a]\nname='A'\nreply_limit=10\ncounting='codepoints'\ndelivery='post'\n",
            "delivery",
        ),
        ("[platform.a]\nname='A'\ncounting='codepoints'\ndelivery='manual'\n", "reply_limit"),
        (
            "[platform.a]\nname='A'\nreply_limit=10\ncounting='twitter'\ndelivery='manual'\n",
            "counting.twitter",
        ),
        (
            "[platform.a]\nname='A'\nreply_limit=10\ncounting='codepoints'\ndelivery='manual'\n"
            "abuse_email='a@example.org, b@example.org'\n",
            "abuse_email",
        ),
    ],
)
def test_bad_platform_files_name_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad_platforms.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_platforms(path)
    assert "bad_platforms.toml" in str(caught.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("organization = ''\nshort_name = 'x'\n", "organization"),
        ("organization = 'o'\nshort_name = 's'\nemail = 'not an address'\n", "email"),
        ("organization = 'o'\nshort_name = 's'\nurl = 'javascript:alert(1)'\n", "url"),
        ("organization = 'o'\nshort_name = 's'\nplaceholder = 'yes'\n", "placeholder"),
    ],
)
def test_bad_hotline_files_name_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "hotline.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_hotline(path)


def test_a_real_hotline_file_drops_the_placeholder_warning(tmp_path: Path) -> None:
    path = tmp_path / "hotline.toml"
    path.write_text(
        "placeholder = false\norganization = '〇〇県警察本部'\nshort_name = '〇〇県警'\n"
        "department = 'サイバー犯罪対策課'\nemail = 'cyber@example.org'\nsignature = '〇〇県警察本部'\n",
        encoding="utf-8",
    )
    renderer = LetterRenderer(hotline=path)
    letter = renderer.render("deletion_request", make_context())
    assert not any("placeholder" in w for w in letter.warnings)
    assert "〇〇県警察本部" in letter.body and "［デモ］" not in letter.body
