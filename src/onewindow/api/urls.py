from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from onewindow.api import appointment_views as appointments
from onewindow.api import (
    case_views,
    certificate_views,
    disclosure_report_views,
    disclosure_request_views,
    disclosure_search_views,
    disclosure_views,
    emergency_views,
    exchange_views,
    fee_views,
    hotline_views,
    market_credit_views,
    market_penalty_views,
    market_repair_views,
    market_views,
    office_meeting_views,
    office_views,
    participation_consultations_views,
    participation_proposals_views,
    participation_surveys_views,
    progress_views,
    rating_views,
    rollup_views,
    supervision_views,
    views,
)
from onewindow.api.registry_views import urlpatterns_v1 as registry_v1

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("v1/calendar/due-date", views.DueDateView.as_view(), name="calendar-due-date"),
    # 网上民意征集: citizens' proposals (public list and detail, support, official answer)
    path(
        "v1/participation/proposals/",
        participation_proposals_views.ProposalListView.as_view(),
        name="participation-proposals",
    ),
    path(
        "v1/participation/proposals/<str:number>/",
        participation_proposals_views.ProposalDetailView.as_view(),
        name="participation-proposal",
    ),
    path(
        "v1/participation/proposals/<str:number>/support/",
        participation_proposals_views.SupportView.as_view(),
        name="participation-proposal-support",
    ),
    path(
        "v1/participation/proposals/<str:number>/answer/",
        participation_proposals_views.AnswerView.as_view(),
        name="participation-proposal-answer",
    ),
    path("v1/accounts/register", views.RegisterView.as_view(), name="accounts-register"),
    path("v1/accounts/phone-codes", views.PhoneCodeView.as_view(), name="accounts-phone-codes"),
    path("v1/services/", views.ServiceListView.as_view(), name="services"),
    path("v1/services/<str:code>/", views.ServiceDetailView.as_view(), name="service-detail"),
    path(
        "v1/services/<str:code>/instances/",
        views.ServiceInstancesView.as_view(),
        name="service-instances",
    ),
    path("v1/accounts/me", views.MeView.as_view(), name="accounts-me"),
    path(
        "v1/disclosure/reports/",
        disclosure_report_views.ReportListView.as_view(),
        name="disclosure-annual-reports",
    ),
    path(
        "v1/disclosure/reports/<str:agency>/<int:year>/",
        disclosure_report_views.ReportDetailView.as_view(),
        name="disclosure-annual-report",
    ),
    path("v1/supervision/rollup/", rollup_views.RollupView.as_view(), name="supervision-rollup"),
    path(
        "v1/supervision/matters/",
        supervision_views.MatterListView.as_view(),
        name="supervision-matters",
    ),
    path("v1/progress/", progress_views.ProgressLookupView.as_view(), name="progress-lookup"),
    path(
        "v1/supervision/ratings/",
        rating_views.RatingsOverviewView.as_view(),
        name="supervision-ratings",
    ),
    path(
        "v1/supervision/ratings/departments/<str:code>/",
        rating_views.DepartmentRatingsView.as_view(),
        name="supervision-ratings-department",
    ),
    path(
        "v1/rectifications/",
        rating_views.RectificationListView.as_view(),
        name="rectifications",
    ),
    path(
        "v1/rectifications/<int:pk>/answer/",
        rating_views.RectificationAnswerView.as_view(),
        name="rectification-answer",
    ),
    path("v1/cases/", case_views.CaseListView.as_view(), name="cases"),
    path("v1/cases/<str:number>/", case_views.CaseDetailView.as_view(), name="case-detail"),
    path("v1/cases/<str:number>/status/", case_views.CaseStatusView.as_view(), name="case-status"),
    path(
        "v1/cases/<str:number>/timeline/", case_views.TimelineView.as_view(), name="case-timeline"
    ),
    path(
        "v1/cases/<str:number>/personal-data/",
        case_views.PersonalDataView.as_view(),
        name="case-personal-data",
    ),
    path(
        "v1/cases/<str:number>/documents/<str:document>/",
        case_views.DocumentView.as_view(),
        name="case-document",
    ),
    path(
        "v1/cases/<str:number>/materials/<int:material>/",
        case_views.MaterialView.as_view(),
        name="case-material",
    ),
    path("v1/cases/<str:number>/resubmit/", case_views.resubmit, name="case-resubmit"),
    path(
        "v1/cases/<str:number>/deferred/",
        case_views.supply_deferred,
        name="case-supply-deferred",
    ),
    path("v1/cases/<str:number>/withdraw/", case_views.withdraw, name="case-withdraw"),
    path("v1/cases/<str:number>/amendment/", case_views.amend, name="case-amendment"),
    path("v1/cases/<str:number>/accept/", case_views.accept, name="case-accept"),
    path("v1/cases/<str:number>/correction/", case_views.correction, name="case-correction"),
    path("v1/cases/<str:number>/refuse/", case_views.refuse, name="case-refuse"),
    path("v1/cases/<str:number>/pauses/", case_views.pause, name="case-pauses"),
    path(
        "v1/cases/<str:number>/commitments/<str:key>/verify/",
        case_views.verify_commitment,
        name="case-verify-commitment",
    ),
    path(
        "v1/cases/<str:number>/pauses/<int:pause_id>/end/",
        case_views.resume,
        name="case-pause-end",
    ),
    path("v1/cases/<str:number>/extensions/", case_views.extension, name="case-extensions"),
    path(
        "v1/cases/<str:number>/extensions/<int:extension_id>/approval/",
        case_views.extension_decision,
        name="case-extension-approval",
    ),
    path("v1/cases/<str:number>/decision/", case_views.decision, name="case-decision"),
    path("v1/cases/<str:number>/delivery/", case_views.delivery, name="case-delivery"),
    path(
        "v1/cases/<str:number>/delivery-choice/",
        fee_views.delivery_choice,
        name="case-delivery-choice",
    ),
    path("v1/cases/<str:number>/fees/", fee_views.FeeListView.as_view(), name="case-fees"),
    path(
        "v1/cases/<str:number>/fees/<str:payment_reference>/payment/",
        fee_views.payment,
        name="case-fee-payment",
    ),
    path("v1/exchange/queries/", exchange_views.QueryView.as_view(), name="exchange-queries"),
    path("v1/exchange/keys/", exchange_views.KeysView.as_view(), name="exchange-keys"),
    path("v1/me/registry-reads/", exchange_views.MyReadsView.as_view(), name="me-registry-reads"),
    *registry_v1,
    path("v1/seals/", certificate_views.SealsView.as_view(), name="seals"),
    path(
        "v1/certificates/verify",
        certificate_views.VerifyDocumentView.as_view(),
        name="certificates-verify",
    ),
    path(
        "v1/certificates/<str:number>/verify",
        certificate_views.VerifyNumberView.as_view(),
        name="certificate-verify-api",
    ),
    path(
        "v1/certificates/<str:number>/revoke",
        certificate_views.RevokeView.as_view(),
        name="certificate-revoke",
    ),
    path("v1/me/certificates/", certificate_views.MyCertificatesView.as_view(), name="me-certs"),
    path(
        "v1/me/certificates/<str:number>/",
        certificate_views.MyCertificateView.as_view(),
        name="me-certificate",
    ),
    path(
        "v1/me/certificates/<str:number>/pdf",
        certificate_views.MyCertificatePdfView.as_view(),
        name="me-certificate-pdf",
    ),
    path("v1/appointments/", appointments.BookingsView.as_view(), name="appointments"),
    path(
        "v1/appointments/centres/", appointments.CentresView.as_view(), name="appointment-centres"
    ),
    path("v1/appointments/slots/", appointments.SlotsView.as_view(), name="appointment-slots"),
    path(
        "v1/appointments/<str:reference>/",
        appointments.BookingView.as_view(),
        name="appointment-detail",
    ),
    path(
        "v1/appointments/<str:reference>/change/",
        appointments.ChangeView.as_view(),
        name="appointment-change",
    ),
    path(
        "v1/appointments/<str:reference>/cancel/",
        appointments.CancelView.as_view(),
        name="appointment-cancel",
    ),
    path(
        "v1/appointments/<str:reference>/invitation.ics",
        appointments.InvitationView.as_view(),
        name="appointment-invitation",
    ),
    path("v1/tasks/", case_views.TaskListView.as_view(), name="tasks"),
    path("v1/tasks/<int:task_id>/approve/", case_views.approve, name="task-approve"),
    path("v1/tasks/<int:task_id>/deny/", case_views.deny, name="task-deny"),
    path(
        "v1/tasks/<int:task_id>/request-supplement/",
        case_views.request_supplement,
        name="task-request-supplement",
    ),
    # 主动公开, for the disclosure offices
    path(
        "v1/disclosure/documents/",
        disclosure_views.DocumentListView.as_view(),
        name="disclosure-documents",
    ),
    path(
        "v1/disclosure/documents/<int:pk>/",
        disclosure_views.DocumentDetailView.as_view(),
        name="disclosure-document",
    ),
    *(
        path(f"v1/disclosure/documents/<int:pk>/{step}/", view, name=f"disclosure-{step}")
        for step, view in disclosure_views.ACTIONS.items()
    ),
    # 12345 hotline, for officials
    path(
        "v1/hotline/categories/",
        hotline_views.CategoryListView.as_view(),
        name="hotline-categories",
    ),
    path("v1/hotline/tickets/", hotline_views.TicketListView.as_view(), name="hotline-tickets"),
    path(
        "v1/hotline/tickets/<str:number>/",
        hotline_views.TicketDetailView.as_view(),
        name="hotline-ticket",
    ),
    *(
        path(f"v1/hotline/tickets/<str:number>/{segment}/", view, name=f"hotline-{segment}")
        for segment, view in hotline_views.ACTIONS.items()
    ),
    path(
        "v1/hotline/tickets/<str:number>/extensions/<int:extension_id>/decision/",
        hotline_views.DECIDE_EXTENSION,
        name="hotline-extension-decision",
    ),
    # 公文, for officials: outgoing documents and their steps, incoming ones, instructions
    path("v1/office/documents/", office_views.DocumentListView.as_view(), name="office-documents"),
    path(
        "v1/office/documents/<int:pk>/",
        office_views.DocumentDetailView.as_view(),
        name="office-document-api",
    ),
    *(
        path(f"v1/office/documents/<int:pk>/{segment}/", view, name=f"office-api-{segment}")
        for segment, view in office_views.ACTIONS.items()
    ),
    path(
        "v1/office/documents/<int:pk>/dispatches/<int:dispatch_pk>/sign-for/",
        office_views.SignForView.as_view(),
        name="office-api-sign-for",
    ),
    path(
        "v1/office/incoming/", office_views.IncomingListView.as_view(), name="office-incoming-api"
    ),
    path(
        "v1/office/incoming/<int:pk>/",
        office_views.IncomingDetailView.as_view(),
        name="office-incoming-document-api",
    ),
    path(
        "v1/office/instructions/",
        office_views.InstructionListView.as_view(),
        name="office-instructions-api",
    ),
    path(
        "v1/office/instructions/<int:pk>/",
        office_views.InstructionDetailView.as_view(),
        name="office-instruction-api",
    ),
    path(
        "v1/office/instructions/<int:pk>/reports/",
        office_views.InstructionReportView.as_view(),
        name="office-instruction-reports-api",
    ),
    path(
        "v1/office/meetings/",
        office_meeting_views.MeetingListView.as_view(),
        name="office-meetings-api",
    ),
    path(
        "v1/office/meetings/<int:pk>/",
        office_meeting_views.MeetingDetailView.as_view(),
        name="office-meeting-api",
    ),
    path(
        "v1/office/meetings/<int:pk>/invitation.ics",
        office_meeting_views.MeetingInvitationView.as_view(),
        name="office-meeting-ics-api",
    ),
    path(
        "v1/office/meetings/<int:pk>/reply/",
        office_meeting_views.MeetingReplyView.as_view(),
        name="office-meeting-reply-api",
    ),
    # random inspections (双随机一公开): plans and visits for officials, each draw's record public
    path("v1/market/items/", market_views.ItemListView.as_view(), name="market-items-api"),
    path("v1/market/plans/", market_views.PlanListView.as_view(), name="market-plans-api"),
    path(
        "v1/market/plans/<int:pk>/",
        market_views.PlanDetailView.as_view(),
        name="market-plan-api",
    ),
    path(
        "v1/market/plans/<int:pk>/commit/",
        market_views.PlanCommitView.as_view(),
        name="market-plan-commit-api",
    ),
    path(
        "v1/market/plans/<int:pk>/draw/",
        market_views.PlanDrawView.as_view(),
        name="market-plan-draw-api",
    ),
    path(
        "v1/market/inspections/",
        market_views.InspectionListView.as_view(),
        name="market-inspections-api",
    ),
    path(
        "v1/market/inspections/<int:pk>/",
        market_views.InspectionDetailView.as_view(),
        name="market-inspection-api",
    ),
    path(
        "v1/market/inspections/<int:pk>/findings/",
        market_views.FindingView.as_view(),
        name="market-inspection-findings-api",
    ),
    path(
        "v1/market/inspections/<int:pk>/photos/",
        market_views.PhotoView.as_view(),
        name="market-inspection-photos-api",
    ),
    path(
        "v1/market/inspections/<int:pk>/close/",
        market_views.CloseView.as_view(),
        name="market-inspection-close-api",
    ),
    path(
        "v1/market/inspections/<int:pk>/publish/",
        market_views.PublishView.as_view(),
        name="market-inspection-publish-api",
    ),
    path(
        "v1/market/credit/",
        market_credit_views.CreditSearchView.as_view(),
        name="market-credit-api",
    ),
    path(
        "v1/market/credit/<str:uscc>/",
        market_credit_views.CreditRecordView.as_view(),
        name="market-credit-record-api",
    ),
    path(
        "v1/market/list-entries/",
        market_credit_views.ListEntryListView.as_view(),
        name="market-list-entries-api",
    ),
    path(
        "v1/market/list-entries/<int:pk>/reached/",
        market_credit_views.ListEntryReachedView.as_view(),
        name="market-list-entry-reached-api",
    ),
    path(
        "v1/market/annual-reports/",
        market_credit_views.AnnualReportListView.as_view(),
        name="market-annual-reports-api",
    ),
    # credit repair (信用修复): the enterprise's own, and the applications a head decides
    path(
        "v1/market/my-repairs/",
        market_repair_views.MyRepairsView.as_view(),
        name="market-my-repairs-api",
    ),
    path(
        "v1/market/repairs/",
        market_repair_views.RepairListView.as_view(),
        name="market-repairs-api",
    ),
    path(
        "v1/market/repairs/<int:pk>/",
        market_repair_views.RepairView.as_view(),
        name="market-repair-api",
    ),
    path(
        "v1/market/repairs/<int:pk>/decide/",
        market_repair_views.RepairDecisionView.as_view(),
        name="market-repair-decide-api",
    ),
    # consent to a serious-dishonesty listing by the level above
    path(
        "v1/market/listings/",
        market_repair_views.ListingListView.as_view(),
        name="market-listings-api",
    ),
    path(
        "v1/market/listings/<int:pk>/consent/",
        market_repair_views.ListingConsentView.as_view(),
        name="market-listing-consent-api",
    ),
    # early warnings (预警): public reads; duty officers issue, change and cancel
    path(
        "v1/emergency/warnings/",
        emergency_views.WarningListView.as_view(),
        name="emergency-warnings-api",
    ),
    path(
        "v1/emergency/warnings/<str:number>/",
        emergency_views.WarningView.as_view(),
        name="emergency-warning-api",
    ),
    path(
        "v1/emergency/warnings/<str:number>/changes/",
        emergency_views.WarningChangeView.as_view(),
        name="emergency-warning-change-api",
    ),
    path(
        "v1/emergency/warnings/<str:number>/cancel/",
        emergency_views.WarningCancelView.as_view(),
        name="emergency-warning-cancel-api",
    ),
    path(
        "v1/emergency/incidents/",
        emergency_views.IncidentListView.as_view(),
        name="emergency-incidents-api",
    ),
    path(
        "v1/emergency/incidents/from-ticket/",
        emergency_views.IncidentEscalationView.as_view(),
        name="emergency-incident-escalation-api",
    ),
    path(
        "v1/emergency/incidents/<str:number>/",
        emergency_views.IncidentView.as_view(),
        name="emergency-incident-api",
    ),
    path(
        "v1/emergency/incidents/<str:number>/figures/",
        emergency_views.IncidentFiguresView.as_view(),
        name="emergency-incident-figures-api",
    ),
    path(
        "v1/emergency/incidents/<str:number>/close/",
        emergency_views.IncidentCloseView.as_view(),
        name="emergency-incident-close-api",
    ),
    path(
        "v1/emergency/reports/<int:pk>/send/",
        emergency_views.IncidentReportSendView.as_view(),
        name="emergency-report-send-api",
    ),
    path(
        "v1/emergency/reports/<int:pk>/acknowledge/",
        emergency_views.IncidentReportAcknowledgeView.as_view(),
        name="emergency-report-acknowledge-api",
    ),
    path(
        "v1/emergency/pending/",
        emergency_views.PendingListView.as_view(),
        name="emergency-pending-api",
    ),
    path(
        "v1/emergency/pending/<int:pk>/decision/",
        emergency_views.DecisionView.as_view(),
        name="emergency-decision-api",
    ),
    path("v1/market/draws/", market_views.DrawListView.as_view(), name="market-draws-api"),
    path(
        "v1/market/draws/<str:number>/lists.json",
        market_views.DrawListsView.as_view(),
        name="market-draw-lists-api",
    ),
    # administrative penalty cases (行政处罚): a department's cases and their steps for its
    # officials, its own cases for the party, publications and benchmarks public
    path(
        "v1/market/penalties/",
        market_penalty_views.PenaltyListView.as_view(),
        name="market-penalties-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/",
        market_penalty_views.PenaltyDetailView.as_view(),
        name="market-penalty-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/propose-filing/",
        market_penalty_views.ProposeFilingView.as_view(),
        name="market-penalty-propose-filing-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/drop/",
        market_penalty_views.DropView.as_view(),
        name="market-penalty-drop-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/approve-filing/",
        market_penalty_views.ApproveFilingView.as_view(),
        name="market-penalty-approve-filing-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/evidence/",
        market_penalty_views.EvidenceView.as_view(),
        name="market-penalty-evidence-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/notify/",
        market_penalty_views.NotifyView.as_view(),
        name="market-penalty-notify-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/respond/",
        market_penalty_views.RespondView.as_view(),
        name="market-penalty-respond-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/proceed/",
        market_penalty_views.ProceedView.as_view(),
        name="market-penalty-proceed-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/hearing/",
        market_penalty_views.ScheduleHearingView.as_view(),
        name="market-penalty-hearing-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/hearing-record/",
        market_penalty_views.RecordHearingView.as_view(),
        name="market-penalty-hearing-record-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/review/",
        market_penalty_views.ReviewView.as_view(),
        name="market-penalty-review-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/decide/",
        market_penalty_views.DecideView.as_view(),
        name="market-penalty-decide-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/deliver/",
        market_penalty_views.DeliverView.as_view(),
        name="market-penalty-deliver-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/payment/",
        market_penalty_views.PaymentView.as_view(),
        name="market-penalty-payment-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/publish/",
        market_penalty_views.PublishView.as_view(),
        name="market-penalty-publish-api",
    ),
    path(
        "v1/market/penalties/<int:pk>/withdraw/",
        market_penalty_views.WithdrawView.as_view(),
        name="market-penalty-withdraw-api",
    ),
    path(
        "v1/market/findings/<int:pk>/penalty/",
        market_penalty_views.FindingPenaltyView.as_view(),
        name="market-finding-penalty-api",
    ),
    path(
        "v1/market/penalty-documents/<int:pk>.pdf",
        market_penalty_views.PenaltyDocumentView.as_view(),
        name="market-penalty-document-api",
    ),
    path(
        "v1/market/my-penalties/",
        market_penalty_views.MyPenaltyListView.as_view(),
        name="market-my-penalties-api",
    ),
    path(
        "v1/market/penalty-publications/",
        market_penalty_views.PublicationListView.as_view(),
        name="market-penalty-publications-api",
    ),
    path(
        "v1/market/benchmarks/",
        market_penalty_views.BenchmarkListView.as_view(),
        name="market-benchmarks-api",
    ),
    # requests on application (依申请公开), for applicants and disclosure offices
    path(
        "v1/disclosure/requests/",
        disclosure_request_views.RequestListView.as_view(),
        name="disclosure-requests",
    ),
    path(
        "v1/disclosure/requests/<str:number>/",
        disclosure_request_views.RequestDetailView.as_view(),
        name="disclosure-request",
    ),
    *(
        path(
            f"v1/disclosure/requests/<str:number>/{segment}/",
            view,
            name=f"disclosure-request-{segment}",
        )
        for segment, view in disclosure_request_views.ACTIONS.items()
    ),
    path(
        "v1/disclosure/letters/<str:letter>/",
        disclosure_request_views.LetterView.as_view(),
        name="disclosure-letter",
    ),
    path(
        "v1/disclosure/files/<int:file_id>/",
        disclosure_request_views.FileView.as_view(),
        name="disclosure-file",
    ),
    path(
        "v1/disclosure/search/",
        disclosure_search_views.DisclosureSearchView.as_view(),
        name="disclosure-search",
    ),
    # 网上民意征集: consultations on drafts (public, read-only)
    path(
        "v1/participation/consultations/",
        participation_consultations_views.ConsultationListView.as_view(),
        name="api-consultations",
    ),
    path(
        "v1/participation/consultations/<str:number>/",
        participation_consultations_views.ConsultationDetailView.as_view(),
        name="api-consultation",
    ),
    path(
        "v1/participation/consultations/<str:number>/articles/<int:position>/comments/",
        participation_consultations_views.ArticleCommentsView.as_view(),
        name="api-consultation-comments",
    ),
    path(
        "v1/participation/consultations/<str:number>/report/",
        participation_consultations_views.ReportView.as_view(),
        name="api-consultation-report",
    ),
    # 网上民意征集: surveys (问卷), the definition public, the results for the department
    path(
        "v1/participation/surveys/<str:number>/",
        participation_surveys_views.SurveyDetailView.as_view(),
        name="participation-survey",
    ),
    path(
        "v1/participation/surveys/<str:number>/results/",
        participation_surveys_views.SurveyResultsView.as_view(),
        name="participation-survey-results",
    ),
]
