"""Anyone may check an issued 公文: upload the PDF, and the page says whether it is exactly the
document the agency sealed (its SM3 digest and the seal's SM2 signature hold) and which one.
A changed byte fails; nothing else about other documents is revealed."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from onewindow.office import services as office

MAX_BYTES = 20 * 1024 * 1024


class VerifyForm(forms.Form):
    document = forms.FileField(
        label=_("The document's PDF"),
        help_text=_("The file as you received it; at most 20 MB."),
    )

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


@require_http_methods(["GET", "POST"])
def verify(request):
    form = VerifyForm(request.POST or None, request.FILES or None)
    answer = None
    if form.is_bound and form.is_valid():
        found = office.verify(form.cleaned_data["document"].read())
        answer = {"valid": found is not None, "document": found}
        form = VerifyForm()
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "portal/office_verify.html", {"form": form, "answer": answer}, status=status
    )
