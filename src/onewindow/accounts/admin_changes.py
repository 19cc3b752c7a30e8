"""The two-person rule for an official's credentials: a password reset or a new TOTP device.

One security administrator asks (``request_change``), a second one approves (``approve``) or
rejects; the requester, the approver and the official are three different people. Approval
applies the change: a one-time temporary password, or a new authenticator device replacing
the old ones. The secret is returned once to the approver, who hands it to the official in
person; it is never stored in clear. ``credential_change_approved`` is sent in the same
transaction so that the notifications app (a layer above this one) tells the official.
"""

from __future__ import annotations

import secrets
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts import duties
from onewindow.accounts.models import CredentialChangeRequest, User
from onewindow.core import audit

Kind = CredentialChangeRequest.Kind
State = CredentialChangeRequest.State

#: Sent inside the approving transaction with ``change_request``; receivers notify the official.
credential_change_approved = Signal()

# Letters and digits without look-alikes (0/O, 1/l/I), read out or written down.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class Applied(NamedTuple):
    change_request: CredentialChangeRequest
    secret: str  # the temporary password, or the new device's otpauth:// URI


def _require_security_administrator(user: User) -> None:
    if not duties.holds(user, duties.SECURITY):
        raise PermissionDenied(_("Only a security administrator may do this."))


@transaction.atomic
def request_change(
    *, target: User, kind: str, reason: str, requested_by: User
) -> CredentialChangeRequest:
    """A security administrator asks for an official's password reset or device change."""
    _require_security_administrator(requested_by)
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["kind"] = [_("Choose a password reset or a device change.")]
    if not target.is_official:
        errors.setdefault("target", []).append(
            _("Only officials' credentials are changed this way.")
        )
    if target.pk == requested_by.pk:
        errors.setdefault("target", []).append(
            _("Change your own password or device yourself; nobody asks for it on your behalf.")
        )
    if not (reason or "").strip():
        errors["reason"] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            change = CredentialChangeRequest.objects.create(
                target=target, kind=kind, reason=reason.strip(), requested_by=requested_by
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"target": [_("A request of this kind for this official is already waiting.")]},
            code="duplicate",
        ) from exc
    audit.record(
        "account.credential_change_requested",
        object_type="user",
        object_id=target.pk,
        actor=requested_by,
        data={"request": change.pk, "kind": kind, "reason": change.reason},
    )
    return change


def _pending(change_request: CredentialChangeRequest, decider: User) -> CredentialChangeRequest:
    """The request locked for the decision, after checking who decides."""
    _require_security_administrator(decider)
    change = CredentialChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if change.state != State.PENDING:
        raise ValidationError(
            {"state": [_("This request was already decided.")]}, code="already_decided"
        )
    if decider.pk == change.requested_by_id:
        raise PermissionDenied(
            _("A second security administrator must approve: not the one who asked.")
        )
    if decider.pk == change.target_id:
        raise PermissionDenied(_("Nobody decides on a change of their own credentials."))
    return change


def _temporary_password() -> str:
    groups = ["".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4)]
    return "-".join(groups)


@transaction.atomic
def approve(*, change_request: CredentialChangeRequest, approver: User) -> Applied:
    """A second security administrator approves: the change is applied and the official told."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    change = _pending(change_request, approver)
    target = change.target
    if change.kind == Kind.PASSWORD_RESET:
        secret = _temporary_password()
        target.set_password(secret)
        target.save(update_fields=["password"])
        applied = {"kind": change.kind}
    else:
        removed = TOTPDevice.objects.filter(user=target).delete()[0]
        device = TOTPDevice.objects.create(user=target, name="authenticator", confirmed=True)
        secret = device.config_url
        applied = {"kind": change.kind, "devices_removed": removed}
    change.state = State.APPROVED
    change.decided_by = approver
    change.decided_at = timezone.now()
    change.save(update_fields=["state", "decided_by", "decided_at"])
    audit.record(
        "account.credential_change_approved",
        object_type="user",
        object_id=target.pk,
        actor=approver,
        data={"request": change.pk, "requested_by": change.requested_by.username, **applied},
    )
    credential_change_approved.send(sender=CredentialChangeRequest, change_request=change)
    return Applied(change, secret)


@transaction.atomic
def reject(*, change_request: CredentialChangeRequest, approver: User) -> CredentialChangeRequest:
    """A second security administrator turns the request down; nothing changes."""
    change = _pending(change_request, approver)
    change.state = State.REJECTED
    change.decided_by = approver
    change.decided_at = timezone.now()
    change.save(update_fields=["state", "decided_by", "decided_at"])
    audit.record(
        "account.credential_change_rejected",
        object_type="user",
        object_id=change.target_id,
        actor=approver,
        data={"request": change.pk, "kind": change.kind},
    )
    return change
