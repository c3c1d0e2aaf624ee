"""Grouping posts into campaigns: the rules, their order, incremental adds, the why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cyberpatrol.linking import CampaignGrouper, PostRef, Rules, campaign_key

TEMPLATE = "【即日即金】ホワイト案件です。受け子できる人を募集しています。日給5万円以上、交通費支給。詳細は下記まで連絡ください。"
REWORDED = "受け子できる人を募集しています。【即日即金】ホワイト案件です。日給5万円以上、交通費支給。詳細は下記まで連絡して下さい!!"
OTHER = "今日は雨なので家でカレーを作りました。明日は晴れるといいな。週末は映画を見に行く予定です。"
T0 = datetime(2026, 10, 1, tzinfo=UTC)


def post(
    key: str,
    text: str = OTHER,
    author: str | None = None,
    *contacts: tuple[str, str],
    day: int = 0,
) -> PostRef:
    return PostRef(key, text, author or f"x:{key}", T0 + timedelta(days=day), tuple(contacts))


def grouped(grouper: CampaignGrouper) -> list[set[str]]:
    return sorted((set(c.members) for c in grouper.campaigns()), key=lambda s: sorted(s))


@pytest.fixture
def grouper() -> CampaignGrouper:
    return CampaignGrouper(Rules(batch_size=3))


def test_a_shared_contact_links_posts_of_different_accounts_and_wording(
    grouper: CampaignGrouper,
) -> None:
    tg = ("telegram", "kasegu_777")
    grouper.add([post("a", TEMPLATE, None, tg), post("b", OTHER, None, tg), post("c", "別の話題")])
    assert grouped(grouper) == [{"a", "b"}]


def test_hub_values_never_link(grouper: CampaignGrouper) -> None:
    hubs = [("domain", "x.com"), ("url", "bit.ly"), ("url", "https://www.internethotline.jp")]
    texts = iter(
        ["一つ目の投稿", "二つ目の書き込み", "三番目", "四つ目の話", "五番目の文", "六つ目"]
    )
    grouper.add(post(k, next(texts), None, h) for k, h in zip("abc", hubs, strict=True))
    grouper.add(post(k + "2", next(texts), None, h) for k, h in zip("abc", hubs, strict=True))
    assert grouped(grouper) == []


def test_near_duplicate_wording_links_posts_without_contacts(grouper: CampaignGrouper) -> None:
    grouper.add([post("a", TEMPLATE), post("b", REWORDED), post("c", OTHER)])
    (campaign,) = grouper.campaigns()
    assert set(campaign.members) == {"a", "b"}
    assert campaign.why[0]["rule"] == "near_duplicate_text"
    assert campaign.why[0]["min_similarity"] >= grouper.rules.text_threshold


def test_look_alike_templates_with_different_contacts_stay_apart(
    grouper: CampaignGrouper,
) -> None:
    one, two = ("telegram", "kasegu_777"), ("phone", "+819000001234")
    grouper.add(
        [
            post("a1", TEMPLATE, None, one),
            post("a2", REWORDED, None, one),
            post("b1", TEMPLATE + "!", None, two),
            post("b2", REWORDED + "。", None, two),
        ]
    )
    assert grouped(grouper) == [{"a1", "a2"}, {"b1", "b2"}]


def test_a_post_without_contact_does_not_bridge_two_look_alikes(
    grouper: CampaignGrouper,
) -> None:
    one, two = ("telegram", "kasegu_777"), ("telegram", "other_999")
    grouper.add(
        [post("a", TEMPLATE, None, one), post("b", TEMPLATE, None, two), post("n", TEMPLATE)]
    )
    groups = grouped(grouper)
    assert len(groups) == 1
    assert groups[0] in ({"a", "n"}, {"b", "n"})


def test_same_author_alone_never_links(grouper: CampaignGrouper) -> None:
    grouper.add([post("a", TEMPLATE, "x:bridge"), post("b", OTHER, "x:bridge")])
    assert grouped(grouper) == []


def test_same_author_with_loosely_similar_wording_links(grouper: CampaignGrouper) -> None:
    # Estimated similarity to TEMPLATE about 0.36: above author_threshold, below text_threshold.
    loose = "【即日即金】ホワイト案件です。受け子できる人を募集中。日給6万円以上、交通費は全額支給します。詳しくは連絡ください。"
    other = CampaignGrouper(grouper.rules)
    grouper.add([post("a", TEMPLATE, "x:same"), post("b", loose, "x:same")])
    other.add([post("a", TEMPLATE, "x:one"), post("b", loose, "x:two")])
    assert grouped(grouper) == [{"a", "b"}]
    assert grouped(other) == []
    (campaign,) = grouper.campaigns()
    assert campaign.why[0]["rule"] == "same_author_text"


def test_adding_in_batches_matches_adding_at_once() -> None:
    posts = [
        post(f"p{i}", TEMPLATE if i % 3 == 0 else f"{OTHER}{i}", None, ("line", f"id{i % 4}"))
        for i in range(20)
    ]
    once = CampaignGrouper(Rules(batch_size=1000))
    once.add(posts)
    later = CampaignGrouper(Rules(batch_size=1000))
    later.add(posts[:7])
    later.add(posts[7:13])
    later.add(posts[13:])
    assert grouped(once) == grouped(later)
    assert {c.key for c in once.campaigns()} == {c.key for c in later.campaigns()}


def test_re_adding_a_post_changes_nothing(grouper: CampaignGrouper) -> None:
    tg = ("telegram", "kasegu_777")
    assert grouper.add([post("a", TEMPLATE, None, tg), post("b", OTHER, None, tg)]) == 2
    before = [c.to_dict() for c in grouper.campaigns()]
    assert grouper.add([post("a", TEMPLATE, None, tg), post("b", OTHER, None, tg)]) == 0
    assert [c.to_dict() for c in grouper.campaigns()] == before
    assert len(grouper) == 2


def test_campaign_output_shape_and_key(grouper: CampaignGrouper) -> None:
    tg = ("telegram", "kasegu_777")
    grouper.add(
        [
            post("late", OTHER, "x:two", tg, ("phone", "+819000001234"), day=5),
            post("early", TEMPLATE, "x:one", tg, day=1),
        ]
    )
    (campaign,) = grouper.campaigns()
    out = campaign.to_dict()
    assert out["campaign"] == campaign_key("late") == grouper.campaign_of("early")
    assert out["members"] == ["early", "late"]
    assert out["authors"] == ["x:one", "x:two"]
    assert out["indicators"][0] == {"type": "telegram", "value": "kasegu_777", "posts": 2}
    assert {"type": "phone", "value": "+819000001234", "posts": 1} in out["indicators"]
    assert out["why"] == [
        {"rule": "shared_contact", "type": "telegram", "value": "kasegu_777", "posts": 2}
    ]
    assert out["first_seen"].startswith("2026-10-02")
    assert out["last_seen"].startswith("2026-10-06")


def test_merging_campaigns_keeps_the_oldest_key(grouper: CampaignGrouper) -> None:
    one, two = ("telegram", "kasegu_777"), ("phone", "+819000001234")
    grouper.add([post("a", OTHER + "a", None, one), post("b", OTHER[::-1], None, one)])
    grouper.add([post("c", TEMPLATE, None, two), post("d", REWORDED, None, two)])
    first = grouper.campaign_of("a")
    grouper.add([post("bridge", OTHER + "z", None, one, two)])
    assert {grouper.campaign_of(k) for k in "abcd"} == {first}


def test_rules_are_data_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[rules]\ntext_threshold = 0.8\nauthor_threshold = 0.5\n")
    assert Rules.load(path).text_threshold == 0.8
    path.write_text("[rules]\ntext_threshold = 0.3\nauthor_threshold = 0.5\n")
    with pytest.raises(ValueError, match="author_threshold"):
        Rules.load(path)
    path.write_text("[rules]\ntext_treshold = 0.3\n")
    with pytest.raises(ValueError, match="unknown"):
        Rules.load(path)


def test_posts_without_text_or_author_are_grouped_by_contacts(grouper: CampaignGrouper) -> None:
    tg = ("telegram", "kasegu_777")
    grouper.add([PostRef("a", "", None, None, (tg,)), PostRef("b", "。。", None, None, (tg,))])
    (campaign,) = grouper.campaigns()
    assert campaign.members == ("a", "b")
    assert campaign.authors == ()
    assert campaign.first_seen is None


def test_a_contactless_post_joins_its_accounts_campaign(grouper: CampaignGrouper) -> None:
    tg = ("telegram", "kasegu_777")
    grouper.add(
        [
            post("a", TEMPLATE, "x:acct", tg),
            post("b", OTHER, "x:other", tg),
            post("dm", "まだ募集中。詳細はDMで🙏", "x:acct"),
            post("lone", "こちらも募集しています。気軽にメッセージを", "x:lone"),
        ]
    )
    assert grouped(grouper) == [{"a", "b", "dm"}]
    (campaign,) = grouper.campaigns()
    assert {"rule": "same_account", "links": 1} in campaign.why


def test_a_bridge_accounts_contactless_post_stays_alone(grouper: CampaignGrouper) -> None:
    one, two = ("telegram", "kasegu_777"), ("phone", "+819000001234")
    grouper.add(
        [
            post("a1", TEMPLATE, "x:bridge", one),
            post("a2", OTHER, "x:a", one),
            post("b1", "全然ちがう文面の投稿です", "x:bridge", two),
            post("b2", "これも別の文面", "x:b", two),
            post("dm", "まだ募集中。詳細はDMで🙏", "x:bridge"),
        ]
    )
    assert grouped(grouper) == [{"a1", "a2"}, {"b1", "b2"}]


def test_account_evidence_beats_wording_across_accounts(grouper: CampaignGrouper) -> None:
    one, two = ("telegram", "kasegu_777"), ("phone", "+819000001234")
    grouper.add(
        [
            post("mine", OTHER, "x:acct", one),
            post("copy", TEMPLATE, "x:lookalike", two),
            post("dm", TEMPLATE, "x:acct"),
        ]
    )
    assert grouper.campaign_of("dm") == grouper.campaign_of("mine") is not None
    assert grouper.campaign_of("copy") is None


def test_one_account_rotating_its_contact_stays_one_campaign(grouper: CampaignGrouper) -> None:
    grouper.add(
        [
            post("before", TEMPLATE, "x:acct", ("signal", "kanamono.31")),
            post("after", TEMPLATE + "！", "x:acct", ("session", "05" + "ab" * 32)),
            post("copycat", TEMPLATE + "？", "x:other", ("phone", "+819000001234")),
        ]
    )
    assert grouped(grouper) == [{"after", "before"}]
