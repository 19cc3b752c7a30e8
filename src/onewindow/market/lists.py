"""The abnormal-operation list (经营异常名录): every write, one transaction each, audited as
``market.listed`` / ``market.taken_off``, under the 企业经营异常名录管理暂行办法 (2014); the
enterprise is told each time.

- On 1 July (``list_non_filers``, run daily by ``onewindow list-non-filers``; it lists each
  enterprise once) every enterprise in business that did not file the report on last year is
  listed by its district's market-supervision bureau (企业信息公示暂行条例 Art. 17), in one
  set-based statement, so a million enterprises take seconds.
- A published inspection that could not reach the enterprise at its registered address lists
  it (企业经营异常名录管理暂行办法 Art. 4 (四), 9).
- Filing the report takes the enterprise off (Art. 11); so does a head's finding that it can
  be reached again (Art. 13).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, User
from onewindow.core import audit
from onewindow.market import authority, credit_messages
from onewindow.market.credit_models import (
    BASIS,
    BASIS_EN,
    AnnualReport,
    ListEntry,
    ListKind,
    ListReason,
    Removal,
)
from onewindow.registry.models import EntityStatus, LegalEntity

CITY_BUREAU = "440100-SCJG"


def _link() -> str:
    try:
        return reverse("portal:annual-reports")
    except NoReverseMatch:
        return ""


def tell(entries, kind: str) -> int:
    """Tell each entry's enterprise accounts of its listing or removal (``kind``)."""
    from onewindow.notifications import services as notifications

    entries = list(entries)
    users = {}
    for user_id, uscc in User.objects.filter(
        kind=User.Kind.ENTERPRISE, uscc__in=[e.entity.uscc for e in entries]
    ).values_list("pk", "uscc"):
        users.setdefault(uscc, []).append(user_id)
    notices = []
    for entry in entries:
        params = {
            "entity": entry.entity.name,
            "day": (entry.removed_on or entry.listed_on).isoformat(),
            "reason": entry.get_reason_display(),
            "basis": entry.basis,
            "removal": entry.get_removal_display(),
            "until": entry.ends_on.isoformat() if entry.ends_on else "",
        }
        notices += [
            notifications.Notice(user_id, kind, params, _link())
            for user_id in users.get(entry.entity.uscc, [])
        ]
    return notifications.notify_many(notices)


def _analyze(cursor, table: str) -> None:
    """PostgreSQL plans the NOT EXISTS on the list from its statistics; after a large listing
    they say the table is empty until autovacuum comes by, and an anti join planned for an
    empty table costs seconds on a full one."""
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {table}")


@transaction.atomic
def list_non_filers(year: int, *, today: date | None = None) -> int:
    """List every enterprise in business, established by the end of ``year``, that has not
    filed its report on ``year``, from 1 July of the next year (Art. 17); the count listed."""
    today = today or timezone.localdate()
    listed_on = date(year + 1, 7, 1)
    if today < listed_on:
        raise ValidationError(
            {"year": _("Enterprises are listed for the report on %(year)d from 1 July %(next)d.")
             % {"year": year, "next": year + 1}}
        )  # fmt: skip
    city = Department.objects.get(code=CITY_BUREAU).pk
    entry, entity, report = ListEntry._meta, LegalEntity._meta, AnnualReport._meta
    department = Department._meta.db_table
    types = list(authority.ENTERPRISE_TYPES)
    before = ListEntry.objects.count()
    with connection.cursor() as cursor:
        _analyze(cursor, entry.db_table)  # a plan on fresh counts: last run's rows may be new
        cursor.execute(
            f"""
            INSERT INTO {entry.db_table} (entity_id, kind, reason, year, basis, basis_en,
                department_id, listed_on, removal, removal_note, grounds)
            SELECT e.id, %s, %s, %s, %s, %s,
                COALESCE((SELECT d.id FROM {department} d
                          WHERE d.code = e.division_id || '-SCJG'), %s),
                %s, '', '', ''
            FROM {entity.db_table} e
            WHERE e.status = %s
              AND e.entity_type IN ({", ".join(["%s"] * len(types))})
              AND e.established_on <= %s
              AND NOT EXISTS (SELECT 1 FROM {report.db_table} r
                              WHERE r.entity_id = e.id AND r.year = %s)
              AND NOT EXISTS (SELECT 1 FROM {entry.db_table} l
                              WHERE l.entity_id = e.id AND l.kind = %s AND l.reason = %s
                                AND l.removed_on IS NULL)
            """,  # noqa: S608 - table names from the models' metadata, values as parameters
            [
                ListKind.ABNORMAL, ListReason.NO_REPORT, year,
                BASIS[ListReason.NO_REPORT], BASIS_EN[ListReason.NO_REPORT],
                city, listed_on, EntityStatus.ACTIVE, *types, date(year, 12, 31), year,
                ListKind.ABNORMAL, ListReason.NO_REPORT,
            ],
        )  # fmt: skip
    count = ListEntry.objects.count() - before
    if count:
        with connection.cursor() as cursor:
            _analyze(cursor, entry.db_table)
    if count:
        listed = ListEntry.objects.filter(
            reason=ListReason.NO_REPORT, year=year, listed_on=listed_on, removed_on=None,
            entity__uscc__in=User.objects.filter(kind=User.Kind.ENTERPRISE).exclude(uscc="")
            .values("uscc"),
        ).select_related("entity")  # fmt: skip
        tell(listed, credit_messages.LISTED)
    audit.record(
        "market.non_filers_listed",
        object_type="abnormal_list",
        object_id=str(year),
        data={"year": year, "listed": count, "on": today.isoformat()},
    )
    return count


