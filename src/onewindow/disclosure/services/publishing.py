"""Writes of proactive disclosure (主动公开): draft → confidentiality review (保密审查) → approval
and publication with an index number (索引号) → repeal, expiry or amendment. Never a delete.

Each function is one transaction: the document's change, its history row, an audit entry and
its Art. 26 clock in the ledger (``disclosure.ledger``) commit together or not at all. Who may
do what in which state is ``disclosure.authority.ACTIONS``; a document the actor may not see is
``DocumentNotFound``, a wrong role ``PermissionDenied``, bad input or a wrong state a
``ValidationError`` naming the field, and a version older than the stored one
``StaleDocument`` (two reviewers cannot both act on the same version).
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department
from onewindow.core import audit
from onewindow.core import services as core_services
from onewindow.disclosure import authority, ledger, privacy, search
from onewindow.disclosure.errors import DocumentNotFound, StaleDocument
from onewindow.disclosure.models import (
    Document,
    DocumentAction,
    DocumentEvent,
    DocumentStatus,
    IndexSequence,
    Validity,
)
from onewindow.disclosure.services.fields import DRAFT_FIELDS, clean_date, clean_fields, clean_text
from onewindow.disclosure.vocab import DocumentForm

TEXT_FIELDS = privacy.TEXT_FIELDS


def _change(function):
    """One transaction whose audit entries are chained at its end."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with transaction.atomic(), audit.deferred():
            return function(*args, **kwargs)

    return wrapper


# --- helpers ---------------------------------------------------------------------------------


def _agency_for(actor, agency) -> Department:
    """The agency the officer drafts for: the one named, or the only one where they draft."""
    mine = authority.agencies_of(actor, (authority.OFFICER,))
    if not mine:
        raise PermissionDenied(_("Only a disclosure officer drafts documents to disclose."))
    if agency in (None, ""):
        if len(mine) > 1:
            raise ValidationError({"agency": _("Choose the agency you draft for.")})
        return Department.objects.get(pk=next(iter(mine)))
    found = (
        agency
        if isinstance(agency, Department)
        else Department.objects.filter(code=str(agency)).first()
    )
    if found is None or found.pk not in mine:
        raise ValidationError({"agency": _("You draft only for the agencies where you serve.")})
    return found


def _claim(pk, actor, action: str, version) -> Document:
    """The document, if ``actor`` may take ``action`` on its ``version`` now; its version is
    moved on by one conditional UPDATE, so of two people acting on the same version only the
    first gets through (on every database)."""
    document = Document.objects.select_related("agency", "agency__division").filter(pk=pk).first()
    if document is None:
        raise DocumentNotFound(pk)
    roles = authority.roles_at(actor, document.agency_id)
    if not roles:  # not told apart from a document that does not exist
        raise DocumentNotFound(pk)
    try:
        expected = int(version)
    except (TypeError, ValueError):
        raise ValidationError({"version": _("Give the version of the document you saw.")}) from None
    if expected != document.version:  # someone acted since: say so before judging the state
        raise StaleDocument(pk, expected, document.version)
    if not authority.may_take(action, actor, document, roles):
        statuses, allowed = authority.ACTIONS[action]
        if roles & set(allowed) and action == "review" and document.status in statuses:
            raise PermissionDenied(
                _("The confidentiality review is done by someone other than the drafter.")
            )
        if not roles & set(allowed):
            raise PermissionDenied(_("Your role does not take this step."))
        raise ValidationError(
            {
                "status": _("The document is %(status)s: this cannot be done now.")
                % {"status": _status_text(document)}
            }
        )
    moved = Document.objects.filter(pk=pk, version=expected).update(version=F("version") + 1)
    if not moved:
        current = Document.objects.filter(pk=pk).values_list("version", flat=True).first()
        raise StaleDocument(pk, expected, current or 0)
    document.version = expected + 1
    return document


def _status_text(document: Document) -> str:
    if document.status == DocumentStatus.PUBLISHED and document.validity != Validity.IN_FORCE:
        return str(document.get_validity_display())
    return str(document.get_status_display())


