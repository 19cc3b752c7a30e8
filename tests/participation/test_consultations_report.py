"""Closing and the feedback report (意见采纳情况): its deadline in the supervision ledger, the
yellow card when it runs late, dispositions per comment, the revised text with its diff."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from onewindow.core.clock import add_working_days
from onewindow.participation import consultations_ledger, consultations_pdf
from onewindow.participation.models import ConsultationStatus
from onewindow.participation.selectors import consultations as selectors
from onewindow.participation.services import consultations as services
from onewindow.supervision.models import Card, Matter, State
from onewindow.supervision.services import raise_cards
from tests.participation.consultation_world import CLOSES, at, opened

pytestmark = pytest.mark.django_db
CLOSING = date(2026, 4, 2)  # the day after the last day


def _commented(w):
    consultation = opened(w)
    third = consultation.articles.get(position=3)
    with at(date(2026, 3, 5)):
        a = services.comment(consultation, w.citizen, stance="comment", body="维修资金应公开",
                             article=third)  # fmt: skip
        b = services.comment(consultation, w.other_citizen, stance="support", body="",
                             article=third)  # fmt: skip
        c = services.comment(consultation, w.enterprise, stance="oppose", body="成本太高",
                             article=third)  # fmt: skip
    for made in (a, b, c):
        services.approve(made, actor=w.moderator)
    return consultation, third, a, b, c


def test_closing_waits_for_the_last_day_and_registers_the_report_in_the_ledger(world):
    consultation = opened(world)
    with at(CLOSES), pytest.raises(ValidationError):
        services.close(consultation, actor=world.officer)
    with at(CLOSING), pytest.raises(PermissionDenied):
        services.close(consultation, actor=world.cg_officer)
    with at(CLOSING):
        report = services.close(consultation, actor=world.officer)
    expected = add_working_days(CLOSING, consultations_ledger.REPORT_LIMIT).date
    assert report.due_on == expected
    matter = Matter.objects.get(kind="consultation-report", key=consultation.number)
    assert (matter.due_on, matter.state, matter.department_id) == (
        expected, State.OPEN, world.zj.pk
    )  # fmt: skip


def test_a_late_report_gets_the_ledger_yellow_card_and_closes_late(world):
    consultation, _third, a, _b, c = _commented(world)
    with at(CLOSING):
        report = services.close(consultation, actor=world.officer)
    matter = Matter.objects.get(kind="consultation-report", key=consultation.number)
    with at(timezone.localdate(matter.yellow_from) - timedelta(days=1)):
        raise_cards()
    matter.refresh_from_db()
    assert matter.card == Card.NONE
    with at(timezone.localdate(matter.yellow_from), hour=12):
        raise_cards()
    matter.refresh_from_db()
    assert matter.card == Card.YELLOW
    with at(report.due_on + timedelta(days=2)):
        raise_cards()
        services.save_summary(consultation, actor=world.officer, summary="共收到意见3条。")
        services.dispose(a, actor=world.officer, outcome="adopted", reason="已采纳")
        services.dispose(c, actor=world.officer, outcome="not_adopted", reason="成本可控")
        services.publish_report(consultation, actor=world.officer)
    matter.refresh_from_db()
    assert (matter.card, matter.state, matter.late) == (Card.RED, State.CLOSED, True)


def test_the_report_needs_a_summary_and_every_comment_disposed(world):
    consultation, third, a, _b, c = _commented(world)
    with at(CLOSING):
        services.close(consultation, actor=world.officer)
        with pytest.raises(ValidationError) as error:
            services.publish_report(consultation, actor=world.officer)
        assert "summary" in error.value.message_dict
        services.save_summary(consultation, actor=world.officer, summary="共收到意见3条。")
        with pytest.raises(ValidationError) as error:
            services.publish_report(consultation, actor=world.officer)
        assert "2" in error.value.message_dict["comment"][0]  # a and c; b is a bare support
        services.dispose(a, actor=world.officer, outcome="partly", reason="部分采纳")
        services.dispose(c, actor=world.officer, outcome="not_adopted", reason="成本可控")
        with pytest.raises(PermissionDenied):
            services.dispose(c, actor=world.cg_officer, outcome="adopted", reason="x")
        services.revise(
            third, actor=world.officer, text=third.text.replace("应当遵守", "应当公开并遵守")
        )
        report = services.publish_report(consultation, actor=world.officer)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.REPORTED
    assert Matter.objects.get(key=consultation.number).late is False
    view = selectors.report_view(selectors.published_report(consultation.number))
    row = view["rows"][2]
    assert (row.heat.comments, row.heat.support, row.heat.oppose) == (1, 1, 1)
    assert "<ins>公开并</ins>" in row.diff
    assert [d.outcome for d in row.dispositions] == ["partly", "not_adopted"]
    assert report.is_published


def test_a_report_cannot_be_written_before_closing_or_by_a_moderator(world):
    consultation, _third, _a, _b, _c = _commented(world)
    with at(date(2026, 3, 20)), pytest.raises(PermissionDenied):
        services.save_summary(consultation, actor=world.officer, summary="太早")
    with at(CLOSING):
        services.close(consultation, actor=world.officer)
        with pytest.raises(PermissionDenied):
            services.save_summary(consultation, actor=world.moderator, summary="不是我的")


def test_the_sweep_closes_expired_consultations(world):
    consultation = opened(world)
    with at(CLOSES):
        assert services.close_expired() == 0
    with at(CLOSING):
        assert services.close_expired() == 1
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED


def test_a_revision_may_insert_a_new_article_after_the_one_it_revises(world):
    consultation, third, a, _b, c = _commented(world)
    inserted = "第3条之一　物业服务人应当每季度公开维修资金的使用情况。"
    with at(CLOSING):
        services.close(consultation, actor=world.officer)
        services.save_summary(consultation, actor=world.officer, summary="新增一条。")
        services.dispose(a, actor=world.officer, outcome="adopted", reason="增加第3条之一")
        services.dispose(c, actor=world.officer, outcome="not_adopted", reason="成本可控")
        services.revise(third, actor=world.officer, text=f"{third.text}\n{inserted}")
        report = services.publish_report(consultation, actor=world.officer)
    view = selectors.report_view(report)
    assert f"<ins>\n{inserted}</ins>" in view["rows"][2].diff
    assert view["rows"][2].diff.startswith(third.text)  # the article itself unchanged
    pdf = PdfReader(io.BytesIO(consultations_pdf.render(report, view)))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pdf.pages))
    assert "〔增：第3条之一物业服务人应当每季度公开维修资金的使用情况。〕" in text
