"""Tells an official when their password was reset or their authenticator replaced.

The accounts app sends ``credential_change_approved`` inside the approving transaction; it
cannot call ``notify`` itself (notifications is the layer above accounts).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.admin_changes import credential_change_approved
from onewindow.accounts.models import CredentialChangeRequest
from onewindow.notifications import messages
from onewindow.notifications.services import notify

Kind = CredentialChangeRequest.Kind
KINDS = {
    Kind.PASSWORD_RESET: "account.password_reset",
    Kind.DEVICE_CHANGE: "account.device_changed",
}


def register_notifications() -> None:
    messages.register(
        KINDS[Kind.PASSWORD_RESET],
        title=_("Your password was reset"),
        body=_(
            "Security administrator %(requested_by)s asked for a reset of your password and "
            "%(approved_by)s approved it on %(when)s. You receive a temporary password in "
            "person. If you did not expect this, tell your security officer at once."
        ),
    )
    messages.register(
        KINDS[Kind.DEVICE_CHANGE],
        title=_("Your authenticator device was replaced"),
        body=_(
            "Security administrator %(requested_by)s asked for a new authenticator device for "
            "your account and %(approved_by)s approved it on %(when)s; your old device no "
            "longer works. If you did not expect this, tell your security officer at once."
        ),
    )


def on_credential_change_approved(sender, change_request, **kwargs) -> None:
    notify(
        change_request.target,
        kind=KINDS[change_request.kind],
        params={
            "requested_by": change_request.requested_by.display_name,
            "approved_by": change_request.decided_by.display_name,
            "when": timezone.localtime(change_request.decided_at).strftime("%Y-%m-%d %H:%M"),
        },
    )


def connect() -> None:
    register_notifications()
    credential_change_approved.connect(
        on_credential_change_approved, dispatch_uid="onewindow-credential-change-notice"
    )
