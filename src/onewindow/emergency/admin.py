"""Emergency management in the admin. Plans are edited here. Warnings, incidents and responses
are to look up only: every change goes through the services (a warning's messages are signed
CAP alerts; an incident's reports and a response's tasks run on ledger clocks)."""

from django.contrib import admin

from onewindow.core.admin import ReadOnlyAdmin as ReadOnly
from onewindow.emergency.duty_models import DutyShift, Handover
from onewindow.emergency.event_models import (
    CommandGroup,
    CommandStructure,
    Competition,
    DailyReport,
    EventPermit,
    FunctionalArea,
    MajorEvent,
    Venue,
)
from onewindow.emergency.incident_models import Incident, IncidentReport
from onewindow.emergency.models import Warning, WarningMessage
from onewindow.emergency.plan_models import (
    Activation,
    Assignment,
    Plan,
    PlanGroup,
    PlanLevel,
    PlanTask,
)


@admin.register(Warning)
class WarningAdmin(ReadOnly):
    list_display = ["number", "hazard", "level", "state", "department", "expires_at"]
    list_filter = ["state", "level", "hazard", "department"]
    search_fields = ["number", "headline", "headline_en"]


@admin.register(WarningMessage)
class WarningMessageAdmin(ReadOnly):
    list_display = ["identifier", "warning", "change", "level", "state", "sent_at", "reached"]
    list_filter = ["state", "change", "level"]
    search_fields = ["identifier", "warning__number"]
    exclude = ["xml"]


@admin.register(Incident)
class IncidentAdmin(ReadOnly):
    list_display = ["number", "title", "event_class", "grade", "department", "state"]
    list_filter = ["state", "grade", "event_class", "department"]
    search_fields = ["number", "title", "ticket_number"]


@admin.register(IncidentReport)
class IncidentReportAdmin(ReadOnly):
    list_display = ["incident", "sender", "recipient", "due_at", "sent_at", "acknowledged_at"]
    list_filter = ["recipient"]
    search_fields = ["incident__number"]


@admin.register(DutyShift)
class DutyShiftAdmin(ReadOnly):
    list_display = ["department", "day", "post", "user"]
    list_filter = ["post", "department"]
    date_hierarchy = "day"


@admin.register(Handover)
class HandoverAdmin(ReadOnly):
    list_display = ["department", "day", "handed_by", "taken_by", "taken_at"]
    list_filter = ["department"]


class PlanLevelInline(admin.TabularInline):
    model = PlanLevel
    extra = 0


class PlanGroupInline(admin.TabularInline):
    model = PlanGroup
    extra = 0


class PlanTaskInline(admin.StackedInline):
    model = PlanTask
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Plans are edited here (or loaded from data/plans.yaml); a response copies its tasks when
    it assigns them, so an edit changes the next activation, not one in force."""

    list_display = ["code", "title", "department", "event_class", "adopted_on"]
    list_filter = ["event_class", "department"]
    search_fields = ["code", "title", "title_en"]
    inlines = [PlanLevelInline, PlanGroupInline, PlanTaskInline]


@admin.register(Activation)
class ActivationAdmin(ReadOnly):
    list_display = ["number", "plan", "level", "state", "activated_at", "ended_at"]
    list_filter = ["state", "level", "plan"]
    search_fields = ["number", "plan__code"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly):
    list_display = ["activation", "department", "acknowledge_by", "acknowledged_at", "reported_at"]
    list_filter = ["department"]
    search_fields = ["activation__number"]


# Resources: a system administrator may add or correct one here (through
# ``resources.save_in_admin``: located on the map, audited); its occupancy and status move on
# the workbench, and its dispatches and requests only through the services.
from django import forms  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402

from onewindow.emergency import resources as resource_services  # noqa: E402
from onewindow.emergency.resource_models import (  # noqa: E402
    Dispatch,
    Resource,
    ResourceRequest,
)


class ResourceAdminForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = ["kind", "department", *resource_services.FIELDS]

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            resource_services.checked(self.instance)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    form = ResourceAdminForm
    list_display = ["name", "kind", "department", "division", "status", "capacity", "occupancy"]
    list_filter = ["kind", "status", "department"]
    search_fields = ["name", "name_en", "contact_name"]
    readonly_fields = ["division", "occupancy", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "kind", "status"] if obj is not None else fields

    def save_model(self, request, obj, form, change):
        resource_services.save_in_admin(request.user, obj, changed=list(form.changed_data))

    def has_delete_permission(self, request, obj=None):
        return False  # a resource's dispatches keep it; mark it unavailable instead


@admin.register(Dispatch)
class DispatchAdmin(ReadOnly):
    list_display = ["incident", "resource", "department", "status", "acknowledge_by",
                    "acknowledged_at"]  # fmt: skip
    list_filter = ["status", "department"]
    search_fields = ["incident__number", "resource__name"]


@admin.register(ResourceRequest)
class ResourceRequestAdmin(ReadOnly):
    list_display = ["incident", "sender", "recipient", "kind", "quantity", "state", "answer_by"]
    list_filter = ["state", "kind", "recipient"]
    search_fields = ["incident__number"]


# ---------------------------------------------------------------------------------------------
# Major events (or `onewindow load-event FILE.yaml`): the structures' dates are the switch


class VenueInline(admin.TabularInline):
    model = Venue
    extra = 0


class FunctionalAreaInline(admin.TabularInline):
    model = FunctionalArea
    extra = 0


class CommandStructureInline(admin.TabularInline):
    model = CommandStructure
    extra = 0


@admin.register(MajorEvent)
class MajorEventAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "department", "starts_on", "ends_on"]
    search_fields = ["code", "name", "name_en"]
    inlines = [VenueInline, FunctionalAreaInline, CommandStructureInline]


class CommandGroupInline(admin.TabularInline):
    model = CommandGroup
    extra = 0
    filter_horizontal = ["members"]


@admin.register(CommandStructure)
class CommandStructureAdmin(admin.ModelAdmin):
    list_display = ["event", "name", "in_force_from", "unified"]
    list_filter = ["event", "unified"]
    inlines = [CommandGroupInline]


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "venue", "starts_at", "ends_at"]
    list_filter = ["venue__event"]
    search_fields = ["title", "title_en"]


@admin.register(EventPermit)
class EventPermitAdmin(ReadOnly):
    list_display = ["case", "event", "kind", "venue", "flagged_at"]
    list_filter = ["event", "kind"]
    search_fields = ["case__number"]


@admin.register(DailyReport)
class DailyReportAdmin(ReadOnly):
    list_display = ["event", "day", "structure", "compiled_at"]
    list_filter = ["event"]
