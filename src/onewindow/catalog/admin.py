"""The catalogue in the admin: edits are checked like a load (the loader's own checks, from
``catalog.reading``), reindexed for search, and every change and deletion is audited in the
admin's transaction."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from onewindow.catalog import review, search, services
from onewindow.catalog.models import (
    CertificateType,
    HallNotice,
    ItemInstance,
    Law,
    LifeEventTag,
    Material,
    ProcessTemplate,
    ServiceItem,
)
from onewindow.catalog.reading import edit_problems
from onewindow.core import audit


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletions recorded in the audit chain as ``<audit_action>_saved`` /
    ``_deleted``, in the transaction the admin opens for the change."""

    audit_action = ""

    def _record(self, request, obj, what: str, data: dict) -> None:
        audit.record(
            f"{self.audit_action}_{what}",
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            actor=request.user,
            data={"name": str(obj), **data},
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._record(request, obj, "saved", {"created": not change, "changed": form.changed_data})

    def delete_model(self, request, obj):
        self._record(request, obj, "deleted", {})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = [
        "position",
        "key",
        "name",
        "name_en",
        "form",
        "copies",
        "requirement",
        "condition",
        "deferrable",
        "committable",
    ]
    fields += ["condition_en", "source_kind", "registry_field", "certificate_type"]


class LifeEventInline(admin.TabularInline):
    model = LifeEventTag
    extra = 0


class ServiceItemForm(forms.ModelForm):
    class Meta:
        model = ServiceItem
        fields = [f.name for f in ServiceItem._meta.get_fields() if f.concrete and f.editable]
        fields = [name for name in fields if name != "id"]

    def clean(self):
        data = super().clean()
        statutory, promised = data.get("statutory_limit"), data.get("promised_limit")
        if statutory is not None and promised is not None and promised > statutory:
            self.add_error("promised_limit", _("The promised limit is above the statutory one."))
        if data.get("instant") and promised:
            self.add_error("promised_limit", _("An instant service is decided on the spot (0)."))
        process = data.get("process")
        lead = data.get("lead_department")
        if process is None or lead is None or not isinstance(data.get("form_schema"), dict):
            return data
        keys = (
            set(self.instance.materials.values_list("key", flat=True))
            if self.instance.pk
            else set()
        )
        problems = edit_problems(
            form=data["form_schema"],
            material_keys=keys,
            pattern=process.pattern,
            parameters=data.get("process_parameters") or {},
            lead=lead.code,
            co=[d.code for d in data.get("co_departments") or []],
            online_depth=data.get("online_depth"),
            in_person_steps=data.get("in_person_steps"),
            joint_handling_source=data.get("joint_handling_source"),
        )
        for field, message in problems:
            target = next(
                (
                    name
                    for name in ("form_schema", "joint_handling_source", "in_person_steps")
                    if field.startswith(name)
                ),
                "online_depth" if field == "online_depth" else "process_parameters",
            )
            self.add_error(target, f"{field}: {message}")
        return data


class LawReviewFilter(admin.SimpleListFilter):
    """Items whose laws changed since the item was written (法律法规修订后待复核)."""

    title = _("law review")
    parameter_name = "law_review"

    def lookups(self, request, model_admin):
        return [("needed", _("Needs review")), ("current", _("Up to date"))]

    def queryset(self, request, queryset):
        if self.value() not in ("needed", "current"):
            return queryset
        flagged = review.items_needing_review(queryset)
        if self.value() == "needed":
            return queryset.filter(pk__in=flagged)
        return queryset.exclude(pk__in=flagged)


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    form = ServiceItemForm
    list_display = ["code", "name", "domain", "lead_department", "statutory_limit"]
    list_display += ["promised_limit", "instant", "online_depth", "law_current", "published"]
    list_filter = [LawReviewFilter, "published", "domain", "item_type", "applicant", "process"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["lead_department", "co_departments"]
    inlines = [MaterialInline, LifeEventInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = list(form.changed_data) + [f.prefix for f in formsets if f.has_changed()]
        services.reindex_item(form.instance, actor=request.user, changed=changed)

    def delete_model(self, request, obj):
        audit.record(
            "catalog.item_deleted",
            object_type="catalog.serviceitem",
            object_id=obj.code,
            actor=request.user,
            data={"name": obj.name},
        )
        search.remove(obj.pk)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def get_queryset(self, request):
        self._versions = review.current_versions()
        return super().get_queryset(request)

    @admin.display(boolean=True, description=_("laws current"))
    def law_current(self, item) -> bool:
        return not review.review_reasons(item, getattr(self, "_versions", None))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, object_id)
        if item is not None and request.method == "GET":
            for reason in review.review_reasons(item):
                messages.warning(
                    request, _("Review against the law: %(reason)s") % {"reason": reason}
                )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Law)
class LawAdmin(AuditedAdmin):
    audit_action = "catalog.law"
    list_display = ["name", "version", "updated_at"]
    search_fields = ["name", "name_en"]


@admin.register(CertificateType)
class CertificateTypeAdmin(AuditedAdmin):
    audit_action = "catalog.certificate_type"
    list_display = ["code", "name", "name_en", "issuer"]
    search_fields = ["code", "name", "name_en"]


@admin.register(ProcessTemplate)
class ProcessTemplateAdmin(admin.ModelAdmin):
    list_display = ["pattern", "process_id", "digest"]
    readonly_fields = ["pattern", "process_id", "bpmn", "digest"]

    def has_add_permission(self, request):
        return False  # BPMN files are reviewed in the repository and loaded with the catalogue

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInstanceForm(forms.ModelForm):
    class Meta:
        model = ItemInstance
        fields = ["item", "level", "division", "department", "service_centre", "window"]
        fields += ["window_en", "promised_limit", "published"]

    def _post_clean(self):
        super()._post_clean()  # self.instance now holds the submitted values
        instance = self.instance
        if instance.item_id and instance.division_id and instance.service_centre_id:
            for field, messages in services.instance_problems(instance).items():
                for message in messages:
                    self.add_error(field, message)


@admin.register(ItemInstance)
class ItemInstanceAdmin(admin.ModelAdmin):
    """Where an item is handled (实施清单); checked as the catalogue load checks it."""

    form = ItemInstanceForm
    list_display = ["item", "level", "division", "department", "service_centre"]
    list_display += ["promised_limit", "published"]
    list_filter = ["level", "published", "item__domain"]
    search_fields = ["item__code", "item__name", "division__code", "division__name"]
    search_fields += ["department__name", "service_centre__name"]
    list_select_related = ["item", "division", "department", "service_centre"]
    autocomplete_fields = ["item", "department", "service_centre"]
    raw_id_fields = ["division"]

    def save_model(self, request, obj, form, change):
        services.save_instance(obj, actor=request.user)


@admin.register(HallNotice)
class HallNoticeAdmin(admin.ModelAdmin):
    """The service hall's notices; every save goes through the audited service."""

    list_display = ["title", "published_at", "expires_at"]
    search_fields = ["title", "title_en"]
    date_hierarchy = "published_at"
    fields = ["title", "title_en", "body", "body_en", "published_at", "expires_at"]

    def save_model(self, request, obj, form, change):
        services.save_notice(obj, actor=request.user)
