"""The draw of a random-inspection plan: which targets are inspected and by whom, re-runnable by
anyone from the published lists and seed (双随机一公开, 国办发〔2015〕58号).

Nothing here reads the database: ``run`` takes the frozen lists (the JSON file published when
the seed was committed) and the seed (published after the draw), so the platform's draw and
anyone's re-run are the same function. The rules, in full (``python -m onewindow.market.draw
LISTS.json SEED`` prints the result):

* ``h(text)`` is the SM3 digest (GB/T 32905) of ``SEED + "|" + text`` in UTF-8, read as a
  256-bit unsigned integer. The commitment published before the draw is SM3 of the seed's 64
  hexadecimal characters.
* **Targets.** A target of weight *w* (1, or its credit-risk weight when the plan is weighted)
  gets the key ``max(h("T|" + uscc + "|" + j) for j in 1..w)``: the largest of *w* uniform
  draws, whose distribution is u^(1/w), so this is Efraimidis and Spirakis's weighted sampling
  without replacement, in exact integers. The ``k = ceil(N × ratio / 100)`` targets with the
  largest keys are drawn, in that order (a tie, which SM3 makes practically impossible, goes to
  the smaller USCC).
* **Inspectors.** Each department's pool for a target is its inspectors posted to the target's
  district, or, if it has none there, its inspectors posted to no district; the pool is ordered
  by ``h("I|" + certificate)``. For each drawn target in order, each department of the plan
  takes the first inspectors of its pool not excluded for a conflict of interest with the target,
  and they move to the end of the pool: everyone is drawn once before anyone is drawn twice,
  conflicts aside.
* **Conflicts of interest.** An inspector is excluded from a target when the target's
  ``group`` is among the inspector's ``groups`` (they live in the target's street), or when the
  inspector is in the target's ``excluded`` list (they were on its last inspection). A group is
  an opaque token made with a secret thrown away after the lists are frozen, so the published
  file does not say in which street an inspector lives.
"""

from __future__ import annotations

import json
import math
import sys
from collections import deque
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from cryptography.hazmat.primitives import hashes

FORMAT = "onewindow-draw/1"


class DrawError(Exception):
    """The lists cannot give the draw asked for: too few inspectors of ``department`` without
    a conflict of interest for the target ``uscc``."""

    def __init__(self, message: str, *, department: str = "", uscc: str = "", needed: int = 0):
        super().__init__(message)
        self.department, self.uscc, self.needed = department, uscc, needed


@dataclass(frozen=True)
class Drawn:
    rank: int
    uscc: str
    team: dict[str, list[str]]  # department code -> certificate numbers


def sm3_int(text: str) -> int:
    digest = hashes.Hash(hashes.SM3())
    digest.update(text.encode())
    return int.from_bytes(digest.finalize(), "big")


def commitment(seed: str) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(seed.encode())
    return digest.finalize().hex()


def sample_size(population: int, ratio: Decimal | str) -> int:
    """``ceil(N × ratio / 100)``, in exact decimals."""
    if population <= 0:
        return 0
    return min(population, math.ceil(Decimal(population) * Decimal(str(ratio)) / 100))


def target_key(seed: str, uscc: str, weight: int) -> int:
    return max(sm3_int(f"{seed}|T|{uscc}|{j}") for j in range(1, weight + 1))


def draw_targets(lists: dict, seed: str) -> list[dict]:
    targets = lists["targets"]
    keyed = sorted(
        targets,
        key=lambda t: (-target_key(seed, t["uscc"], int(t["weight"])), t["uscc"]),
    )
    return keyed[: sample_size(len(targets), lists["ratio"])]


def _pools(lists: dict, seed: str) -> dict[tuple[str, str], deque]:
    pools: dict[tuple[str, str], list] = {}
    for inspector in lists["inspectors"]:
        key = (inspector["department"], inspector.get("district") or "")
        pools.setdefault(key, []).append(inspector)
    return {
        key: deque(sorted(rows, key=lambda i: sm3_int(f"{seed}|I|{i['certificate']}")))
        for key, rows in pools.items()
    }


def _conflict(inspector: dict, target: dict) -> bool:
    group = target.get("group") or ""
    if group and group in (inspector.get("groups") or ()):
        return True
    return inspector["certificate"] in (target.get("excluded") or ())


def run(lists: dict, seed: str) -> list[Drawn]:
    """The draw: the targets in order, each with its team per department."""
    if lists.get("format") != FORMAT:
        raise DrawError(f"not a {FORMAT} file")
    pools = _pools(lists, seed)
    drawn = []
    for rank, target in enumerate(draw_targets(lists, seed), start=1):
        team = {}
        for part in lists["parts"]:
            department, needed = part["department"], int(part["inspectors"])
            pool = pools.get((department, target["district"])) or pools.get((department, ""))
            free = (i for i in (pool or ()) if not _conflict(i, target))
            picked = list(islice(free, needed))
            if len(picked) < needed:
                raise DrawError(
                    f"{department}: fewer than {needed} inspectors without a conflict of "
                    f"interest for {target['uscc']}",
                    department=department,
                    uscc=target["uscc"],
                    needed=needed,
                )
            for inspector in picked:
                pool.remove(inspector)
                pool.append(inspector)
            team[department] = [i["certificate"] for i in picked]
        drawn.append(Drawn(rank, target["uscc"], team))
    return drawn


def canonical(lists: dict) -> bytes:
    """The bytes published and digested: sorted keys, no spaces, UTF-8."""
    return json.dumps(lists, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m onewindow.market.draw LISTS.json SEED", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        lists = json.load(handle)
    seed = argv[1]
    if commitment(seed) != lists.get("commitment"):
        print("the seed does not match the commitment published with the lists", file=sys.stderr)
        return 1
    for row in run(lists, seed):
        teams = "; ".join(f"{d}: {', '.join(c)}" for d, c in row.team.items())
        print(f"{row.rank}\t{row.uscc}\t{teams}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
