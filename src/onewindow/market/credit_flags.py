"""What an enterprise's credit means to other departments (联合奖惩): the flags the exchange
adds to a legal-entity answer, signed with it (registered in ``MarketConfig.ready``).

One flag per open list entry (``abnormal_list`` / ``serious_list``, since the day it was
listed, with the entry's legal basis and the department that listed it); one
``representative_listed`` per other enterprise on the serious-dishonesty list that has the same
legal representative (the restriction on its legal representative, 国发〔2016〕33号, is the
measure's to apply); and ``good_credit`` when the enterprise is active and in business for at
least a year, filed the last annual report whose window has closed on time (if it owed one), is
on no list, has no penalty in its publication period and no commitment found untrue (告知承诺,
国办发〔2020〕42号). All of it is read from the public credit record (``credit_record.record``).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from onewindow.market import credit_record, reports
from onewindow.market.credit_models import ListEntry, ListKind
from onewindow.registry.models import EntityStatus, LegalEntity

LIST_FLAGS = {  # list -> (code, label, English label)
    ListKind.ABNORMAL: ("abnormal_list", "列入经营异常名录", "On the abnormal-operation list"),
    ListKind.SERIOUS: ("serious_list", "列入严重违法失信名单", "On the serious-dishonesty list"),
}
REPRESENTATIVE_LISTED = "representative_listed"
GOOD_CREDIT = "good_credit"
GOOD_CREDIT_BASIS = (
    "《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》"
    "（国发〔2016〕33号）"
)
GOOD_CREDIT_BASIS_EN = (
    "State Council Guiding Opinions on Joint Incentives for Trustworthiness and Joint "
    "Punishment for Dishonesty (Guo Fa [2016] No. 33)"
)


def _one_year_before(today: date) -> date:
    return today.replace(
        year=today.year - 1, day=28 if (today.month, today.day) == (2, 29) else today.day
    )


def _last_report_on_time(record: credit_record.Record, today: date) -> bool:
    """The last report whose window (1 January – 30 June) has closed was filed, and on time."""
    closed = [year for year in record.reports if reports.window(year.year)[1] < today]
    if not closed:
        return True
    last = max(closed, key=lambda year: year.year)
    return last.filed_on is not None and not last.late


def good_credit(record: credit_record.Record, today: date) -> bool:
    entity = record.entity
    return (
        entity.status == EntityStatus.ACTIVE
        and entity.established_on <= _one_year_before(today)
        and _last_report_on_time(record, today)
        and not record.listed
        and not record.penalties
        and not record.false_commitments  # 国办发〔2020〕42号: no 告知承诺 until repaired
    )


def representative_flags(entity: LegalEntity) -> list[dict]:
    """The enterprise's legal representative is also that of an enterprise on the
    serious-dishonesty list: one flag per such enterprise, naming it."""
    if entity.legal_representative_id is None:
        return []
    entries = (
        ListEntry.objects.filter(
            kind=ListKind.SERIOUS,
            removed_on=None,
            entity__legal_representative_id=entity.legal_representative_id,
        )
        .exclude(entity_id=entity.pk)
        .select_related("entity", "department")
        .order_by("listed_on", "pk")
    )
    return [
        {
            "code": REPRESENTATIVE_LISTED,
            "since": entry.listed_on.isoformat(),
            "label": f"法定代表人同时担任列入严重违法失信名单的{entry.entity.name}的法定代表人",
            "label_en": (
                "Its legal representative is also that of an enterprise on the "
                "serious-dishonesty list"
            ),
            "basis": entry.basis,
            "basis_en": entry.basis_en,
            "department": {"code": entry.department.code, "name": entry.department.name},
            "entity": {"uscc": entry.entity.uscc, "name": entry.entity.name},
        }
        for entry in entries
    ]


def flags(entity: LegalEntity, today: date | None = None) -> list[dict]:
    """The credit flags of ``entity`` today, as plain JSON for a signed answer."""
    today = today or timezone.localdate()
    record = credit_record.record(entity, today)
    found = []
    for entry in sorted(record.listed, key=lambda e: (e.listed_on, e.pk)):
        code, label, label_en = LIST_FLAGS.get(entry.kind, (entry.kind, entry.kind, entry.kind))
        found.append(
            {
                "code": code,
                "since": entry.listed_on.isoformat(),
                "label": label,
                "label_en": label_en,
                "basis": entry.basis,
                "basis_en": entry.basis_en,
                "department": {"code": entry.department.code, "name": entry.department.name},
            }
        )
    found += representative_flags(entity)
    if good_credit(record, today):
        found.append(
            {
                "code": GOOD_CREDIT,
                "since": "",
                "label": "信用良好",
                "label_en": "Good credit",
                "basis": GOOD_CREDIT_BASIS,
                "basis_en": GOOD_CREDIT_BASIS_EN,
                "department": None,
                "positive": True,
            }
        )
    return found
