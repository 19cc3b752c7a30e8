"""The catalogue is a hundred distinct, current services: no item twice, no abolished item, joint
handling only with its source, and an online depth the law allows."""

import copy
import shutil

import pytest
import yaml

from onewindow.catalog.reading import DATA_DIR, CatalogueInvalid, overlaps, read_catalogue

DEPARTMENTS = {
    d["code"]
    for d in yaml.safe_load(
        (DATA_DIR.parents[1] / "accounts" / "data" / "departments.yaml").read_text("utf-8")
    )
}
ABOLISHED = {
    "440100-SWJ-QT-418": "对外贸易经营者备案登记",  # 对外贸易法 amended 2022-12-30: filing abolished
}
MERGED = {"440100-RS-XK-210", "440100-RS-XK-211", "440100-HG-QR-311", "440100-RS-QR-103"}


@pytest.fixture(scope="module")
def items():
    return read_catalogue(DATA_DIR, DEPARTMENTS).items


def test_there_are_exactly_one_hundred_items_and_the_ten_community_services(items):
    apart = ("community", "public_security", "subsidies")
    main = [item for item in items if item["source_file"] not in apart]
    assert len(main) == 100
    assert len({item["code"] for item in main}) == 100
    community = [item for item in items if item["source_file"] == "community"]
    assert len(community) == 10  # street-level services (items/community.yaml)
    identity_cards = [item for item in items if item["source_file"] == "public_security"]
    assert len(identity_cards) == 2  # 居民身份证 申领, 换领/补领 (items/public_security.yaml)
    subsidies = [item for item in items if item["source_file"] == "subsidies"]
    assert [item["applicant"] for item in subsidies] == ["enterprise"]  # items/subsidies.yaml


def test_no_two_items_are_the_same_service(items):
    assert overlaps(items) == []


def test_merged_and_abolished_items_are_gone(items):
    codes = {item["code"] for item in items}
    names = {item["name"] for item in items}
    assert not codes & (MERGED | set(ABOLISHED))
    assert not names & set(ABOLISHED.values())


def test_at_least_fifteen_items_are_handled_jointly_and_each_cites_its_source(items):
    joint = [item for item in items if item.get("co_departments")]
    assert len(joint) >= 15
    for item in joint:
        source = item["joint_handling_source"]
        for key in ("title", "issuer", "document_number"):
            assert source[key], item["code"]


def test_the_food_business_licence_is_reviewed_by_market_regulation_alone(items):
    food = next(item for item in items if item["code"] == "440100-SCJG-XK-306")
    assert food["co_departments"] == []
    assert food["process"]["pattern"] != "parallel_review"


def test_items_with_a_visit_are_not_depth_four(items):
    for item in items:
        if item.get("in_person_steps"):
            assert item["online_depth"] < 4, item["code"]
            for step in item["in_person_steps"]:
                assert step["why"], item["code"]
                assert step["why_en"], item["code"]


@pytest.mark.parametrize(
    "name",
    ["人力资源服务许可（从事职业中介活动）", "服务许可人力资源", "人力资源服务许可"],
)
def test_a_duplicate_name_is_refused_by_the_loader(tmp_path, items, name):
    directory = tmp_path / "catalogue"
    shutil.copytree(DATA_DIR, directory)
    path = directory / "items" / "enterprise.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    twin = copy.deepcopy(next(i for i in data if i["code"] == "440100-RS-XK-308"))
    twin.update(code="440100-RS-XK-399", name=name)
    path.write_text(yaml.safe_dump([*data, twin], allow_unicode=True), "utf-8")

    with pytest.raises(CatalogueInvalid) as error:
        read_catalogue(directory, DEPARTMENTS)

    problem = next(p for p in error.value.problems if p.item == "440100-RS-XK-399")
    assert problem.field == "name"
    assert "440100-RS-XK-308" in problem.message


def test_one_certificate_from_one_department_under_the_same_articles_is_an_overlap(items):
    first = next(i for i in items if i["code"] == "440100-SCJG-XK-307")
    second = {**copy.deepcopy(first), "code": "440100-SCJG-XK-398", "name": "食品加工许可"}
    assert [(a["code"], b["code"]) for a, b, _r in overlaps([first, second])] == [
        ("440100-SCJG-XK-307", "440100-SCJG-XK-398")
    ]


def test_names_differing_only_by_their_qualifiers_are_distinct(items):
    withdrawal = [i for i in items if i["name"].startswith("住房公积金提取")]
    assert len(withdrawal) == 2
    assert overlaps(withdrawal) == []


def _edited(tmp_path, code, **changes):
    directory = tmp_path / "catalogue"
    shutil.copytree(DATA_DIR, directory)
    for path in (directory / "items").glob("*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        for item in data:
            if item["code"] == code:
                item.update(changes)
                for key in [k for k, v in changes.items() if v is None]:
                    del item[key]
                path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
                return directory
    raise AssertionError(code)


def _problems(directory):
    with pytest.raises(CatalogueInvalid) as error:
        read_catalogue(directory, DEPARTMENTS)
    return {(p.item, p.field) for p in error.value.problems}


def test_co_departments_without_a_source_are_refused(tmp_path):
    directory = _edited(tmp_path, "440100-SCJG-XK-326", joint_handling_source=None)
    assert ("440100-SCJG-XK-326", "joint_handling_source") in _problems(directory)


def test_an_invented_co_review_is_refused(tmp_path):
    directory = _edited(tmp_path, "440100-SCJG-XK-306", co_departments=["440100-STHJ"])
    assert ("440100-SCJG-XK-306", "joint_handling_source") in _problems(directory)


def test_depth_four_with_an_in_person_step_is_refused(tmp_path):
    directory = _edited(tmp_path, "440100-CRJ-XK-224", online_depth=4)
    assert ("440100-CRJ-XK-224", "online_depth") in _problems(directory)


def test_a_law_missing_from_the_list_of_laws_is_refused(tmp_path):
    directory = _edited(
        tmp_path,
        "440100-SCJG-XK-307",
        legal_basis=[{"law": "中华人民共和国对外贸易经营者法", "article": "第一条"}],
    )
    assert ("440100-SCJG-XK-307", "legal_basis[0].law") in _problems(directory)