def take_off_filed(entity: LegalEntity, year: int, *, actor, day: date) -> int:
    """Inside ``reports.file``: the entry for the year now filed is taken off (Art. 11)."""
    entries = list(
        ListEntry.objects.select_for_update()
        .select_related("entity")
        .filter(entity=entity, reason=ListReason.NO_REPORT, year=year, removed_on=None)
    )
    for entry in entries:
        entry.removed_on, entry.removal, entry.removed_by = day, Removal.FILED, actor
        entry.save(update_fields=["removed_on", "removal", "removed_by"])
        audit.record(
            "market.taken_off",
            object_type="list_entry",
            object_id=entry.pk,
            actor=actor,
            data={"removal": Removal.FILED, "year": year},
        )
    tell(entries, credit_messages.REMOVED)
    return len(entries)


def list_unreachable(inspection, *, actor, day: date) -> ListEntry | None:
    """Inside ``inspections.publish``: an enterprise the inspection could not reach at its
    registered address is listed by the plan's department (Art. 4 (四)), once."""
    entity = inspection.target.entity
    if ListEntry.objects.filter(
        entity=entity, kind=ListKind.ABNORMAL, reason=ListReason.UNREACHABLE, removed_on=None
    ).exists():
        return None
    entry = ListEntry.objects.create(
        entity=entity,
        kind=ListKind.ABNORMAL,
        reason=ListReason.UNREACHABLE,
        basis=BASIS[ListReason.UNREACHABLE],
        basis_en=BASIS_EN[ListReason.UNREACHABLE],
        department=inspection.plan.department,
        listed_on=day,
        listed_by=actor,
        inspection=inspection,
    )
    audit.record(
        "market.listed",
        object_type="list_entry",
        object_id=entry.pk,
        actor=actor,
        data={"reason": ListReason.UNREACHABLE, "inspection": inspection.reference},
    )
    tell([entry], credit_messages.LISTED)
    return entry


def may_decide(user, entry: ListEntry) -> bool:
    return entry.department_id in authority.plans_for(user)


@transaction.atomic
def take_off_reached(entry: ListEntry, *, actor, note: str) -> ListEntry:
    """A head of the listing department finds the enterprise reachable at its registered
    address again (a visit, or a new address registered) and takes it off (Art. 13)."""
    entry = ListEntry.objects.select_for_update().select_related("entity").get(pk=entry.pk)
    if not (
        entry.removed_on is None
        and entry.reason == ListReason.UNREACHABLE
        and may_decide(actor, entry)
    ):
        raise PermissionDenied(_("You may not take this enterprise off the list."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say how the enterprise was reached.")})
    entry.removed_on = timezone.localdate()
    entry.removal, entry.removed_by = Removal.REACHED, actor
    entry.removal_note = note[:300]
    entry.save(update_fields=["removed_on", "removal", "removed_by", "removal_note"])
    audit.record(
        "market.taken_off",
        object_type="list_entry",
        object_id=entry.pk,
        actor=actor,
        data={"removal": Removal.REACHED, "note": note[:300]},
    )
    tell([entry], credit_messages.REMOVED)
    return entry


def entries_for(user):
    """The entries of the departments whose lists ``user`` keeps (heads), open first."""
    departments = authority.plans_for(user)
    return (
        ListEntry.objects.filter(department_id__in=departments)
        .select_related("entity", "department", "inspection__plan")
        .order_by(F("removed_on").asc(nulls_first=True), "-listed_on", "-pk")
    )


def entries_of(entity: LegalEntity):
    return (
        ListEntry.objects.filter(entity=entity)
        .select_related("department")
        .order_by("-listed_on", "-pk")
    )
