"""/open311/v2/: each resource once per format (services.json, services.xml …)."""

from django.urls import path

from onewindow.api import open311_views as views

app_name = "open311"

urlpatterns = [
    route
    for fmt in ("json", "xml")
    for route in (
        path(f"discovery.{fmt}", views.discovery, {"fmt": fmt}, name=f"discovery-{fmt}"),
        path(f"services.{fmt}", views.services, {"fmt": fmt}, name=f"services-{fmt}"),
        path(
            f"services/<str:code>.{fmt}",
            views.service_definition,
            {"fmt": fmt},
            name=f"service-{fmt}",
        ),
        path(f"requests.{fmt}", views.requests, {"fmt": fmt}, name=f"requests-{fmt}"),
        path(
            f"requests/<str:number>.{fmt}",
            views.service_request,
            {"fmt": fmt},
            name=f"request-{fmt}",
        ),
        path(f"tokens/<str:token>.{fmt}", views.token, {"fmt": fmt}, name=f"token-{fmt}"),
    )
]
