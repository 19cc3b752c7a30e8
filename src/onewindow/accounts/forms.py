"""Sign-in: username and password, plus a TOTP code for officials outside dev mode."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp import match_token

from onewindow.accounts.middleware import needs_second_factor


class SignInForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    otp_token = forms.CharField(
        label=_("Verification code"),
        required=False,
        max_length=8,
        help_text=_("Officials: the 6-digit code shown by your authenticator app."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    error_messages = {
        "invalid": _(
            "The username, password or verification code is wrong. "
            "Accounts are locked for 30 minutes after five failed attempts."
        ),
        "inactive": _("This account is disabled."),
    }

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        self.device = None
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def clean(self):
        cleaned = super().clean()
        username, password = cleaned.get("username"), cleaned.get("password")
        if not username or not password:
            return cleaned
        user = authenticate(self.request, username=username, password=password)
        if user is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not user.is_active:
            raise forms.ValidationError(self.error_messages["inactive"], code="inactive")
        if needs_second_factor(user):
            device = match_token(user, (cleaned.get("otp_token") or "").strip())
            if device is None:
                # A wrong or missing code counts as a failed login for the lockout.
                user_login_failed.send(
                    sender=__name__, credentials={"username": username}, request=self.request
                )
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            self.device = device
        self.user = user
        return cleaned