# The steps after which the public search must read the document anew (its row holds the
# validity and the publication date it filters and orders by).
SEARCHED_STEPS = {
    DocumentAction.PUBLISHED, DocumentAction.HARVESTED, DocumentAction.REPEALED,
    DocumentAction.EXPIRED, DocumentAction.AMENDED,
}  # fmt: skip


def _event(document, action, actor, at, *, note="", masked=0) -> DocumentEvent:
    if action in SEARCHED_STEPS:
        search.index_document(document)
    return DocumentEvent.objects.create(
        document=document,
        at=at,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        note=note,
        masked=masked,
    )


def _audit(action: str, document: Document, actor, **data) -> None:
    audit.record(
        f"disclosure.{action}",
        object_type="disclosure_document",
        object_id=document.pk,
        actor=actor,
        data={
            "status": document.status,
            "validity": document.validity,
            "index_number": document.index_number or "",
            **data,
        },
    )


def _index_number(agency: Department, year: int) -> str:
    """索引号 ``<agency code>/<year>-<5-digit sequence>``, consecutive per agency and year: the
    year's counter row is locked until the publication commits (``core.services.take_next``)."""
    n = core_services.take_next(IndexSequence, agency=agency, year=year)
    return f"{agency.code}/{year}-{n:05d}"


def _apply_masks(document: Document, findings: list[privacy.Finding]) -> None:
    for field in TEXT_FIELDS:
        mine = [f for f in findings if f.field == field]
        if mine:
            setattr(document, field, privacy.mask(getattr(document, field), mine))
    document.masks = [*document.masks, *(f.as_dict() for f in findings)]


def _masks(document: Document, masks, extra) -> list[privacy.Finding]:
    """The spans the reviewer confirms: ``masks`` (None: every finding) plus every occurrence
    of the strings in ``extra``; a span outside its text or of no known kind is refused."""
    if masks is None:
        chosen = privacy.detect_fields(document)
    else:
        chosen = []
        for item in masks:
            try:
                finding = (
                    item
                    if isinstance(item, privacy.Finding)
                    else privacy.Finding.from_dict(dict(item))
                )
            except (KeyError, TypeError, ValueError):
                raise ValidationError(
                    {"masks": _("A mask names a field, a start and an end.")}
                ) from None
            text = getattr(document, finding.field, None) if finding.field in TEXT_FIELDS else None
            if (
                text is None
                or finding.kind not in privacy.Kind.values
                or not 0 <= finding.start < finding.end <= len(text)
            ):
                raise ValidationError({"masks": _("A mask lies outside the document's text.")})
            chosen.append(finding)
    if isinstance(extra, str):
        extra = [line for line in extra.replace("，", "\n").replace(",", "\n").splitlines()]
    for field in TEXT_FIELDS:
        chosen += privacy.mask_strings(getattr(document, field), list(extra or ()), field)
    return sorted(set(chosen))


# --- the workflow ----------------------------------------------------------------------------


@_change
def create_draft(*, actor, agency=None, now: datetime | None = None, **data) -> Document:
    """A disclosure officer drafts a document; its Art. 26 clock starts from ``formed_on``."""
    now = now or timezone.now()
    where = _agency_for(actor, agency)
    document = Document.objects.create(
        agency=where, status=DocumentStatus.DRAFT, created_by=actor, **clean_fields(data)
    )
    document.agency = where
    _event(document, DocumentAction.DRAFTED, actor, now)
    _audit("drafted", document, actor, category=document.category)
    ledger.track(document, handler=actor)
    return document


@_change
def update_draft(*, pk, actor, version, now: datetime | None = None, **data) -> Document:
    """The drafter's agency's officer edits a draft or a returned document."""
    now = now or timezone.now()
    document = _claim(pk, actor, "edit", version)
    current = {name: getattr(document, name) for name in DRAFT_FIELDS}
    clean = clean_fields({**current, **data})
    changed = [name for name, value in clean.items() if current[name] != value]
    for name, value in clean.items():
        setattr(document, name, value)
    document.save(update_fields=[*clean, "updated_at"])
    _event(document, DocumentAction.EDITED, actor, now)
    _audit("edited", document, actor, fields=changed)
    if "formed_on" in changed or "title" in changed or "title_en" in changed:
        ledger.track(document)
    return document


