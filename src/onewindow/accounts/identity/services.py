"""Real-name registration, agent authorizations and identity reclaim; each one transaction,
audited. The interfaces prove the phone number with an SMS code around these calls.

``accounts.services.register_citizen``/``register_enterprise`` only create accounts (for the
demo and imports); everything a visitor can reach goes through here, which checks the identity
with the active provider (``registry.active()``) first.
"""

from __future__ import annotations

import logging
import os
import secrets

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts import services as account_services
from onewindow.accounts.identity import registry
from onewindow.accounts.identity.models import (
    AgentAuthorization,
    IdentityReclaim,
    RealNameVerification,
)
from onewindow.accounts.models import Role, RoleAssignment, User
from onewindow.accounts.services import ID_INDEX
from onewindow.core import audit
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import (
    normalize_id_number,
    normalize_uscc,
    validate_id_number,
    validate_uscc,
)
from onewindow.core.models import AuditEntry

logger = logging.getLogger("onewindow.accounts.identity")

TAKEN = "taken"  # the error code that leads a person to the reclaim path
WINDOW_ONLY = "window_only"  # an online reclaim with a provider that cannot prove the person
NATIONAL = "national"  # the provider assurance that proves the person online (see base.py)
IN_PERSON = "in person"  # how a window clerk verified the identity, in the audit entries
ACTIVITY_SHOWN = 500


def _format(errors: dict, field: str, check, value: str) -> None:
    if not value:
        errors.setdefault(field, []).append(_("This field is required."))
        return
    try:
        check(value)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)


def _require(errors: dict, field: str, value: str) -> None:
    if not (value or "").strip():
        errors.setdefault(field, []).append(_("This field is required."))


def _person_errors(real_name: str, id_number: str, *, name_field: str, id_field: str) -> dict:
    """Format, then the provider: one message whichever part differs, so nothing is learnt."""
    errors: dict[str, list] = {}
    _require(errors, name_field, real_name)
    _format(errors, id_field, validate_id_number, id_number)
    if errors:
        return errors
    verdict = registry.active().check_person(real_name.strip(), id_number)
    if not verdict.matched:
        logger.info("Real-name check failed: %s", verdict.reason)
        errors[id_field] = [
            ValidationError(
                _("The name and ID number do not match the population registry."),
                code="mismatch",
            )
        ]
    return errors


def _holder(id_number: str) -> User | None:
    return User.objects.filter(id_number_index=blind_index(ID_INDEX, id_number)).first()


def _taken_error() -> ValidationError:
    return ValidationError(
        _(
            "An account already uses this identity. "
            "If you did not register it, reclaim your identity."
        ),
        code=TAKEN,
    )


def _verified(
    user: User, provider: str, representative_id: str = "", actor: User | None = None
) -> None:
    RealNameVerification.objects.create(
        user=user,
        provider=provider,
        verified_at=timezone.now(),
        representative_index=blind_index(ID_INDEX, representative_id),
    )
    audit.record(
        "account.real_name_verified",
        object_type="user",
        object_id=user.pk,
        actor=actor or user,
        data={"provider": provider, "kind": user.kind}
        | ({"verified": IN_PERSON, "verified_by": actor.pk} if actor else {}),
    )


@transaction.atomic
def register_citizen(
    *, username: str, password: str, real_name: str, id_number: str, phone: str
) -> User:
    """A person whose name and ID number match the population registry opens an account."""
    id_number = normalize_id_number(id_number)
    errors = _person_errors(real_name, id_number, name_field="real_name", id_field="id_number")
    if errors:
        raise ValidationError(errors)
    if _holder(id_number) is not None:
        raise ValidationError({"id_number": [_taken_error()]})
    user = account_services.register_citizen(
        username=username, password=password, real_name=real_name, id_number=id_number, phone=phone
    )
    _verified(user, registry.active().name)
    return user


@transaction.atomic
def register_enterprise(
    *,
    username: str,
    password: str,
    name: str,
    uscc: str,
    phone: str,
    representative_name: str,
    representative_id_number: str,
) -> User:
    """An enterprise's legal representative opens its account (an agent applies instead).

    The credit code and name must match the legal entity registry, and the person registering
    must be the entity's legal representative there.
    """
    provider = registry.active()
    uscc = normalize_uscc(uscc)
    representative_id_number = normalize_id_number(representative_id_number)
    errors = _person_errors(
        representative_name,
        representative_id_number,
        name_field="representative_name",
        id_field="representative_id_number",
    )
    _require(errors, "name", name)
    _format(errors, "uscc", validate_uscc, uscc)
    if "name" not in errors and "uscc" not in errors:
        verdict = provider.check_enterprise(uscc, name.strip())
        if not verdict.matched:
            logger.info("Enterprise check failed: %s", verdict.reason)
            errors["uscc"] = [
                _(
                    "The credit code and name do not match an active entity "
                    "in the legal entity registry."
                )
            ]
    if not errors and not provider.is_legal_representative(uscc, representative_id_number):
        errors["representative_id_number"] = [
            _(
                "You are not this enterprise's legal representative in the registry. "
                "An agent registers as a citizen and then asks the enterprise for authorization."
            )
        ]
    if errors:
        raise ValidationError(errors)
    if User.objects.filter(uscc=uscc).exists():
        raise ValidationError(
            {"uscc": [_("An account is already registered with this credit code.")]}
        )
    user = account_services.register_enterprise(
        username=username, password=password, name=name, uscc=uscc, phone=phone
    )
    _verified(user, provider.name, representative_id_number)
    return user


