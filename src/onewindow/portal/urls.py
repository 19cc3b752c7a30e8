from django.urls import path

from onewindow.portal import (
    account_views,
    apply_views,
    case_views,
    catalog_views,
    certificate_views,
    data_views,
    identity_views,
    views,
)

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("services/", catalog_views.catalogue, name="catalogue"),
    path("services/<str:code>/", catalog_views.guide, name="guide"),
    path("services/<str:code>/process.bpmn", catalog_views.diagram, name="diagram"),
    path("services/<str:code>/form-<str:kind>.pdf", catalog_views.form_download, name="form_pdf"),
    path("services/<str:code>/apply/", apply_views.start, name="apply"),
    path("drafts/<uuid:draft>/", apply_views.edit, name="draft"),
    path("drafts/<uuid:draft>/check/<str:field>/", apply_views.check_field, name="draft-check"),
    path("drafts/<uuid:draft>/review/", apply_views.review, name="draft-review"),
    path("drafts/<uuid:draft>/submit/", apply_views.submit, name="draft-submit"),
    path("drafts/<uuid:draft>/delete/", apply_views.discard, name="draft-delete"),
    path("my/cases/", case_views.my_cases, name="my-cases"),
    path("my/cases/<str:number>/", case_views.case_page, name="case"),
    path("my/cases/<str:number>/resubmit/", case_views.resubmit, name="case-resubmit"),
    path("my/cases/<str:number>/certificate/", case_views.certificate, name="case-certificate"),
    path("my/cases/<str:number>/withdraw/", case_views.withdraw, name="case-withdraw"),
    path("my/cases/<str:number>/amendment/", case_views.amend, name="case-amend"),
    path("my/cases/<str:number>/rating/", case_views.rate, name="case-rate"),
    path(
        "my/cases/<str:number>/documents/<str:document>/",
        case_views.document,
        name="case-document",
    ),
    path(
        "my/cases/<str:number>/materials/<int:material>/",
        case_views.material,
        name="case-material",
    ),
    path("my/certificates/", certificate_views.wallet, name="wallet"),
    path("my/certificates/<str:number>/", certificate_views.mine, name="my-certificate"),
    path(
        "my/certificates/<str:number>/pdf/",
        certificate_views.mine_pdf,
        name="my-certificate-pdf",
    ),
    path(
        "my/certificates/<str:number>/signed.json",
        certificate_views.mine_signed,
        name="my-certificate-signed",
    ),
    path("certificates/verify/", certificate_views.lookup, name="certificate-lookup"),
    path("certificates/verify/<str:number>/", certificate_views.verify, name="certificate-verify"),
    path("my/data-access/", account_views.data_access, name="data-access"),
    path("my/messages/", case_views.inbox, name="inbox"),
    path("my/messages/read/", case_views.mark_all_read, name="inbox-read"),
    path("my/messages/<int:notification>/", case_views.open_notification, name="inbox-open"),
    path("data/indicators/", data_views.indicators, name="indicators"),
    path("deadline/", views.deadline, name="deadline"),
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("account/", views.account, name="account"),
    path("preferences/care-mode/", views.care_mode, name="care-mode"),
    # Registration and SMS sign-in
    path("register/", account_views.register, name="register"),
    path("register/code/", account_views.send_code, name="send-code"),
    path("register/reclaim/", account_views.reclaim, name="reclaim"),
    path("account/identity/", identity_views.identity, name="identity"),
    path("account/identity/agents/", identity_views.request_agent, name="agent-request"),
    path(
        "account/identity/agents/<int:pk>/decision/",
        identity_views.decide_agent,
        name="agent-decision",
    ),
    path(
        "account/identity/agents/<int:pk>/letter/", identity_views.agent_letter, name="agent-letter"
    ),
    path("login/sms/", account_views.sms_sign_in, name="sms-login"),
]
