from django.urls import path

from onewindow.portal import catalog_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("services/", catalog_views.catalogue, name="catalogue"),
    path("services/<str:code>/", catalog_views.guide, name="guide"),
    path("services/<str:code>/process.bpmn", catalog_views.diagram, name="diagram"),
    path("deadline/", views.deadline, name="deadline"),
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("account/", views.account, name="account"),
    path("preferences/care-mode/", views.care_mode, name="care-mode"),
]
