"""Search finds what citizens mean: over a labelled set of real phrasings (colloquial words,
pinyin, initials, typing mistakes, sentences, English) the right service is first at least 90 %
of the time and among the first three at least 97 %, on SQLite and PostgreSQL alike."""

from pathlib import Path

import yaml

from onewindow.catalog.models import ServiceItem
from onewindow.catalog.selectors import find_items

QUERIES = yaml.safe_load((Path(__file__).with_name("search_queries.yaml")).read_text("utf-8"))


def accuracy() -> tuple[float, float, list[str]]:
    top1 = top3 = 0
    misses = []
    for case in QUERIES:
        codes = [item.code for item in find_items(q=case["q"])[:3]]
        top1 += bool(codes) and codes[0] in case["means"]
        top3 += bool(set(codes) & set(case["means"]))
        if not codes or codes[0] not in case["means"]:
            misses.append(f"{case['q']} → {codes}")
    return top1 / len(QUERIES), top3 / len(QUERIES), misses


def test_the_labelled_set_is_real_and_names_real_items(catalogue):
    assert len(QUERIES) >= 60
    assert len({case["q"] for case in QUERIES}) == len(QUERIES)
    codes = set(ServiceItem.objects.filter(published=True).values_list("code", flat=True))
    for case in QUERIES:
        assert case["means"], case
        assert set(case["means"]) <= codes, case


def test_top_three_holds_the_meant_service_for_97_percent_and_top_one_for_90(catalogue):
    top1, top3, misses = accuracy()
    assert top3 >= 0.97, (top3, misses)
    assert top1 >= 0.90, (top1, misses)