def _activity(user: User) -> list[dict]:
    """Everything the account did or had done to it, from the audit log, oldest first."""
    label = f"{user.pk}:{user.get_username()}"
    entries = AuditEntry.objects.filter(
        Q(actor=label) | Q(object_type="user", object_id=str(user.pk))
    ).order_by("seq")[:ACTIVITY_SHOWN]
    return [
        {
            "seq": entry.seq,
            "at": entry.created_at.isoformat(),
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
        }
        for entry in entries
    ]


def require_window_clerk(user: User) -> None:
    """Only a window clerk (in any department) checks an ID card at the counter; others 403."""
    if not (
        user.is_authenticated
        and user.is_official
        and user.is_active
        and RoleAssignment.objects.filter(user=user, role=Role.WINDOW_CLERK).exists()
    ):
        raise PermissionDenied(_("Only a window clerk can reclaim an identity at the window."))


def online_reclaim_offered() -> bool:
    """Whether the active provider proves the person (not just the name and number) online."""
    return registry.active().assurance == NATIONAL


@transaction.atomic
def reclaim_identity(
    *,
    username: str,
    real_name: str,
    id_number: str,
    phone: str,
    password: str | None = None,
    verified_by: User | None = None,
    id_card_checked: bool = False,
) -> IdentityReclaim:
    """The true person takes back an identity another account registered.

    The caller has proven the new phone with an SMS code. Knowing a name and an ID number is not
    proof of who one is, so the person is proven either online by a provider of "national"
    assurance (liveness against the ID photo), or in person by a window clerk (``verified_by``)
    who checked the original ID card. The account that held the identity is frozen and loses it,
    its activity is kept on the reclaim, and a new account is bound: with ``password`` online,
    without a usable one at the window (the person signs in by SMS code to the new phone).
    """
    provider = registry.active()
    if verified_by is None:
        if provider.assurance != NATIONAL:
            raise ValidationError({NON_FIELD_ERRORS: [_window_only_error()]})
    else:
        require_window_clerk(verified_by)
        if not id_card_checked:
            raise ValidationError(
                {
                    "id_card_checked": [
                        _("Confirm that you checked the person's original ID card in person.")
                    ]
                }
            )
    # The former "already reclaimed once, go to the window" rule is gone: it only stopped two
    # people who both know the name and number from taking the identity back and forth online
    # with a weak provider, and a weak provider now never reclaims online at all. A national
    # provider proves the person each time, and at the window an official checks the card.
    id_number = normalize_id_number(id_number)
    errors = _person_errors(real_name, id_number, name_field="real_name", id_field="id_number")
    if errors:
        raise ValidationError(errors)
    holder = (
        User.objects.select_for_update()
        .filter(id_number_index=blind_index(ID_INDEX, id_number))
        .first()
    )
    if holder is None:
        raise ValidationError(
            {"id_number": [_("No account uses this identity. Register instead.")]}
        )
    activity = _activity(holder)
    holder.is_active = False
    holder.id_number, holder.id_number_index = "", ""
    holder.save(update_fields=["is_active", "id_number", "id_number_index"])
    how = {"verified": IN_PERSON, "verified_by": verified_by.pk} if verified_by else {}
    audit.record(
        "account.frozen_identity_reclaimed",
        object_type="user",
        object_id=holder.pk,
        actor=verified_by,
        data={"username": holder.username, "actions": len(activity), **how},
    )
    user = account_services.register_citizen(
        username=username,
        password=password,
        real_name=real_name,
        id_number=id_number,
        phone=phone,
        actor=verified_by,
    )
    _verified(user, provider.name, actor=verified_by)
    reclaim = IdentityReclaim.objects.create(
        identity_index=user.id_number_index,
        frozen_user=holder,
        new_user=user,
        provider=provider.name,
        verified_by=verified_by,
        reclaimed_at=timezone.now(),
        activity=activity,
    )
    audit.record(
        "identity.reclaimed",
        object_type="identity_reclaim",
        object_id=reclaim.pk,
        actor=verified_by or user,
        data={
            "frozen_user": holder.pk,
            "new_user": user.pk,
            "provider": provider.name,
            "actions": len(activity),
            **how,
        },
    )
    return reclaim


