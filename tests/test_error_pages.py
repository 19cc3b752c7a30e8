"""Error pages: translated, in the platform's layout, and without stack traces or secrets."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import include, path

from onewindow import urls as platform_urls

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError(f"internal detail {settings.SECRET_KEY}")


# The platform's URLs and error handlers, with a view that fails.
urlpatterns = [path("broken/", broken_view), path("", include("onewindow.urls"))]
handler404, handler500 = platform_urls.handler404, platform_urls.handler500


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.parametrize(
    ("language", "title"), [("zh-hans", "出错了"), ("en", "Something went wrong")]
)
def test_a_server_error_shows_no_trace_or_secret(language, title):
    response = Client(raise_request_exception=False).get("/broken/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 500
    body = response.content.decode()
    assert title in body
    for leak in ("Traceback", "RuntimeError", "internal detail", settings.SECRET_KEY, "SECRET"):
        assert leak not in body


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("language", "title"), [("zh-hans", "页面不存在"), ("en", "Page not found")]
)
def test_a_missing_page_is_a_translated_page_of_the_platform(client, language, title):
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    body = response.content.decode()
    assert f"<h1>{title}</h1>" in body
    assert 'class="site-header"' in body


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_the_api_answers_errors_in_json():
    client = Client(raise_request_exception=False)
    missing = client.post("/api/v1/tasks/-1/approve/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found."}
    urlpatterns.insert(0, path("api/broken/", broken_view))
    try:
        failed = client.get("/api/broken/", HTTP_ACCEPT_LANGUAGE="en")
    finally:
        urlpatterns.pop(0)
    assert failed.status_code == 500
    assert failed.json() == {"detail": "Server error."}