@_change
def submit_for_review(*, pk, actor, version, now: datetime | None = None) -> Document:
    now = now or timezone.now()
    document = _claim(pk, actor, "submit", version)
    document.status = DocumentStatus.REVIEW
    document.save(update_fields=["status", "updated_at"])
    found = len(privacy.detect_fields(document))
    _event(document, DocumentAction.SUBMITTED, actor, now)
    _audit("submitted", document, actor, findings=found)
    return document


@_change
def review(
    *,
    pk,
    actor,
    version,
    passed: bool,
    masks=None,
    extra=(),
    note: str = "",
    now: datetime | None = None,
) -> Document:
    """保密审查 by a confidentiality reviewer who did not draft the document (Art. 17).

    Passed: the personal data confirmed (``masks``: the findings kept, None for all of them;
    ``extra``: strings to mask besides) is masked in the text for good, and the head of the
    office approves next. Returned: the drafter gets it back with the reviewer's ``note``.
    Art. 15: personal information whose disclosure would harm its owner is not disclosed.
    """
    now = now or timezone.now()
    document = _claim(pk, actor, "review", version)
    note = clean_text(note, "note", required=not passed)
    document.reviewed_by = actor
    if passed:
        confirmed = _masks(document, masks, extra)
        _apply_masks(document, confirmed)
        document.status = DocumentStatus.APPROVAL
        document.save(update_fields=[*TEXT_FIELDS, "masks", "status", "reviewed_by", "updated_at"])
        _event(document, DocumentAction.REVIEW_PASSED, actor, now, note=note, masked=len(confirmed))
        _audit(
            "review_passed", document, actor, masked=sorted({f.kind for f in confirmed}),
            count=len(confirmed),
        )  # fmt: skip
    else:
        document.status = DocumentStatus.RETURNED
        document.save(update_fields=["status", "reviewed_by", "updated_at"])
        _event(document, DocumentAction.REVIEW_RETURNED, actor, now, note=note)
        _audit("review_returned", document, actor)
    return document


def _publish(document: Document, actor, now: datetime) -> None:
    document.index_number = _index_number(document.agency, timezone.localdate(now).year)
    document.status = DocumentStatus.PUBLISHED
    document.published_at = now
    ledger.close(document, now)  # Art. 26: the clock stops at publication, on time or late


@_change
def approve_and_publish(*, pk, actor, version, note="", now: datetime | None = None) -> Document:
    """The head of the disclosure office approves; the document is published with the next
    index number of its agency and year."""
    now = now or timezone.now()
    document = _claim(pk, actor, "approve", version)
    document.approved_by = actor
    _publish(document, actor, now)
    document.save(
        update_fields=["index_number", "status", "published_at", "approved_by", "updated_at"]
    )
    _event(document, DocumentAction.PUBLISHED, actor, now, note=clean_text(note, "note"))
    _audit("published", document, actor)
    return document


@_change
def return_to_drafter(*, pk, actor, version, note, now: datetime | None = None) -> Document:
    """The head sends the document back to the drafter, with the reason."""
    now = now or timezone.now()
    document = _claim(pk, actor, "return", version)
    note = clean_text(note, "note", required=True)
    document.status = DocumentStatus.RETURNED
    document.save(update_fields=["status", "updated_at"])
    _event(document, DocumentAction.RETURNED, actor, now, note=note)
    _audit("returned", document, actor)
    return document


def _replacement(document: Document, replaced_by, *, required: bool) -> Document | None:
    if replaced_by in (None, ""):
        if required:
            raise ValidationError({"replaced_by": _("Name the document that replaces it.")})
        return None
    key = getattr(replaced_by, "pk", replaced_by)
    query = Document.objects.filter(status=DocumentStatus.PUBLISHED, agency=document.agency)
    found = (
        query.filter(pk=int(key)).first()
        if str(key).isdigit()
        else query.filter(index_number=str(key).strip()).first()
    )
    if found is None or found.pk == document.pk:
        raise ValidationError({"replaced_by": _("Name another published document of this agency.")})
    return found


