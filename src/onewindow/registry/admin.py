"""Grants are managed in the admin (checked, audited); keys and the read log are read-only.
Persons are not browsable here: personal data is read only through the logged exchange."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from onewindow.core import audit
from onewindow.core.admin import ReadOnlyAdmin
from onewindow.registry import services
from onewindow.registry.models import (
    ExchangeKey,
    Grant,
    Indicator,
    LegalEntity,
    RegistryRead,
)
from onewindow.registry.vocabulary import PERSON, REGISTRIES, RELATIVES_ID_NUMBER


class GrantForm(forms.ModelForm):
    registry = forms.ChoiceField(
        label=_("registry"), choices=[(code, r.name) for code, r in REGISTRIES.items()]
    )

    class Meta:
        model = Grant
        fields = [
            "provider",
            "registry",
            "consumer",
            "fields",
            "purpose",
            "legal_basis",
            "purposes",
            "valid_from",
            "valid_until",
            "revoked_at",
        ]

    def clean(self):
        cleaned = super().clean()
        registry = REGISTRIES.get(cleaned.get("registry", ""))
        fields = cleaned.get("fields")
        if registry and not isinstance(fields, list):
            self.add_error("fields", _("Give the allowed fields as a list of field names."))
        elif registry:
            known = set(registry.fields) | (
                {RELATIVES_ID_NUMBER} if registry.code == PERSON.code else set()
            )
            unknown = [name for name in fields if name not in known]
            if unknown:
                self.add_error(
                    "fields",
                    _("The %(registry)s has no field %(fields)s.")
                    % {"registry": registry.name, "fields": ", ".join(map(str, unknown))},
                )
        try:
            cleaned["purposes"] = services.checked_purposes(cleaned.get("purposes"))
        except ValidationError as error:
            self.add_error("purposes", error.message_dict["purposes"])
        provider = cleaned.get("provider")
        if registry and provider and provider.code != registry.provider:
            self.add_error("provider", _("This registry is provided by another department."))
        return cleaned


def _field_labels(registry_code: str, names) -> str:
    """A registry's field names as people read them (名称, 状态 / name, status), not raw keys."""
    registry = REGISTRIES.get(registry_code)
    labels = registry.fields if registry else {}
    extra = {RELATIVES_ID_NUMBER: _("relatives' full ID numbers")}
    return pgettext("list separator", ", ").join(
        str(labels.get(name) or extra.get(name) or name) for name in names or []
    )


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    form = GrantForm
    list_display = [
        "registry",
        "provider",
        "consumer",
        "allowed_fields",
        "valid_from",
        "valid_until",
        "revoked_at",
    ]

    @admin.display(description=_("allowed fields"))
    def allowed_fields(self, obj) -> str:
        return _field_labels(obj.registry, obj.fields)

    list_filter = ["registry", "provider"]
    search_fields = ["consumer__name", "consumer__code", "purpose"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            "registry.grant_saved",
            object_type="grant",
            object_id=obj.pk,
            actor=request.user,
            data={
                "registry": obj.registry,
                "provider": obj.provider.code,
                "consumer": obj.consumer.code,
                "fields": list(obj.fields),
                "purposes": list(obj.purposes),
                "valid_until": obj.valid_until.isoformat(),
                "revoked": obj.revoked_at is not None,
            },
        )


@admin.register(ExchangeKey)
class ExchangeKeyAdmin(ReadOnlyAdmin):
    list_display = ["key_id", "department", "created_at", "retired_at"]
    fields = ["key_id", "department", "public_key", "created_at", "retired_at"]


@admin.register(RegistryRead)
class RegistryReadAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "registry",
        "subject",
        "consumer",
        "reader",
        "fields_read",
        "purpose",
        "outcome",
    ]

    @admin.display(description=_("fields"))
    def fields_read(self, obj) -> str:
        return _field_labels(obj.registry, obj.fields)

    exclude = ["person", "entity", "disclosed_in"]
    list_filter = ["registry", "outcome"]
    search_fields = ["case_number", "purpose"]


@admin.register(LegalEntity)
class LegalEntityAdmin(ReadOnlyAdmin):
    list_display = ["name", "uscc", "entity_type", "status", "division"]
    list_filter = ["status", "entity_type"]
    search_fields = ["uscc", "name"]
    exclude = ["legal_representative"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "source", "frequency"]
