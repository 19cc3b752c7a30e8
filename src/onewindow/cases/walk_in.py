"""Walk-in intake at the central window (无差别综合窗口): a clerk files an application for the
person at the counter, on behalf of the department that decides it.

The person is identified from the original ID card (``accounts.identity.person_at_window``:
their account, or a new one bound to the verified identity), gives their consent to the clerk
filing with their identity, and follows the case online afterwards: the case is theirs, they
get the usual "received" notification with its number, and it is on their "my cases" page.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.identity import services as identity_services
from onewindow.accounts.models import User
from onewindow.cases import engine, selectors, services
from onewindow.cases.models import Case, WindowIntake
from onewindow.core import audit
from onewindow.core.identifiers import normalize_id_number, validate_id_number

CONSENT_PURPOSE = "walk-in application at the central window"
CONSENT_STATEMENT = gettext_lazy(
    "I agree that the window clerk files this application in my name with my identity, the "
    "form and the materials I hand over, and that the departments handling it use them for "
    "this application only. I follow the application online in my account."
)


def consent_statement() -> str:
    """The statement the person reads before consenting, in the language shown."""
    return str(CONSENT_STATEMENT)


def _checked(real_name: str, id_number: str, consent: bool) -> dict[str, list[str]]:
    """Everything wrong with the counter's own fields, named by field, before anything runs."""
    errors: dict[str, list[str]] = {}
    if not consent:
        errors["consent"] = [_("The person's consent is required before filing for them.")]
    if not (real_name or "").strip():
        errors["real_name"] = [_("This field is required.")]
    if not (id_number or "").strip():
        errors["id_number"] = [_("This field is required.")]
    else:
        try:
            validate_id_number(normalize_id_number(id_number))
        except ValidationError as exc:
            errors["id_number"] = exc.messages
    return errors


def start_walk_in(
    *,
    clerk: User,
    instance_id: int,
    real_name: str,
    id_number: str,
    phone: str = "",
    consent: bool,
    form: dict,
    uploads: dict[str, tuple[str, bytes]] | None = None,
    idempotency_key: str = "",
) -> Case:
    """File the application of the person at the counter; one transaction, audited.

    Only a window clerk of the service centre that the item instance names may do it (the
    centre is authorized for exactly the items whose published instances name it).
    """
    instance = selectors.window_instances(clerk).filter(pk=instance_id).first()
    if instance is None:
        raise PermissionDenied(
            _("Your service centre is not authorized to take applications for this service.")
        )
    errors = _checked(real_name, id_number, consent)
    if errors:
        raise ValidationError(errors)
    statement = consent_statement()
    with engine.change():
        person, created = identity_services.person_at_window(
            clerk=clerk, real_name=real_name, id_number=id_number, phone=phone
        )
        case = services.submit(
            applicant=person,
            item_code=instance.item.code,
            form=form,
            uploads=uploads,
            idempotency_key=idempotency_key,
            place=instance.division_id,  # routed to this centre's instance (实施清单)
        )
        if WindowIntake.objects.filter(case=case).exists():
            return case  # the same request sent twice: the case it already filed
        if case.instance_id != instance.pk:
            Case.objects.filter(pk=case.pk).update(instance=instance)
            case.instance = instance
        now = timezone.now()
        WindowIntake.objects.create(
            case=case,
            division_code=case.division_code,
            person=person,
            clerk=clerk,
            centre=instance.service_centre,
            instance=instance,
            account_created=created,
            consent_purpose=CONSENT_PURPOSE,
            consent_statement=statement,
            consented_at=now,
        )
        step = engine.Step(case=case, actor=clerk, now=now)
        engine.event(
            step,
            "window_intake",
            by=instance.service_centre,
            window=instance.service_centre.name,
        )
        audit.record(
            "case.window_consent",
            object_type="case",
            object_id=case.number,
            actor=clerk,
            data={
                "person": person.pk,
                "centre": instance.service_centre.code,
                "purpose": CONSENT_PURPOSE,
                "statement": statement,
                "consented_at": now.isoformat(),
            },
        )
        audit.record(
            "case.window_intake",
            object_type="case",
            object_id=case.number,
            actor=clerk,
            data={
                "channel": "window",
                "centre": instance.service_centre.code,
                "department": instance.department.code,
                "instance": instance.pk,
                "person": person.pk,
                "account_created": created,
            },
        )
    return case