def _end(action, validity, event, *, pk, actor, version, ended_on, replaced_by, note, now, needs):
    now = now or timezone.now()
    document = _claim(pk, actor, action, version)
    ended = clean_date(ended_on, "ended_on", required=True)
    if document.valid_from and ended < document.valid_from:
        raise ValidationError({"ended_on": _("It cannot end before it took effect.")})
    replacement = _replacement(document, replaced_by, required=needs)
    document.validity = validity
    document.ended_on = ended
    document.replaced_by = replacement
    document.save(update_fields=["validity", "ended_on", "replaced_by", "updated_at"])
    text = clean_text(note, "note")
    if replacement is not None:
        text = " ".join(filter(None, [text, f"→ {replacement.index_number}"]))
    _event(document, event, actor, now, note=text)
    _audit(
        action + ("d" if action.endswith("e") else "ed"),
        document,
        actor,
        ended_on=str(ended),
        replaced_by=replacement.index_number if replacement else "",
    )
    return document


@_change
def repeal(
    *, pk, actor, version, ended_on, replaced_by=None, note="", now: datetime | None = None
) -> Document:
    """废止: the document stays published, marked repealed on ``ended_on``, with the document
    that replaces it if any. Nothing published is ever deleted."""
    return _end(
        "repeal", Validity.REPEALED, DocumentAction.REPEALED, pk=pk, actor=actor,
        version=version, ended_on=ended_on, replaced_by=replaced_by, note=note, now=now,
        needs=False,
    )  # fmt: skip


@_change
def expire(*, pk, actor, version, ended_on, note="", now: datetime | None = None) -> Document:
    """失效: the document's term is over (it stays published, marked expired)."""
    return _end(
        "expire", Validity.EXPIRED, DocumentAction.EXPIRED, pk=pk, actor=actor,
        version=version, ended_on=ended_on, replaced_by=None, note=note, now=now, needs=False,
    )  # fmt: skip


@_change
def amend(
    *, pk, actor, version, replaced_by, ended_on, note="", now: datetime | None = None
) -> Document:
    """修改: a published amended version replaces this one, which stays, linked to it."""
    return _end(
        "amend", Validity.AMENDED, DocumentAction.AMENDED, pk=pk, actor=actor,
        version=version, ended_on=ended_on, replaced_by=replaced_by, note=note, now=now,
        needs=True,
    )  # fmt: skip


# --- other modules publish through this ------------------------------------------------------


@_change
def publish_from_module(
    source: str,
    key: str,
    *,
    agency: Department,
    category: str,
    title: str,
    body: str,
    formed_on: date,
    form: str = DocumentForm.OTHER,
    title_en: str = "",
    body_en: str = "",
    number: str = "",
    actor=None,
    now: datetime | None = None,
) -> tuple[Document, bool]:
    """Publish what another module produced (a licensing result, a service guide), once per
    (``source``, ``key``): a second call returns the document already published. The text is
    generated, so every personal data finding is masked without a human review; it gets the
    next index number and its Art. 26 clock is recorded and closed. Answers (document, created).
    """
    now = now or timezone.now()
    source, key = clean_text(source, "source", required=True), clean_text(key, "key", required=True)
    existing = Document.objects.filter(source=source, source_key=key).first()
    if existing is not None:
        return existing, False
    clean = clean_fields(
        {
            "category": category, "form": form, "title": title, "title_en": title_en,
            "number": number, "body": body, "body_en": body_en, "formed_on": formed_on,
        }
    )  # fmt: skip
    document = Document(agency=agency, source=source, source_key=key, created_by=None, **clean)
    found = privacy.detect_fields(document)
    _apply_masks(document, found)
    document.save()
    ledger.track(document, handler=None)
    _publish(document, actor, now)
    document.save(update_fields=["index_number", "status", "published_at", "updated_at"])
    _event(document, DocumentAction.HARVESTED, actor, now, note=source, masked=len(found))
    _audit("harvested", document, actor, source=source, key=key, masked=len(found))
    return document, True
