"""Rendering every kind of letter from the packaged templates and the demo hotline.toml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cyberpatrol.actions import (
    Letter,
    LetterContext,
    LetterError,
    LetterRenderer,
    LetterTooLongError,
    render,
    today_jst,
)
from cyberpatrol.errors import ConfigError

from .conftest import DAY, make_context
from .test_data_files import PLATFORM_KEYS

KINDS = ("warning", "deletion_request", "suspension_request")


@pytest.mark.parametrize("platform", sorted(PLATFORM_KEYS))
@pytest.mark.parametrize("kind", KINDS)
def test_every_template_renders_for_every_platform(
    letter_for: Callable[..., Letter], kind: str, platform: str
) -> None:
    letter = letter_for(kind, platform=platform)
    assert letter.kind == kind and letter.platform == platform
    assert letter.reference == "CP-2026-000123"
    assert "CP-2026-000123" in letter.subject and "\n" not in letter.subject
    assert "CP-2026-000123" in letter.body
    assert "［デモ］" in letter.body  # the demo sender details are used
    assert any("placeholder" in w for w in letter.warnings)
    if kind == "warning":
        assert letter.channel == "reply" and letter.limit is not None
        assert letter.char_count <= letter.limit
    else:
        assert letter.channel == "email" and letter.delivery == "email" and letter.limit is None
        assert letter.post_url in letter.body
        assert letter.body.endswith("\n") and letter.char_count == len(letter.body)


def test_deletion_request_states_the_case(letter_for: Callable[..., Letter]) -> None:
    letter = letter_for("deletion_request")
    assert letter.subject == "【削除依頼】犯罪実行者募集情報の削除について（CP-2026-000123）"
    body = letter.body
    assert body.startswith("X（旧Twitter） ご担当者様\n")
    assert "2026年5月1日" in body
    assert "犯罪実行者募集情報（重要犯罪密接関連情報）" in body
    assert "ホットライン運用ガイドライン" in body
    assert "　> 【高収入】ホワイト案件 即日即金" in body
    assert body.rstrip().endswith("――――――――――――――――――――――――")


def test_suspension_request_names_the_account(letter_for: Callable[..., Letter]) -> None:
    letter = letter_for("suspension_request", account="@kasegu_777", recipient="X Corp. ご担当者様")
    assert letter.body.startswith("X Corp. ご担当者様\n")
    assert "　　@kasegu_777\n" in letter.body
    assert "アカウント停止要請" in letter.subject


def test_context_values_override_the_defaults(letter_for: Callable[..., Letter]) -> None:
    letter = letter_for(
        "deletion_request",
        category="犯罪実行者募集関連情報",
        guideline="違法情報（職業安定法違反）",
        guideline_ref="ホットライン運用ガイドライン（令和7年3月改訂）",
    )
    assert "違法情報（職業安定法違反）" in letter.body
    assert "（令和7年3月改訂）" in letter.body


def test_module_render_uses_the_packaged_files() -> None:
    letter = render("warning", make_context(platform="mastodon"))
    assert letter.delivery == "api" and letter.template == "warning.txt.j2"


def test_date_defaults_to_today_in_jst() -> None:
    before = today_jst()
    context = LetterContext(
        reference="CP-2026-000001", post_url="https://x.com/a/status/1", platform="x"
    )
    assert context.date in (before, today_jst())  # either side of midnight JST


def test_the_reported_url_is_not_defanged(letter_for: Callable[..., Letter]) -> None:
    letter = letter_for("deletion_request", post_url="https://evil.example.com/post/1")
    assert "　　https://evil.example.com/post/1\n" in letter.body


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reference": "CP-26-1"}, "reference"),
        ({"platform": "myspace"}, "platform"),
        ({"post_url": "javascript:alert(1)"}, "post_url"),
        ({"post_url": "https://x.com/a\r\nBcc: victim@example.org"}, "post_url"),
        ({"post_url": "https://x.com/\u202eevil"}, "post_url"),
        ({"post_url": ""}, "post_url"),
    ],
)
def test_unusable_contexts_are_refused(
    renderer: LetterRenderer, changes: dict[str, str], field: str
) -> None:
    with pytest.raises(LetterError) as caught:
        renderer.render("deletion_request", make_context(**changes))
    assert caught.value.field == field


def test_unknown_kind_is_refused(renderer: LetterRenderer) -> None:
    with pytest.raises(LetterError, match="unknown letter kind 'apology'"):
        renderer.render("apology", make_context())


def _letters_dir(tmp_path: Path, **templates: str) -> Path:
    for name, text in templates.items():
        (tmp_path / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return tmp_path


def test_one_template_can_be_replaced(tmp_path: Path) -> None:
    directory = _letters_dir(tmp_path, warning_short__txt__j2="【警告】{{ reference }}")
    renderer = LetterRenderer(letters=directory)
    letter = renderer.render("warning", make_context(platform="tiktok"))
    assert letter.body == "【警告】CP-2026-000123"
    assert renderer.render("deletion_request", make_context()).body.startswith("X（旧Twitter）")


def test_misspelt_values_fail_naming_template_and_line(tmp_path: Path) -> None:
    directory = _letters_dir(tmp_path, deletion_request__txt__j2="一行目\n{{ refrence }}\n")
    with pytest.raises(ConfigError, match=r"deletion_request\.txt\.j2:2") as caught:
        LetterRenderer(letters=directory).render("deletion_request", make_context())
    assert "refrence" in str(caught.value)


def test_template_syntax_errors_name_file_and_line(tmp_path: Path) -> None:
    directory = _letters_dir(tmp_path, deletion_request__txt__j2="a\nb\n{% if %}\n")
    with pytest.raises(ConfigError, match=r"deletion_request\.txt\.j2:3"):
        LetterRenderer(letters=directory).render("deletion_request", make_context())


def test_the_sandbox_stops_unsafe_templates(tmp_path: Path) -> None:
    directory = _letters_dir(
        tmp_path, deletion_request__txt__j2="{{ ''.__class__.__mro__[1].__subclasses__() }}"
    )
    with pytest.raises(ConfigError, match=r"deletion_request\.txt\.j2:1: not allowed.*unsafe"):
        LetterRenderer(letters=directory).render("deletion_request", make_context())


@pytest.mark.parametrize("source", ["{{ range(10**9) | list }}", "\n{{ 1 / 0 }}", "{{ [][3] }}"])
def test_runtime_faults_of_a_template_are_config_errors(tmp_path: Path, source: str) -> None:
    directory = _letters_dir(tmp_path, deletion_request__txt__j2=source)
    with pytest.raises(ConfigError, match=r"deletion_request\.txt\.j2"):
        LetterRenderer(letters=directory).render("deletion_request", make_context())


def test_templates_named_in_a_letters_file_cannot_leave_the_directory(tmp_path: Path) -> None:
    (tmp_path / "letters.toml").write_text(
        "[defaults]\ncategory='c'\nguideline='g'\nguideline_ref='r'\n"
        "[kind.warning]\ntitle='t'\nchannel='reply'\nsubject='../../etc/passwd.j2'\n"
        "bodies=['warning.txt.j2']\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="not a template file name"):
        LetterRenderer(letters=tmp_path)


def test_date_is_rendered_in_both_forms(tmp_path: Path) -> None:
    directory = _letters_dir(
        tmp_path, warning_short__txt__j2="{{ date }} {{ date_wareki }} {{ date_iso }}"
    )
    letter = LetterRenderer(letters=directory).render(
        "warning", make_context(platform="tiktok", date=DAY)
    )
    assert letter.body == "2026年5月1日 令和8年5月1日 2026-05-01"


def test_a_warning_that_cannot_fit_is_an_error(tmp_path: Path) -> None:
    platforms = tmp_path / "platforms.toml"
    platforms.write_text(
        '[platform.tiny]\nname = "ミニ掲示板"\nreply_limit = 30\ncounting = "codepoints"\n'
        'delivery = "manual"\n',
        encoding="utf-8",
    )
    with pytest.raises(LetterTooLongError) as caught:
        LetterRenderer(platforms=platforms).render("warning", make_context(platform="tiny"))
    error = caught.value
    assert error.limit == 30 and "ミニ掲示板" in error.platform and error.count > 30
    assert "ミニ掲示板 (tiny)" in str(error) and "30" in str(error)
    assert "CP-2026-000123" in str(error)


def test_default_recipients(letter_for: Callable[..., Letter]) -> None:
    assert letter_for("deletion_request").body.startswith("X（旧Twitter） ご担当者様\n")
    other = letter_for("deletion_request", platform="other")
    assert other.body.startswith("サイト管理者 ご担当者様\n")
    assert "貴サイトにおいて、下記の投稿を確認いたしました。" in other.body
