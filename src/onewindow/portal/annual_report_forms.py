"""The annual report form (年报) of the enterprise's own pages. It only shapes what was typed
into the service's data; every rule (what is required, amounts, websites, shareholders) lives
in ``market.reports`` and its errors are put back on the fields named."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from onewindow.market import reports
from onewindow.market.credit_models import AnnualReport, OperatingStatus

WEBSITE_ROWS = 3
SHAREHOLDER_ROWS = 5
BASIC = ("address", "postal_code", "phone", "email", "operating_status")
MONEY = reports.MONEY
# Errors of the service not on one field: shown above their fieldset, or above the form.
GROUPS = ("websites", "shareholders")


def _text(label, *, required=True, max_length=200, **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs),
    )


def _money(label, *, negative: bool = False) -> forms.CharField:
    # inputmode="decimal" has no minus key on some phones: net profit may be negative.
    attrs = {"inputmode": "text" if negative else "decimal", "spellcheck": "false"}
    return forms.CharField(label=label, max_length=20, widget=forms.TextInput(attrs=attrs))


def _rows(data, prefix: str, least: int, most: int) -> int:
    """How many rows of ``prefix`` to show: ``least``, or as many as were sent (at most
    ``most``), so a correction keeps every website and shareholder already filed."""
    if data is None:
        return least
    sent = [
        int(key.split("_")[1])
        for key in data
        if key.startswith(prefix + "_") and key.split("_")[1].isdigit()
    ]
    return min(max([least, *sent]), most)


class AnnualReportForm(forms.Form):
    address = _text(_("Address for correspondence"), autocomplete="street-address")
    postal_code = _text(
        _("Postal code"), max_length=6, inputmode="numeric", autocomplete="postal-code"
    )
    phone = _text(_("Phone"), max_length=32, type="tel", autocomplete="tel")
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    operating_status = forms.ChoiceField(
        label=_("Operating status"),
        choices=[("", _("Choose a status")), *OperatingStatus.choices],
    )
    employees = _text(_("Number of employees"), max_length=10, inputmode="numeric")
    employees_public = forms.BooleanField(
        label=_("Make the number of employees public"), required=False
    )
    total_assets = _money(_("Total assets (10,000 yuan)"))
    total_liabilities = _money(_("Total liabilities (10,000 yuan)"))
    revenue = _money(_("Revenue (10,000 yuan)"))
    net_profit = _money(_("Net profit (10,000 yuan; a loss as −3.50)"), negative=True)
    tax_paid = _money(_("Taxes paid (10,000 yuan)"))
    assets_public = forms.BooleanField(label=_("Make the assets public"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_errors: dict[str, list] = {}
        self.website_rows = _rows(self.data or None, "website", WEBSITE_ROWS, reports.MAX_WEBSITES)
        self.shareholder_rows = _rows(
            self.data or None, "shareholder", SHAREHOLDER_ROWS, reports.MAX_SHAREHOLDERS
        )
        if self.initial:
            self.website_rows = max(self.website_rows, len(self.initial.get("websites", [])))
            self.shareholder_rows = max(
                self.shareholder_rows, len(self.initial.get("shareholders", []))
            )
        for n in range(1, self.website_rows + 1):
            self.fields[f"website_{n}_name"] = forms.CharField(
                label=_("Name"), required=False, max_length=100
            )
            self.fields[f"website_{n}_url"] = forms.CharField(
                label=_("Address (https://…)"),
                required=False,
                max_length=200,
                widget=forms.URLInput(attrs={"spellcheck": "false"}),
            )
        for n in range(1, self.shareholder_rows + 1):
            self.fields[f"shareholder_{n}_name"] = forms.CharField(
                label=_("Name"), required=False, max_length=100
            )
            for key, label in (
                ("subscribed", _("Subscribed (10,000 yuan)")),
                ("paid", _("Paid in (10,000 yuan)")),
            ):
                self.fields[f"shareholder_{n}_{key}"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=20,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                )
        for n, row in enumerate(self.initial.get("websites", []), start=1):
            self.initial[f"website_{n}_name"] = row.get("name", "")
            self.initial[f"website_{n}_url"] = row.get("url", "")
        for n, row in enumerate(self.initial.get("shareholders", []), start=1):
            for key in ("name", "subscribed", "paid"):
                self.initial[f"shareholder_{n}_{key}"] = row.get(key, "")

    @classmethod
    def of_report(cls, report: AnnualReport | None) -> AnnualReportForm:
        """The form filled from the report already filed (to correct it), or empty."""
        if report is None:
            return cls()
        keys = (*BASIC, "employees", "employees_public", *MONEY, "assets_public")
        initial = {key: getattr(report, key) for key in keys}
        initial.update(websites=report.websites, shareholders=report.shareholders)
        return cls(initial=initial)

    def websites(self):
        return [
            (n, self[f"website_{n}_name"], self[f"website_{n}_url"])
            for n in range(1, self.website_rows + 1)
        ]

    def shareholders(self):
        return [
            (
                n,
                self[f"shareholder_{n}_name"],
                self[f"shareholder_{n}_subscribed"],
                self[f"shareholder_{n}_paid"],
            )
            for n in range(1, self.shareholder_rows + 1)
        ]

    def report_data(self) -> dict:
        """What was typed, as ``reports.file`` takes it (the service checks all of it)."""
        data = self.data

        def text(key: str) -> str:
            return str(data.get(key, "")).strip()

        found = {key: text(key) for key in (*BASIC, "employees", *MONEY)}
        found["employees_public"] = bool(data.get("employees_public"))
        found["assets_public"] = bool(data.get("assets_public"))
        found["websites"] = [
            {"name": text(f"website_{n}_name"), "url": text(f"website_{n}_url")}
            for n in range(1, self.website_rows + 1)
        ]
        found["shareholders"] = [
            {key: text(f"shareholder_{n}_{key}") for key in ("name", "subscribed", "paid")}
            for n in range(1, self.shareholder_rows + 1)
        ]
        return found

    def take_errors(self, error: ValidationError) -> None:
        """Show the service's errors, and only them: on the fields it names, the websites'
        and shareholders' above their fieldsets, the rest above the form."""
        self.errors.clear()
        self.group_errors = {}
        for field, messages in error.message_dict.items():
            if field in GROUPS:
                self.group_errors[field] = messages
            else:
                self.add_error(field if field in self.fields else None, messages)

    def summary(self) -> list[dict]:
        """The error summary's lines: each links to the field (or fieldset) at fault."""
        lines = [{"message": m} for m in self.non_field_errors()]
        for field in self:
            lines += [
                {"id": field.auto_id, "label": field.label, "message": m} for m in field.errors
            ]
        labels = {"websites": _("Websites and online shops"), "shareholders": _("Shareholders")}
        for group, messages in self.group_errors.items():
            lines += [
                {"id": f"id_{group[:-1]}_1_name", "label": labels[group], "message": m}
                for m in messages
            ]
        return lines
