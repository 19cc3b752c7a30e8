"""The participation app's admin: records its services own, shown read-only."""

from django.contrib import admin

from onewindow.core.admin import ReadOnlyAdmin
from onewindow.participation.models import (
    Comment,
    Consultation,
    FeedbackReport,
    ModerationDecision,
    OfficialAnswer,
    Proposal,
    ProposalModeration,
    Support,
    Survey,
    SurveyQuestion,
)

# --- consultations on drafts: every change goes through services.consultations; a comment's
# text as written (it may hold personal data) is for the moderators' queue, not shown here.


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "department", "kind", "status", "opens_on", "closes_on")
    list_filter = ("status", "kind")
    search_fields = ("number", "title", "department__code")
    exclude = ("draft_text",)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "consultation",
        "article",
        "stance",
        "display_name",
        "status",
        "created_at",
    )
    list_filter = ("status", "stance", "author_kind", "reason")
    list_select_related = ("consultation", "article")
    search_fields = ("consultation__number",)
    exclude = ("body", "author")
    show_full_result_count = False


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(ReadOnlyAdmin):
    list_display = ("comment", "action", "reason", "decided_by", "decided_at")
    list_filter = ("action", "reason")


@admin.register(FeedbackReport)
class FeedbackReportAdmin(ReadOnlyAdmin):
    list_display = ("consultation", "due_on", "published_at")


# --- surveys (问卷): the builder is the workbench; responses hold no identity ---------------


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    fields = ("position", "kind", "text", "required")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "department", "status", "response_count", "closes_on")
    list_filter = ("status", "audience")
    search_fields = ("number", "title")
    inlines = [SurveyQuestionInline]


# --- citizens' proposals (participation.services.proposals) ------------------------------------


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "category", "status", "supports_count", "answer_due_on")
    list_filter = ("status", "category")
    search_fields = ("number", "title")


@admin.register(Support)
class SupportAdmin(ReadOnlyAdmin):
    """Who supported what; the address is a keyed hash and is not shown."""

    list_display = ("proposal", "user", "at", "flag", "flag_reason")
    list_filter = ("flag", "flag_reason")
    exclude = ("address_hash",)


@admin.register(OfficialAnswer)
class OfficialAnswerAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "department", "kind", "answered_on")
    list_filter = ("kind",)


@admin.register(ProposalModeration)
class ProposalModerationAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "action", "reason", "by", "at")
    list_filter = ("action", "reason")
