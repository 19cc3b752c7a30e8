"""Search ranks what the citizen means first, returns few results, and says why each matched:
the exact name, a keyword, an everyday word (领证 → 结婚登记), pinyin or a corrected typo."""

from collections import Counter

from onewindow.catalog.models import ServiceItem
from onewindow.catalog.selectors import find_items, search_items, suggestions


def codes(results, n=3):
    return [item.code for item in results[:n]]


def kinds(found):
    return [reason.kind for reason in found.reasons]


def test_food_business_licence_comes_first_without_the_publication_licence(catalogue):
    results = search_items(q="食品经营许可")
    assert results.found[0].item.code == "440100-SCJG-XK-306"
    assert "exact" in kinds(results.found[0])
    assert len(results) <= 12
    assert "440100-XWCB-XK-423" not in [f.item.code for f in results.found]  # 出版物零售经营许可


def test_identity_card_finds_the_identity_card_services(catalogue):
    results = search_items(q="身份证")
    assert {f.item.code for f in results.best} == {"440100-GA-QR-131", "440100-GA-QR-132"}
    assert len(results.related) <= 10
    lost = search_items(q="身份证丢了").found[0]
    assert lost.item.code == "440100-GA-QR-132"
    assert lost.item.lead_department.code == "440100-GA"


def test_labour_dispatch_licence_is_one_item_found_once(catalogue):
    # It was in the catalogue twice (440100-RS-XK-211 and -309) until the catalogue review
    # merged them; the loader now refuses such overlaps and no search lists an item twice.
    assert ServiceItem.objects.filter(name="劳务派遣经营许可").count() == 1
    assert codes(find_items(q="劳务派遣经营许可"), 1) == ["440100-RS-XK-309"]
    queries = {item.name for item in ServiceItem.objects.all()}
    queries |= {keyword for item in ServiceItem.objects.all() for keyword in item.keywords}
    for q in sorted(queries)[::7]:
        counts = Counter(item.pk for item in find_items(q=q))
        assert max(counts.values(), default=1) == 1, q


def test_most_query_words_must_match_not_any_fragment(catalogue):
    # Every word of 食品经营许可 on its own (经营, 许可) matches dozens of items.
    assert len(find_items(q="许可")) > len(find_items(q="食品经营许可")) * 3


def test_an_everyday_word_finds_the_service_and_says_so(catalogue):
    found = search_items(q="扯证").found[0]
    assert found.item.code == "440100-MZ-QR-107"
    synonym = next(r for r in found.reasons if r.kind == "synonym")
    assert (synonym.said, synonym.means) == ("扯证", "结婚登记")
    assert search_items(q="开公司").found[0].item.code == "440100-SCJG-XK-301"
    assert search_items(q="上户口").found[0].item.code == "440100-GA-QR-101"
    assert search_items(q="社保卡丢了").found[0].item.code == "440100-RS-GG-213"


def test_pinyin_and_initials_find_marriage_registration(catalogue):
    for q in ["jhdj", "jiehun", "jiehundengji", "JieHun"]:
        found = search_items(q=q).found[0]
        assert found.item.code == "440100-MZ-QR-107", q
        assert "pinyin" in kinds(found), q


def test_a_typing_mistake_is_corrected_and_offered_as_did_you_mean(catalogue):
    results = search_items(q="港澳通信证")  # 信 for 行: close in writing, not in sound
    assert results.correction == "港澳通行证"
    assert results.found[0].item.code == "440100-CRJ-XK-223"
    assert kinds(results.found[0])[0] == "spelling"
    assert search_items(q="营业直照").correction == "营业执照"


def test_exact_name_then_prefix_then_keyword(catalogue):
    results = find_items(q="住房公积金提取")
    assert set(codes(results, 2)) == {"440100-GJJ-GG-218", "440100-GJJ-GG-219"}
    assert codes(find_items(q="企业注销登记（一网通办）"), 1) == ["440100-SCJG-XK-304"]


def test_english_queries_rank_by_the_english_name(catalogue):
    assert codes(find_items(q="passport"), 1) == ["440100-CRJ-XK-224"]
    assert codes(find_items(q="Marriage registration"), 1) == ["440100-MZ-QR-107"]


def test_suggestions_are_few_and_best_first(catalogue):
    found = suggestions("领", limit=8)
    assert len(found) <= 8
    assert suggestions("jhdj")[0].item.code == "440100-MZ-QR-107"
    assert suggestions("") == []


def test_the_api_ranks_as_the_catalogue_page_does(catalogue, client):
    for q in ["领证", "jhdj", "身份证", "食品经营许可"]:
        body = client.get("/api/v1/services/", {"q": q}).json()
        assert [r["code"] for r in body["results"]] == [i.code for i in find_items(q=q)][:20], q
