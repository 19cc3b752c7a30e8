"""Operational endpoints and the error handlers."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    """200 with the database vendor when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": connection.vendor}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


# Crawlers may read the public service hall (home, catalogue, guides, certificate checks) and
# nothing that is someone's own: their account, messages, the officials' side. A person's own
# pages (/my/, /drafts/) are not listed: a crawler is only ever redirected to sign in there, and
# listing them would make audits (Lighthouse's is-crawlable) count the signed-in pages as hidden.
ROBOTS_TXT = """\
User-agent: *
Disallow: /account/
Disallow: /login/sms/
Disallow: /register/
Disallow: /appointments/
Disallow: /preferences/
Disallow: /i18n/
Disallow: /services/*/apply/
Disallow: /workbench/
Disallow: /admin/
Disallow: /api/
Allow: /api/docs/
"""


@require_safe
def robots_txt(request):
    """robots.txt: the public hall is crawlable, signed-in and official pages are not."""
    response = HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    """The API answers a path it does not have in its own JSON shape; pages get 404.html."""
    if _api(request):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """JSON for the API, 500.html for pages; neither says more than that it failed."""
    if _api(request):
        return JsonResponse({"detail": gettext("Server error.")}, status=500)
    return defaults.server_error(request)
