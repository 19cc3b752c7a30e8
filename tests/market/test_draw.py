"""The draw, re-run by an implementation written here from the rules in ``market.draw``'s
docstring, over gmssl's SM3 (not the platform's), and its properties under Hypothesis."""

import math
from collections import Counter, deque
from decimal import Decimal

import pytest
from gmssl import sm3
from hypothesis import given, settings
from hypothesis import strategies as st

from onewindow.market import draw


def h(seed: str, text: str) -> int:
    return int(sm3.sm3_hash(list(f"{seed}|{text}".encode())), 16)


def independent(lists: dict, seed: str) -> list[tuple[str, dict]]:
    """The published rules, written again."""
    n = len(lists["targets"])
    k = min(n, math.ceil(n * Decimal(lists["ratio"]) / 100)) if n else 0
    keys = {
        t["uscc"]: max(h(seed, f"T|{t['uscc']}|{j}") for j in range(1, t["weight"] + 1))
        for t in lists["targets"]
    }
    chosen = sorted(lists["targets"], key=lambda t: (-keys[t["uscc"]], t["uscc"]))[:k]
    pools = {}
    for i in sorted(lists["inspectors"], key=lambda i: h(seed, f"I|{i['certificate']}")):
        pools.setdefault((i["department"], i["district"]), deque()).append(i)
    out = []
    for t in chosen:
        team = {}
        for part in lists["parts"]:
            pool = pools.get((part["department"], t["district"])) or pools[(part["department"], "")]
            picked = []
            for i in list(pool):
                if len(picked) == part["inspectors"]:
                    break
                if t["group"] and t["group"] in i["groups"]:
                    continue
                if i["certificate"] in t["excluded"]:
                    continue
                picked.append(i)
            for i in picked:
                pool.remove(i)
                pool.append(i)
            team[part["department"]] = [i["certificate"] for i in picked]
        out.append((t["uscc"], team))
    return out


def lists_of(targets, inspectors, ratio="10", parts=None) -> dict:
    """The lists as frozen: streets become opaque groups, last teams exclusions."""
    token = {street: f"g{n}" for n, street in enumerate(sorted({t["street"] for t in targets}))}
    targets = [
        {
            "uscc": t["uscc"],
            "weight": t["weight"],
            "district": t["district"],
            "group": token.get(t["street"], "") if t["street"] else "",
            "excluded": sorted(t["last_team"]),
        }
        for t in targets
    ]
    inspectors = [
        {
            **{k: v for k, v in i.items() if k != "street"},
            "groups": [token[i["street"]]] if i["street"] in token else [],
        }
        for i in inspectors
    ]
    return {
        "format": draw.FORMAT,
        "plan": "SJ-TEST",
        "ratio": ratio,
        "weighted": True,
        "parts": parts or [{"department": "D1", "item": "I1", "inspectors": 2}],
        "targets": targets,
        "inspectors": inspectors,
    }


def target(n: int, weight: int = 1, street: str = "", last_team=()) -> dict:
    return {
        "uscc": f"T{n:06d}",
        "weight": weight,
        "district": "440106",
        "street": street,
        "last_team": list(last_team),
    }


def inspector(n: int, street: str = "", department: str = "D1", district: str = "440106"):
    return {"certificate": f"C{n:04d}", "department": department, "district": district,
            "street": street}  # fmt: skip


SEED = "9f" * 32


def test_the_draw_is_what_the_published_rules_give():
    targets = [target(n, weight=1 + n % 4, street=f"S{n % 3}") for n in range(200)]
    inspectors = [inspector(n, street=f"S{n % 3}") for n in range(12)]
    lists = lists_of(targets, inspectors, ratio="12.5")
    ours = [(d.uscc, d.team) for d in draw.run(lists, SEED)]
    assert len(ours) == 25  # ceil(200 × 12.5 %)
    assert ours == independent(lists, SEED)


def test_the_commitment_is_sm3_of_the_seed():
    assert draw.commitment(SEED) == sm3.sm3_hash(list(SEED.encode()))


def test_higher_credit_risk_is_drawn_more_often():
    targets = [target(n, weight=1 if n % 2 else 4) for n in range(400)]
    lists = lists_of(targets, [inspector(n) for n in range(4)], ratio="10")
    drawn = Counter()
    for s in range(30):
        for row in draw.run(lists, f"{s:064x}"):
            drawn["high" if int(row.uscc[1:]) % 2 == 0 else "low"] += 1
    # weight 4 against 1: P(draw) is about 4 × as high for a small sample
    assert drawn["high"] > 2.5 * drawn["low"]


def test_a_conflict_of_interest_keeps_an_inspector_off():
    targets = [target(1, street="S1", last_team=["C0002"])]
    inspectors = [inspector(1, street="S1"), inspector(2), inspector(3), inspector(4)]
    (row,) = draw.run(lists_of(targets, inspectors, ratio="100"), SEED)
    assert set(row.team["D1"]) == {"C0003", "C0004"}


def test_too_few_inspectors_without_conflict_fails_the_draw():
    targets = [target(1, street="S1")]
    inspectors = [inspector(1, street="S1"), inspector(2)]
    with pytest.raises(draw.DrawError) as error:
        draw.run(lists_of(targets, inspectors, ratio="100"), SEED)
    assert error.value.uscc == "T000001"


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=120),
    ratio=st.decimals(min_value=Decimal("0.01"), max_value=100, places=2),
    seed=st.binary(min_size=32, max_size=32).map(bytes.hex),
    inspectors=st.integers(min_value=6, max_value=20),
)
def test_draw_properties(count, ratio, seed, inspectors):
    targets = [target(n, weight=1 + n % 4, street=f"S{n % 5}") for n in range(count)]
    people = [inspector(n, street=f"S{n % 5}") for n in range(inspectors)]
    lists = lists_of(targets, people, ratio=str(ratio))
    rows = draw.run(lists, seed)
    assert len(rows) == draw.sample_size(count, ratio) == min(count, math.ceil(count * ratio / 100))
    assert len({r.uscc for r in rows}) == len(rows)
    assert [r.rank for r in rows] == list(range(1, len(rows) + 1))
    streets = {t["uscc"]: t["street"] for t in targets}
    lived = {i["certificate"]: i["street"] for i in people}
    for row in rows:
        assert len(set(row.team["D1"])) == 2
        assert all(lived[c] != streets[row.uscc] for c in row.team["D1"])
    # the work goes round: conflicts (one street in five) aside, nobody carries much more
    # than an even share
    load = Counter(c for r in rows for c in r.team["D1"])
    share = 2 * len(rows) / inspectors
    assert max(load.values()) <= 1.5 * share + 2
    assert [(r.uscc, r.team) for r in draw.run(lists, seed)] == [(r.uscc, r.team) for r in rows]
