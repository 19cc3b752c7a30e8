"""Search forgives the commonest typing mistakes of Chinese: a character of the same sound
(护找 → 护照, even in two characters) and a slip in the pinyin (jiehn → 结婚), each shown as
"did you mean"; a word typed correctly is never "corrected"."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onewindow.catalog import ranking, sounds
from onewindow.catalog.selectors import search_items

# A small collection of its own (id, names, keywords): the matchers need no database.
ENTRIES = [
    (1, ["普通护照签发", "Passport"], ["护照", "办护照"]),
    (2, ["居民身份证首次申领"], ["身份证", "办身份证"]),
    (3, ["社会保障卡申领"], ["社保卡"]),
    (4, ["内地居民结婚登记"], ["结婚登记", "结婚", "领证"]),
    (5, ["户口迁移（夫妻投靠入户）", "户口迁移"], ["迁户口"]),
    (6, ["住房公积金提取（租赁住房）", "住房公积金提取"], ["公积金提取", "公积金"]),
]
VOCABULARY = ranking.make_vocabulary(ENTRIES, lambda codes: ())


def rank(q):
    return ranking.rank_in(q, VOCABULARY, lambda q: [])


def first(q):
    outcome = rank(q)
    return outcome.hits[0] if outcome.hits else None


@pytest.mark.parametrize(
    ("typed", "meant", "item"),
    [
        ("护找", "护照", 1),
        ("身分证", "身份证", 2),
        ("社报卡", "社保卡", 3),
        ("户口签移", "户口迁移", 5),
    ],
)
def test_a_character_of_the_same_sound_is_read_as_the_word_meant(typed, meant, item):
    outcome = rank(typed)
    assert outcome.correction == meant
    assert outcome.hits[0].item_id == item
    assert outcome.hits[0].reasons[0] == ranking.Reason("sound", typed, meant)


def test_only_the_misheard_word_of_a_longer_query_is_rewritten():
    assert sounds.same_sound("社报卡丢了", VOCABULARY.sounds, VOCABULARY.by_text) == "社保卡丢了"
    assert sounds.same_sound("护照补半", VOCABULARY.sounds, VOCABULARY.by_text) == ""


@pytest.mark.parametrize(
    ("typed", "meant", "item"),
    [
        ("jiehn", "结婚", 4),
        ("huzao", "护照", 1),
        ("shebaokq", "社保卡", 3),
        ("jiehn dengji", "结婚登记", 4),
    ],
)
def test_a_slip_in_the_pinyin_is_read_as_the_word_meant(typed, meant, item):
    outcome = rank(typed)
    assert outcome.correction == meant
    assert outcome.hits[0].item_id == item
    assert outcome.hits[0].reasons[0] == ranking.Reason("spelling", typed.replace(" ", ""), meant)


def test_a_pinyin_slip_needs_four_letters_and_at_most_one_letter_off_below_eight():
    assert sounds.misspelled_pinyin("huz", VOCABULARY.sounds) == ("", 0, False)
    assert sounds.misspelled_pinyin("hxzao", VOCABULARY.sounds)[0] == ""  # two letters off
    assert sounds.misspelled_pinyin("huzao", VOCABULARY.sounds) == ("护照", 1, True)


HAN_TERMS = sorted({t.text for t in VOCABULARY.terms if sounds._ALL_HAN.fullmatch(t.text)})


@given(st.sampled_from(HAN_TERMS))
@settings(max_examples=200, deadline=None)
def test_a_correctly_typed_term_never_gets_a_did_you_mean(term):
    outcome = rank(term)
    assert outcome.correction == ""
    assert all(r.kind not in ("sound", "spelling") for hit in outcome.hits for r in hit.reasons)


@given(st.sampled_from(HAN_TERMS))
@settings(max_examples=200, deadline=None)
def test_a_correctly_typed_pinyin_never_gets_a_did_you_mean(term):
    outcome = rank("".join(sounds.reading(term)))
    assert outcome.correction == ""


@given(st.sampled_from(HAN_TERMS), st.data())
@settings(max_examples=100, deadline=None)
def test_any_character_swapped_for_one_of_the_same_sound_finds_a_term_of_that_sound(term, data):
    i = data.draw(st.integers(0, len(term) - 1))
    homophones = {"照": "找", "份": "分", "保": "报", "迁": "签", "婚": "昏", "证": "正"}
    typed = term[:i] + homophones.get(term[i], term[i]) + term[i + 1 :]
    if typed == term:
        return
    fixed = sounds.same_sound(typed, VOCABULARY.sounds, VOCABULARY.by_text)
    assert sounds.reading(fixed) == sounds.reading(term)


def test_the_hall_says_did_you_mean_for_a_same_sound_typo(catalogue, client):
    results = search_items(q="护找")
    assert results.correction == "护照"
    assert results.found[0].item.code == "440100-CRJ-XK-224"
    page = client.get("/services/", {"q": "护找"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Sounds like" in page.content.decode()
