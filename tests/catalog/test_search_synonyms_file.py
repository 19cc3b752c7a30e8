"""The synonyms file is read strictly: a bad entry is refused with its line and field, and every
entry of the repository's file names real items."""

import pytest
from django.utils import translation

from onewindow.catalog.models import ServiceItem
from onewindow.catalog.synonyms import SynonymsInvalid, read


def write(tmp_path, text):
    path = tmp_path / "synonyms.yaml"
    path.write_text(text, "utf-8")
    return path


def test_every_entry_of_the_repository_file_names_published_items(catalogue):
    codes = set(ServiceItem.objects.filter(published=True).values_list("code", flat=True))
    entries = read(codes=codes)
    assert len(entries) >= 40
    phrases = [phrase for entry in entries for phrase in entry.say]
    assert {"领证", "扯证", "上户口", "开公司", "社保卡丢了", "身份证"} <= set(phrases)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("- {say: [领证], means: 结婚登记}\n", "line 1: field items"),
        (
            "- {say: [领证], means: 结婚登记, items: [X]}\n- {say: [], means: a, items: [X]}\n",
            "line 2: field say",
        ),
        ("- {say: [领证], means: 结婚登记, items: [X], colour: red}\n", "line 1: field colour"),
        ("- {say: [领证], means: '', items: [X]}\n", "line 1: field means"),
        (
            "- say: [领证]\n  means: 结婚登记\n  items: [X]\n- say: [领证]\n  means: b\n  items: [X]\n",
            "line 4: field say",
        ),
        ("- {say: ['!!!'], means: a, items: [X]}\n", "line 1: field say"),
        ("- just a string\n", "line 1: field -"),
    ],
)
def test_a_bad_entry_is_named_by_line_and_field(tmp_path, text, where):
    with translation.override("en"), pytest.raises(SynonymsInvalid) as problem:
        read(write(tmp_path, text))
    assert where in str(problem.value)


def test_an_unknown_item_code_is_refused(tmp_path):
    path = write(tmp_path, "- {say: [领证], means: 结婚登记, items: [440100-NOPE-1]}\n")
    with translation.override("zh-hans"), pytest.raises(SynonymsInvalid) as problem:
        read(path, codes={"440100-MZ-QR-107"})
    assert str(problem.value) == (
        "synonyms.yaml 第 1 行，字段 items：没有编码为 440100-NOPE-1 的服务事项"
    )
