"""The shapes of 公文 in the API: outgoing documents (发文) with their opinions and dispatches,
incoming documents (收文), instructions (督办) with their due date and ledger card, and the
inputs of the steps. Who sees what is decided by the selectors before anything is shaped here.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onewindow.office import authority, incoming
from onewindow.office import selectors as office_selectors
from onewindow.office.incoming_models import IncomingStatus
from onewindow.office.models import Classification, DocumentKind, DocumentStatus, Opinion
from onewindow.supervision.models import State

# --- outgoing documents (发文) -----------------------------------------------------------------


class OfficeDocumentRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="文号, e.g. 穗市监〔2027〕1号; empty until issued")
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=DocumentStatus.choices)
    classification = serializers.ChoiceField(choices=Classification.choices)
    urgency = serializers.CharField(help_text='"" (normal), "urgent" (加急), "extra_urgent" (特急)')
    agency = serializers.CharField(source="department.code", help_text="the issuing department")
    agency_name = serializers.CharField(source="department.name")
    drafter = serializers.CharField(source="drafter.username")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    signed_on = serializers.DateField(allow_null=True, help_text="成文日期, the sign-off's day")
    issued_at = serializers.DateTimeField(allow_null=True)


class OfficeOpinionSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=Opinion.Step.choices)
    department = serializers.CharField(source="department.code")
    agreed = serializers.BooleanField(help_text="false: returned to the drafter")
    comment = serializers.CharField()
    author = serializers.CharField(source="author.username")
    at = serializers.DateTimeField(source="created_at")


class OfficeDispatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    recipient = serializers.CharField(source="recipient.code")
    recipient_name = serializers.CharField(source="recipient.name")
    sent_at = serializers.DateTimeField()
    signed_for_by = serializers.CharField(
        source="signed_for_by.username", allow_null=True, default=None
    )
    signed_for_at = serializers.DateTimeField(allow_null=True)
    chases = serializers.IntegerField(help_text="how often the sender asked again (催办)")


class OfficeDocumentSerializer(OfficeDocumentRowSerializer):
    main_recipients = serializers.CharField()
    body = serializers.CharField()
    attachments_note = serializers.CharField()
    copy_to = serializers.CharField()
    note = serializers.CharField()
    signer = serializers.CharField(source="signer.username", allow_null=True, default=None)
    digest = serializers.CharField(help_text="SM3 digest of the issued PDF; empty until issued")
    countersigners = serializers.SerializerMethodField(help_text="department codes (会签)")
    pending_countersigners = serializers.SerializerMethodField()
    versions = serializers.IntegerField(source="versions.count", help_text="saved versions")
    opinions = serializers.SerializerMethodField()
    dispatches = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text="what the caller may do now")

    def get_countersigners(self, document) -> list[str]:
        return list(document.countersigners.order_by("code").values_list("code", flat=True))

    def get_pending_countersigners(self, document) -> list[str]:
        return sorted(office_selectors.pending_countersigners(document))

    @extend_schema_field(OfficeOpinionSerializer(many=True))
    def get_opinions(self, document):
        rows = document.opinions.select_related("department", "author")
        return OfficeOpinionSerializer(rows, many=True).data

    @extend_schema_field(OfficeDispatchSerializer(many=True))
    def get_dispatches(self, document):
        rows = document.dispatches.select_related("recipient", "signed_for_by")
        return OfficeDispatchSerializer(rows, many=True).data

    def get_actions(self, document) -> list[str]:
        return authority.actions_for(self.context["user"], document)


class OfficeDraftSerializer(serializers.Serializer):
    """A new draft; the rules of 条例 Art. 8-9 are ``office.services``' and name their field."""

    department = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="code; default: your first"
    )
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    title = serializers.CharField(allow_blank=True, help_text="ends with its kind: 关于……的通知")
    main_recipients = serializers.CharField(allow_blank=True)
    body = serializers.CharField(allow_blank=True)
    attachments_note = serializers.CharField(required=False, allow_blank=True, default="")
    copy_to = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    classification = serializers.CharField(
        required=False, default=Classification.PUBLIC, help_text="public or internal (内部) only"
    )
    urgency = serializers.CharField(required=False, allow_blank=True, default="")
    countersigners = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="department codes"
    )