def _window_only_error() -> ValidationError:
    return ValidationError(
        _(
            "An identity can only be reclaimed at a service hall window, with the original ID "
            "card: knowing a name and an ID number does not prove who you are."
        ),
        code=WINDOW_ONLY,
    )


@transaction.atomic
def request_agent_authorization(
    *, agent: User, uscc: str, name: str, letter_name: str, letter_content: bytes
) -> AgentAuthorization:
    """A verified person asks to act for an enterprise (经办人), with a signed letter.

    The letter has passed the upload checks of the interface; the enterprise's account decides.
    """
    if agent.kind != User.Kind.CITIZEN or not agent.id_number:
        raise ValidationError(
            {"uscc": [_("Only a citizen with a verified identity can act as an agent.")]}
        )
    uscc = normalize_uscc(uscc)
    errors: dict[str, list] = {}
    _require(errors, "name", name)
    _format(errors, "uscc", validate_uscc, uscc)
    if not letter_content:
        errors["letter"] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    verdict = registry.active().check_enterprise(uscc, name.strip())
    enterprise = User.objects.filter(uscc=uscc, kind=User.Kind.ENTERPRISE).first()
    if not verdict.matched or enterprise is None:
        # One answer for "no such entity" and "no account yet": the name must match anyway.
        raise ValidationError(
            {
                "uscc": [
                    _(
                        "No registered enterprise account has this credit code and name. "
                        "Its legal representative must register the enterprise first."
                    )
                ]
            }
        )
    if (
        AgentAuthorization.objects.filter(agent=agent, enterprise=enterprise)
        .exclude(status=AgentAuthorization.Status.REJECTED)
        .exists()
    ):
        raise ValidationError(
            {"uscc": [_("You have already asked this enterprise for authorization.")]}
        )
    authorization = AgentAuthorization(
        agent=agent,
        enterprise=enterprise,
        letter_name=os.path.basename(letter_name)[:200],
        requested_at=timezone.now(),
    )
    authorization.letter.save(
        f"{blind_index('letter', f'{agent.pk}:{uscc}')[:16]}{os.path.splitext(letter_name)[1]}",
        ContentFile(letter_content),
        save=False,
    )
    authorization.save()
    audit.record(
        "agent.authorization_requested",
        object_type="agent_authorization",
        object_id=authorization.pk,
        actor=agent,
        data={"enterprise": enterprise.pk},
    )
    return authorization


@transaction.atomic
def decide_agent_authorization(
    *, enterprise: User, authorization_id: int, confirm: bool
) -> AgentAuthorization:
    """The enterprise confirms or rejects a pending agent; only its own, only once."""
    authorization = (
        AgentAuthorization.objects.select_for_update()
        .filter(pk=authorization_id, enterprise=enterprise)
        .first()
    )
    if authorization is None:
        raise AgentAuthorization.DoesNotExist
    if authorization.status != AgentAuthorization.Status.PENDING:
        raise ValidationError({"decision": [_("This request has already been decided.")]})
    authorization.status = (
        AgentAuthorization.Status.CONFIRMED if confirm else AgentAuthorization.Status.REJECTED
    )
    authorization.decided_at = timezone.now()
    authorization.save(update_fields=["status", "decided_at"])
    audit.record(
        f"agent.authorization_{authorization.status}",
        object_type="agent_authorization",
        object_id=authorization.pk,
        actor=enterprise,
        data={"agent": authorization.agent_id},
    )
    return authorization


@transaction.atomic
def person_at_window(
    *, clerk: User, real_name: str, id_number: str, phone: str
) -> tuple[User, bool]:
    """The person a window clerk identified at the counter from the original ID card.

    The name and ID number are checked with the active provider like a registration. The
    person's own account is returned if there is one (a citizen's, in use); otherwise a citizen
    account is bound to the verified identity without a password: the person signs in with an
    SMS code to ``phone``, as after a reclaim at the window. Returns (user, created).
    """
    require_window_clerk(clerk)
    id_number = normalize_id_number(id_number)
    errors = _person_errors(real_name, id_number, name_field="real_name", id_field="id_number")
    if errors:
        raise ValidationError(errors)
    holder = _holder(id_number)
    if holder is not None:
        if holder.kind != User.Kind.CITIZEN or not holder.is_active:
            raise ValidationError(
                {"id_number": [_("The account bound to this identity cannot apply; see it first.")]}
            )
        return holder, False
    errors = {}
    _require(errors, "phone", phone)
    if errors:
        raise ValidationError(errors)
    user = account_services.register_citizen(
        username=f"w{secrets.token_hex(6)}",
        password=None,
        real_name=real_name,
        id_number=id_number,
        phone=phone,
        actor=clerk,
    )
    _verified(user, registry.active().name, actor=clerk)
    return user, True
