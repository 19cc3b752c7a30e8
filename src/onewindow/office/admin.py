"""The office in the admin: documents, incoming documents, instructions and meetings to look
up; every change goes through the services (the pages and the API), so these are read-only
except the meeting rooms, which the admin keeps."""

from django.contrib import admin

from onewindow.office.incoming_models import IncomingDocument, Instruction
from onewindow.office.meeting_models import Meeting, MeetingRoom
from onewindow.office.models import OutgoingDocument


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingDocument)
class OutgoingDocumentAdmin(ReadOnly):
    list_display = ["title", "number", "kind", "status", "department", "updated_at"]
    list_filter = ["kind", "status", "department"]
    search_fields = ["title", "number"]


@admin.register(IncomingDocument)
class IncomingDocumentAdmin(ReadOnly):
    list_display = ["number", "title", "sender", "status", "department", "received_on"]
    list_filter = ["status", "department"]
    search_fields = ["title", "number", "sender_number"]


@admin.register(Instruction)
class InstructionAdmin(ReadOnly):
    list_display = ["pk", "department", "assigned_by", "due_on", "completed_at", "late"]
    list_filter = ["department", "late"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ["title", "department", "starts_at", "room", "video", "status"]
    list_filter = ["status", "department", "video"]
    search_fields = ["title"]


@admin.register(MeetingRoom)
class MeetingRoomAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "rows", "columns"]
    list_filter = ["department"]
