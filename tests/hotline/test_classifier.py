"""Learned routing: the synthetic history, the shipped model, retraining from the platform."""

import json
from datetime import UTC, datetime
from functools import cache

import numpy as np
import pytest
import yaml
from django.core.management import call_command

from onewindow.hotline import classifier, synthetic, training
from onewindow.hotline.models import Category, Kind, Status, Ticket
from tests.factories import DepartmentFactory


@cache
def _departments() -> frozenset[str]:
    folder = synthetic.CENTRES_FILE.parent
    return frozenset(
        row["code"]
        for name in ("departments.yaml", "service_centres.yaml")
        for row in yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    )


def test_the_same_seed_draws_the_same_history_and_another_seed_another():
    first = synthetic.Generator(7).take(300)
    assert first == synthetic.Generator(7).take(300)
    assert first != synthetic.Generator(8).take(300)
    assert synthetic.HISTORY_SIZE >= 20_000


def test_every_synthetic_label_exists_and_routing_is_not_a_lookup():
    categories = yaml.safe_load(synthetic.CATEGORIES_FILE.read_text(encoding="utf-8"))
    usual = {row["code"]: row["department"] for row in categories}
    departments = _departments()
    tickets = synthetic.Generator(11).take(3000)

    assert {t.category for t in tickets} == set(usual)
    assert {t.department for t in tickets} <= departments
    assert {t.kind for t in tickets} == set(Kind.values)
    elsewhere = sum(t.department != usual[t.category] for t in tickets) / len(tickets)
    assert 0.15 < elsewhere < 0.5  # district offices, other departments' matters, co-ordination
    assert any(t.department.endswith("-GOV") and t.department[:6] != "440100" for t in tickets)
    for t in tickets:
        assert "{" not in t.title + t.description
        assert "[" not in t.description
        assert len(t.title) <= 100
        if t.address:
            assert t.address.startswith("广州市")


def test_phrasings_held_out_for_generalisation_are_never_trained_on():
    examples = training.synthetic_examples(900, seed=4)
    evaluation = training.unseen_phrasings(examples, max_features=2000)
    groups = {e.group.split("/")[0] for e in examples}
    assert 0 < evaluation.held_out < len(examples) / 3
    assert evaluation.held_out == sum(
        e.group in training.held_out_templates(examples) for e in examples
    )
    assert len(training.held_out_templates(examples)) == len(groups)


def test_every_category_has_at_least_eight_templates_of_several_kinds():
    for code, spec in synthetic.templates()["categories"].items():
        assert len(spec["templates"]) >= 8, code
        assert len({t["kind"] for t in spec["templates"]}) >= 3, code
        for template in spec["templates"]:
            assert template.get("department", "440100-GOV") in _departments()


def test_the_shipped_model_beats_its_floor_on_a_fresh_sample():
    model = classifier.current_model()
    assert model.meta["version"] == int(model.version)
    fresh = synthetic.Generator(2026).take(1000)  # a seed the shipped model never saw
    department_top3 = category_top1 = 0
    for t in fresh:
        proposal = model.propose(classifier.ticket_text(t.title, t.description, t.address))
        department_top3 += t.department in [code for code, _ in proposal.departments]
        category_top1 += t.category == proposal.category
    assert department_top3 / len(fresh) >= 0.9
    assert category_top1 / len(fresh) >= 0.85


def test_a_proposal_is_three_categories_and_three_departments_with_probabilities():
    proposal = classifier.propose("天河区天河路那边的路灯坏了一个星期，晚上黑漆漆的，请尽快修")
    assert proposal.category == "street-light"
    assert len(proposal.categories) == len(proposal.departments) == 3
    for ranked in (proposal.categories, proposal.departments):
        probabilities = [p for _, p in ranked]
        assert probabilities == sorted(probabilities, reverse=True)
        assert 0 < sum(probabilities) <= 1.0001
    assert proposal.version == classifier.current_model().version
    empty = classifier.propose("")
    assert len(empty.categories) == 3


def test_the_serving_path_gives_scikit_learns_probabilities():
    examples = training.synthetic_examples(600, seed=5)
    vectorizer, heads = training.fit(examples, max_features=3000)
    model = classifier.Model.from_payload(training.export(vectorizer, heads, version=1))
    texts = [e.text for e in training.synthetic_examples(30, seed=6)]
    matrix = vectorizer.transform(texts)
    for name, index in (("category", 0), ("department", 1)):
        expected = heads[name].predict_proba(matrix)
        served = np.array([model.probabilities(text)[index] for text in texts])
        np.testing.assert_allclose(served, expected, atol=5e-3)  # float16 coefficients


def _routed_ticket(category, department, *, corrected, status=Status.DISPATCHED, n=1):
    return Ticket.objects.create(
        number=f"T2026120500{n:02d}",
        division_code="440106",
        channel="phone",
        kind="complaint",
        category=category,
        title="电梯困人",
        description="天河区骏景花园3栋电梯又困人了，维保单位不管",
        status=status,
        lead_department=department,
        proposed_category="property-management",
        proposed_department="440100-ZJ",
        proposal_corrected=corrected,
        received_at=datetime(2026, 12, 5, 9, tzinfo=UTC),
    )


@pytest.mark.django_db
def test_an_operators_correction_changes_the_next_trainings_data():
    market = DepartmentFactory(code="440100-SCJG", name="广州市市场监督管理局")
    category = Category.objects.create(
        code="property-management", name="物业管理", group="住房建设", department=market, limit=7
    )
    _routed_ticket(category, market, corrected=None, status=Status.RECEIVED, n=9)  # not routed yet
    assert training.platform_examples() == []
    before = training.data_hash(training.synthetic_examples(50))

    _routed_ticket(category, market, corrected=True)

    [example] = training.platform_examples()
    assert example.department == "440100-SCJG"
    assert example.source == "correction"
    assert example.weight == training.CORRECTION_WEIGHT
    assert "电梯" in example.text
    after = training.data_hash([*training.synthetic_examples(50), example])
    assert after != before


@pytest.mark.django_db
def test_the_train_command_writes_a_versioned_model_and_a_report(tmp_path):
    market = DepartmentFactory(code="440100-SCJG", name="广州市市场监督管理局")
    category = Category.objects.create(
        code="property-management", name="物业管理", group="住房建设", department=market, limit=7
    )
    _routed_ticket(category, market, corrected=True)
    report = tmp_path / "docs" / "hotline-classifier.md"

    call_command("hotline_train", synthetic=600, output=tmp_path, report=report, unseen=True)
    call_command("hotline_train", synthetic=600, output=tmp_path, no_platform=True)

    assert [v for v, _ in classifier.model_files(tmp_path)] == [1, 2]
    meta = json.loads((tmp_path / "routing-v1.json").read_text(encoding="utf-8"))
    assert meta["examples"] == {"synthetic": 600, "correction": 1}
    assert len(meta["data_sha256"]) == 64
    assert meta["metrics"]["department_top3"] > 0.5
    second = json.loads((tmp_path / "routing-v2.json").read_text(encoding="utf-8"))
    assert second["data_sha256"] != meta["data_sha256"]
    text = report.read_text(encoding="utf-8")
    assert "| dispatch (lead department) |" in text
    assert "| 440100-CG | 广州市城市管理和综合执法局 |" in text
    assert "$" not in text.split("## Figures")[1]
    assert "One whole template per category held out" in text
    assert meta["metrics_unseen_phrasings"]["held_out"] > 0
    assert classifier.Model.load(tmp_path / "routing-v2.joblib").version == "2"
