"""A draft document's Art. 26 clock in the e-supervision ledger (kind "disclosure-document").

政府信息公开条例 Art. 26: information to be disclosed proactively is disclosed within 20 working
days of its forming or change. The clock starts on ``formed_on`` (the day itself not counted,
as ``core.clock`` counts every limit) and the matter closes at publication, on time or late;
the ledger's sweep gives the yellow and red cards.
"""

from __future__ import annotations

from datetime import datetime, time

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from onewindow.disclosure.models import Document
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Matter, Unit

KIND = "disclosure-document"
STAGE = "publishing"
LIMIT = 20  # Art. 26: 20 working days


def register_kind() -> None:
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "Document to disclose"),
        stages={STAGE: pgettext_lazy("stage of a supervised document", "Publishing")},
    )


def key_of(document: Document) -> str:
    return str(document.pk)


def _link(document: Document) -> str:
    try:
        return reverse("workbench:disclosure-document", args=[document.pk])
    except NoReverseMatch:
        return ""


def started_at(document: Document) -> datetime:
    return timezone.make_aware(datetime.combine(document.formed_on, time.min))


def track(document: Document, handler=supervision.KEEP) -> None:
    """Register the document's clock, or move it when ``formed_on`` changed."""
    supervision.track(
        kind=KIND,
        key=key_of(document),
        title=document.title,
        title_en=document.title_en,
        department=document.agency_id,
        division_code=document.agency.division.code if document.agency.division_id else "",
        started_at=started_at(document),
        unit=Unit.WORKING_DAYS,
        limit=LIMIT,
        stage=STAGE,
        link=_link(document),
        handler=handler,
    )


def close(document: Document, at: datetime) -> None:
    supervision.close(kind=KIND, key=key_of(document), at=at)


def row(document: Document) -> Matter | None:
    return Matter.objects.filter(kind=KIND, key=key_of(document)).first()
