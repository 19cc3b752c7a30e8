from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from onewindow.core.views import healthz, robots_txt

handler404 = "onewindow.core.views.page_not_found"
handler500 = "onewindow.core.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots-txt"),
    # Everyone signs in through one form, which asks officials for their TOTP code.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="portal:login", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("onewindow.api.urls")),
    path("open311/v2/", include("onewindow.api.open311_urls")),
    path("workbench/", include("onewindow.workbench.urls")),
    path("", include("onewindow.portal.urls")),
]
