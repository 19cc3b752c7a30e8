"""The Open311 GeoReport v2 endpoints under /open311/v2/ (plain Django views: the spec fixes
the paths, the JSON and XML shapes and the error list, so DRF's negotiation and error shape
stay out of the way). Mapping and rendering live in ``hotline/open311.py``."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from onewindow.hotline import open311, open311_intake


def _locale(request: HttpRequest) -> str:
    """The `locale` parameter (en, en_US, zh_CN …) wins over Accept-Language."""
    wanted = (request.GET.get("locale") or request.POST.get("locale") or "").replace("_", "-")
    if wanted:
        try:
            return translation.get_supported_language_variant(wanted.lower())
        except LookupError:
            if wanted.lower().startswith("zh"):
                return "zh-hans"
    return translation.get_language()


def spec_view(view):
    """Answer in the format of the path, in the asked language, with the spec's errors."""

    @csrf_exempt  # clients authenticate with api_key, never with a cookie
    @require_http_methods(
        ["GET", "HEAD", "POST"] if view.__name__ == "requests" else ["GET", "HEAD"]
    )
    @wraps(view)
    def wrapper(request: HttpRequest, *args, fmt: str, **kwargs) -> HttpResponse:
        with translation.override(_locale(request)):
            try:
                open311.check_jurisdiction(request.GET.get("jurisdiction_id"))
                root, item, content, status = view(request, *args, **kwargs)
                body = open311.render(fmt, root, item, content)
            except (ValidationError, open311.Open311Error) as error:
                failure = open311.refusal(error) if isinstance(error, ValidationError) else error
                status = failure.status
                body = open311.errors(fmt, failure.status, failure.description)
            response = HttpResponse(body, status=status, content_type=open311.FORMATS[fmt])
            response["Content-Language"] = translation.get_language()
            response["Vary"] = "Accept-Language"
            return response

    return wrapper


@spec_view
def discovery(request: HttpRequest):
    url = request.build_absolute_uri(reverse("open311:services-json")).rsplit("/", 1)[0]
    return "discovery", None, open311.discovery(url), 200


@spec_view
def services(request: HttpRequest):
    return "services", "service", open311.services_list(), 200


@spec_view
def service_definition(request: HttpRequest, code: str):
    return "service_definition", None, open311.definition(open311.category(code)), 200


@spec_view
def requests(request: HttpRequest):
    if request.method == "POST":
        # the spec sends it in the form; some clients put it in the query string
        key = request.POST.get("api_key") or request.GET.get("api_key")
        client = open311_intake.client_for(key)
        posted = open311_intake.post_request(request.POST, client=client)
        return "service_requests", "request", [posted.answer()], 200
    return "service_requests", "request", open311.find_requests(request.GET), 200


@spec_view
def service_request(request: HttpRequest, number: str):
    return "service_requests", "request", [open311.find_request(number)], 200


@spec_view
def token(request: HttpRequest, token: str):
    return "service_requests", "request", [open311.find_token(token)], 200
