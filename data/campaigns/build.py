#!/usr/bin/env python3
"""Assemble the campaign evaluation set from the hand-written ``operations.toml``.

    .venv/bin/python data/campaigns/build.py            # writes dev.jsonl and test.jsonl
    .venv/bin/python data/campaigns/build.py --verify   # writes nothing; exit 1 if they differ
    .venv/bin/python data/campaigns/build.py --extract  # also report what cyberpatrol's
                                                        # extractors find (needs the package)

Every text is written by hand in ``operations.toml``; this script only renders the
contact placeholders (``{tg:tme}`` → ``t.me/NAME``), gives each post an id, a URL and
a time (seeded, so the output is byte-for-byte reproducible), checks the data
(contact points never shared between operations, look-alike pairs with disjoint
contacts and accounts, unique ids, lengths, dates …) and prints a summary to stderr.
See ``README.md`` in this folder.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import json
import random
import re
import string
import sys
import tomllib
import unicodedata
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "operations.toml"
SEED = 20261127
JST = timezone(timedelta(hours=9))
FIRST_DAY = date(2026, 9, 1)
LAST_DAY = date(2026, 11, 30)
SPLITS = {"dev": "cd", "test": "ct"}
PLATFORMS = (
    "x",
    "threads",
    "instagram",
    "5ch",
    "jimoty",
    "line_openchat",
    "tiktok",
    "facebook",
    "mastodon",
)
FIELDS = ("id", "platform", "author", "url", "created_at", "text", "label", "campaign")
MIN_CHARS, MAX_CHARS = 20, 250

# Public hub values: they recur across unrelated posts and must link nothing.
HUBS = (
    "#9110",
    "110番",
    "x.com",
    "line.me",
    "t.me",
    "bit.ly",
    "https://www.internethotline.jp/",
)
HUB_DOMAINS = frozenset({"x.com", "line.me", "t.me", "bit.ly", "internethotline.jp"})

# ----------------------------------------------------------------- rendering

_FW = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
_KANJI = str.maketrans("0123456789", "〇一二三四五六七八九")


def fullwidth(s: str) -> str:
    """ASCII → full-width forms (ａｂｃ＿１２３)."""
    return s.translate(_FW)


def _phone(v: str, form: str | None) -> str:
    a, b, c = v.split("-")
    forms = {
        None: v,  # 090-0000-3141
        "plain": a + b + c,  # 09000003141
        "fw": "ー".join(fullwidth(p) for p in (a, b, c)),  # ０９０ー００００ー３１４１ (IME 長音)
        "fwm": fullwidth(v),  # ０９０－００００－３１４１
        "kanji": "・".join(p.translate(_KANJI) for p in (a, b, c)),  # 〇九〇・〇〇〇〇・三一四一
        "kanjih": "ー".join(p.translate(_KANJI) for p in (a, b, c)),  # 〇九〇ー〇〇〇〇ー三一四一
        "intl": f"+81 {a[1:]} {b} {c}",  # +81 90 0000 3141
        "intlh": f"+81-{a[1:]}-{b}-{c}",  # +81-90-0000-3141
        "dot": f"{a}.{b}.{c}",  # 090.0000.3141
        "sp": f"{a} {b} {c}",  # 090 0000 3141
        "paren": f"{a}({b}){c}",  # 090(0000)3141
    }
    return forms[form]


def _name(prefix_link: str):
    """Renderer for a messaging name (Telegram-style forms when ``prefix_link`` is set)."""

    def render(v: str, form: str | None) -> str:
        forms = {
            None: v,
            "at": "@" + v,
            "fw": fullwidth(v),
            "fwat": "＠" + fullwidth(v),
            "upper": v.upper(),
            "spaced": " ".join(v),
        }
        if prefix_link == "t.me":
            forms |= {
                "tme": f"t.me/{v}",
                "https": f"https://t.me/{v}",
                "defang": f"t[.]me/{v}",
                "paren": f"t(.)me/{v}",
            }
        if prefix_link == "line":
            forms |= {"link": f"https://line.me/ti/p/~{v}"}
        return forms[form]

    return render


def _url(v: str, form: str | None) -> str:
    m = re.fullmatch(r"https://([^/]+)(/.*)?", v)
    assert m, v
    host, path = m.group(1), m.group(2) or ""
    stem, tld = host.rsplit(".", 1)
    forms = {
        None: v,  # https://host.example/path
        "defang": f"hxxps://{stem}[.]{tld}{path}",  # hxxps://host[.]example/path
        "bare": f"{host}{path}",  # host.example/path
        "paren": f"{stem}(.){tld}{path}",  # host(.)example/path
        "jdot": f"{stem} ドット {tld}{path}",  # host ドット example/path
        "host": host,
    }
    return forms[form]


def _email(v: str, form: str | None) -> str:
    local, domain = v.split("@")
    forms = {
        None: v,
        "at": f"{local}[at]{domain}",
        "jat": f"{local} アットマーク {domain}",
        "fw": fullwidth(v),
    }
    return forms[form]


def _session(v: str, form: str | None) -> str:
    forms = {None: v, "upper": v.upper(), "split": v[:33] + "\n" + v[33:]}
    return forms[form]


def _handle(v: str, form: str | None) -> str:
    forms = {None: "@" + v, "fw": "＠" + fullwidth(v), "bare": v}
    return forms[form]


def _bank(v: str, form: str | None) -> str:
    bank, branch, kind, number = v.split("|")
    forms = {
        None: f"{bank} {branch} {kind} {number}",
        "short": f"{branch}（{kind}）{number}",
        "fw": f"{bank} {branch} {kind} {fullwidth(number)}",
    }
    return forms[form]


RENDER = {
    "phone": _phone,
    "telegram": _name("t.me"),
    "signal": _name(""),
    "line": _name("line"),
    "threema": _name(""),
    "wechat": _name(""),
    "handle": _handle,
    "url": _url,
    "email": _email,
    "session": _session,
    "bank": _bank,
}

PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?\}")


def contact_value(spec: dict) -> str:
    if spec["type"] == "session":
        return "05" + hashlib.sha256(spec["derive"].encode()).hexdigest()
    return str(spec["value"])


def atoms(kind: str, value: str) -> set[str]:
    """The comparable parts of one contact point (what must never be shared)."""
    v = value.lower()
    if kind == "phone":
        return {re.sub(r"\D", "", v)}
    if kind == "url":
        host = re.sub(r"^https?://", "", v).split("/")[0]
        return {v, host, host.rsplit(".", 1)[0]}
    if kind == "email":
        domain = v.split("@")[1]
        return {v, domain, domain.rsplit(".", 1)[0]}
    if kind == "bank":
        _, branch, _, number = value.split("|")
        return {branch, number}
    return {v}


def singleton_atoms(raw: str) -> tuple[str, set[str]]:
    """Kind and comparable parts of a contact string written literally in a singleton."""
    s = raw.strip()
    if re.fullmatch(r"0\d0-0000-\d{4}", s):
        return "phone", atoms("phone", s)
    if "@" in s and not s.startswith("@"):
        return "email", atoms("email", s)
    if s.startswith("https://"):
        return "url", atoms("url", s)
    if re.fullmatch(r"[a-z0-9-]+\.example", s):
        return "url", atoms("url", "https://" + s)
    if re.fullmatch(r"05[0-9a-f]{64}", s):
        return "session", {s}
    return "name", {s.lstrip("@").lower()}


# ----------------------------------------------------------- normalisation

_REFANG = (
    (re.compile(r"\[\.\]|\(\.\)|\s*ドット\s*"), "."),
    (re.compile(r"\[at\]|\s*アットマーク\s*"), "@"),
    (re.compile(r"hxxp"), "http"),
)


def refanged(text: str) -> str:
    """NFKC, lower case, defanged dots and at signs undone: for substring checks."""
    s = unicodedata.normalize("NFKC", text).lower()
    for pattern, repl in _REFANG:
        s = pattern.sub(repl, s)
    return s


def digits_of(text: str) -> str:
    """Every digit of ``text`` in a row (kanji and full-width digits included)."""
    s = unicodedata.normalize("NFKC", text).translate(
        str.maketrans("〇一二三四五六七八九", "0123456789")
    )
    return re.sub(r"\D", "", s)


def _katakana(s: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in s)


def wording(text: str) -> set[str]:
    """Character 3-grams of the wording: NFKC, lower case, kana folded, no spaces,
    punctuation, symbols or emoji. (A stand-in for the tool's match view.)"""
    s = _katakana(unicodedata.normalize("NFKC", text).lower())
    kept = "".join(c for c in s if unicodedata.category(c)[0] in "LN")
    return {kept[i : i + 3] for i in range(len(kept) - 2)} or {kept}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


# ------------------------------------------------------------------ posting


def _b62(rng: random.Random, n: int) -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    return "".join(rng.choice(alphabet) for _ in range(n))


def post_url(platform: str, author: str, rng: random.Random) -> str:
    n19 = str(rng.randrange(10**18, 10**19))
    if platform == "x":
        return f"https://x.example/{author}/status/{n19}"
    if platform == "threads":
        return f"https://threads.example/@{author}/post/{_b62(rng, 11)}"
    if platform == "instagram":
        return f"https://instagram.example/p/{_b62(rng, 11)}/"
    if platform == "tiktok":
        return f"https://tiktok.example/@{author}/video/{n19}"
    if platform == "facebook":
        return f"https://facebook.example/{author}/posts/{rng.randrange(10**15, 10**16)}"
    if platform == "mastodon":
        return f"https://mastodon.example/@{author}/{rng.randrange(10**17, 10**18)}"
    if platform == "5ch":
        thread = rng.randrange(1_780_000_000, 1_790_000_000)
        return f"https://5ch.example/test/read.cgi/baito/{thread}/{rng.randrange(2, 1000)}"
    if platform == "jimoty":
        return f"https://jimoty.example/article/{rng.randrange(16**8):08x}"
    if platform == "line_openchat":
        return (
            f"https://openchat.example/room/{_b62(rng, 10)}/message/{rng.randrange(10**6, 10**7)}"
        )
    raise ValueError(platform)


def timestamp(day: date, rng: random.Random, spread_days: float = 0.0) -> datetime:
    offset = timedelta(seconds=rng.randrange(int(max(spread_days, 1) * 86400)))
    return datetime.combine(day, time(0, 0), JST) + offset


def render_text(template: str, contacts: dict[str, dict], where: str) -> tuple[str, list[str]]:
    used: list[str] = []

    def sub(m: re.Match[str]) -> str:
        key, form = m.group(1), m.group(2)
        if key not in contacts:
            raise SystemExit(f"{where}: unknown contact {{{key}}}")
        spec = contacts[key]
        try:
            out = RENDER[spec["type"]](contact_value(spec), form)
        except KeyError:
            raise SystemExit(f"{where}: no form {form!r} for type {spec['type']}") from None
        used.append(key)
        return out

    text = PLACEHOLDER.sub(sub, template)
    if "{" in text or "}" in text:
        raise SystemExit(f"{where}: stray brace in {text!r}")
    return text, used


# -------------------------------------------------------------------- build


def build(source: dict) -> tuple[dict[str, list[dict]], dict]:
    """The rows of every split, and facts for the checks and the summary."""
    rows: dict[str, list[dict]] = {s: [] for s in SPLITS}
    meta: dict = {"ops": {}, "posts": []}
    for op in source["operation"]:
        oid, split = op["id"], op["split"]
        assert split in SPLITS, oid
        rng = random.Random(f"{SEED}:{oid}")
        contacts = op["contacts"]
        start = op["start"]
        assert isinstance(start, date), oid
        n = len(op["posts"])
        # the first post falls on the start day; the rest anywhere in the window
        offsets = sorted([rng.uniform(0, 1)] + [rng.uniform(0, op["days"]) for _ in range(n - 1)])
        op_meta = {
            "split": split,
            "lookalike": op.get("lookalike_group"),
            "role": op["role"],
            "contacts": contacts,
            "accounts": op["accounts"],
            "start": start,
            "days": op["days"],
            "posts": [],
        }
        meta["ops"][oid] = op_meta
        for i, ((acct, template), offset) in enumerate(zip(op["posts"], offsets, strict=True)):
            platform, author = op["accounts"][acct]
            where = f"{oid} post {i + 1}"
            text, used = render_text(template, contacts, where)
            when = datetime.combine(start, time(0, 0), JST) + timedelta(days=offset)
            when = when.replace(microsecond=0)
            row = {
                "platform": platform,
                "author": author,
                "url": post_url(platform, author, rng),
                "created_at": when,
                "text": text,
                "label": 1,
                "campaign": oid,
                "lookalike_group": op.get("lookalike_group"),
            }
            rows[split].append(row)
            info = {"row": row, "op": oid, "template": template, "used": used}
            op_meta["posts"].append(info)
            meta["posts"].append(info)
    span = (LAST_DAY - FIRST_DAY).days + 1
    meta["singletons"] = []
    for split in SPLITS:
        rng = random.Random(f"{SEED}:singletons:{split}")
        for platform, author, label, text, declared in source["singletons"][split]:
            day = FIRST_DAY + timedelta(days=rng.randrange(span))
            row = {
                "platform": platform,
                "author": author,
                "url": post_url(platform, author, rng),
                "created_at": timestamp(day, rng),
                "text": text,
                "label": label,
                "campaign": None,
                "lookalike_group": None,
            }
            rows[split].append(row)
            meta["singletons"].append({"row": row, "split": split, "declared": declared})
    for split, prefix in SPLITS.items():
        rows[split].sort(
            key=lambda r: (r["created_at"], r["campaign"] or "", r["author"], r["text"])
        )
        for k, row in enumerate(rows[split], 1):
            row["id"] = f"{prefix}-{k:04d}"
    return rows, meta


def serialise(rows: list[dict]) -> str:
    out = []
    for r in rows:
        obj = {f: r[f] for f in FIELDS}
        obj["created_at"] = r["created_at"].isoformat()
        obj["lookalike_group"] = r["lookalike_group"]
        out.append(json.dumps(obj, ensure_ascii=False) + "\n")
    return "".join(out)


# ------------------------------------------------------------------- checks


def check(source: dict, rows: dict[str, list[dict]], meta: dict) -> dict:
    """Assert the data's invariants; return figures for the summary."""
    ops = meta["ops"]
    bridges = set(source.get("bridges", []))
    facts: dict = {}

    # ids, fields, lengths, dates, platforms, labels
    all_ids = [r["id"] for split in rows.values() for r in split]
    assert len(all_ids) == len(set(all_ids)), "duplicate ids"
    for split_rows in rows.values():
        for r in split_rows:
            assert r["platform"] in PLATFORMS, r
            assert MIN_CHARS <= len(r["text"]) <= MAX_CHARS, (len(r["text"]), r["text"])
            assert FIRST_DAY <= r["created_at"].date() <= LAST_DAY, r
            assert r["label"] in (0, 1), r
            assert r["label"] == 1 or r["campaign"] is None, r
            assert r["url"].split("/")[2].endswith(".example"), r["url"]
            if r["platform"] == "5ch":
                assert r["author"].startswith("名無しさん ID:"), r["author"]
    texts = Counter(r["text"] for split in rows.values() for r in split)
    assert max(texts.values()) == 1, [t for t, c in texts.items() if c > 1]

    # operations: sizes, accounts, every contact used, every account used
    for oid, op in ops.items():
        n, accts = len(op["posts"]), len(op["accounts"])
        assert 5 <= n <= 15, (oid, n)
        assert 3 <= accts <= 8, (oid, accts)
        used_accounts = {p["row"]["author"] for p in op["posts"]}
        assert used_accounts == {a for _, a in op["accounts"]}, (oid, "unused account")
        used_keys = {k for p in op["posts"] for k in p["used"]}
        assert used_keys == set(op["contacts"]), (
            oid,
            "unused contact",
            set(op["contacts"]) - used_keys,
        )
        assert 1 <= len(op["contacts"]) <= 3, oid
        assert any(not p["used"] for p in op["posts"]), (oid, "no contact-less post")
        # the contacts are tied together by posts naming two or more of them (rotation),
        # so an operation is one group for a reader that understands every spelling
        reach = {next(iter(op["contacts"]))}
        for _ in op["contacts"]:
            for p in op["posts"]:
                if reach & set(p["used"]):
                    reach |= set(p["used"])
        assert reach == set(op["contacts"]), (oid, "contacts not tied by any post", reach)
        end = op["start"] + timedelta(days=op["days"])
        assert end <= LAST_DAY + timedelta(days=1), (oid, end)

    # authors: one platform each; an account in two operations only if declared a bridge;
    # singleton accounts post once and never for an operation; splits share no account
    platform_of: dict[str, str] = {}
    ops_of: dict[str, set[str]] = defaultdict(set)
    for split_rows in rows.values():
        for r in split_rows:
            assert platform_of.setdefault(r["author"], r["platform"]) == r["platform"], r["author"]
            ops_of[r["author"]].add(r["campaign"] or f"single:{r['id']}")
    for author, owners in ops_of.items():
        if len(owners) > 1:
            assert author in bridges, (author, owners)
            assert all(o.startswith("op-") for o in owners), (author, owners)
            assert len(owners) == 2, (author, owners)
    for b in bridges:
        assert len(ops_of[b]) == 2, ("bridge not in two operations", b)
    split_authors = {s: {r["author"] for r in rows[s]} for s in rows}
    assert not (split_authors["dev"] & split_authors["test"]), "account in both splits"
    for op in ops.values():
        for platform, author in op["accounts"]:
            if platform == "5ch":
                assert sum(p["row"]["author"] == author for p in op["posts"]) == 1, author

    # contact points: never shared between two operations or with a singleton,
    # never a hub, and never written in a post outside their operation
    owner: dict[str, str] = {}
    op_atoms: dict[str, set[str]] = defaultdict(set)
    for oid, op in ops.items():
        for spec in op["contacts"].values():
            value = contact_value(spec)
            for a in atoms(spec["type"], value):
                assert a not in owner or owner[a] == oid, f"{oid} shares {a!r} with {owner[a]}"
                owner[a] = oid
                op_atoms[oid].add(a)
            for hub in HUBS:
                assert hub.lower() not in value.lower(), (oid, hub)
    single_contacts = 0
    for s in meta["singletons"]:
        text = refanged(s["row"]["text"])
        for raw in s["declared"]:
            kind, parts = singleton_atoms(raw)
            needle = refanged(raw)
            assert needle in text or (kind == "phone" and next(iter(parts)) in digits_of(text)), (
                raw,
                text,
            )
            for a in parts:
                who = f"singleton {s['row']['id']}"
                assert a not in owner, f"{who} shares {a!r} with {owner[a]}"
                owner[a] = who
            single_contacts += 1
    # nor one used anywhere in the labelled corpus or the examples
    repo = HERE.parent.parent
    others = sorted((repo / "data" / "corpus").glob("*.jsonl")) + sorted(
        (repo / "examples").glob("*.jsonl")
    )
    if others:
        blob = "".join(refanged(f.read_text("utf-8", errors="replace")) for f in others)
        blob_digits = re.sub(r"\D", "", blob)
        for a, who in owner.items():
            if a.isdigit() and len(a) >= 10:
                assert a not in blob_digits, (who, a, "used in the corpus or examples")
            elif len(a) >= 5 and not a.isdigit():
                assert a not in blob, (who, a, "used in the corpus or examples")
    all_posts = [(p["op"], p["row"]["text"]) for p in meta["posts"]]
    all_posts += [(None, s["row"]["text"]) for s in meta["singletons"]]
    for oid, parts in op_atoms.items():
        for other, text in all_posts:
            if other == oid:
                continue
            flat, digits = refanged(text), digits_of(text)
            for a in parts:
                if a.isdigit() and len(a) >= 10:
                    assert a not in digits, (oid, a, text)
                elif len(a) >= 5:
                    assert a not in flat, (oid, a, text)

    # look-alike pairs: two operations of one split, disjoint contacts and accounts,
    # really worded alike; a contact-less post in one is tied to it by its author
    groups: dict[str, list[str]] = defaultdict(list)
    for oid, op in ops.items():
        if op["lookalike"]:
            groups[op["lookalike"]].append(oid)
    for name, members in groups.items():
        assert len(members) == 2, (name, members)
        a, b = (ops[m] for m in members)
        assert a["split"] == b["split"], name
        assert not (op_atoms[members[0]] & op_atoms[members[1]]), name
        assert not ({x for _, x in a["accounts"]} & {x for _, x in b["accounts"]}), name
    for oid, op in ops.items():
        if not op["lookalike"]:
            continue
        for p in op["posts"]:
            if not p["used"]:
                author = p["row"]["author"]
                assert any(q["used"] and q["row"]["author"] == author for q in op["posts"]), (
                    oid,
                    "contact-less look-alike post without a contact-bearing post by its author",
                )

    # wording: posts of one operation alike, different operations (other than a
    # look-alike partner) and singletons not
    grams = {}
    for p in meta["posts"]:
        grams[id(p["row"])] = wording(PLACEHOLDER.sub(" ", p["template"]))
    for s in meta["singletons"]:
        t = s["row"]["text"]
        for raw in s["declared"]:
            t = t.replace(raw, " ")
        grams[id(s["row"])] = wording(t)
    within, partner, cross, single = [], [], [], []
    for split_rows in rows.values():
        for r1, r2 in itertools.combinations(split_rows, 2):
            j = jaccard(grams[id(r1)], grams[id(r2)])
            if r1["campaign"] and r1["campaign"] == r2["campaign"]:
                within.append(j)
            elif (
                r1["campaign"]
                and r2["campaign"]
                and r1["lookalike_group"]
                and (r1["lookalike_group"] == r2["lookalike_group"])
            ):
                partner.append(j)
            elif r1["campaign"] and r2["campaign"]:
                cross.append(j)
            else:
                single.append((j, r1["id"], r2["id"]))
    max_cross = max(cross)
    max_single = max(single)
    assert max_cross < 0.35, f"two different operations worded alike: {max_cross:.2f}"
    assert max_single[0] < 0.35, f"a singleton worded like another post: {max_single}"
    # each contact-less post must be worded like a post of its own operation or share its author
    for oid, op in ops.items():
        for p in op["posts"]:
            if p["used"]:
                continue
            best = max(
                jaccard(grams[id(p["row"])], grams[id(q["row"])]) for q in op["posts"] if q is not p
            )
            same_author = any(
                q is not p and q["used"] and q["row"]["author"] == p["row"]["author"]
                for q in op["posts"]
            )
            assert best >= 0.3 or same_author, (oid, p["row"]["text"], best)
    facts["wording"] = {
        "within_median": sorted(within)[len(within) // 2],
        "within_min": min(within),
        "lookalike_median": sorted(partner)[len(partner) // 2] if partner else None,
        "lookalike_max": max(partner) if partner else None,
        "cross_max": max_cross,
        "singleton_max": max_single[0],
    }

    # hubs recur across singletons (and a few operation posts) and are not contacts
    hub_uses = Counter()
    for split_rows in rows.values():
        for r in split_rows:
            low = r["text"].lower()
            for hub in HUBS:
                if re.search(
                    r"(?<![A-Za-z0-9_./-])" + re.escape(hub.lower()) + r"(?![A-Za-z0-9_/])", low
                ) or (hub.startswith("https") and hub in low):
                    hub_uses[(hub, r["campaign"] is None)] += 1
    for hub in HUBS:
        assert hub_uses[(hub, True)] >= 2, ("hub used by fewer than two singletons", hub)
    facts["hub_uses"] = hub_uses
    facts["singleton_contacts"] = single_contacts
    facts["groups"] = groups
    return facts


# ------------------------------------------------------------------ summary


def summary(rows: dict[str, list[dict]], meta: dict, facts: dict, bridges: list[str]) -> str:
    lines = []
    for split, split_rows in rows.items():
        ops = {o: m for o, m in meta["ops"].items() if m["split"] == split}
        camp = [r for r in split_rows if r["campaign"]]
        singles = [r for r in split_rows if not r["campaign"]]
        sizes = Counter(r["campaign"] for r in camp)
        pairs = sum(n * (n - 1) // 2 for n in sizes.values())
        accounts = {r["author"] for r in split_rows}
        camp_accounts = {r["author"] for r in camp}
        no_contact = sum(1 for p in meta["posts"] if p["op"] in ops and not p["used"])
        groups = sorted(g for g, m in facts["groups"].items() if ops.keys() & set(m))
        trap = sum(sizes[a] * sizes[b] for a, b in (facts["groups"][g] for g in groups))
        split_bridges = [b for b in bridges if b in camp_accounts]
        labels = Counter(r["label"] for r in split_rows)
        lines.append(
            f"{split}: {len(split_rows)} posts (label 1: {labels[1]}, label 0: {labels[0]}); "
            f"{len(ops)} operations with {len(camp)} posts from {len(camp_accounts)} accounts "
            f"(sizes {min(sizes.values())}–{max(sizes.values())}, "
            f"{no_contact} without a contact point); "
            f"{len(singles)} singletons; {len(accounts)} accounts in all; "
            f"{len(groups)} look-alike pairs ({', '.join(groups)}); "
            f"bridge accounts: {', '.join(split_bridges)}; "
            f"true same-campaign pairs: {pairs}; "
            f"pairs across look-alike partners (false if merged): {trap}"
        )
        lines.append(
            f"  platforms: {dict(Counter(r['platform'] for r in split_rows).most_common())}"
        )
    w = facts["wording"]
    lines.append(
        "wording (3-gram Jaccard, contacts removed): within an operation median "
        f"{w['within_median']:.2f} (min {w['within_min']:.2f}); look-alike partners median "
        f"{w['lookalike_median']:.2f} (max {w['lookalike_max']:.2f}); other operations max "
        f"{w['cross_max']:.2f}; singletons max {w['singleton_max']:.2f}"
    )
    hubs = facts["hub_uses"]
    lines.append(
        "hub values (singleton posts / operation posts): "
        + ", ".join(f"{h} {hubs[(h, True)]}/{hubs[(h, False)]}" for h in HUBS)
    )
    return "\n".join(lines)


# ----------------------------------------------------------- extractor report


def extractor_report(rows: dict[str, list[dict]], meta: dict) -> str:
    """What cyberpatrol's contact extractors find in the set (not an assertion of it).

    Reports, per split, how many contact-bearing operation posts yield at least one of
    their operation's values, and fails if any extracted non-hub value is shared by two
    different truth groups (an accidental cross-link in the data).
    """
    from cyberpatrol.indicators import canonical, extract
    from cyberpatrol.normalize import default_pipeline

    pipeline = default_pipeline()
    light = pipeline.views.get("light", 0)
    expected: dict[str, set[str]] = defaultdict(set)
    for oid, op in meta["ops"].items():
        for spec in op["contacts"].values():
            kind, value = spec["type"], contact_value(spec)
            expected[oid].add(value.lower())
            with contextlib.suppress(KeyError, ValueError):
                expected[oid].add(canonical(kind, value))
            if kind in ("url", "email"):
                expected[oid].add(
                    re.split(r"[@/]", value.removeprefix("https://"))[-1 if kind == "email" else 0]
                )
    out = []
    for split, split_rows in rows.items():
        seen: dict[tuple[str, str], set[str]] = defaultdict(set)
        hit = total = 0
        missed = []
        for r in split_rows:
            found = {(i.type, i.value) for i in extract(pipeline.run(r["text"]).prefix(light))}
            values = {v for _, v in found}
            group = r["campaign"] or r["id"]
            for t, v in found:
                domain = v.split("://")[-1].split("/")[0].removeprefix("www.")
                if domain in HUB_DOMAINS or v in HUB_DOMAINS:
                    continue
                seen[(t, v)].add(group)
            if r["campaign"]:
                info = next(p for p in meta["posts"] if p["row"] is r)
                if info["used"]:
                    total += 1
                    if values & expected[r["campaign"]]:
                        hit += 1
                    else:
                        missed.append(r["text"].replace("\n", "⏎"))
        shared = {k: v for k, v in seen.items() if len(v) > 1}
        assert not shared, shared
        out.append(
            f"{split}: extractors find an operation contact in {hit}/{total} contact-bearing posts"
        )
        out.extend(f"  not found: {t[:90]}" for t in missed)
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--verify", action="store_true", help="write nothing; exit 1 if the files differ"
    )
    ap.add_argument(
        "--extract", action="store_true", help="report what cyberpatrol's extractors find"
    )
    args = ap.parse_args()
    with SOURCE.open("rb") as f:
        source = tomllib.load(f)
    rows, meta = build(source)
    facts = check(source, rows, meta)
    status = 0
    for split in SPLITS:
        path = HERE / f"{split}.jsonl"
        data = serialise(rows[split]).encode("utf-8")
        if args.verify:
            if not path.exists() or path.read_bytes() != data:
                print(f"{path.name} differs from what build.py writes", file=sys.stderr)
                status = 1
        else:
            path.write_bytes(data)
    print(summary(rows, meta, facts, source.get("bridges", [])), file=sys.stderr)
    if args.extract:
        print(extractor_report(rows, meta), file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
