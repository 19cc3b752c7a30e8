"""Warnings and incidents in the admin, to look up only: every change goes through the services
(a warning's messages are signed CAP alerts; an incident's reports run on ledger clocks)."""

from django.contrib import admin

from onewindow.core.admin import ReadOnlyAdmin as ReadOnly
from onewindow.emergency.incident_models import Incident, IncidentReport
from onewindow.emergency.models import Warning, WarningMessage


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
