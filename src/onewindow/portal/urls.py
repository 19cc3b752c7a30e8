from django.urls import path

from onewindow.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("deadline/", views.deadline, name="deadline"),
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("account/", views.account, name="account"),
    path("preferences/care-mode/", views.care_mode, name="care-mode"),
]