class OfficeDecisionSerializer(serializers.Serializer):
    agreed = serializers.BooleanField()
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="required to return the draft"
    )


class OfficeCountersignSerializer(OfficeDecisionSerializer):
    department = serializers.CharField(help_text="the code of the department you speak for")


class OfficeSendSerializer(serializers.Serializer):
    recipients = serializers.ListField(
        child=serializers.CharField(), help_text="codes of the receiving agencies"
    )


# --- incoming documents (收文) and instructions (督办) ------------------------------------------


class OfficeInstructionRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    document = serializers.IntegerField(source="document_id", allow_null=True)
    text = serializers.CharField()
    department = serializers.CharField(source="department.code", help_text="acting department")
    assigned_by = serializers.CharField(source="assigned_by.username")
    limit = serializers.IntegerField(help_text="working days")
    started_at = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField()
    card = serializers.SerializerMethodField(
        help_text='the ledger\'s card while open: "red", "yellow" or ""'
    )
    ledger_state = serializers.SerializerMethodField(help_text="null when not on the ledger")

    def _matter(self, instruction):
        return self.context.get("matters", {}).get(instruction.pk)

    def get_card(self, instruction) -> str:
        matter = self._matter(instruction)
        return "" if matter is None or instruction.completed_at else matter.card

    @extend_schema_field(serializers.ChoiceField(choices=State.choices, allow_null=True))
    def get_ledger_state(self, instruction):
        matter = self._matter(instruction)
        return None if matter is None else matter.state


class OfficeReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    author = serializers.CharField(source="author.username")
    created_at = serializers.DateTimeField()
    has_file = serializers.SerializerMethodField()

    def get_has_file(self, report) -> bool:
        return bool(report.file)


class OfficeInstructionSerializer(OfficeInstructionRowSerializer):
    reports = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text="what the caller may do now")

    @extend_schema_field(OfficeReportSerializer(many=True))
    def get_reports(self, instruction):
        rows = instruction.reports.select_related("author")
        return OfficeReportSerializer(rows, many=True).data

    def get_actions(self, instruction) -> list[str]:
        user = self.context["user"]
        if instruction.completed_at or not incoming.may_handle(user, instruction.department_id):
            return []
        return ["report", "complete"]


class OfficeReportInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, help_text="what has been done")


class OfficeIncomingRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="收文号, e.g. 穗市监〔2027〕收1")
    sender = serializers.CharField()
    sender_number = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    received_on = serializers.DateField()
    status = serializers.ChoiceField(choices=IncomingStatus.choices)
    agency = serializers.CharField(source="department.code", help_text="the receiving agency")
    handling_department = serializers.CharField(
        source="handling_department.code", allow_null=True, default=None
    )
    created_at = serializers.DateTimeField()


class OfficeReadingSerializer(serializers.Serializer):
    reader = serializers.CharField(source="reader.username")
    read_at = serializers.DateTimeField(allow_null=True)


class OfficeIncomingSerializer(OfficeIncomingRowSerializer):
    return_reason = serializers.CharField()
    leader_instruction = serializers.CharField(help_text="批示")
    assigned_at = serializers.DateTimeField(allow_null=True)
    reply = serializers.IntegerField(
        source="reply_id", allow_null=True, help_text="the outgoing answer (答复)"
    )
    filing_note = serializers.CharField()
    done_at = serializers.DateTimeField(allow_null=True)
    readings = serializers.SerializerMethodField()
    instructions = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text="what the caller may do now")

    @extend_schema_field(OfficeReadingSerializer(many=True))
    def get_readings(self, document):
        rows = document.readings.select_related("reader")
        return OfficeReadingSerializer(rows, many=True).data

    @extend_schema_field(OfficeInstructionRowSerializer(many=True))
    def get_instructions(self, document):
        rows = list(document.instructions.select_related("department", "assigned_by"))
        context = {"matters": self.context.get("matters", {})}
        return OfficeInstructionRowSerializer(rows, many=True, context=context).data

    def get_actions(self, document) -> list[str]:
        return incoming.actions_for(self.context["user"], document)
