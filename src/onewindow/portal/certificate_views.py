"""The holder's certificate wallet (证照库) and the public verification page."""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from onewindow.certificates import codes, presentation, selectors, verification

NUMBER_MAX = 40


class NumberForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Certificate number"), max_length=NUMBER_MAX)
    code = forms.CharField(
        label=pgettext_lazy("certificate", "Verification code"),
        help_text=gettext_lazy(
            "Printed next to the number on the certificate, e.g. K7P2Q-XM9RT; "
            "the QR code carries it too."
        ),
        max_length=codes.LENGTH * 2,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={
            "required": gettext_lazy("Enter the verification code printed next to the number.")
        },
    )

    def clean_code(self):
        """The shape only, so a typo is caught here; whether it fits the number, only the
        verdict says."""
        code = codes.normalize(self.cleaned_data["code"])
        if len(code) != codes.LENGTH or any(c not in codes.ALPHABET for c in code):
            raise forms.ValidationError(
                _("A verification code is %(n)d letters and digits, e.g. K7P2Q-XM9RT.")
                % {"n": codes.LENGTH}
            )
        return code


class SignedForm(forms.Form):
    signed = forms.CharField(
        label=gettext_lazy("Signed certificate data (the downloaded JSON file's content)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
    )

    def clean_signed(self):
        try:
            return json.loads(self.cleaned_data["signed"])
        except ValueError:
            raise forms.ValidationError(
                _("This is not JSON: paste the whole downloaded file.")
            ) from None


@login_required
def wallet(request):
    rows = [
        (certificate, verification.verify(certificate))
        for certificate in selectors.held_by(request.user)
    ]
    return render(request, "portal/wallet.html", {"rows": rows})


def _own(request, number):
    certificate = selectors.own(request.user, number)
    if certificate is None:
        raise Http404(_("You hold no certificate %(n)s.") % {"n": number})
    return certificate


@login_required
def mine(request, number):
    certificate = _own(request, number)
    name, identifier = presentation.holder_shown(certificate)
    return render(
        request,
        "portal/my_certificate.html",
        {
            "certificate": certificate,
            "verdict": verification.verify(certificate),
            "holder_name": name,
            "holder_id": identifier,
            "rows": presentation.field_rows(certificate),
            "validity": presentation.validity_text(certificate),
            "verify_url": presentation.verify_url(certificate),
            "verification_code": codes.grouped(certificate.verification_code),
        },
    )


@login_required
def mine_pdf(request, number):
    return presentation.pdf_response(_own(request, number))


@login_required
def mine_signed(request, number):
    return presentation.envelope_response(_own(request, number))


def _result_url(number: str, code: str) -> str:
    return f"{reverse('portal:certificate-verify', args=[number])}?{urlencode({'code': code})}"


@require_http_methods(["GET", "POST"])
def lookup(request):
    """A number and its code lead to the result page; pasted signed data is checked here."""
    numbers = NumberForm(request.GET or None)
    if numbers.is_bound and numbers.is_valid():
        data = numbers.cleaned_data
        return redirect(_result_url(data["number"].strip(), data["code"]))
    signed = SignedForm(request.POST or None)
    answer = None
    if signed.is_bound and signed.is_valid():
        answer = presentation.public_view(
            verification.verify_envelope(signed.cleaned_data["signed"])
        )
        signed = SignedForm()  # the answer adds nothing to the data; the form is not echoed
    context = {"numbers": numbers, "signed": signed, "answer": answer}
    return render(request, "portal/verify.html", context)


def verify(request, number):
    """Where a certificate's QR code leads: is it genuine and in force? Without the code
    printed next to the number, the page asks for it; it never says whether the number
    exists."""
    number = number[:NUMBER_MAX]
    code = request.GET.get("code", "")
    if not code.strip():
        context = {
            "numbers": NumberForm(initial={"number": number}),
            "signed": SignedForm(),
            "answer": None,
            "needs_code": True,
        }
        return render(request, "portal/verify.html", context)
    answer = presentation.public_view(verification.verify_number(number, code))
    context = {"numbers": NumberForm(), "signed": SignedForm(), "answer": answer}
    return render(request, "portal/verify.html", context)
