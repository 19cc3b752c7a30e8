from django.urls import path

from onewindow.workbench import (
    action_views,
    case_extras_views,
    disclosure_report_views,
    disclosure_request_views,
    disclosure_views,
    emergency_board_views,
    emergency_dispatch_views,
    emergency_duty_views,
    emergency_event_views,
    emergency_incident_views,
    emergency_plan_views,
    emergency_resource_views,
    emergency_warning_views,
    hotline_console_views,
    hotline_map_views,
    hotline_views,
    identity_views,
    list_views,
    market_list_views,
    market_listing_views,
    market_repair_views,
    market_views,
    office_incoming_views,
    office_meeting_views,
    office_views,
    participation_consultations_views,
    participation_proposals_views,
    participation_surveys_views,
    penalty_views,
    queue_views,
    supervision_views,
    views,
    window_views,
)

app_name = "workbench"

CASE = "cases/<str:number>/"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    # 网上民意征集: citizens' proposals (participation_proposals_views)
    path(
        "participation/proposals/",
        participation_proposals_views.answer_list,
        name="participation-proposals",
    ),
    path(
        "participation/moderation/proposals/",
        participation_proposals_views.moderation,
        name="participation-moderation",
    ),
    path(
        "participation/moderation/supports/<int:support_id>/<str:decision>/",
        participation_proposals_views.review_support,
        name="participation-support-review",
    ),
    path(
        "participation/proposals/<str:number>/",
        participation_proposals_views.proposal_page,
        name="participation-proposal",
    ),
    *(
        path(
            f"participation/proposals/<str:number>/{slug}/",
            participation_proposals_views.act,
            {"slug": slug},
            name=f"participation-proposal-{slug}",
        )
        for slug in participation_proposals_views.ACTIONS
    ),
    path("done/", list_views.done, name="done"),
    path("search/", list_views.search, name="search"),
    path("search/saved/", list_views.save_filter, name="save-filter"),
    path("search/saved/<int:filter_id>/delete/", list_views.delete_filter, name="delete-filter"),
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/rollup/", views.rollup, name="rollup"),
    path(
        "supervision/department-suggestions/",
        views.department_suggestions,
        name="supervision-departments",
    ),
    # e-supervision drill-down, 好差评 statistics, rectification of poor ratings
    path(
        "supervision/departments/<str:code>/",
        supervision_views.department,
        name="supervision-department",
    ),
    path("supervision/items/<str:code>/", supervision_views.item, name="supervision-item"),
    path("supervision/ratings/", supervision_views.ratings_overview, name="ratings"),
    path(
        "supervision/ratings/departments/<str:code>/",
        supervision_views.ratings_department,
        name="ratings-department",
    ),
    path(
        "supervision/ratings/items/<str:code>/",
        supervision_views.ratings_item,
        name="ratings-item",
    ),
    path("rectifications/", supervision_views.rectifications, name="rectifications"),
    path("rectifications/<int:pk>/", supervision_views.rectification, name="rectification"),
    path("identity-reclaim/", identity_views.identity_reclaim, name="identity-reclaim"),
    path("window/", window_views.walk_in_items, name="walk-in-items"),
    path("window/<int:instance>/", window_views.walk_in, name="walk-in"),
    path("queue/", queue_views.queue, name="queue"),
    # requests for government information on application (依申请公开)
    path(
        "disclosure/requests/",
        disclosure_request_views.inbox,
        name="disclosure-requests",
    ),
    path(
        "disclosure/requests/new/",
        disclosure_request_views.enter,
        name="disclosure-request-new",
    ),
    path(
        "disclosure/requests/<str:number>/",
        disclosure_request_views.request_page,
        name="disclosure-request",
    ),
    *(
        path(
            f"disclosure/requests/<str:number>/{slug}/",
            disclosure_request_views.act,
            {"slug": slug},
            name=f"disclosure-request-{slug}",
        )
        for slug in disclosure_request_views.ACTIONS
    ),
    path(
        "disclosure/letters/<str:letter>/",
        disclosure_request_views.letter,
        name="disclosure-letter",
    ),
    path(
        "disclosure/files/<int:file_id>/",
        disclosure_request_views.disclosed_file,
        name="disclosure-file",
    ),
    # 12345 hotline: the operator's phone console
    path("hotline/console/", hotline_console_views.console, name="hotline-console"),
    path(
        "hotline/console/caller/",
        hotline_console_views.caller_panel,
        name="hotline-console-caller",
    ),
    path(
        "hotline/console/proposal/",
        hotline_console_views.proposal_panel,
        name="hotline-console-proposal",
    ),
    path(
        "hotline/console/knowledge/",
        hotline_console_views.knowledge_panel,
        name="hotline-console-knowledge",
    ),
    path("queue/<str:reference>/check-in/", queue_views.check_in, name="check-in"),
    # 12345 hotline: the centre's queue, a department's inbox, the ticket page and its actions
    path("hotline/", hotline_views.queue, name="hotline-queue"),
    path("hotline/map/", hotline_map_views.hotline_map, name="hotline-map"),  # hotline: kbmap
    path("hotline/map/data.json", hotline_map_views.hotline_map_data, name="hotline-map-data"),
    path("hotline/inbox/", hotline_views.inbox, name="hotline-inbox"),
    path("hotline/<str:number>/", hotline_views.ticket, name="hotline-ticket"),
    path("hotline/<str:number>/merge/", hotline_views.merge, name="hotline-merge"),
    path(
        "hotline/<str:number>/extensions/<int:extension_id>/decision/",
        hotline_views.decide_extension,
        name="hotline-extension-decision",
    ),
    *(
        path(f"hotline/<str:number>/{slug}/", hotline_views.act, {"action": action}, name=name)
        for slug, action, name in hotline_views.ACTION_URLS
    ),
    # 主动公开: the disclosure office's documents, the draft form, the document page and its steps
    path("disclosure/", disclosure_views.documents, name="disclosure"),
    path("disclosure/new/", disclosure_views.new_draft, name="disclosure-new"),
    path("disclosure/<int:pk>/", disclosure_views.document, name="disclosure-document"),
    path("disclosure/<int:pk>/edit/", disclosure_views.edit_draft, name="disclosure-edit"),
    *(
        path(f"disclosure/<int:pk>/{action}/", disclosure_views.act, {"action": action}, name=name)
        for action, name in disclosure_views.ACTION_URLS
    ),
    path(CASE, views.case, name="case"),
    path(f"{CASE}materials/<int:material>/", views.material, name="material"),
    path(f"{CASE}documents/<str:document>/", views.document, name="document"),
    path(f"{CASE}phone/", case_extras_views.reveal_phone, name="reveal-phone"),
    path(
        f"{CASE}decision/preview/", case_extras_views.decision_preview_pdf, name="decision-preview"
    ),
    path(f"{CASE}accept/", action_views.accept, name="accept"),
    path(f"{CASE}correction/", action_views.correction, name="correction"),
    path(f"{CASE}refuse/", action_views.refuse, name="refuse"),
    path(f"{CASE}tasks/<int:task_id>/approve/", action_views.approve, name="approve"),
    path(f"{CASE}tasks/<int:task_id>/deny/", action_views.deny, name="deny"),
    path(f"{CASE}tasks/<int:task_id>/supplement/", action_views.supplement, name="supplement"),
    path(f"{CASE}pause/", action_views.pause, name="pause"),
    path(f"{CASE}pauses/<int:pause_id>/resume/", action_views.resume, name="resume"),
    path(f"{CASE}extension/", action_views.extension, name="extension"),
    path(
        f"{CASE}extensions/<int:extension_id>/decision/",
        action_views.extension_decision,
        name="extension-decision",
    ),
    path(f"{CASE}decision/", action_views.decide, name="decide"),
    path(
        f"{CASE}cooling-off-withdrawal/",
        action_views.cooling_off_withdrawal,
        name="cooling-off-withdrawal",
    ),
    path(f"{CASE}delivery/", action_views.deliver, name="deliver"),
    path(f"{CASE}fee-payment/", action_views.fee_payment, name="fee-payment"),
    path(f"{CASE}certificate/revoke/", action_views.revoke, name="revoke-certificate"),
    path(
        f"{CASE}commitment/verify/",
        action_views.verify_commitment,
        name="verify-commitment",
    ),
    # 政府信息公开: the annual report (政府信息公开条例 Art. 49–50) and table 4's remedies
    path("disclosure/reports/", disclosure_report_views.report_list, name="disclosure-reports"),
    path("disclosure/reports/<int:pk>/", disclosure_report_views.report, name="disclosure-report"),
    path(
        "disclosure/reports/<int:pk>/publish/",
        disclosure_report_views.publish,
        name="disclosure-report-publish",
    ),
    path("disclosure/remedies/", disclosure_report_views.remedies, name="disclosure-remedies"),
    path(
        "disclosure/remedies/<int:pk>/conclude/",
        disclosure_report_views.conclude,
        name="disclosure-remedy-conclude",
    ),
    # 网上民意征集: consultations on drafts and their moderation
    path(
        "participation/consultations/",
        participation_consultations_views.consultation_list,
        name="consultations",
    ),
    path(
        "participation/consultations/new/",
        participation_consultations_views.new,
        name="consultation-new",
    ),
    path(
        "participation/consultations/<str:number>/",
        participation_consultations_views.consultation,
        name="consultation",
    ),
    path(
        "participation/consultations/<str:number>/edit/",
        participation_consultations_views.edit,
        name="consultation-edit",
    ),
    path(
        "participation/consultations/<str:number>/publish/",
        participation_consultations_views.publish,
        name="consultation-publish",
    ),
    path(
        "participation/consultations/<str:number>/close/",
        participation_consultations_views.close,
        name="consultation-close",
    ),
    path(
        "participation/consultations/<str:number>/summary/",
        participation_consultations_views.summary,
        name="consultation-summary",
    ),
    path(
        "participation/consultations/<str:number>/dispose/<int:pk>/",
        participation_consultations_views.dispose,
        name="consultation-dispose",
    ),
    path(
        "participation/consultations/<str:number>/articles/<int:position>/revise/",
        participation_consultations_views.revise,
        name="consultation-revise",
    ),
    path(
        "participation/consultations/<str:number>/publish-report/",
        participation_consultations_views.publish_report,
        name="consultation-publish-report",
    ),
    path(
        "participation/moderation/",
        participation_consultations_views.moderation,
        name="moderation",
    ),
    path(
        "participation/moderation/<int:pk>/decide/",
        participation_consultations_views.decide,
        name="moderation-decide",
    ),
    path(
        "participation/moderation/<int:pk>/hide/",
        participation_consultations_views.hide,
        name="moderation-hide",
    ),
    # 网上民意征集: the survey builder, live results and the anonymised export (问卷)
    path(
        "participation/surveys/",
        participation_surveys_views.survey_list,
        name="participation-surveys",
    ),
    path(
        "participation/surveys/new/",
        participation_surveys_views.new_survey,
        name="participation-survey-new",
    ),
    path(
        "participation/surveys/<str:number>/",
        participation_surveys_views.builder,
        name="participation-survey",
    ),
    path(
        "participation/surveys/<str:number>/questions/",
        participation_surveys_views.add_question,
        name="participation-survey-add-question",
    ),
    path(
        "participation/surveys/<str:number>/questions/<int:question_id>/",
        participation_surveys_views.question,
        name="participation-survey-question",
    ),
    path(
        "participation/surveys/<str:number>/questions/<int:question_id>/<str:action>/",
        participation_surveys_views.question_action,
        name="participation-survey-question-action",
    ),
    path(
        "participation/surveys/<str:number>/results/",
        participation_surveys_views.results,
        name="participation-survey-results",
    ),
    path(
        "participation/surveys/<str:number>/export.csv",
        participation_surveys_views.export_csv,
        name="participation-survey-export",
    ),
    path(
        "participation/surveys/<str:number>/<str:action>/",
        participation_surveys_views.survey_action,
        name="participation-survey-action",
    ),
    # 双随机一公开 (random inspections)
    path("market/", market_views.home, name="market"),
    path("market/visits/", market_views.home, name="market-visits"),
    path("market/plans/new/", market_views.plan_new, name="market-plan-new"),
    path("market/plans/<int:pk>/", market_views.plan, name="market-plan"),
    path("market/plans/<int:pk>/lists.json", market_views.lists, name="market-plan-lists"),
    path("market/plans/<int:pk>/<str:step>/", market_views.plan_step, name="market-plan-step"),
    path("market/lists/", market_list_views.entries, name="market-lists"),
    # 预警: the warning desk of duty officers and commanders
    # 值班: the duty roster, handovers and taking over
    path("emergency/duty/", emergency_duty_views.roster, name="emergency-duty"),
    path(
        "emergency/duty/<str:code>/<str:action>/",
        emergency_duty_views.step,
        name="emergency-duty-step",
    ),
    # 指挥一张图: the command board, its live part and its map's data
    path("emergency/board/", emergency_board_views.board, name="emergency-board"),
    path("emergency/board/live/", emergency_board_views.live, name="emergency-board-live"),
    path("emergency/board/map.json", emergency_board_views.data, name="emergency-board-data"),
    # 应急预案: plans, their activation at a response level, and the tasks they assign
    path("emergency/events/", emergency_event_views.desk, name="emergency-events"),
    path("emergency/events/<slug:code>/", emergency_event_views.detail, name="emergency-event"),
    path(
        "emergency/events/<slug:code>/daily/<str:day>/",
        emergency_event_views.report,
        name="emergency-event-report",
    ),
    path(
        "emergency/events/<slug:code>/daily/<str:day>/pdf/",
        emergency_event_views.report_pdf,
        name="emergency-event-report-pdf",
    ),
    path(
        "emergency/events/<slug:code>/<str:action>/",
        emergency_event_views.step,
        name="emergency-event-step",
    ),
    path("emergency/plans/", emergency_plan_views.desk, name="emergency-plans"),
    path("emergency/plans/<slug:code>/", emergency_plan_views.plan_detail, name="emergency-plan"),
    path(
        "emergency/plans/<slug:code>/activate/",
        emergency_plan_views.activate,
        name="emergency-plan-activate",
    ),
    path(
        "emergency/responses/<str:number>/",
        emergency_plan_views.response_detail,
        name="emergency-response",
    ),
    path(
        "emergency/responses/<str:number>/<str:action>/",
        emergency_plan_views.response_step,
        name="emergency-response-step",
    ),
    # 突发事件: incidents and their reports up the tree
    path("emergency/incidents/", emergency_incident_views.desk, name="emergency-incidents"),
    path("emergency/incidents/new/", emergency_incident_views.new, name="emergency-incident-new"),
    path(
        "emergency/incidents/<str:number>/",
        emergency_incident_views.detail,
        name="emergency-incident",
    ),
    path(
        "emergency/incidents/<str:number>/<str:action>/",
        emergency_incident_views.step,
        name="emergency-incident-step",
    ),
    path(
        "hotline/<str:number>/incident/",
        emergency_incident_views.escalate,
        name="hotline-ticket-incident",
    ),
    # 应急资源: resources, dispatch and requests for resources
    path("emergency/resources/", emergency_resource_views.desk, name="emergency-resources"),
    path("emergency/resources/new/", emergency_resource_views.new, name="emergency-resource-new"),
    path(
        "emergency/resources/<int:pk>/",
        emergency_resource_views.detail,
        name="emergency-resource",
    ),
    path(
        "emergency/resources/<int:pk>/edit/",
        emergency_resource_views.edit,
        name="emergency-resource-edit",
    ),
    path(
        "emergency/resources/<int:pk>/occupancy/",
        emergency_resource_views.occupancy,
        name="emergency-resource-occupancy",
    ),
    path(
        "emergency/incidents/<str:number>/resources/dispatch/",
        emergency_dispatch_views.dispatch_new,
        name="emergency-dispatch-new",
    ),
    path(
        "emergency/incidents/<str:number>/resources/request/",
        emergency_dispatch_views.request_new,
        name="emergency-request-new",
    ),
    path(
        "emergency/dispatches/<int:pk>/<str:action>/",
        emergency_dispatch_views.dispatch_step,
        name="emergency-dispatch-step",
    ),
    path("emergency/requests/", emergency_dispatch_views.requests, name="emergency-requests"),
    path(
        "emergency/requests/<int:pk>/<str:action>/",
        emergency_dispatch_views.request_step,
        name="emergency-request-step",
    ),
    path("emergency/warnings/", emergency_warning_views.desk, name="emergency-warnings"),
    path("emergency/warnings/new/", emergency_warning_views.new, name="emergency-warning-new"),
    path(
        "emergency/warnings/<str:number>/",
        emergency_warning_views.detail,
        name="emergency-warning",
    ),
    path(
        "emergency/warnings/<str:number>/change/",
        emergency_warning_views.change,
        name="emergency-warning-change",
    ),
    path(
        "emergency/warnings/<str:number>/cancel/",
        emergency_warning_views.cancel,
        name="emergency-warning-cancel",
    ),
    path(
        "emergency/warnings/<str:number>/decide/",
        emergency_warning_views.decide,
        name="emergency-warning-decide",
    ),
    path("market/listings/", market_listing_views.proposals, name="market-listings"),
    path(
        "market/listings/<int:pk>/",
        market_listing_views.decide,
        name="market-listing-decide",
    ),
    path(
        "market/lists/<int:pk>/reached/",
        market_list_views.reached,
        name="market-list-reached",
    ),
    path("market/inspections/<int:pk>/", market_views.inspection, name="market-inspection"),
    path(
        "market/inspections/<int:pk>/<str:step>/",
        market_views.inspection_step,
        name="market-inspection-step",
    ),
    path(
        "market/inspections/<int:pk>/files/<str:kind>/<int:file_pk>/",
        market_views.file,
        name="market-inspection-file",
    ),
    # 行政处罚 (administrative penalty cases)
    path("market/repairs/", market_repair_views.queue, name="market-repairs"),
    path("market/repairs/<int:pk>/", market_repair_views.application, name="market-repair"),
    path(
        "market/repairs/<int:pk>/decide/",
        market_repair_views.decide,
        name="market-repair-decide",
    ),
    path(
        "market/repairs/<int:pk>/evidence/",
        market_repair_views.evidence,
        name="market-repair-evidence",
    ),
    path("market/penalties/", penalty_views.desk, name="market-penalties"),
    path("market/penalties/new/", penalty_views.new, name="market-penalty-new"),
    path("market/penalties/<int:pk>/", penalty_views.case, name="market-penalty"),
    path(
        "market/penalties/<int:pk>/evidence/<int:evidence_pk>/",
        penalty_views.evidence,
        name="market-penalty-evidence",
    ),
    path(
        "market/penalties/<int:pk>/<str:name>/",
        penalty_views.step,
        name="market-penalty-step",
    ),
    path(
        "market/penalty-documents/<int:pk>.pdf",
        penalty_views.document,
        name="market-penalty-document",
    ),
    path(
        "market/findings/<int:pk>/penalty/",
        penalty_views.from_finding,
        name="market-finding-penalty",
    ),
    # 公文 (paperless office)
    path("office/", office_views.desk, name="office"),
    path("office/new/", office_views.new, name="office-new"),
    path("office/<int:pk>/", office_views.document, name="office-document"),
    path("office/<int:pk>/edit/", office_views.edit, name="office-edit"),
    path("office/<int:pk>/decide/<str:step>/", office_views.decide, name="office-decide"),
    path("office/<int:pk>/issue/", office_views.issue, name="office-issue"),
    path("office/<int:pk>/send/", office_views.send, name="office-send"),
    path(
        "office/<int:pk>/dispatches/<int:dispatch_pk>/sign-for/",
        office_views.sign_for,
        name="office-sign-for",
    ),
    path(
        "office/<int:pk>/dispatches/<int:dispatch_pk>/chase/",
        office_views.chase,
        name="office-chase",
    ),
    path("office/<int:pk>/document.<str:kind>", office_views.download, name="office-download"),
    # 收文 and 督办
    path("office/incoming/", office_incoming_views.incoming_list, name="office-incoming"),
    path("office/incoming/new/", office_incoming_views.incoming_new, name="office-incoming-new"),
    path(
        "office/incoming/<int:pk>/",
        office_incoming_views.incoming_document,
        name="office-incoming-document",
    ),
    path(
        "office/incoming/<int:pk>/document.pdf",
        office_incoming_views.incoming_pdf,
        name="office-incoming-pdf",
    ),
    path(
        "office/incoming/<int:pk>/<str:step>/",
        office_incoming_views.incoming_step,
        name="office-incoming-step",
    ),
    path(
        "office/instructions/<int:pk>/",
        office_incoming_views.instruction,
        name="office-instruction",
    ),
    path(
        "office/instructions/<int:pk>/report/",
        office_incoming_views.instruction_report,
        name="office-instruction-report",
    ),
    path(
        "office/instructions/<int:pk>/complete/",
        office_incoming_views.instruction_complete,
        name="office-instruction-complete",
    ),
    path(
        "office/instructions/<int:pk>/reports/<int:report_pk>/file",
        office_incoming_views.instruction_file,
        name="office-instruction-file",
    ),
    # meetings: the list, convening, a meeting's page and steps, its .ics, its video room
    path("office/meetings/", office_meeting_views.meeting_list, name="office-meetings"),
    path("office/meetings/new/", office_meeting_views.meeting_new, name="office-meeting-new"),
    path("office/meetings/<int:pk>/", office_meeting_views.meeting, name="office-meeting"),
    path(
        "office/meetings/<int:pk>/edit/",
        office_meeting_views.meeting_edit,
        name="office-meeting-edit",
    ),
    path(
        "office/meetings/<int:pk>/invitation.ics",
        office_meeting_views.meeting_invitation,
        name="office-meeting-ics",
    ),
    path(
        "office/meetings/<int:pk>/video/",
        office_meeting_views.meeting_video,
        name="office-meeting-video",
    ),
    path(
        "office/meetings/<int:pk>/video/<str:action>",
        office_meeting_views.meeting_video_action,
        name="office-meeting-video-action",
    ),
    path(
        "office/meetings/<int:pk>/<str:step>/",
        office_meeting_views.meeting_step,
        name="office-meeting-step",
    ),
]
